#!/usr/bin/env bash
# Installs what is needed, builds, and runs the whole test suite (exit code != 0 on any failure).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
cd build
ctest --output-on-failure --timeout 900 -j2
