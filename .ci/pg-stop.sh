#!/usr/bin/env bash
# Stops the server pg-start.sh started and removes its directory. Safe to call twice.
#   .ci/pg-stop.sh              # uses THROUGHLINE_PG_DIR, or the directory given as $1

_tl_pg_stop() {
  local dir="${1:-${THROUGHLINE_PG_DIR:-}}"
  if [ -z "$dir" ] || [ ! -d "$dir" ]; then
    return 0
  fi
  local bin="${THROUGHLINE_PG_BIN:-}"
  if [ -z "$bin" ]; then
    if command -v pg_ctl >/dev/null 2>&1; then bin="$(dirname "$(readlink -f "$(command -v pg_ctl)")")"
    else for d in /usr/lib/postgresql/*/bin; do [ -x "$d/pg_ctl" ] && bin="$d"; done; fi
  fi
  if [ -f "$dir/data/postmaster.pid" ]; then
    if [ "$(id -u)" = "0" ]; then
      su postgres -s /bin/bash -c "'$bin/pg_ctl' -D '$dir/data' -m immediate -w stop >/dev/null" || true
    else
      "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null || true
    fi
  fi
  rm -rf "$dir"
  unset THROUGHLINE_PG_URL THROUGHLINE_PG_DIR THROUGHLINE_PG_BIN
}

_tl_pg_stop "$@"
