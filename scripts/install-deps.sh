#!/usr/bin/env bash
# Installs everything qrgate needs to build, run and test, from Debian 12's packages only.
# Safe to run again: it skips apt when every package is already there.
set -euo pipefail

PACKAGES=(
  # toolchain
  build-essential cmake ninja-build pkg-config git clang libclang-rt-14-dev
  # libraries
  libimgui-dev libglfw3-dev libgl-dev libopencv-dev libzxing-dev libqrencode-dev
  libsqlitecpp-dev libsqlite3-dev libcpp-httplib-dev libssl-dev libsodium-dev libcairo2-dev
  libcurl4-openssl-dev nlohmann-json3-dev libhowardhinnant-date-dev tzdata
  libgtest-dev libgmock-dev libzbar-dev libasound2-dev libstb-dev
  # paper: shaped text (Pango on cairo), printing (CUPS); fonts for Latin, Greek, Cyrillic
  # (DejaVu), Devanagari and Arabic (Noto UI)
  libpango1.0-dev libcups2-dev fonts-dejavu-core fonts-noto-ui-core
  # the real things tests drive: an X server, a software GL, PDFs, SMTP
  xvfb xauth libgl1-mesa-dri mesa-utils imagemagick poppler-utils python3-aiosmtpd openssl
  # a private print server with a PDF queue for the printing tests
  cups printer-driver-cups-pdf
  # the package (installer/, tests/install): icon PNGs, man page, and the tools that check it
  libfontconfig-dev librsvg2-bin help2man man-db bsdextrautils lintian appstream desktop-file-utils dpkg-dev
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi
echo "install-deps: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
