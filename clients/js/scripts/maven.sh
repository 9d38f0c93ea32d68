#!/usr/bin/env bash
# Runs one npm step for Maven (clients/js/pom.xml). Without Node.js 20+ the step is skipped with a
# warning, so `mvn verify` still works on a machine with only a JDK and Maven; with
# -Dlongconn.requireNode=true (as .ci/run sets) a missing Node.js fails the build instead.
set -euo pipefail
require="$1"
shift
major=0
if command -v node >/dev/null 2>&1; then
  major="$(node -p 'process.versions.node.split(".")[0]')"
fi
if [ "$major" -lt 20 ]; then
  if [ "$require" = "true" ]; then
    echo "[ERROR] Node.js 20 or newer is required for the JavaScript client (longconn.requireNode=true); found: $(node --version 2>/dev/null || echo none)" >&2
    exit 1
  fi
  echo "[WARNING] Node.js 20+ not found: skipped 'npm $*'; the JavaScript client is neither built nor tested."
  exit 0
fi
exec npm "$@"
