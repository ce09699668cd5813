#!/usr/bin/env bash
# [montecarlo] end to end on scenarios/factory-4.7ghz-montecarlo: `akichi check` describes it;
# `akichi run` writes the /montecarlo group, which xarray opens, with outcomes known in advance
# (every P_I inside its Wilson interval, the interval narrower than asked when converged, a
# monotone CDF, the Monte Carlo mean against the mean-power aggregate of the same file times the
# lognormal mean exp((sigma ln10/10)^2/2)); 1 and 2 threads give the same bits; terminals drawn in
# the served cells (uniform, power control, density raster); the P.2109 entry loss of indoor ends
# drawn; bad tables exit 2 naming the key.
source "$(dirname "$0")/lib.sh" "$@"
SC="$SRC/scenarios/factory-4.7ghz-montecarlo/scenario.toml"

expect_status 0 -- "$AKICHI" check "$SC" &&
  expect_output 'Monte Carlo: up to 200000 trials in batches of 2000 \(seed 7\)' &&
  expect_output 'P_I for I over each receiver.s own limit, \(N\+I\)/N > 1 dB' &&
  pass "check describes [montecarlo]"

expect_status 0 -- "$AKICHI" run "$SC" -o "$WORK/one.h5" --threads 1 &&
  expect_output 'Monte Carlo: [0-9]+ trials \(every interval narrow enough\)' &&
  expect_output 'ps-fixed-rx +i_over_n: P_I [01]\.[0-9]+ \[' && pass "run at 1 thread"
expect_status 0 -- "$AKICHI" run "$SC" -o "$WORK/two.h5" --threads 2 && pass "run at 2 threads"

"$PY" - "$WORK/one.h5" "$WORK/two.h5" <<'PY' && pass "montecarlo group: outcomes" || fail "montecarlo group"
import sys, math
import numpy as np, xarray as xr, h5py
root = xr.open_dataset(sys.argv[1])
mc = xr.open_dataset(sys.argv[1], group="montecarlo")
assert mc.attrs["interval_method"] == "Wilson score"
assert mc.attrs["converged"] == "true", mc.attrs
trials = int(mc.attrs["trials"])
assert trials % 2000 == 0 and trials <= 200000, trials
assert list(mc.criterion_name.values) == ["i_over_n", "n_plus_i_over_n"], mc.criterion_name.values
assert list(mc.percentile.values) == [50.0, 95.0, 99.0]
p, lo, hi = mc.p_interference.values, mc.p_interference_low.values, mc.p_interference_high.values
assert p.shape == (1, 3, 2), p.shape  # receiver, channel, criterion
assert np.all(lo <= p) and np.all(p <= hi), (lo, p, hi)  # 0 and 1 exact at k = 0, n
assert np.all(hi - lo <= 0.01), hi - lo
# The receiver is on in 50 of the 168 hourly slots: about that share of the trials count.
share = mc.trials.values / trials
assert np.all(np.abs(share - 50 / 168) < 0.01), share
# A 1 dB desensitisation is (N+I)/N > 1 dB, I/N > -5.87 dB: the receiver's own criterion here is
# I/N = -10 dB, so it is met less often.
assert np.all(p[..., 1] <= p[..., 0]), p
cdf = mc.i_over_n_cdf.values
assert np.all(np.diff(cdf, axis=-1) >= 0) and np.all((cdf >= 0) & (cdf <= 1))
pct = mc.interference_percentile.values
assert np.all(np.diff(pct, axis=-1) >= 0), pct
# Mean against the mean-power aggregate: over the slots with the receiver on, the power mean of
# aggregate_interference, times the lognormal mean of the shadowing.
agg = root.aggregate_interference.values[:, :, 0]  # time, channel
on = ~np.isnan(agg[:, 0])
mean_agg = np.mean(10 ** (agg[on] / 10), axis=0)
s = 8 * math.log(10) / 10
expected = mean_agg * math.exp(s * s / 2)
got = 10 ** (mc.interference_mean.values[0] / 10)
assert np.all(np.abs(got / expected - 1) < 0.15), (got, expected)
# 1 and 2 threads: the same bits.
with h5py.File(sys.argv[1]) as a, h5py.File(sys.argv[2]) as b:
    for name, d in a["montecarlo"].items():
        x, y = d[()], b["montecarlo"][name][()]
        assert np.array_equal(x, y, equal_nan=x.dtype.kind == "f"), name
print("P_I", p.tolist(), "trials", trials)
PY

mkdir -p "$WORK/bad"
cp "$SRC/scenarios/factory-4.7ghz-montecarlo/premises.geojson" "$WORK/bad/"
# The scenario copied to $WORK/bad with its [montecarlo] table replaced; the MIC rules by their
# absolute path.
bad_rules() { sed -i "s|\"\.\./rules/|\"$SRC/scenarios/rules/|" "$WORK/bad/scenario.toml"; }
run_bad() {
  "$PY" - "$SC" "$WORK/bad/scenario.toml" "$1" <<'PY'
import sys, re, pathlib
src, dst, table = sys.argv[1:]
text = pathlib.Path(src).read_text()
text = re.sub(r"\[montecarlo\]\n(?:[^\[\n][^\n]*\n)*", lambda m: table + "\n\n", text)
pathlib.Path(dst).write_text(text)
PY
  bad_rules
  expect_status 2 -- "$AKICHI" check "$WORK/bad/scenario.toml" && expect_output "$2"
}
run_bad $'[montecarlo]\ncriteria = ["c_over_i"]\nwanted_dBm = -80' \
  'montecarlo\.c_over_i_dB: found no value' && pass "c_over_i needs its threshold"
run_bad $'[montecarlo]\ncriteria = ["i_over_n", "c_over_x"]' \
  'montecarlo\.criteria: found "c_over_x"' && pass "unknown criterion"
run_bad $'[montecarlo]\nn_plus_i_over_n_dB = 1' \
  'montecarlo\.n_plus_i_over_n_dB: .*no n_plus_i_over_n_dB unless criteria lists' &&
  pass "threshold without its criterion"
run_bad $'[montecarlo]\nconfidence = 1' 'montecarlo\.confidence' && pass "confidence range"
run_bad $'[montecarlo]\ntrials = 0' 'montecarlo\.trials' && pass "trials range"
# Terminals drawn in the served cells each trial. Uniformly: the trials' mean coupling is the
# mean over the served cells that the mean-power aggregate holds, so the Monte Carlo mean still
# matches it (as above); with open-loop power control at a P0 far below the terminals' maximum,
# less interference on average; weighted by a density raster (GeoTIFF in the study CRS, terminals
# only in the eastern half), a run; a density without terminals in a served cell, and power
# control without drawn positions, exit 2 naming the key.
run_with() {  # run_with NAME TABLE_LINES: the scenario with TABLE_LINES added to [montecarlo]
  "$PY" - "$SC" "$WORK/$1.toml" "$2" <<'PY'
import sys, pathlib
src, dst, extra = sys.argv[1:]
text = pathlib.Path(src).read_text()
text = text.replace("n_plus_i_over_n_dB = 1\n", "n_plus_i_over_n_dB = 1\n" + extra + "\n", 1)
text = text.replace('"../rules/', '"' + str(pathlib.Path(src).parent.parent / "rules") + "/")
pathlib.Path(dst).write_text(text)
PY
  cp "$SRC/scenarios/factory-4.7ghz-montecarlo/premises.geojson" "$WORK/"
}
"$PY" - "$WORK/density.tif" "$WORK/empty.tif" <<'PY'
import sys
from osgeo import gdal, osr
import numpy as np
srs = osr.SpatialReference(); srs.ImportFromEPSG(32653)
for path, east in ((sys.argv[1], 5.0), (sys.argv[2], 0.0)):
    d = gdal.GetDriverByName("GTiff").Create(path, 60, 40, 1, gdal.GDT_Float32)
    d.SetGeoTransform((669886.0, 50.0, 0, 3885085.8, 0, -50.0)); d.SetProjection(srs.ExportToWkt())
    a = np.zeros((40, 60), np.float32); a[:, 30:] = east
    d.GetRasterBand(1).WriteArray(a); d = None
PY
run_with uniform 'terminal_positions = "uniform"'
run_with control $'terminal_positions = "uniform"\nterminal_p0_dBm = -150\nterminal_alpha = 0.8'
run_with density $'terminal_positions = "density"\nterminal_density = "density.tif"'
run_with empty $'terminal_positions = "density"\nterminal_density = "empty.tif"'
run_with meanpc 'terminal_p0_dBm = -90'
run_with entry 'draw_entry_loss = true'
run_with placedentry $'terminal_positions = "uniform"\ndraw_entry_loss = true'
expect_status 0 -- "$AKICHI" run "$WORK/uniform.toml" -o "$WORK/uniform.h5" --threads 2 &&
  expect_status 0 -- "$AKICHI" run "$WORK/uniform.toml" -o "$WORK/uniform1.h5" --threads 1 &&
  expect_status 0 -- "$AKICHI" run "$WORK/control.toml" -o "$WORK/control.h5" --threads 2 &&
  expect_status 0 -- "$AKICHI" run "$WORK/density.toml" -o "$WORK/density.h5" --threads 2 &&
  expect_status 0 -- "$AKICHI" run "$WORK/entry.toml" -o "$WORK/entry.h5" --threads 2 &&
  expect_status 0 -- "$AKICHI" run "$WORK/placedentry.toml" -o "$WORK/placedentry.h5" --threads 2 &&
  pass "terminals drawn: uniform, power control, density; entry loss drawn"
"$PY" - "$WORK" <<'PY' && pass "terminals drawn: outcomes" || fail "terminals drawn"
import sys, math
import numpy as np, xarray as xr, h5py
w = sys.argv[1]
root = xr.open_dataset(w + "/uniform.h5")
mc = {n: xr.open_dataset(f"{w}/{n}.h5", group="montecarlo") for n in ("uniform", "control", "density")}
agg = root.aggregate_interference.values[:, :, 0]
on = ~np.isnan(agg[:, 0])
s = 8 * math.log(10) / 10
expected = np.mean(10 ** (agg[on] / 10), axis=0) * math.exp(s * s / 2)
got = 10 ** (mc["uniform"].interference_mean.values[0] / 10)
assert np.all(np.abs(got / expected - 1) < 0.15), (got, expected)
lower = 10 ** (mc["control"].interference_mean.values[0] / 10)
assert np.all(lower < got), (lower, got)
assert np.all(np.isfinite(mc["density"].interference_mean.values)), mc["density"].interference_mean
# The two base stations are indoors (no [buildings]: their levels hold no entry loss), so the
# drawn P.2109 loss of their links lowers the mean below that of the base run.
base = 10 ** (xr.open_dataset(w + "/one.h5", group="montecarlo").interference_mean.values[0] / 10)
entry = 10 ** (xr.open_dataset(w + "/entry.h5", group="montecarlo").interference_mean.values[0] / 10)
assert np.all(entry < base), (entry, base)
# Terminals drawn in the cells of the two indoor base stations (no [buildings]: indoors in every
# cell, as their station) draw the P.2109-2 loss of their end too: every link into the outdoor
# receiver then carries one independent whole-loss draw, so the mean is the drawn terminals' mean
# times E[10^(-L/10)] of P.2109-2 at 4.75 GHz, traditional, 0 degrees (eqs. 1-10; P uniform).
from statistics import NormalDist
lf = math.log10(4.75)
mu1, mu2 = 12.64 + 3.72 * lf + 0.96 * lf * lf, 9.1 - 3.0 * lf
s1, s2 = 9.6 + 2.0 * lf, 4.5 - 2.0 * lf
def bel(p):
    q = NormalDist().inv_cdf(p)
    return 10 * math.log10(10 ** (0.1 * (q * s1 + mu1)) + 10 ** (0.1 * (q * s2 + mu2)) + 10 ** -0.3)
n = 20000
factor = sum(10 ** (-bel((k + 0.5) / n) / 10) for k in range(n)) / n
placed = 10 ** (xr.open_dataset(w + "/placedentry.h5", group="montecarlo").interference_mean.values[0] / 10)
ratio = placed / got
assert np.all(np.abs(ratio / factor - 1) < 0.15), (ratio, factor)
print("entry loss on placed terminals: mean ratio", ratio, "P.2109 E[10^(-L/10)]", factor)
with h5py.File(w + "/uniform.h5") as a, h5py.File(w + "/uniform1.h5") as b:
    for name, d in a["montecarlo"].items():
        x, y = d[()], b["montecarlo"][name][()]
        assert np.array_equal(x, y, equal_nan=x.dtype.kind == "f"), name
PY
expect_status 2 -- "$AKICHI" run "$WORK/empty.toml" -o "$WORK/empty.h5" &&
  expect_output 'montecarlo\.terminal_density: found no density in the [0-9]+ cells' &&
  pass "a density without terminals where a station serves"
expect_status 2 -- "$AKICHI" check "$WORK/meanpc.toml" &&
  expect_output 'montecarlo\.terminal_p0_dBm: .*no terminal_p0_dBm unless terminal_positions' &&
  pass "power control needs drawn terminals"

# Without [aggregate].
"$PY" - "$SC" "$WORK/bad/scenario.toml" <<'PY'
import sys, re, pathlib
src, dst = sys.argv[1:]
text = pathlib.Path(src).read_text()
text = re.sub(r"\[aggregate\]\n(?:[^\[\n][^\n]*\n)*", "", text)
pathlib.Path(dst).write_text(text)
PY
bad_rules
expect_status 2 -- "$AKICHI" check "$WORK/bad/scenario.toml" &&
  expect_output 'montecarlo: found a \[montecarlo\] table without \[aggregate\]' &&
  pass "[montecarlo] needs [aggregate]"

finish
