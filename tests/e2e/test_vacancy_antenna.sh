#!/usr/bin/env bash
# A directional vacancy candidate end to end, on scenarios/factory-4.7ghz: its omnidirectional
# 5 dBi candidate replaced by an ITU-R F.1336-5 sector of 5 dBi maximum gain whose azimuth is
# chosen per cell (azimuth = "best", 30-degree steps). The results carry candidate_azimuth on
# the max_eirp grid (multiples of 30 degrees, CF units) and the pattern in an attribute; the
# sector never allows less than the omnidirectional candidate of the same maximum gain (its gain
# towards any receiver is at most the maximum), and allows more somewhere; the scenario without
# the antenna table writes no candidate_azimuth; bad input is an input error (exit 2).
source "$(dirname "$0")/lib.sh" "$@"
SC="$SRC/scenarios/factory-4.7ghz/scenario.toml"

variant() {  # variant NAME FROM TO
  "$PY" - "$SC" "$WORK/$1/scenario.toml" "$2" "$3" <<'PY'
import sys, pathlib
src, dst, old, new = sys.argv[1:]
text = pathlib.Path(src).read_text()
assert old in text
text = text.replace(old, new, 1)
text = text.replace('"../rules/', '"' + str(pathlib.Path(src).parent.parent / "rules") + "/")
pathlib.Path(dst).parent.mkdir(parents=True, exist_ok=True)
pathlib.Path(dst).write_text(text)
PY
  cp "$SRC"/scenarios/factory-4.7ghz/*.geojson "$WORK/$1/" 2>/dev/null || true
}
variant omni 'antenna_gain_dBi = 5' 'antenna_gain_dBi = 5'
variant best 'antenna_gain_dBi = 5' \
  $'antenna = { type = "f1336", variant = "sector-peak", gain_dBi = 5, hpbw_h_deg = 90, hpbw_v_deg = 30 }\nazimuth = "best"\nazimuth_step_deg = 30'
variant bad 'antenna_gain_dBi = 5' $'antenna = { type = "f1336", variant = "sector-peak", gain_dBi = 5 }\nazimuth = "best"\nazimuth_step_deg = 25'
for v in omni best; do
  expect_status 0 -- "$AKICHI" run "$WORK/$v/scenario.toml" -o "$WORK/$v.h5" --threads 2 ||
    fail "run $v"
done
expect_status 2 -- "$AKICHI" run "$WORK/bad/scenario.toml" -o "$WORK/bad.h5" &&
  expect_output 'vacancy.azimuth_step_deg: found 25, expected a step that divides 360' &&
  pass "a step that does not divide 360 degrees is an input error"

"$PY" - "$WORK" <<'PY' && pass "best azimuth per cell and the sector's max EIRP" || fail "vacancy antenna"
import sys
import numpy as np, xarray as xr
w = sys.argv[1]
o = xr.open_dataset(f"{w}/omni.h5")
b = xr.open_dataset(f"{w}/best.h5")
assert "candidate_azimuth" not in o
az = b.candidate_azimuth
assert az.dims == b.max_eirp.dims, az.dims
assert az.attrs["units"] == "degree" and az.attrs["azimuth_step_deg"] == 30
v = az.values
assert np.all(np.isfinite(v)) and np.all(np.mod(v, 30) == 0) and v.min() >= 0 and v.max() < 360
assert len(np.unique(v)) > 1
assert b.max_eirp.attrs["candidate_antenna"].startswith("f1336 sector-peak"), b.max_eirp.attrs
assert b.max_eirp.attrs["candidate_antenna_gain_dBi"] == 5
mo, mb = o.max_eirp.values, b.max_eirp.values
assert np.all(mb >= mo - 1e-3), (mb - mo).min()
assert (mb > mo + 1).sum() > 100, (mb > mo + 1).sum()
PY
finish
