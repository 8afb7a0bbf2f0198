#!/usr/bin/env bash
# Installs what is needed, builds, and starts qrgate on the default data folder.
# A fresh data folder opens the console's getting started guide (create the first event or try
# the demo event in one click); `qrgate demo` still makes the demo event from the command line.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
exec ./build/app/qrgate "$@"
