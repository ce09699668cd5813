#!/usr/bin/env bash
# Installs every build, run and test dependency of akichi from Debian packages.
# Non-interactive and idempotent; uses sudo when not run as root.
# Works on Debian 12 (bookworm) and Ubuntu 22.04 or later.
set -euo pipefail

packages=(
  build-essential cmake ninja-build git pkg-config ccache clang-format-14 clang-14 libclang-rt-14-dev
  libgdal-dev gdal-bin libhdf5-dev hdf5-tools libtbb-dev libeigen3-dev libboost-dev
  libtomlplusplus-dev libcli11-dev libfmt-dev libcairo2-dev fonts-dejavu-core
  libicu-dev
  libcpp-httplib-dev nlohmann-json3-dev libssl-dev libjs-leaflet
  postgresql postgis postgresql-15-postgis-3 sqlite3 libsqlite3-dev
  libopenmpi-dev openmpi-bin
  libgtest-dev libgmock-dev libbenchmark-dev
  python3 python3-numpy python3-h5py python3-netcdf4 python3-xarray python3-websocket python3-gdal
  chromium
)

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  sudo_cmd=(sudo)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages already installed"
  exit 0
fi

echo "setup: installing ${#missing[@]} packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "setup: done"
