#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine, builds the akichi executable (only it: the tests and
# benchmarks are built by scripts/test.sh), runs the default scenario and renders its maps.
# Prints where the results file and the maps went.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh release akichi
bin=build/release/bin/akichi
out=results/default
mkdir -p "$out"
"$bin" run scenarios/default/scenario.toml -o "$out/default.nc"
"$bin" render "$out/default.nc" --var best_rx_power -o "$out/best_rx_power.png"
"$bin" render "$out/default.nc" --var sinr -o "$out/sinr.png"
"$bin" render "$out/default.nc" --var best_server -o "$out/best_server.png"
"$bin" render "$out/default.nc" --var best_rx_power -o "$out/best_rx_power.tif"
echo
echo "Results file: $(realpath "$out/default.nc")"
echo "Maps:         $(realpath "$out/best_rx_power.png")"
echo "              $(realpath "$out/sinr.png")"
echo "              $(realpath "$out/best_server.png")"
echo "GeoTIFF:      $(realpath "$out/best_rx_power.tif") (open in QGIS)"
