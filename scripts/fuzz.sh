#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz (in the `asan` preset's tree: clang-14, ASan + UBSan,
# the libraries instrumented for coverage, the same objects as the sanitizer tests') and runs each
# on a seed corpus made from the repository's own data files, with its format dictionary.
#
#   scripts/fuzz.sh            the CI run: every target, a fixed number of inputs from a fixed
#                              seed (reproducible), then every regression input once
#   scripts/fuzz.sh 3600       a campaign: every target for 3600 s, corpus kept in build/fuzz/corpus
#   scripts/fuzz.sh 600 sg3    one target
#
# A finding stops the run with the target's report and leaves the input as
# build/fuzz/findings/<target>/crash-*; copy it to tests/fuzz/regressions/<target>/ once fixed.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-}"
only="${2:-}"
runs="${AKICHI_FUZZ_RUNS:-4000}"
export CCACHE_BASEDIR="$PWD"

cmake --preset asan >/dev/null
cmake --build --preset asan -j "${AKICHI_JOBS:-$(nproc)}" --target akichi_fuzz_targets

bin=build/asan/fuzz
work=build/fuzz
# Seed files of each target: the repository's own examples of the format.
declare -A seeds=(
  [scenario]="scenarios/*/scenario.toml tests/data/scenario/*.toml tests/data/stations/*.toml"
  [mic_rules]="scenarios/rules/*.toml"
  [msi_pattern]="tests/data/antenna/*.msi tests/data/scenario/*.msi"
  [sg3]="tests/data/itu-r-p1812-6/profiles/*.csv"
  [results_file]="tests/data/results-damaged/*.h5"
  [serve_request]="tests/fuzz/seeds/serve_request/*.json"
  [station_csv]="tests/data/stations/*.csv"
  [station_geojson]="tests/data/stations/*.geojson"
  [terrain_geotiff]="tests/data/scenario/dem.tif"
  [terrain_ascii]="tests/fuzz/seeds/terrain_ascii/*.asc"
  [buildings_geojson]="tests/data/buildings/*.geojson"
  [buildings_gml]="tests/data/buildings/*.gml"
  [p452_csv]="tests/data/itu-r-p452-18/profiles/*_100km.csv tests/data/itu-r-p452-18/profiles/*cebreros*.csv tests/data/itu-r-p452-18/results/*_100km.csv"
  [itm_csv]="tests/data/ntia-itm/*.csv"
  [station_gpkg]="$work/seeds/station_gpkg/*.gpkg"
  [buildings_gpkg]="$work/seeds/buildings_gpkg/*.gpkg"
  [buildings_shapefile]="$work/seeds/buildings_shapefile/*.tar"
)
declare -A dicts=(
  [scenario]=toml.dict [mic_rules]=toml.dict [msi_pattern]=msi.dict [sg3]=sg3.dict
  [results_file]=hdf5.dict [serve_request]=json.dict [station_csv]=station_csv.dict
  [station_geojson]=station_geojson.dict [terrain_geotiff]=geotiff.dict
  [terrain_ascii]=esri_ascii.dict [buildings_geojson]=buildings_geojson.dict
  [buildings_gml]=buildings_gml.dict [p452_csv]=p2p_csv.dict [itm_csv]=p2p_csv.dict
  [station_gpkg]=gpkg.dict [buildings_gpkg]=gpkg.dict [buildings_shapefile]=shapefile.dict
)

# The binary seeds (GeoPackage, a shapefile set as a tar archive) are made from the repository's
# GeoJSON examples with GDAL's ogr2ogr, the same bytes on every run: OGR_CURRENT_DATE fixes the
# GeoPackage's timestamps, and the archive's times, owners and order are fixed. The GeoPackages
# use 512-byte pages and no spatial index, so that they fit the inputs' length limit (-max_len).
make_seeds() {
  local dir="$work/seeds"
  rm -rf "$dir" && mkdir -p "$dir"/{station_gpkg,buildings_gpkg,buildings_shapefile}
  local ogr=(ogr2ogr --config OGR_CURRENT_DATE 2026-01-01T00:00:00Z)
  local gpkg=("${ogr[@]}" --config OGR_SQLITE_PRAGMA page_size=512 -f GPKG -lco SPATIAL_INDEX=NO)
  "${gpkg[@]}" "$dir/station_gpkg/stations.gpkg" tests/data/stations/stations.geojson \
    -oo FLATTEN_NESTED_ATTRIBUTES=YES -oo NESTED_ATTRIBUTE_SEPARATOR=. -nln stations
  "${gpkg[@]}" "$dir/buildings_gpkg/campus.gpkg" tests/data/buildings/campus.geojson -nln buildings
  local shp="$work/seeds/shp"
  mkdir -p "$shp"
  "${ogr[@]}" -f "ESRI Shapefile" "$shp/campus.shp" tests/data/buildings/campus.geojson
  tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$shp" \
    -cf "$dir/buildings_shapefile/campus.tar" campus.shp campus.shx campus.dbf campus.prj
  rm -rf "$shp"
}
make_seeds

status=0
targets=(scenario mic_rules msi_pattern sg3 results_file serve_request station_csv station_geojson
         terrain_geotiff terrain_ascii buildings_geojson buildings_gml p452_csv itm_csv
         station_gpkg buildings_gpkg buildings_shapefile)
for target in "${targets[@]}"; do
  [ -n "$only" ] && [ "$only" != "$target" ] && continue
  exe="$bin/fuzz_$target"
  corpus="$work/corpus/$target"
  findings="$work/findings/$target"
  mkdir -p "$corpus" "$findings"
  # shellcheck disable=SC2086
  for f in ${seeds[$target]}; do
    [ -f "$f" ] && cp -n "$f" "$corpus/seed-$(basename "$f")"
  done
  regressions=()
  if [ -d "tests/fuzz/regressions/$target" ]; then regressions=("tests/fuzz/regressions/$target"); fi
  common=(-dict="tests/fuzz/${dicts[$target]}" -timeout=10 -rss_limit_mb=4096 -max_len=65536
          -artifact_prefix="$findings/" -print_final_stats=0)
  if [ -n "$seconds" ]; then
    mode=(-max_total_time="$seconds")
  else
    # Reproducible: a fresh corpus copy, one seed, a fixed number of inputs.
    fresh="$work/ci-corpus/$target"
    rm -rf "$fresh" && mkdir -p "$fresh" && cp "$corpus"/seed-* "$fresh"/ 2>/dev/null || true
    corpus="$fresh"
    # Inputs per target: the CI budget of a few minutes for the whole job. The results-file
    # target forks a structure walk per input and the p2p targets run the models on every row:
    # a quarter of the inputs; the targets that read through GDAL/OGR (and warp, or run GEOS)
    # an eighth.
    case "$target" in
      results_file | p452_csv | itm_csv) n=$((runs / 4)) ;;
      station_geojson | station_gpkg | terrain_* | buildings_*) n=$((runs / 8)) ;;
      *) n="$runs" ;;
    esac
    mode=(-seed=1 -runs="$n")
  fi
  echo "== fuzz_$target (${mode[*]})"
  start=$SECONDS
  if ! "$exe" "${common[@]}" "${mode[@]}" "$corpus" 2>"$work/$target.log"; then
    tail -n 60 "$work/$target.log" >&2
    echo "fuzz: fuzz_$target found a failure; input kept in $findings/" >&2
    status=1
    continue
  fi
  grep -E '^(Done|#[0-9]+ +DONE)' "$work/$target.log" | tail -n 1 || true
  echo "   $((SECONDS - start)) s"
  if [ "${#regressions[@]}" -gt 0 ]; then
    # Each regression input once (libFuzzer runs files given by name and exits).
    if ! "$exe" "${common[@]}" "${regressions[0]}"/* 2>>"$work/$target.log"; then
      tail -n 60 "$work/$target.log" >&2
      status=1
    fi
  fi
done
[ "$status" -eq 0 ] && echo "fuzz: every target ran clean"
exit "$status"
