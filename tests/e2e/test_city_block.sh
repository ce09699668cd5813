#!/usr/bin/env bash
# The city-block example: ray-2.5d over hilly terrain, a tower standing on a podium (two
# overlapping building parts, one building) with a station inside the tower above the podium's
# roof. The terrain changes the losses and brings diffraction; with `terrain = false`, and over a
# flat terrain whatever the option, the model is the one with the ground flat at each end.
source "$(dirname "$0")/lib.sh" "$@"
cp -r "$SRC/scenarios/city-block" "$WORK/cb"
S="$WORK/cb/scenario.toml"
expect_status 0 -- "$AKICHI" check "$S" && expect_output "rays over 15 buildings \(16 parts" &&
  expect_output "terrain under the rays" && pass "check"
expect_status 0 -- "$AKICHI" run "$S" -o "$WORK/hills.h5" --threads 2 &&
  expect_output "buildings: 16 from 16 features \(0 skipped, 0 repaired\)" && pass "run"
sed 's/^terrain = true/terrain = false/' "$S" >"$WORK/cb/off.toml"
expect_status 0 -- "$AKICHI" run "$WORK/cb/off.toml" -o "$WORK/off.h5" --threads 2 &&
  pass "run with terrain = false"
# The same block on flat ground at 20 m, the option on and off.
sed -e '/^\[terrain\]/,/^$/c\[terrain]\nsource = "flat"\nelevation_m = 20\n' "$S" >"$WORK/cb/flat-on.toml"
sed 's/^terrain = true/terrain = false/' "$WORK/cb/flat-on.toml" >"$WORK/cb/flat-off.toml"
for v in flat-on flat-off; do
  expect_status 0 -- "$AKICHI" run "$WORK/cb/$v.toml" -o "$WORK/$v.h5" --threads 2 || fail "$v"
done
"$PY" - "$WORK" <<'PY' || fail "city-block results"
import sys, h5py, numpy as np
w = sys.argv[1]
f = h5py.File(f"{w}/hills.h5", "r")
off = h5py.File(f"{w}/off.h5", "r")
ids = [s.decode() if isinstance(s, bytes) else s for s in f["station_id"][()]]
assert ids == ["gnb-tower", "gnb-street"], ids
# The tower station is indoors (in the tower, above the podium's roof); the mast outdoors.
assert list(f["station_indoor"][()]) == [1, 0], f["station_indoor"][()]
t = f["terrain_height"][()]
assert t.max() - t.min() > 20, (t.min(), t.max())
# The hills change the losses and block rays: more diffracted cells than over flat local ground.
pl, pl_off = f["path_loss"][()], off["path_loss"][()]
changed = np.mean(np.abs(pl - pl_off) > 0.01)
assert changed > 0.5, changed
m, m_off = f["mechanism"][()], off["mechanism"][()]
for s in range(2):
    assert np.sum(m[s] == 3) > np.sum(m_off[s] == 3), (s, np.bincount(m[s].ravel()), np.bincount(m_off[s].ravel()))
assert np.all(np.isfinite(pl))
# On flat ground the option changes nothing, bit for bit.
on, no = h5py.File(f"{w}/flat-on.h5", "r"), h5py.File(f"{w}/flat-off.h5", "r")
assert np.array_equal(on["path_loss"][()], no["path_loss"][()])
assert np.array_equal(on["mechanism"][()], no["mechanism"][()])
print("city-block ok: changed share", round(float(changed), 3))
PY
finish
