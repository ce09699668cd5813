#!/usr/bin/env bash
# No command writes its output onto one of its inputs: `run` (the scenario, its premises, station
# lists and rules; by name, through a hard link or a symbolic link), a sweep, `merge`, `p2p` and
# `render` refuse with exit 2 before any work, and the input is left byte for byte as it was.
source "$(dirname "$0")/lib.sh" "$@"

cp -r "$SRC/scenarios/factory-4.7ghz" "$SRC/scenarios/rules" "$SRC/scenarios/sweep-heights" \
  "$SRC/scenarios/default" "$WORK/"
S="$WORK/factory-4.7ghz"
(cd "$WORK" && sha256sum factory-4.7ghz/* rules/* sweep-heights/* default/* >"$WORK/sums")
ln "$S/scenario.toml" "$S/hard-link.toml"
ln -s "$S/premises.geojson" "$WORK/soft-link.geojson"

refused() {  # refused WHAT -- command...: exit 2 naming the output as an input
  local what="$1"; shift
  expect_status 2 "$@" && expect_output "which is" && pass "$what refused" || fail "$what"
}
refused "run -o the scenario" -- "$AKICHI" run "$S/scenario.toml" -o "$S/scenario.toml" -q
refused "run -o its premises" -- "$AKICHI" run "$S/scenario.toml" -o "$S/premises.geojson" -q
refused "run -o a hard link to the scenario" -- \
  "$AKICHI" run "$S/scenario.toml" -o "$S/hard-link.toml" -q
refused "run -o a symbolic link to the premises" -- \
  "$AKICHI" run "$S/scenario.toml" -o "$WORK/soft-link.geojson" -q
refused "run -o its MIC rules" -- \
  "$AKICHI" run "$S/scenario.toml" -o "$WORK/rules/mic-local5g-example.toml" -q
refused "a sweep -o its scenario" -- \
  "$AKICHI" run "$WORK/sweep-heights/scenario.toml" -o "$WORK/sweep-heights/scenario.toml" -q
refused "p2p -o its cases file" -- "$AKICHI" p2p --model p452-18 \
  --profile "$SRC/tests/data/itu-r-p452-18/profiles/test_profile_b2iseac_eqdist.csv" \
  --cases "$WORK/default/scenario.toml" -o "$WORK/default/scenario.toml"

# render and merge: onto the results file they read (a hard link with the output's extension).
expect_status 0 -- "$AKICHI" run "$WORK/default/scenario.toml" -o "$WORK/r.h5" -q \
  && pass "a results file to read" || fail "default run"
ln "$WORK/r.h5" "$WORK/r-link.tif"
sha_r=$(sha256sum <"$WORK/r.h5")
refused "render -o the results file" -- \
  "$AKICHI" render "$WORK/r.h5" --var terrain_height -o "$WORK/r-link.tif"
refused "merge -o one of the files merged" -- "$AKICHI" merge -o "$WORK/r.h5" "$WORK/r.h5"
[ "$(sha256sum <"$WORK/r.h5")" = "$sha_r" ] && pass "results file unchanged" || fail "r.h5 changed"

(cd "$WORK" && sha256sum -c --quiet sums) && pass "every input unchanged" || fail "an input changed"
finish
