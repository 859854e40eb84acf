#!/usr/bin/env bash
# Makes Chromium available for the browser tests (test/examples/agent-console.test.ts), from
# Debian packages. Never `npx playwright install`: the tests drive the system Chromium with
# playwright-core, which downloads nothing.
set -euo pipefail
if [ ! -x /usr/bin/chromium ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends chromium
fi
/usr/bin/chromium --version
