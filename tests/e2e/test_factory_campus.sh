#!/usr/bin/env bash
# The factory-campus example: buildings read from GeoJSON, indoor stations found from the
# footprints, the ray-2.5d model with its dominant mechanism per cell, the per-cell indoor flag,
# and the same file at 1 and 2 threads.
source "$(dirname "$0")/lib.sh" "$@"
S="$SRC/scenarios/factory-campus/scenario.toml"
expect_status 0 -- "$AKICHI" check "$S" && expect_output "ray-2.5d" && pass "check"
expect_status 0 -- "$AKICHI" run "$S" -o "$WORK/fc2.h5" --threads 2 &&
  expect_output "buildings: 20 from 20 features \(0 skipped, 0 repaired\)" && pass "run at 2 threads"
"$AKICHI" run "$S" -o "$WORK/fc1.h5" --threads 1 -q >/dev/null
"$PY" "$SRC/tests/e2e/compare_batch.py" "$WORK/fc1.h5" "$WORK/fc2.h5" >"$WORK/out" ||
  { fail "1 and 2 threads differ"; cat "$WORK/out"; }
"$PY" - "$WORK/fc2.h5" <<'PY' || fail "campus results"
import sys, h5py, numpy as np
f = h5py.File(sys.argv[1], "r")
ids = [s.decode() if isinstance(s, bytes) else s for s in f["station_id"][()]]
bids = [s.decode() if isinstance(s, bytes) else s for s in f["building_id"][()]]
assert ids == ["gnb-hall-2", "gnb-hall-6", "gnb-yard", "gnb-office-roof"], ids
# Hall stations indoors in their halls; the mast and the rooftop station (24 m over a 20 m roof) outdoors.
assert list(f["station_indoor"][()]) == [1, 1, 0, 0], f["station_indoor"][()]
sb = f["station_building"][()]
assert bids[sb[0]] == "hall-2" and bids[sb[1]] == "hall-6" and sb[2] == -1, sb
# Indoor cells are exactly the cells inside a footprint (all roofs are above 1.5 m).
indoor = f["indoor"][0]
bidx = f["building_index"][()]
assert indoor.sum() > 1000 and np.array_equal(indoor == 1, bidx >= 0)
# Inside hall-2 the hall's own station serves almost every cell.
hall2 = bids.index("hall-2")
best = f["best_server"][0]
share = np.mean(best[bidx == hall2] == 0)
assert share > 0.9, share
# Every mechanism occurs; the model always says which.
m = f["best_server_mechanism"][0]
counts = np.bincount(m.ravel(), minlength=5)  # 4: through walls (glass offices)
assert counts[0] == 0 and min(counts[1:]) > 100, counts
assert f["mechanism"].attrs["flag_meanings"] == b"none line_of_sight reflected diffracted transmitted" or \
    f["mechanism"].attrs["flag_meanings"] == "none line_of_sight reflected diffracted transmitted"
# The indoor station reaches outdoor cells through the hall's shell: its loss there exceeds the
# free-space loss by at least the P.2109-2 entry loss (thermally efficient, median, >= 20 dB).
pl = f["path_loss"][0, 0]
x, y = f["x"][()], f["y"][()]
sx, sy = f["station_x"][0], f["station_y"][0]
d = np.hypot(x[None, :] - sx, y[:, None] - sy)
d3 = np.hypot(d, 6.5)
fs = 20 * np.log10(4 * np.pi * d3 * 4.85e9 / 299792458.0)
outside = bidx < 0
assert np.min(pl[outside] - fs[outside]) > 20.0, np.min(pl[outside] - fs[outside])
# Inside its own hall the station's links take the TR 38.901 InF path loss (hall: use
# "production hall"; r = 0.2 sparse, station 8 m above h_c = 2 m: InF-SH), LoS-probability
# weighted (Tables 7.4.1-1, 7.4.2-1), without entry loss; cells 1.5 m above the floor.
hall_cells = (bidx == hall2) & (d >= 1.0)
d3h = np.hypot(d, 6.5)
los = 31.84 + 21.5 * np.log10(d3h) + 19.0 * np.log10(4.85)
nlos = np.maximum(32.4 + 23.0 * np.log10(d3h) + 20.0 * np.log10(4.85), los)
k = -2.0 / np.log(1 - 0.2) * (8 - 1.5) / (2 - 1.5)
p_los = np.exp(-d / k)
inf_sh = -10 * np.log10(p_los * 10 ** (-los / 10) + (1 - p_los) * 10 ** (-nlos / 10))
assert hall_cells.sum() > 100, hall_cells.sum()
err = np.max(np.abs(pl[hall_cells] - inf_sh[hall_cells]))
assert err < 0.01, err
print("campus ok:", int(indoor.sum()), "indoor cells; mechanisms", counts.tolist(), "; hall-2 share", share)
PY
finish
