#!/usr/bin/env bash
# akichi import fcc-uls / tafl: the sample ULS records and TAFL rows (tests/data/licence-import)
# into akichi station-list CSVs, the report of fields not mapped and records skipped on stdout;
# damaged records, an unknown format and an output onto an input are input errors (exit 2).
source "$(dirname "$0")/lib.sh" "$@"
uls="$SRC/tests/data/licence-import/fcc-uls"
files=("$uls"/HD.dat "$uls"/EN.dat "$uls"/LO.dat "$uls"/AN.dat "$uls"/FR.dat "$uls"/EM.dat "$uls"/PA.dat)

expect_status 0 -- "$AKICHI" import fcc-uls "${files[@]}" -o "$WORK/stations.csv" \
  && expect_output "^$WORK/stations.csv: 3 stations from 7 files \(fcc-uls\)$" \
  && expect_output '^not mapped \([0-9]+\):$' \
  && expect_output "^  LO position 19 \(Ground Elevation: the ground comes from the study's terrain\): 2 records$" \
  && expect_output '^  PA records: 1 \(a record type not read\)$' \
  && expect_output '^skipped \(3\):$' \
  && expect_output "^  $uls/FR.dat:5: FR \(call sign WQAB123, location 3, antenna 1\): its LO record has no coordinates$" \
  && expect_output "^  $uls/FR.dat:6: FR \(call sign WQZZ999, location 1, antenna 1\): licence status \"E\", not A \(active\)$" \
  && pass "import the sample records"

# The CSV as any reader sees it: the first station field by field.
"$PY" - "$WORK/stations.csv" <<'PY' && pass "the station CSV's first row"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
assert len(rows) == 3, rows
r = rows[0]
want = {"id": "WQAB123.L1.A1.1", "role": "incumbent", "service": "FCC ULS CF FXO",
        "licensee": "Front Range Microwave LLC", "height_m": "30.5", "freq_MHz": "6175",
        "bandwidth_MHz": "30", "eirp_dBm": "55", "antenna.type": "3gpp_sector",
        "antenna.gain_dBi": "38.1", "antenna.azimuth_deg": "287.4", "antenna.hpbw_h_deg": "2.2"}
for k, v in want.items():
    assert r[k] == v, (k, r[k], v)
assert float(r["lat_deg"]) == 39 + 44 / 60 + 21.6 / 3600, r["lat_deg"]
assert float(r["lon_deg"]) == -(104 + 59 / 60 + 31.2 / 3600), r["lon_deg"]
assert abs(float(rows[1]["eirp_dBm"]) - 52.15) < 1e-12, rows[1]["eirp_dBm"]
PY

printf 'LO|7|||||||2|||||||||||39|44|21.6|N|104|5x|31.2|W\n' >"$WORK/LO.dat"
expect_status 2 -- "$AKICHI" import fcc-uls "$WORK/LO.dat" -o "$WORK/bad.csv" \
  && expect_output "^akichi: error: $WORK/LO.dat:1: LO position 25 \(Long Minutes\): found \"5x\", expected minutes in \[0, 60\)$" \
  && [ ! -e "$WORK/bad.csv" ] && pass "a damaged LO record"

tafl="$SRC/tests/data/licence-import/tafl/TAFL_LTAF.csv"
expect_status 0 -- "$AKICHI" import tafl "$tafl" -o "$WORK/tafl.csv" \
  && expect_output "^$WORK/tafl.csv: 2 stations from 1 file \(tafl\)$" \
  && expect_output "^  column 43 \(Ground Elevation Above Sea Level: the ground comes from the study's terrain\): 5 rows$" \
  && expect_output '^skipped \(3\):$' \
  && expect_output "^  $tafl:2: RX \(call sign VXC123, record 0001403864\): receive-only: TAFL gives no receiver noise or protection criterion$" \
  && pass "import the sample TAFL rows"
"$PY" - "$WORK/tafl.csv" <<'PY' && pass "the TAFL station CSV"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
assert [r["id"] for r in rows] == ["VXC123.0001403864", "VXC123.0001403865"], rows
r = rows[0]
for k, v in {"lat_deg": "45.4215", "lon_deg": "-75.6972", "height_m": "35.5", "freq_MHz": "3650",
             "bandwidth_MHz": "20", "antenna.type": "3gpp_sector", "antenna.azimuth_deg": "120",
             "antenna.hpbw_h_deg": "65", "antenna.front_to_back_dB": "25",
             "licensee": "TESTCO CANADA LTD"}.items():
    assert r[k] == v, (k, r[k], v)
assert abs(float(r["eirp_dBm"]) - 42.65) < 1e-12, r["eirp_dBm"]  # 10.5 dBW ERP + 30 + 2.15
PY

printf '"TX","3650","1"\n' >"$WORK/short.csv"
expect_status 2 -- "$AKICHI" import tafl "$WORK/short.csv" -o "$WORK/bad.csv" \
  && expect_output "^akichi: error: $WORK/short.csv:1: found 3 columns, expected the 61 columns of ISED's TAFL field descriptions$" \
  && pass "a TAFL file of too few columns"

expect_status 2 -- "$AKICHI" import mic-csv "$uls/FR.dat" -o "$WORK/x.csv" \
  && expect_output 'import: format: found "mic-csv", expected fcc-uls .* or tafl' && pass "an unknown format"

cp "$uls/FR.dat" "$WORK/FR.dat"
expect_status 2 -- "$AKICHI" import fcc-uls "$WORK/FR.dat" -o "$WORK/FR.dat" \
  && cmp -s "$uls/FR.dat" "$WORK/FR.dat" && pass "output onto an input refused"
finish
