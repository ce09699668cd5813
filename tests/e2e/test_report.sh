#!/usr/bin/env bash
# akichi report: the study report of the factory sharing study (renamed in Japanese, with
# characters HTML must escape), of the DPA-like move lists, of the Monte Carlo and of the
# heights sweep, each opened in headless chromium and its tables checked against h5py
# (tests/e2e/report_test.py); a --point's vacancy table; the PDF read by poppler's pdfinfo and
# pdftotext; the options' errors (exit 2) and a chromium that is missing or fails (exit 1).
source "$(dirname "$0")/lib.sh" "$@"
command -v chromium >/dev/null || { echo "skipped: chromium is not installed"; exit 77; }
command -v pdftotext >/dev/null || { echo "skipped: poppler-utils is not installed"; exit 77; }
REPORT_TEST="$SRC/tests/e2e/report_test.py"

# The factory study under a Japanese name holding <, & and quotes: the report must show it as
# written (UTF-8, escaped), never as markup.
name='臨海工場 ローカル5G <b>&amp; "test"</b>'
cp -r "$SRC/scenarios/factory-4.7ghz" "$WORK/jp"   # with its premises and, beside it, the rules
cp -r "$SRC/scenarios/rules" "$WORK/rules"
"$PY" - "$WORK/jp/scenario.toml" "$name" <<'PY'
import re, sys
path, name = sys.argv[1:3]
text = open(path, encoding="utf-8").read()
text = re.sub(r"(?m)^name = .*$", lambda m: "name = '" + name + "'", text, count=1)
open(path, "w", encoding="utf-8").write(text)
PY
expect_status 0 -- "$AKICHI" run "$WORK/jp/scenario.toml" -o "$WORK/jp.nc" -q --threads 2 \
  && pass "factory study run (Japanese name)"
expect_status 0 -- "$AKICHI" report "$WORK/jp.nc" -o "$WORK/jp.html" \
  && expect_output "jp.html: study report of" && pass "report of the factory study"
grep -q '<meta charset="utf-8">' "$WORK/jp.html" || fail "no meta charset utf-8"
grep -q '臨海工場 ローカル5G &lt;b&gt;&amp;amp; &quot;test&quot;&lt;/b&gt;' "$WORK/jp.html" \
  || fail "the scenario's name is not in the HTML as escaped UTF-8"
if grep -Eqi '<script|https?://[^ "<]*\.(js|css|woff2?)|@import|<link' "$WORK/jp.html"; then
  fail "the report refers to a script, a style sheet or a font outside it"
fi
"$PY" "$REPORT_TEST" sharing "$WORK/jp.html" "$WORK/jp.nc" && pass "factory report in chromium" \
  || fail "factory report in chromium"
# Its PDF: the Japanese name as text, drawn in a Japanese font (IPAGothic, scripts/setup.sh), not
# as empty boxes.
expect_status 0 -- "$AKICHI" report "$WORK/jp.nc" -o "$WORK/jp.html" --pdf "$WORK/jp.pdf" \
  && pass "PDF of the factory study"
pdftotext "$WORK/jp.pdf" "$WORK/jp.txt"
grep -qF '臨海工場 ローカル5G <b>&amp; "test"</b>' "$WORK/jp.txt" \
  && pass "the PDF holds the Japanese name as text" || fail "the Japanese name is not in the PDF"
pdffonts "$WORK/jp.pdf" | grep -q 'IPAGothic' && pass "the Japanese text is set in IPAGothic" \
  || fail "no Japanese font in the PDF: $(pdffonts "$WORK/jp.pdf" | tail -n +3 | awk '{print $1}' | sort -u | tr '\n' ' ')"

# --point: a cell centre of the grid in WGS 84, at the file's second height.
read -r lat lon ix iy < <("$PY" - "$WORK/jp.nc" <<'PY'
import sys
import h5py
from osgeo import osr
f = h5py.File(sys.argv[1], "r")
ix, iy = 97, 31
study = osr.SpatialReference()
study.ImportFromWkt(f["crs"].attrs["crs_wkt"].decode())
wgs = osr.SpatialReference()
wgs.ImportFromEPSG(4326)
for s in (study, wgs):
    s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
lon, lat, _ = osr.CoordinateTransformation(study, wgs).TransformPoint(
    float(f["x"][ix]), float(f["y"][iy]))
print(f"{lat:.7f} {lon:.7f} {ix} {iy}")
PY
)
height2=$("$PY" -c "import h5py,sys; print('%g' % h5py.File(sys.argv[1])['height'][1])" "$WORK/jp.nc")
expect_status 0 -- "$AKICHI" report "$WORK/jp.nc" -o "$WORK/point.html" --point "$lat,$lon,$height2" \
  && pass "report with --point"
"$PY" "$REPORT_TEST" point "$WORK/point.html" "$WORK/jp.nc" "$ix" "$iy" 1 \
  && pass "the --point's vacancy table in chromium" || fail "the --point's vacancy table"

# Move lists and the granted EIRPs of the DPA-like study; the PDF of its report.
expect_status 0 -- "$AKICHI" run "$SRC/scenarios/dpa-like/scenario.toml" -o "$WORK/dpa.nc" -q \
    --threads 2 && pass "DPA-like run"
expect_status 0 -- "$AKICHI" report "$WORK/dpa.nc" -o "$WORK/dpa.html" --pdf "$WORK/dpa.pdf" \
  && expect_output "dpa.pdf: printed by" && pass "report and PDF of the DPA-like study"
"$PY" "$REPORT_TEST" coordination "$WORK/dpa.html" "$WORK/dpa.nc" \
  && pass "coordination report in chromium" || fail "coordination report in chromium"
pages=$(pdfinfo "$WORK/dpa.pdf" | sed -n 's/^Pages: *//p')
[ "${pages:-0}" -gt 0 ] && pass "the PDF has $pages pages" || fail "the PDF has no pages"
pdftotext -layout "$WORK/dpa.pdf" "$WORK/dpa.txt"
title=$("$PY" -c "import h5py,sys; print(h5py.File(sys.argv[1]).attrs['title'].decode())" "$WORK/dpa.nc")
grep -qF "$title" "$WORK/dpa.txt" && pass "the PDF names the scenario" \
  || fail "the scenario's name '$title' is not in the PDF's text"
margin=$("$PY" -c "import h5py,sys; print('%.1f' % h5py.File(sys.argv[1])['coordination/margin_after'][0])" "$WORK/dpa.nc")
grep -Eq "(^| )$margin( |$)" "$WORK/dpa.txt" && pass "the PDF holds the margin after ($margin dB)" \
  || fail "the margin after the allocation ($margin) is not in the PDF's text"
ls -a "$WORK" | grep -q 'partial' && fail "a temporary was left behind: $(ls -a "$WORK")"

# The Monte Carlo's P_I with its interval.
expect_status 0 -- "$AKICHI" run "$SRC/scenarios/factory-4.7ghz-montecarlo/scenario.toml" \
    -o "$WORK/mc.nc" -q --threads 2 && pass "Monte Carlo run"
expect_status 0 -- "$AKICHI" report "$WORK/mc.nc" -o "$WORK/mc.html" && pass "report of the Monte Carlo"
"$PY" "$REPORT_TEST" montecarlo "$WORK/mc.html" "$WORK/mc.nc" \
  && pass "Monte Carlo report in chromium" || fail "Monte Carlo report in chromium"

# A sweep: the table of its variants, then the variant asked for (default: the first).
expect_status 0 -- "$AKICHI" run "$SRC/scenarios/sweep-heights/scenario.toml" -o "$WORK/sweep.nc" \
    -q --threads 2 && pass "sweep run"
first=$("$PY" -c "import h5py,sys; print(h5py.File(sys.argv[1])['variant_name'][0].decode())" "$WORK/sweep.nc")
third=$("$PY" -c "import h5py,sys; f=h5py.File(sys.argv[1]); print(f['variant_name'][list(f['variant_index'][:]).index(2)].decode())" "$WORK/sweep.nc")
expect_status 0 -- "$AKICHI" report "$WORK/sweep.nc" -o "$WORK/sweep.html" && pass "report of a sweep"
"$PY" "$REPORT_TEST" sweep "$WORK/sweep.html" "$WORK/sweep.nc" "$first" \
  && pass "sweep report in chromium (first variant)" || fail "sweep report (first variant)"
expect_status 0 -- "$AKICHI" report "$WORK/sweep.nc" -o "$WORK/sweep2.html" --variant 2 \
  && pass "report of a sweep's variant 2"
"$PY" "$REPORT_TEST" sweep "$WORK/sweep2.html" "$WORK/sweep.nc" "$third" \
  && pass "sweep report in chromium (--variant 2)" || fail "sweep report (--variant 2)"

# A sweep's variant with [coordination] or [montecarlo]: the granted EIRP map and the CDF of I/N
# drawn from the variant's own group (dpa-like at two percentiles, the Monte Carlo at two seeds).
"$PY" "$SRC/tests/e2e/swept_copy.py" "$SRC/scenarios/dpa-like/scenario.toml" "$WORK/dpa-sweep.toml" \
  coordination.percentile p "[80, 99]"
"$PY" "$SRC/tests/e2e/swept_copy.py" "$SRC/scenarios/factory-4.7ghz-montecarlo/scenario.toml" \
  "$WORK/mc-sweep.toml" montecarlo.seed seed "[7, 8]"
expect_status 0 -- "$AKICHI" run "$WORK/dpa-sweep.toml" -o "$WORK/dpa-sweep.nc" -q --threads 2 &&
  expect_status 0 -- "$AKICHI" run "$WORK/mc-sweep.toml" -o "$WORK/mc-sweep.nc" -q --threads 2 &&
  pass "coordination and Monte Carlo sweeps run"
for run in "dpa-sweep p=99" "mc-sweep seed=8"; do
  set -- $run
  expect_status 0 -- "$AKICHI" report "$WORK/$1.nc" -o "$WORK/$1.html" --variant "$2" &&
    pass "report of $1's variant $2"
  "$PY" "$REPORT_TEST" variant-drawings "$WORK/$1.html" "$WORK/$1.nc" "$2" &&
    pass "$1's variant $2 drawn from its own group" || fail "$1's variant $2 drawings"
done

# Bad options: exit 2, nothing written.
expect_status 2 -- "$AKICHI" report "$WORK/jp.nc" -o "$WORK/x.txt" && expect_output "\.html" \
  && pass "-o must be .html"
expect_status 2 -- "$AKICHI" report "$WORK/jp.nc" -o "$WORK/x.html" --pdf "$WORK/x.ps" \
  && expect_output "\.pdf" && pass "--pdf must be .pdf"
expect_status 2 -- "$AKICHI" report "$WORK/jp.nc" -o "$WORK/x.html" --pdf "$WORK/x.pdf" \
    --chromium "$WORK/no-such-chromium" && expect_output "--chromium" && pass "--chromium must exist"
expect_status 2 -- "$AKICHI" report "$WORK/jp.nc" -o "$WORK/x.html" --variant 1 \
  && expect_output "--variant" && pass "--variant refused for a single run"
expect_status 2 -- "$AKICHI" report "$WORK/jp.nc" -o "$WORK/x.html" --point 10,10 \
  && expect_output "--point.*inside the study grid" && pass "--point outside the grid"
expect_status 2 -- "$AKICHI" report "$WORK/jp.nc" -o "$WORK/x.html" --point 35.1 \
  && expect_output "LAT,LON" && pass "--point needs LAT,LON"
expect_status 2 -- "$AKICHI" report "$WORK/jp.nc" -o "$WORK/x.html" --point "$lat,$lon,7" \
  && expect_output "one of the heights" && pass "--point's height must be one of the file's"
expect_status 2 -- "$AKICHI" report "$WORK/jp.nc" -o "$WORK/jp.nc.html" --pdf "$WORK/jp.nc" \
  && pass "--pdf onto the results file refused"
[ -e "$WORK/x.html" ] && fail "a refused report wrote x.html"

# chromium missing from PATH, or failing: exit 1, no PDF left (the HTML is written first).
expect_status 1 -- env PATH="$WORK/empty-path" "$(readlink -f "$AKICHI")" report "$WORK/jp.nc" \
    -o "$WORK/y.html" --pdf "$WORK/y.pdf" && expect_output "chromium is not on PATH" \
  && pass "no chromium on PATH: exit 1"
printf '#!/bin/sh\necho "cannot open display" >&2\nexit 3\n' >"$WORK/bad-chromium"
chmod +x "$WORK/bad-chromium"
expect_status 1 -- "$AKICHI" report "$WORK/jp.nc" -o "$WORK/z.html" --pdf "$WORK/z.pdf" \
    --chromium "$WORK/bad-chromium" && expect_output "exited with status 3.*cannot open display" \
  && pass "a failing chromium: exit 1 with its message"
[ -e "$WORK/z.pdf" ] && fail "a failed print left z.pdf"
ls -a "$WORK" | grep -q 'z.pdf.partial' && fail "a failed print left a temporary"
finish
