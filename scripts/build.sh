#!/usr/bin/env bash
# Configures and builds one CMake preset (default: release), all of it or only the given targets.
# Usage: scripts/build.sh [preset [target...]]
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-release}"
shift || true
jobs="${AKICHI_JOBS:-$(nproc)}"
# ccache (when installed) keys on paths relative to the checkout, so clones in other folders share it.
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$PWD}"
cmake --preset "$preset" >/dev/null
targets=()
for t in "$@"; do targets+=(--target "$t"); done
cmake --build --preset "$preset" -j "$jobs" "${targets[@]}"
