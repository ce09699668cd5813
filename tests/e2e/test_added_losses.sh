#!/usr/bin/env bash
# The added losses from the command line: `akichi check` and the run's start-up text list what
# is added to the model; a bad key of [propagation.clutter], [propagation.rain] or
# [propagation.gases], a missing rain-rate map and a loss the model already contains each end
# with exit 2 and "FILE:LINE:COL: FIELD: found X, expected Y".
source "$(dirname "$0")/lib.sh" "$@"

cp -r "$SRC/scenarios/port-28ghz" "$SRC/scenarios/rules" "$WORK/"
F="$WORK/port-28ghz/scenario.toml"

expect_status 0 -- "$AKICHI" check "$F" \
  && expect_output "rain: ITU-R P\.530-18 §2\.4\.1 attenuation exceeded for 0\.01 % of the time, R0\.01 = 95 mm/h \(given\), vertical polarisation \(ITU-R P\.838-3\), on wanted-signal links only" \
  && expect_output "gases: ITU-R P\.676-13 Annex 1 over the path \(15 deg C, 1013\.25 hPa dry air, 7\.5 g/m3 water vapour\), on wanted-signal links only" \
  && pass "akichi check lists the added losses" || fail "akichi check lists the added losses"

# with KEY LINE: the scenario with LINE put right after [propagation.KEY] (a new table if needed)
edit() {
  local table="$1" line="$2" out="$WORK/port-28ghz/edit.toml"
  if grep -q "^\[propagation\.$table\]" "$F"; then
    sed "s|^\[propagation\.$table\]\$|[propagation.$table]\n$line|" "$F" >"$out"
  else
    sed "s|^model = \"free_space\"\$|model = \"free_space\"\n[propagation.$table]\n$line|" "$F" >"$out"
  fi
  echo "$out"
}
line_of() { grep -n -- "$1" "$WORK/port-28ghz/edit.toml" | head -1 | cut -d: -f1; }

T=$(edit clutter 'model = "p2108"')
expect_status 2 -- "$AKICHI" check "$T" \
  && expect_output "^akichi: error: $T:$(line_of 'model = "p2108"'):9: propagation\.clutter\.model: found \"p2108\", expected one of \"none\", \"p2108-terminal\", \"p2108-statistical\"" \
  && pass "unknown clutter model" || fail "unknown clutter model"

T=$(edit clutter 'model = "p2108-terminal"')
expect_status 2 -- "$AKICHI" check "$T" \
  && expect_output "$T:[0-9]+:9: propagation\.clutter\.model: found station '[a-z0-9-]+' at 28[0-9.]+ MHz with model = \"p2108-terminal\", expected stations in 30-3000 MHz \(ITU-R P\.2108-1 §3\.1\)" \
  && pass "28 GHz stations outside §3.1" || fail "28 GHz stations outside §3.1"

sed 's|^time_percent = 0.01$|time_percent = 2|' "$F" >"$WORK/port-28ghz/edit.toml"
T="$WORK/port-28ghz/edit.toml"
expect_status 2 -- "$AKICHI" check "$T" \
  && expect_output "$T:$(line_of 'time_percent = 2'):16: propagation\.rain\.time_percent: found 2, expected a number in \[0\.001, 1\] \(%\)" \
  && pass "rain time percentage out of range" || fail "rain time percentage out of range"

T=$(edit rain 'rain_rate_map = "R001.TXT"')
expect_status 2 -- "$AKICHI" check "$T" \
  && expect_output "$T:$(line_of 'rain_rate_map = "R001.TXT"'):1: propagation\.rain\.rain_rate_map: found both rain_rate_mm_h and rain_rate_map, expected exactly one of rain_rate_mm_h, rain_rate_map" \
  && pass "rain rate and map together" || fail "rain rate and map together"

sed -e 's|^rain_rate_mm_h = 95$|rain_rate_map = "R001.TXT"|' "$F" >"$WORK/port-28ghz/map.toml"
expect_status 2 -- "$AKICHI" check "$WORK/port-28ghz/map.toml" \
  && expect_output "map\.toml:[0-9]+:17: propagation\.rain\.rain_rate_map: found \"$WORK/port-28ghz/R001\.TXT\" \(no such file\), expected a copy of the ITU-R P\.837-7 map R001\.TXT" \
  && pass "missing rain-rate map" || fail "missing rain-rate map"

T=$(edit gases 'dry_pressure_hPa = 5000')
expect_status 2 -- "$AKICHI" check "$T" \
  && expect_output "$T:$(line_of 'dry_pressure_hPa = 5000'):20: propagation\.gases\.dry_pressure_hPa: found 5000, expected a number in \[100, 1100\] \(hPa\)" \
  && pass "gas pressure out of range" || fail "gas pressure out of range"

sed 's|^model = "free_space"$|model = "p452-18"|' "$F" >"$WORK/port-28ghz/p452.toml"
expect_status 2 -- "$AKICHI" check "$WORK/port-28ghz/p452.toml" \
  && expect_output "p452\.toml:[0-9]+:1: propagation\.gases\.model: found \[propagation\.gases\] with \[propagation\] model = \"p452-18\", expected no \[propagation\.gases\] table: the model adds ITU-R P\.676 gaseous absorption itself" \
  && pass "gases with P.452-18 refused" || fail "gases with P.452-18 refused"

sed -e 's|^model = "free_space"$|model = "tr38901"\n[propagation.clutter]\nmodel = "p2108-statistical"|' \
  "$F" >"$WORK/port-28ghz/tr.toml"
expect_status 2 -- "$AKICHI" check "$WORK/port-28ghz/tr.toml" \
  && expect_output "tr\.toml:[0-9]+:9: propagation\.clutter\.model: found 'p2108-statistical' with \[propagation\] model = \"tr38901\", expected 'none': 3GPP TR 38\.901's path losses include the clutter of their scenarios, so adding ITU-R P\.2108 would count it twice" \
  && pass "clutter with TR 38.901 refused" || fail "clutter with TR 38.901 refused"

finish
