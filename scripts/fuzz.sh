#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz (preset `fuzz`: clang-14, ASan + UBSan) and runs each
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

cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j "${AKICHI_JOBS:-$(nproc)}"

bin=build/fuzz/fuzz
work=build/fuzz
# Seed files of each target: the repository's own examples of the format.
declare -A seeds=(
  [scenario]="scenarios/*/scenario.toml tests/data/scenario/*.toml tests/data/stations/*.toml"
  [mic_rules]="scenarios/rules/*.toml"
  [msi_pattern]="tests/data/antenna/*.msi tests/data/scenario/*.msi"
  [sg3]="tests/data/itu-r-p1812-6/profiles/*.csv"
  [results_file]="tests/data/results-damaged/*.h5"
  [serve_request]="tests/fuzz/seeds/serve_request/*.json"
)
declare -A dicts=(
  [scenario]=toml.dict [mic_rules]=toml.dict [msi_pattern]=msi.dict [sg3]=sg3.dict
  [results_file]=hdf5.dict [serve_request]=json.dict
)

status=0
for target in scenario mic_rules msi_pattern sg3 results_file serve_request; do
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
    n="$runs"
    # The results-file target forks a structure walk per input: a quarter of the inputs.
    [ "$target" = results_file ] && n=$((runs / 4))
    mode=(-seed=1 -runs="$n")
  fi
  echo "== fuzz_$target (${mode[*]})"
  if ! "$exe" "${common[@]}" "${mode[@]}" "$corpus" 2>"$work/$target.log"; then
    tail -n 60 "$work/$target.log" >&2
    echo "fuzz: fuzz_$target found a failure; input kept in $findings/" >&2
    status=1
    continue
  fi
  grep -E '^(Done|#[0-9]+ +DONE)' "$work/$target.log" | tail -n 1 || true
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
