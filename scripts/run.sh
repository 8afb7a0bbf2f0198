#!/usr/bin/env bash
# Installs what is needed, builds, and starts qrgate on the default data folder.
# A fresh data folder gets the demo event so there is something to look at.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
if ! ./build/app/qrgate event list --json | grep -q '"id"'; then
  ./build/app/qrgate demo
fi
exec ./build/app/qrgate "$@"
