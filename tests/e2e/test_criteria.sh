#!/usr/bin/env bash
# Protection criteria per reference bandwidth end to end, on scenarios/factory-4.7ghz with its
# public-service receiver (4700-4800 MHz) given a power criterion of -118 dBm per 200 kHz and
# the channel plan cut into 20 MHz channels: by default the criterion holds in the worst 200 kHz,
# so on a channel inside the receiver's band the vacancy where that receiver binds is
# 10 log10(100/20) = 6.99 dB lower than with criterion_mode = "band_average"; the results carry
# the limit in its bandwidth (db_station_limit_bandwidth, only when a limit is windowed); at the
# antenna port the limit is the feeder loss (2 dB) lower.
source "$(dirname "$0")/lib.sh" "$@"
SC="$SRC/scenarios/factory-4.7ghz/scenario.toml"

variant() {  # variant NAME EXTRA_TOML
  "$PY" - "$SC" "$WORK/$1/scenario.toml" "$2" <<'PY'
import sys, pathlib
src, dst, extra = sys.argv[1:]
text = pathlib.Path(src).read_text()
text = text.replace("bandwidth_MHz = 100", "bandwidth_MHz = 20", 1)
text = text.replace("i_over_n_dB = -10\n", "interference_dBm = -118\nref_bandwidth_kHz = 200\n", 1)
text = text.replace('"../rules/', '"' + str(pathlib.Path(src).parent.parent / "rules") + "/")
pathlib.Path(dst).parent.mkdir(parents=True, exist_ok=True)
pathlib.Path(dst).write_text(text + "\n" + extra + "\n")
PY
  cp "$SRC"/scenarios/factory-4.7ghz/*.geojson "$WORK/$1/" 2>/dev/null || true
}
variant worst ''
variant average $'[protection]\ncriterion_mode = "band_average"'
variant port $'[protection]\ncriterion_at = "antenna_port"'
for v in average port worst; do
  expect_status 0 -- "$AKICHI" run "$WORK/$v/scenario.toml" -o "$WORK/$v.h5" --threads 2 ||
    fail "run $v"
done
# The report names the limit's bandwidth.
expect_output 'ps-fixed-rx +limit -118\.0 dBm/200 kHz, margin' && pass "runs in the three settings"

"$PY" - "$WORK" <<'PY' && pass "worst reference bandwidth against the band average" || fail "criteria"
import sys, math
import numpy as np, xarray as xr
w = sys.argv[1]
d = {v: xr.open_dataset(f"{w}/{v}.h5") for v in ("worst", "average", "port")}
ids = list(d["worst"].db_station_id.values)
i = ids.index("ps-fixed-rx")
# Limits: -118 dBm in 200 kHz; the band average -118 + 10 log10(100 MHz / 200 kHz); at the
# antenna port 2 dB (the feeder loss) lower.
assert d["worst"].db_station_limit.values[i] == -118.0
assert d["worst"].db_station_limit_bandwidth.values[i] == 200e3
assert abs(d["average"].db_station_limit.values[i] - (-118 + 10 * math.log10(500))) < 1e-9
assert "db_station_limit_bandwidth" not in d["average"]
assert d["port"].db_station_limit.values[i] == -120.0
# Vacancy on the channels inside 4700-4800 MHz, where the receiver binds in both.
ch = [k for k, c in enumerate(d["worst"].channel_id.values) if 4700 <= float(str(c).split("-")[0]) < 4800]
assert len(ch) == 5, d["worst"].channel_id.values
bw, ba = d["worst"].binding_station.values, d["average"].binding_station.values
mw, ma = d["worst"].max_eirp.values, d["average"].max_eirp.values
sel = np.zeros(mw.shape, bool)
sel[:, ch] = True
both = sel & (bw == i) & (ba == i)
assert both.sum() > 100, both.sum()
diff = (ma - mw)[both]
assert np.all(np.abs(diff - 10 * math.log10(100 / 20)) < 1e-3), (diff.min(), diff.max())
# Outside the receiver's band only the leakage reaches it, flat over the band: no difference.
out = (~sel) & (bw == i) & (ba == i)
if out.sum():
    assert np.all(np.abs((ma - mw)[out]) < 1e-3)
print("cells compared", int(both.sum()), "difference", float(diff.mean()), "dB")
PY
finish
