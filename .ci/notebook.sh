#!/usr/bin/env bash
# Executes examples/tour.ipynb on the tslab TypeScript kernel and checks what it printed, so the
# notebook cannot rot. Installs what is missing: Jupyter from Debian packages, tslab into a
# throwaway prefix (never into the project: tslab bundles its own `tsc`, which would shadow
# TypeScript's in node_modules/.bin).
set -euo pipefail
cd "$(dirname "$0")/.."

TSLAB_VERSION=1.0.22
PYTHON=/usr/bin/python3

if [ ! -x /usr/bin/jupyter-nbconvert ] || ! "$PYTHON" -c 'import ipykernel, jupyter_client' 2>/dev/null; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends jupyter-nbconvert jupyter-client python3-ipykernel
fi

# tslab cannot import the repository's .ts sources (outside the notebook's rootDir): the notebook imports dist/.
[ -f dist/index.js ] || npm run build

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
npm install --prefix "$WORK" --no-save --no-audit --no-fund --loglevel=error "tslab@$TSLAB_VERSION" >/dev/null
"$WORK/node_modules/.bin/tslab" install --python="$PYTHON" --binary="$WORK/node_modules/.bin/tslab" --prefix="$WORK/jupyter" >/dev/null

mkdir -p .artifacts
OUT="$PWD/.artifacts/tour.executed.ipynb"
# Without --allow-errors, a cell that fails to compile or throws fails the run.
JUPYTER_PATH="$WORK/jupyter/share/jupyter" /usr/bin/jupyter-nbconvert --to notebook --execute \
  --ExecutePreprocessor.kernel_name=tslab --ExecutePreprocessor.timeout=180 \
  --output "$OUT" examples/tour.ipynb

"$PYTHON" .ci/check-notebook.py "$OUT"
