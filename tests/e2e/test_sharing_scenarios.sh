#!/usr/bin/env bash
# The three example sharing studies end to end, each with outcomes known in advance:
#  1. factory-4.7ghz: the weekday schedule in Asia/Tokyo gives exactly two distinct active sets;
#     the receiver's limit binds only while it is on; the adjacent channel gains exactly the
#     ACIR of the mask; the aggregate exceeds the criterion co-channel; MIC areas nest.
#  2. port-28ghz: flat earth + free space: the interference received from the earth station
#     equals the closed form (S.465-6 -10 dBi side lobe, P.525 free space) cell by cell.
#  3. neighbours-4.8ghz: the quasi-synchronous TDD overlap enters as 10 log10(overlap): doubling
#     it raises the base-station contributions by 3.0103 dB and lowers the EIRP the neighbour
#     allows by the same; the licensees' MIC areas give the coordination pair.
source "$(dirname "$0")/lib.sh" "$@"

# --- 1. Factory beside a weekday public-service receiver -------------------------------------
f1="$WORK/factory.h5"
expect_status 0 -- "$AKICHI" run "$SRC/scenarios/factory-4.7ghz/scenario.toml" -o "$f1" \
  && expect_output 'Results: ' && pass "factory run"
[ -f "$WORK/factory-mic.geojson" ] || fail "no MIC GeoJSON beside the results"
"$PY" - "$f1" "$WORK/factory-mic.geojson" <<'PY' && pass "factory outcomes" || fail "factory outcomes"
import sys, json, math
import numpy as np, xarray as xr
ds = xr.open_dataset(sys.argv[1], mask_and_scale=False)
assert ds.max_eirp.dims == ("time", "channel", "height", "y", "x"), ds.max_eirp.dims
t_local = [str(s) for s in ds.time_local.values]
assert len(t_local) == 168 and t_local[0] == "2026-12-07T00:00:00+09:00", t_local[:2]
# Weekday office hours in Tokyo, from the local labels alone (Mon 2026-12-07 .. Sun 12-13).
import datetime as dt
office = np.array([dt.datetime.fromisoformat(s).weekday() < 5 and 8 <= dt.datetime.fromisoformat(s).hour < 18
                   for s in t_local])
assert office.sum() == 50, office.sum()
sets = ds.vacancy_active_set.values
assert len(set(sets.tolist())) == 2, set(sets.tolist())
assert len(set(sets[office].tolist())) == 1 and len(set(sets[~office].tolist())) == 1
assert sets[office][0] != sets[~office][0]
ch = [str(c) for c in ds.channel_id.values]
assert ch == ["4600-4700MHz", "4700-4800MHz", "4800-4900MHz"], ch
cap = 50.0
e = ds.max_eirp.values; b = ds.binding_station.values
t_on = int(np.argmax(office)); t_off = 0
# Receiver off: the system maximum everywhere, nobody binds.
assert np.all(e[t_off] == cap) and np.all(b[t_off] == -1)
# Receiver on: wherever the EIRP is below the cap, the receiver (index 0) binds.
lim = e[t_on] < cap
assert lim.any() and np.all(b[t_on][lim] == 0) and np.all(b[t_on][~lim] == -1)
# Adjacent channel 4600-4700 vs co-channel 4700-4800: the difference is the ACIR of
# ACLR = ACS = 45 dB, -10 log10(2 * 10^-4.5) = 41.9897 dB, where both are below the cap.
acir = -10 * math.log10(2 * 10 ** (-4.5))
both = (e[t_on, 0] < cap) & (e[t_on, 1] < cap)
assert both.any()
d = (e[t_on, 0] - e[t_on, 1])[both]
assert np.allclose(d, acir, atol=2e-3), (d.min(), d.max(), acir)
us = ds.usable_share.values
assert us[t_on, 1].max() < us[t_off, 1].min()
# Aggregate at the receiver: NaN while it is off, above its limit co-channel while it is on.
agg = ds.aggregate_interference.values; mar = ds.aggregate_margin.values
assert np.all(np.isnan(agg[t_off])) and np.all(np.isnan(mar[t_off]))
assert mar[t_on, 1, 0] < 0 < mar[t_on, 0, 0], mar[t_on]
# The aggregate is the power sum of the contributions; the ranking orders them.
c = ds.aggregate_contribution.values[0, 1]
assert abs(10 * math.log10(np.sum(10 ** (c / 10))) - agg[t_on, 1, 0]) < 1e-9
rank = ds.aggregate_ranking.values[0, 1]
assert np.all(np.diff(c[rank]) <= 0)
# MIC: cover area inside the coordination area; GeoJSON polygons in lon/lat.
cov = ds.mic_coverage.values; coo = ds.mic_coordination.values
assert cov.sum() > 0 and np.all(coo[cov == 1] == 1) and coo.sum() > cov.sum()
gj = json.load(open(sys.argv[2]))
kinds = {f["properties"]["kind"] for f in gj["features"]}
assert {"coverage", "coordination"} <= kinds, kinds
x0, y0 = gj["features"][0]["geometry"]["coordinates"][0][0][:2]
assert 136.8 < x0 < 136.95 and 35.05 < y0 < 35.12, (x0, y0)
PY

# --- 2. Port at 28 GHz near an earth station ---------------------------------------------------
f2="$WORK/port.h5"
expect_status 0 -- "$AKICHI" run "$SRC/scenarios/port-28ghz/scenario.toml" -o "$f2" -q \
  && pass "port run"
"$PY" - "$f2" <<'PY' && pass "port: closed-form interference from the earth station" \
  || fail "port outcomes"
import sys, math
import numpy as np, xarray as xr
ds = xr.open_dataset(sys.argv[1], mask_and_scale=False)
x, y, h = ds.x.values, ds.y.values, ds.height.values
ex, ey = float(ds.db_station_x[0]), float(ds.db_station_y[0])
f = 0.5 * (float(ds.db_station_freq_lo[0]) + float(ds.db_station_freq_hi[0]))
lam = 299792458.0 / f
gmax = 10 * math.log10(0.7 * (math.pi * 4.5 / lam) ** 2)     # S.465 dish, efficiency 0.7
X, Y = np.meshgrid(x, y)
acir = -10 * math.log10(10 ** -2.8 + 10 ** -2.3)             # ACLR 28 dB, ACS 23 dB
coupling = [0.0, acir]     # 28300-28500 inside 28200-28600; next channel 100 MHz away
vi = ds.vacancy_interference.values
checked = 0
for k in range(2):
    for ih, hh in enumerate(h):
        d2 = (X - ex) ** 2 + (Y - ey) ** 2
        dz = hh - 8.0                                       # flat terrain: heights only
        d3 = np.sqrt(d2 + dz * dz)
        far = np.sqrt(d2) > 1500                            # > 48 deg off the 49.8 deg boresight
        fs = 20 * np.log10(4 * math.pi * d3 * f / 299792458.0)
        expect = 100.0 - gmax - 10.0 - fs + 10.0 - coupling[k]
        got = vi[0, k, ih]
        assert np.allclose(got[far], expect[far], atol=2e-3), np.abs(got[far] - expect[far]).max()
        checked += int(far.sum())
assert checked > 10000, checked
# No receiver to protect: the cap everywhere; usable where the interference is within N + I/N.
assert np.all(ds.max_eirp.values == 45.0) and np.all(ds.binding_station.values == -1)
u = ds.usable.values; lim = ds.vacancy_newcomer_limit.values
assert np.array_equal(u == 1, vi <= lim[None, :, None, None, None])
us = ds.usable_share.values[0]
assert 0 < us[0, 0] < us[1, 0] <= 1, us
PY

# --- 3. Two neighbouring licensees, one quasi-synchronous -------------------------------------
f3="$WORK/neighbours.h5"
expect_status 0 -- "$AKICHI" run "$SRC/scenarios/neighbours-4.8ghz/scenario.toml" -o "$f3" -q \
  && pass "neighbours run"
mkdir -p "$WORK/n2"
cp "$SRC/scenarios/neighbours-4.8ghz/premises-a.geojson" "$WORK/n2/"
sed -e 's/^tdd_overlap = 0.25$/tdd_overlap = 0.5/' \
    -e 's|^rules = "../rules/|rules = "'"$SRC"'/scenarios/rules/|' \
    "$SRC/scenarios/neighbours-4.8ghz/scenario.toml" > "$WORK/n2/scenario.toml"
grep -q '^tdd_overlap = 0.5$' "$WORK/n2/scenario.toml" || fail "could not vary tdd_overlap"
f4="$WORK/neighbours-half.h5"
expect_status 0 -- "$AKICHI" run "$WORK/n2/scenario.toml" -o "$f4" -q && pass "neighbours run, overlap 0.5"
"$PY" - "$f3" "$f4" <<'PY' && pass "neighbours: TDD overlap and coordination pairs" \
  || fail "neighbours outcomes"
import sys, math
import numpy as np, xarray as xr
a = xr.open_dataset(sys.argv[1], mask_and_scale=False)
b = xr.open_dataset(sys.argv[2], mask_and_scale=False)
src = [str(s) for s in a.source_id.values]
ca, cb = a.aggregate_contribution.values[0, 0], b.aggregate_contribution.values[0, 0]
step = 10 * math.log10(2.0)
assert src == ["a-gnb-1", "a-gnb-1/terminals", "a-gnb-2", "a-gnb-2/terminals", "a-ue-dock"], src
for i, s in enumerate(src):
    want = step if s in ("a-gnb-1", "a-gnb-2") else 0.0      # terminals: uplink, no TDD factor
    assert np.isfinite(ca[i]), (s, ca[i])
    assert abs((cb[i] - ca[i]) - want) < 1e-9, (s, cb[i] - ca[i])
ea, eb = a.max_eirp.values, b.max_eirp.values
ids = [str(s) for s in a.db_station_id.values]
rx = ids.index("b-gnb-1")
bind = (a.binding_station.values == rx) & (b.binding_station.values == rx)
assert bind.any()
assert np.allclose((ea - eb)[bind], step, atol=1e-4), (ea - eb)[bind].min()
assert a.aggregate_margin.values[0, 0, 0] < 0                # campus-a must coordinate
pairs = list(zip([str(s) for s in a.mic_pair_a.values], [str(s) for s in a.mic_pair_b.values]))
assert ("logistics-b", "campus-a") in pairs, pairs
i = pairs.index(("logistics-b", "campus-a"))
assert a.mic_pair_cells_premises.values[i] > 0
assert abs(a.mic_pair_area.values[i] - 100.0 * a.mic_pair_cells.values[i]) < 1e-9
PY

finish
