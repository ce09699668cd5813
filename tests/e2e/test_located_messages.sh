#!/usr/bin/env bash
# Every bad input ends with exit 2 and a message that names the file that is actually wrong and
# the place in it, with values escaped and shortened: database stations over the limit blamed on
# the list that brings them, a band of too many channels on the key the user wrote, an MSI
# section count over the reader's limit stating that limit, control characters and a 1 MB value
# in a station list, a NaN in a P.452 profile and an ITM profile's elevations on the profile file.
source "$(dirname "$0")/lib.sh" "$@"

cp -r "$SRC/scenarios/factory-4.7ghz" "$SRC/scenarios/rules" "$WORK/"
F="$WORK/factory-4.7ghz/scenario.toml"
HEADER="id,role,lat_deg,lon_deg,height_m,freq_lo_MHz,freq_hi_MHz,eirp_dBm"

with_list() {  # with_list CSV -> a copy of the scenario reading that station list
  cat "$F" >"$WORK/factory-4.7ghz/with-list.toml"
  printf '\n[stations]\nlists = ["%s"]\n' "$1" >>"$WORK/factory-4.7ghz/with-list.toml"
  echo "$WORK/factory-4.7ghz/with-list.toml"
}

# 32,000 stations in a list beside the scenario's one [[incumbent]]: the list is named.
{ echo "$HEADER"; seq 1 32000 | awk '{printf "s%d,incumbent,35.085,136.88,20,4700,4800,40\n", $1}'; } \
  >"$WORK/many.csv"
expect_status 2 -- "$AKICHI" check "$(with_list "$WORK/many.csv")" \
  && expect_output "^akichi: error: $WORK/many.csv: found 32000 stations \(32001 with the 1 read before this list\), expected at most 32000 database stations" \
  && pass "32,001 database stations blamed on the list" || fail "32,001 database stations"

# A band of 10^10 channels: the file, the line and the key as written.
sed 's/^band_hi_MHz = 4900$/band_hi_MHz = 1e12/' "$F" >"$WORK/factory-4.7ghz/wide.toml"
expect_status 2 -- "$AKICHI" check "$WORK/factory-4.7ghz/wide.toml" \
  && expect_output "wide\.toml:[0-9]+:[0-9]+: spectrum\.band_hi_MHz: found 1000000000000 \(9999999964 channels of 100 MHz\), expected a band of at most 100000 channels" \
  && pass "band_hi_MHz = 1e12 located" || fail "band_hi_MHz = 1e12"

# An MSI pattern declaring 2 x 10^9 rows: the real limit.
printf 'NAME big\nGAIN 10\nHORIZONTAL 2000000000\n0 0\n' >"$WORK/big.msi"
{ echo "$HEADER,antenna.type,antenna.pattern"; echo "tx-1,incumbent,35.085,136.88,20,4700,4800,40,msi,$WORK/big.msi"; } \
  >"$WORK/msi.csv"
expect_status 2 -- "$AKICHI" check "$(with_list "$WORK/msi.csv")" \
  && expect_output "big\.msi:3:12: HORIZONTAL: found '2000000000' rows, expected at most 1000000 rows" \
  && pass "MSI row count over the limit" || fail "MSI row count"

# ESC, CR and NUL in a value: printed escaped, the message whole after them.
{ echo "$HEADER"; printf 'tx-1,incumbent,35.085,136.88,\033[2J\r2\0x,4700,4800,40\n'; } >"$WORK/ctl.csv"
expect_status 2 -- "$AKICHI" check "$(with_list "$WORK/ctl.csv")" \
  && expect_output 'ctl\.csv:row 2 \(station "tx-1"\): column height_m: found "\\x1b\[2J\\x0d2\\x00x", expected a number > 0' \
  && ! grep -q $'\033' "$WORK/out" && ! grep -q $'\r' "$WORK/out" \
  && pass "control characters escaped" || fail "control characters"

# A value of 1 MB: shortened, with its length.
{ echo "$HEADER"; printf 'tx-1,incumbent,35.085,136.88,'; head -c 1000000 /dev/zero | tr '\0' 9; echo 'x,4700,4800,40'; } \
  >"$WORK/big.csv"
expect_status 2 -- "$AKICHI" check "$(with_list "$WORK/big.csv")" \
  && expect_output 'column height_m: found "9{199}… \(1000003 bytes\), expected a number > 0' \
  && [ "$(wc -c <"$WORK/out")" -lt 2000 ] \
  && pass "a 1 MB value shortened" || fail "a 1 MB value"

# p2p: the profile's NaN and the ITM profile's elevations are the profile file's.
D="$SRC/tests/data"
sed '4s/^\([^,]*\),[^,]*,/\1,nan,/' "$D/itu-r-p452-18/profiles/test_profile_flat_land_100km.csv" \
  >"$WORK/nan.csv"
expect_status 2 -- "$AKICHI" p2p --model p452-18 --profile "$WORK/nan.csv" \
  --cases "$D/itu-r-p452-18/results/test_result_flat_land_100km.csv" -o "$WORK/p452.csv" \
  && expect_output "^akichi: error: $WORK/nan\.csv:4: column h\(m\): found 'nan', expected a finite height \(m\)" \
  && pass "NaN in a P.452 profile blamed on the profile" || fail "NaN in a P.452 profile"
echo "10,100,9000,9000,9000,9000,9000,9000,9000,9000,9000,9000,9000" >"$WORK/high.pfl"
head -2 "$D/ntia-itm/p2p.csv" >"$WORK/one.csv"
expect_status 2 -- "$AKICHI" p2p --model itm --cases "$WORK/one.csv" --profile "$WORK/high.pfl" \
  -o "$WORK/itm.csv" \
  && expect_output "^akichi: error: $WORK/high\.pfl:1: pfl elevations: found elevations giving" \
  && pass "ITM elevations blamed on the profile" || fail "ITM elevations"
head -1 "$D/ntia-itm/p2p.csv" >"$WORK/empty.csv"
expect_status 2 -- "$AKICHI" p2p --model itm --cases "$WORK/empty.csv" \
  --profile "$D/ntia-itm/pfls.csv" -o "$WORK/itm.csv" \
  && expect_output "^akichi: error: $WORK/empty\.csv: found no case row" \
  && pass "ITM cases without rows blamed on the cases file" || fail "ITM cases without rows"
finish
