#!/usr/bin/env bash
# Sets up a fresh Debian/Ubuntu machine, builds akichi and runs every test: the release build
# (unit, validation, regression and end-to-end tests), the AddressSanitizer +
# UndefinedBehaviorSanitizer build, the ThreadSanitizer build, and the libFuzzer targets for a
# fixed number of inputs (docs/testing.md). Exits non-zero on the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
jobs="${AKICHI_JOBS:-$(nproc)}"

echo "== source checks: formatting, layer rules"
bash scripts/check_format.sh
python3 scripts/check_layers.py

echo "== release build and tests"
bash scripts/build.sh release
ctest --preset release -j "$jobs"

if [ "${AKICHI_SKIP_SANITIZERS:-0}" != "1" ]; then
  echo "== AddressSanitizer + UndefinedBehaviorSanitizer build (clang-14, with the fuzz targets) and tests"
  bash scripts/build.sh asan
  ctest --preset asan -j "$jobs" -LE 'bench|not_sanitized'
fi

if [ "${AKICHI_SKIP_TSAN:-0}" != "1" ]; then
  echo "== ThreadSanitizer build (with oneTBB built from Debian's source) and tests"
  bash scripts/tsan.sh
fi

if [ "${AKICHI_SKIP_FUZZ:-0}" != "1" ]; then
  echo "== libFuzzer targets (the asan build's), a fixed number of inputs each"
  bash scripts/fuzz.sh
fi
