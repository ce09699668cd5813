#!/usr/bin/env bash
# akichi points and akichi compare: a peer file made from akichi's own results differs by
# exactly 0; one with known offsets gives the statistics' closed forms; bad peer files are
# input errors naming the file, the line and the field.
source "$(dirname "$0")/lib.sh" "$@"

cat > "$WORK/s.toml" <<'TOML'
[scenario]
name = "compare"

[area]
center_lat_deg = 35.50
center_lon_deg = 139.75
size_x_m = 1500
size_y_m = 1000
cell_size_m = 50
rx_heights_m = [1.5, 10]

[terrain]
source = "synthetic"
seed = 7
relief_m = 60
wavelength_m = 600

[propagation]
model = "p526"

[[station]]
id = "mast"
lat_deg = 35.50
lon_deg = 139.75
height_m = 20
freq_MHz = 4700
bandwidth_MHz = 40
tx_power_dBm = 30

[[station]]
id = "roof"
lat_deg = 35.502
lon_deg = 139.745
height_m = 12
freq_MHz = 4700
bandwidth_MHz = 40
tx_power_dBm = 30
TOML

expect_status 0 -- "$AKICHI" run "$WORK/s.toml" -o "$WORK/r.h5" --threads 2 || fail "run"
expect_status 0 -- "$AKICHI" points "$WORK/s.toml" -o "$WORK/pts.csv" \
  && expect_output 'pts\.csv: 1200 points \(2 heights x 30 x 20 cells\)' \
  && expect_output 'station roof: 35\.502000000, 139\.745000000, 12 m above ground, 4700 MHz' \
  && pass "points written"

# The points: ids in [height][y][x] order, WGS 84 coordinates that go back to the cell centres.
"$PY" - "$WORK/pts.csv" "$WORK/r.h5" <<'PY' || fail "points file"
import csv, sys, h5py, numpy as np
rows = list(csv.DictReader(open(sys.argv[1])))
assert list(rows[0].keys()) == ["id", "lat_deg", "lon_deg", "height_m", "x_m", "y_m"], rows[0]
f = h5py.File(sys.argv[2])
x, y, h = f["x"][:], f["y"][:], f["height"][:]
assert len(rows) == len(h) * len(y) * len(x)
for r in rows[::97]:
    i = int(r["id"]); k, iy, ix = i // (len(y) * len(x)), (i // len(x)) % len(y), i % len(x)
    assert float(r["x_m"]) == x[ix] and float(r["y_m"]) == y[iy] and float(r["height_m"]) == h[k], r
PY
pass "points are the cell centres"

# Peer files from akichi's own path loss: by id (station roof) and by lat/lon (station mast).
"$PY" - "$WORK" <<'PY' || fail "peer files"
import csv, sys, h5py, numpy as np
w = sys.argv[1]
f = h5py.File(w + "/r.h5")
loss = f["path_loss"][:]            # [station][height][y][x] float32
rows = list(csv.DictReader(open(w + "/pts.csv")))
flat = loss.reshape(loss.shape[0], -1)
with open(w + "/own_roof.csv", "w") as o:
    o.write("id,loss_dB\n")
    for r in rows:
        o.write(f'{r["id"]},{float(flat[1, int(r["id"])])!r}\n')
with open(w + "/own_mast_latlon.csv", "w") as o:
    o.write("# a peer that knows no ids\nlat_deg,lon_deg,height_m,loss_dB\n")
    for r in rows:
        o.write(f'{r["lat_deg"]},{r["lon_deg"]},{r["height_m"]},{float(flat[0, int(r["id"])])!r}\n')
# Known offsets: peer = akichi + 2 i / (n - 1), i the row; delta = -(2 i / (n - 1)).
n = len(rows)
with open(w + "/offsets.csv", "w") as o:
    o.write("id,loss_dB\n")
    for i, r in enumerate(rows):
        o.write(f'{r["id"]},{float(flat[0, int(r["id"])]) + 2.0 * i / (n - 1)!r}\n')
PY

expect_status 0 -- "$AKICHI" compare "$WORK/r.h5" --peer "$WORK/own_roof.csv" --station roof \
  && expect_output 'station roof\)' && expect_output '1200 points of 1200; 2 receiver height\(s\)\); 1200 identical' \
  && expect_output '  all +1200 +0\.000 +0\.000 +0\.000 +0\.000 +0\.00' && pass "own results by id: delta 0"
cp "$WORK/out" "$WORK/own_roof.txt"
expect_status 0 -- "$AKICHI" compare "$WORK/s.toml" --peer "$WORK/own_mast_latlon.csv" \
  && expect_output 'scenario .*s\.toml, computed now' && expect_output '1200 identical' \
  && pass "own computation by lat/lon: delta 0"

# Distance bands and LoS/NLoS split the points: their counts add up to all.
"$PY" - "$WORK/own_roof.txt" <<'PY' || fail "bands and LoS split the points"
import re, sys
t = open(sys.argv[1]).read()
n = lambda label: int(re.search(r"^  " + re.escape(label) + r" +(\d+)", t, re.M).group(1))
bands = re.findall(r"^  ([0-9.]+-[0-9.a-z]+ km) +(\d+)", t, re.M)
assert bands[0][0] == "0-1 km" and bands[-1][0] == "50-inf km", bands
assert sum(int(b[1]) for b in bands) == n("all") == n("LoS") + n("NLoS") == 1200, t
assert n("LoS") > 0 and n("NLoS") > 0, t
PY
pass "bands and LoS/NLoS"

# Known offsets: median and mean -1, 95th percentile |delta| 1.9 (linear interpolation of an
# arithmetic progression), max 2, share beyond 1 dB = (n - 1 - floor((n - 1) / 2)) / n.
expect_status 0 -- "$AKICHI" compare "$WORK/r.h5" --peer "$WORK/offsets.csv" --bands-km 0.5,1 \
  && expect_output '  all +1200 +-1\.000 +-1\.000 +1\.900 +2\.000 +50\.00' \
  && expect_output '  1-inf km ' && pass "known offsets give the closed forms"

# Bad peer files: exit 2 naming the file, the line and the field.
bad() {  # bad NAME CONTENT REGEX
  printf '%b' "$2" > "$WORK/$1"
  expect_status 2 -- "$AKICHI" compare "$WORK/r.h5" --peer "$WORK/$1" && expect_output "$3" \
    && pass "bad peer file $1"
}
bad not_number.csv 'id,loss_dB\n0,100.5\n1,abc\n' "not_number\.csv:3: column loss_dB: found 'abc', expected a number"
bad id_range.csv 'id,loss_dB\n0,100.5\n1200,99\n' "id_range\.csv:3: column id: found '1200', expected a point id of akichi points: a whole number from 0 to 1199"
bad no_point_columns.csv 'x,loss_dB\n0,100.5\n' "no_point_columns\.csv:1: header: found columns x, loss_dB, expected an id column"
bad no_loss.csv 'id,L\n0,100.5\n' "no_loss\.csv:1: header: found no column 'loss_dB'"
bad twice.csv 'id,loss_dB\n5,100.5\n5,100.5\n' "twice\.csv:3: column id: found point 5 a second time, expected each point once"
bad no_height.csv 'lat_deg,lon_deg,loss_dB\n35.5,139.75,100\n' "no_height\.csv:1: header: found no height_m column, expected height_m: the study has 2 receiver heights"
bad off_centre.csv 'lat_deg,lon_deg,height_m,loss_dB\n35.50010,139.75010,1.5,100\n' "off_centre\.csv:2: column lat_deg and column lon_deg: found 35\.50010, 139\.75010 .*expected a cell centre of the study grid, within 1 m"
bad wrong_height.csv 'id,height_m,loss_dB\n0,10,100\n' "wrong_height\.csv:2: column height_m: found '10', expected 1\.5, the height of point 0"
bad infinite.csv 'id,loss_dB\n0,inf\n' "infinite\.csv:2: column loss_dB: found 'inf', expected a finite loss in dB"
expect_status 2 -- "$AKICHI" compare "$WORK/r.h5" --peer "$WORK/own_roof.csv" --station nobody \
  && expect_output "--station: found 'nobody', expected one of mast, roof" && pass "unknown station"
finish
