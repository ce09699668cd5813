#!/usr/bin/env bash
# A sweep as a whole: its batch file rendered by variant (name or index in the sweep), and the
# per-variant table at the end of the run, whose figures equal those the end-of-run summary of
# each variant run alone prints.
source "$(dirname "$0")/lib.sh" "$@"
out="$WORK/sweep.nc"

expect_status 0 -- "$AKICHI" run "$SRC/scenarios/sweep-heights/scenario.toml" -o "$out" -q --threads 2 \
  && expect_output '^Sweep summary: 16 variant\(s\)' \
  && expect_output '^ +# hall_height_m quay_power_dBm best_rx_p50@1.5m dBm covered@1.5m leakage@1.5m sinr_p50@1.5m dB sinr_p5@1.5m dB$' \
  && pass "sweep with its summary table"
cp "$WORK/out" "$WORK/sweep.txt"
[ -f "$out" ] || { fail "no batch file"; finish; }

# Each variant's row against the summary of that variant run alone (its scenario text, stored
# in its group, beside a copy of the premises it names).
mkdir -p "$WORK/scen/sweep-heights" "$WORK/scen/default"
cp "$SRC/scenarios/default/premises.geojson" "$WORK/scen/default/"
for v in 0 13; do
  "$PY" - "$out" "$v" >"$WORK/scen/sweep-heights/v$v.toml" <<'PY'
import sys, h5py
f = h5py.File(sys.argv[1], "r")
name = f["variant_name"][int(sys.argv[2])]
name = name.decode() if isinstance(name, bytes) else name
t = f[name].attrs["scenario_text"]
print(t.decode() if isinstance(t, bytes) else t)
PY
  expect_status 0 -- "$AKICHI" run "$WORK/scen/sweep-heights/v$v.toml" -o "$WORK/v$v.nc" --threads 2 || continue
  line=$(grep -E '^  at 1\.5 m: ' "$WORK/out")
  row=$(grep -E "^ +$v +[0-9]" "$WORK/sweep.txt")
  if "$PY" - "$line" "$row" <<'PY'; then
import re, sys
line, row = sys.argv[1], sys.argv[2].split()
m = re.search(r"median (\S+) dBm; premises covered .*?(\S+) %; leakage outside .*?(\S+) %; "
              r"SINR in premises median (\S+) dB, 5th percentile (\S+) dB", line)
assert m, line
single = [m.group(1), m.group(2) + "%", m.group(3) + "%", m.group(4), m.group(5)]
table = [row[3], row[4] + row[5], row[6] + row[7], row[8], row[9]]
assert single == table, (single, table)
PY
    pass "variant $v: its row equals its single run's summary"
  else fail "variant $v: row '$row' differs from '$line'"; fi
done

# Rendering a batch file needs the variant, by name or by its index in the sweep.
expect_status 2 -- "$AKICHI" render "$out" --var best_rx_power -o "$WORK/x.png" \
  && expect_output "--variant: found nothing, expected a variant of this batch file of a sweep, by name or index in the sweep: hall_height_m=8,quay_power_dBm=24, " \
  && pass "batch file without --variant -> 2"
expect_status 0 -- "$AKICHI" render "$out" --var best_rx_power --variant 13 -o "$WORK/v13.tif" \
  && expect_output 'variant hall_height_m=20,quay_power_dBm=27, height 1.5 m' && pass "render --variant INDEX"
expect_status 0 -- "$AKICHI" render "$out" --var rx_power --station gnb-hall \
    --variant 'hall_height_m=20,quay_power_dBm=27' -o "$WORK/v13.png" && pass "render --variant NAME"
expect_status 0 -- "$AKICHI" contours "$out" --var best_rx_power --variant 13 --levels -80 \
    -o "$WORK/v13.geojson" && pass "contours --variant"
expect_status 2 -- "$AKICHI" render "$out" --var best_rx_power --variant 16 -o "$WORK/x.png" \
  && expect_output "--variant: found index 16, expected the name of one of the 16 variants" \
  && pass "unknown variant index -> 2"
expect_status 2 -- "$AKICHI" render "$WORK/v0.nc" --var best_rx_power --variant 0 -o "$WORK/x.png" \
  && expect_output "--variant: found '0', expected no --variant: this is the results file of one run" \
  && pass "--variant on a single run's file -> 2"
# The rendered variant is that variant's data: the GeoTIFF equals its group's best_rx_power
# (north row first), and the single run of variant 13 alone holds the same field.
if "$PY" - "$out" "$WORK" <<'PY'; then
import sys, os
import h5py, numpy as np
from osgeo import gdal
gdal.UseExceptions()
f = h5py.File(sys.argv[1], "r")
g = f["hall_height_m=20,quay_power_dBm=27"]
want = g["best_rx_power"][0, :, :][::-1, :]
ds = gdal.Open(os.path.join(sys.argv[2], "v13.tif"))
got = ds.GetRasterBand(1).ReadAsArray()
assert np.array_equal(got, want), "GeoTIFF differs from the variant's group"
other = f["hall_height_m=8,quay_power_dBm=24"]["best_rx_power"][0, :, :][::-1, :]
assert not np.array_equal(got, other)
single = h5py.File(os.path.join(sys.argv[2], "v13.nc"), "r")["best_rx_power"][0, :, :][::-1, :]
assert np.array_equal(got, single), "differs from the variant run alone"
PY
  pass "render --variant reads that variant's group"
else fail "render --variant data"; fi
# A sharing sweep (the neighbours' scenario, one station's EIRP swept): the usable share per
# height, the worst aggregate margin and the MIC pairs of each variant, against its group.
mkdir -p "$WORK/scen2"
cp -r "$SRC/scenarios/neighbours-4.8ghz" "$SRC/scenarios/rules" "$WORK/scen2/"
printf '\n[sweep]\n[[sweep.param]]\nkey = "station.a-gnb-1.eirp_dBm"\nlabel = "a1_eirp"\nvalues = [20, 40, 52]\n' \
  >>"$WORK/scen2/neighbours-4.8ghz/scenario.toml"
expect_status 0 -- "$AKICHI" run "$WORK/scen2/neighbours-4.8ghz/scenario.toml" -o "$WORK/n.nc" -q \
  && expect_output '^ +# a1_eirp .* usable@1\.5m .* worst_margin dB +mic_pairs$' && pass "sharing sweep table"
if "$PY" - "$WORK/n.nc" "$WORK/out" <<'PY'; then
import sys
import h5py, numpy as np
f = h5py.File(sys.argv[1], "r")
lines = open(sys.argv[2]).read().splitlines()
head = [l for l in lines if l.lstrip().startswith("# a1_eirp")][0].split()
names = [n.decode() if isinstance(n, bytes) else n for n in f["variant_name"][:]]
margins = []
for i, name in enumerate(names):
    g = f[name]
    row = [l for l in lines if l.split()[:1] == [str(i)]][0].split()
    heights = list(g["height"][:])
    share = g["usable_share"][:]  # time, channel, height
    # The row's cells by the header's names: a unit in the header ("dBm", "dB") belongs to the
    # name before it; a share is two tokens ("12.5 %").
    tokens = row
    pos = 0
    values = {}
    k = 0
    while k < len(head):
        h = head[k]
        if h in ("dBm", "dB"):
            k += 1
            continue
        if tokens[pos + 1:pos + 2] == ["%"]:
            values[h] = float(tokens[pos]) / 100
            pos += 2
        else:
            values[h] = tokens[pos]
            pos += 1
        k += 1
    for h in heights:
        want = float(np.mean(share[:, :, heights.index(h)]))
        assert abs(values["usable@%gm" % h] - want) < 0.0006, (name, h, values, want)
    m = np.asarray(g["aggregate_margin"][:], dtype=float)
    worst = float(np.nanmin(m))
    assert abs(float(values["worst_margin"]) - worst) < 0.051, (values["worst_margin"], worst)
    assert int(values["mic_pairs"]) == len(g["mic_pair_a"][:]), values["mic_pairs"]
    margins.append(worst)
# more EIRP at a station of the layout: less margin at the protected receivers
assert margins[0] > margins[1] > margins[2], margins
print("worst margins", margins)
PY
  pass "sharing sweep table: usable share, worst margin, MIC pairs per variant"
else fail "sharing sweep table"; fi

ls "$WORK" | grep -q '^x\.' && fail "a failed render left an output"
finish
