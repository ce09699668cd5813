#!/usr/bin/env bash
# Installs every build, run and test dependency of akichi from Debian packages.
# Non-interactive and idempotent; uses sudo when not run as root.
# Supported: Debian 12 (bookworm) only. The package list names bookworm's versions: CMake 3.25
# (the presets need >= 3.25), toml++ (libtomlplusplus-dev), PostgreSQL 15's PostGIS
# (postgresql-15-postgis-3) and clang 14. Ubuntu 22.04 has CMake 3.22 and no toml++; Ubuntu 24.04
# and Debian 13 have no postgresql-15-postgis-3 (PostgreSQL 16 / 17) and Ubuntu's chromium
# package is a snap. Any other system is refused here, before anything is installed.
set -euo pipefail

# The release, from os-release(5); AKICHI_OS_RELEASE names another file (the set-up's own test).
os_release="${AKICHI_OS_RELEASE:-/etc/os-release}"
os_id="" os_version="" os_name=""
if [ -r "$os_release" ]; then
  os_id="$(. "$os_release" && echo "${ID:-}")"
  os_version="$(. "$os_release" && echo "${VERSION_ID:-}")"
  os_name="$(. "$os_release" && echo "${PRETTY_NAME:-${ID:-} ${VERSION_ID:-}}")"
fi
if [ "$os_id" != "debian" ] || [ "$os_version" != "12" ]; then
  echo "setup: unsupported system: found ${os_name:-no $os_release}, expected Debian 12 (bookworm)." >&2
  echo "setup: akichi's set-up installs bookworm's packages (CMake >= 3.25, libtomlplusplus-dev," >&2
  echo "setup: postgresql-15-postgis-3, clang-14, chromium); build in a Debian 12 container or VM." >&2
  exit 2
fi

packages=(
  build-essential cmake ninja-build git pkg-config ccache clang-format-14 clang-14 libclang-rt-14-dev
  libgdal-dev libproj-dev gdal-bin libhdf5-dev hdf5-tools libtbb-dev libeigen3-dev libboost-dev
  libtomlplusplus-dev libcli11-dev libfmt-dev libcairo2-dev libpango1.0-dev fonts-dejavu-core
  libicu-dev
  libcpp-httplib-dev nlohmann-json3-dev libssl-dev libjs-leaflet
  postgresql postgis postgresql-15-postgis-3 libpq-dev sqlite3 libsqlite3-dev
  libopenmpi-dev openmpi-bin
  libgtest-dev libgmock-dev libbenchmark-dev
  python3 python3-numpy python3-h5py python3-netcdf4 python3-xarray python3-websocket python3-gdal
  python3-dev pybind11-dev
  chromium poppler-utils fonts-ipafont-gothic
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
