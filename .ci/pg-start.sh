#!/usr/bin/env bash
# Starts a throwaway PostgreSQL 15 server for the store tests and exports THROUGHLINE_PG_URL.
#   source .ci/pg-start.sh      # exports THROUGHLINE_PG_URL (and THROUGHLINE_PG_DIR for pg-stop.sh)
#   eval "$(.ci/pg-start.sh)"   # same, when run as a script: it prints the export line
# Env: THROUGHLINE_PG_PORT (default 54329), THROUGHLINE_PG_DB (default throughline).
# The server runs as the `postgres` OS user when started by root (initdb refuses root), listens
# on 127.0.0.1 only, and keeps its data and socket in one temp directory that pg-stop.sh removes.

_tl_pg_start() {
  local port="${THROUGHLINE_PG_PORT:-54329}"
  local db="${THROUGHLINE_PG_DB:-throughline}"
  local bin=""
  if command -v initdb >/dev/null 2>&1; then
    bin="$(dirname "$(readlink -f "$(command -v initdb)")")"
  else
    local d
    for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && bin="$d"; done
  fi
  if [ -z "$bin" ]; then
    echo "pg-start: initdb not found (install PostgreSQL 15)" >&2
    return 1
  fi

  local dir
  dir="$(mktemp -d "${TMPDIR:-/tmp}/throughline-pg.XXXXXX")" || return 1
  chmod 755 "$dir"
  local as=()
  if [ "$(id -u)" = "0" ]; then
    chown postgres: "$dir" || return 1
    as=(su postgres -s /bin/bash -c)
  else
    as=(bash -c)
  fi

  "${as[@]}" "'$bin/initdb' -D '$dir/data' -A trust -U postgres --no-sync -E UTF8 >'$dir/initdb.log' 2>&1" || {
    echo "pg-start: initdb failed, see $dir/initdb.log" >&2
    cat "$dir/initdb.log" >&2
    return 1
  }
  # Durability is not under test here except for the crash test, which kills the client, not the server.
  "${as[@]}" "'$bin/pg_ctl' -D '$dir/data' -l '$dir/server.log' -w -t 30 \
    -o \"-c listen_addresses=127.0.0.1 -p $port -k '$dir' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100\" start >/dev/null" || {
    echo "pg-start: server did not start, see $dir/server.log" >&2
    cat "$dir/server.log" >&2
    return 1
  }
  "${as[@]}" "'$bin/createdb' -h 127.0.0.1 -p $port -U postgres '$db'" || {
    echo "pg-start: createdb failed; stopping the server" >&2
    "${as[@]}" "'$bin/pg_ctl' -D '$dir/data' -m immediate -w stop >/dev/null"
    rm -rf "$dir"
    return 1
  }

  export THROUGHLINE_PG_DIR="$dir"
  export THROUGHLINE_PG_BIN="$bin"
  export THROUGHLINE_PG_URL="postgres://postgres@127.0.0.1:$port/$db"
  echo "export THROUGHLINE_PG_URL=$THROUGHLINE_PG_URL THROUGHLINE_PG_DIR=$dir THROUGHLINE_PG_BIN=$bin"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  _tl_pg_start
else
  _tl_pg_start
fi
