#!/usr/bin/env bash
# Batch runs of a sweep: one file with a group per variant; tensors reused across variants;
# a run killed with SIGKILL or stopped with Ctrl-C leaves a readable file and resumes to the
# same content as an uninterrupted run; shards merged give the same file; the xarray example
# of docs/results-format.md works on it.
source "$(dirname "$0")/lib.sh" "$@"
CMP="$SRC/tests/e2e/compare_batch.py"

cat >"$WORK/sweep.toml" <<'TOML'
[scenario]
name = "batch test"

[area]
center_lat_deg = 35.505
center_lon_deg = 139.745
size_x_m = 1600
size_y_m = 1200
cell_size_m = 5
rx_heights_m = [1.5]

[terrain]
source = "synthetic"
seed = 7
relief_m = 30
wavelength_m = 600

[propagation]
model = "tr38901"

[propagation.tr38901]
scenario = "UMa"
los = "terrain"

[coverage]
service_threshold_dBm = -90

[output]
path = "unused.h5"

[[station]]
id = "mast-a"
lat_deg = 35.505
lon_deg = 139.745
height_m = 15
freq_MHz = 4850
bandwidth_MHz = 100
eirp_dBm = 50

[[station]]
id = "mast-b"
lat_deg = 35.508
lon_deg = 139.749
height_m = 20
freq_MHz = 4850
bandwidth_MHz = 100
eirp_dBm = 50

[sweep]
mode = "product"

[[sweep.param]]
key = "station.mast-a.height_m"
label = "mast_a_height_m"
values = [10, 15, 20, 25, 30]

[[sweep.param]]
key = "coverage.service_threshold_dBm"
label = "threshold_dBm"
values = [-90, -80]
TOML

# Uninterrupted reference run.
expect_status 0 -- "$AKICHI" run "$WORK/sweep.toml" -o "$WORK/full.h5" --threads 1 &&
  expect_output "Batch: +10 of 10 variants complete" &&
  expect_output "Tensors: +6 computed, 14 reused" && pass "10 variants, 6 tensors computed, 14 reused"
cp "$WORK/out" "$WORK/full.log"
"$PY" - "$WORK/full.h5" <<'PY' || fail "batch file layout"
import sys, h5py, numpy as np
f = h5py.File(sys.argv[1], "r")
names = [n.decode() if isinstance(n, bytes) else n for n in f["variant_name"][()]]
assert len(names) == 10, names
assert names[0] == "mast_a_height_m=10,threshold_dBm=-90", names[0]
assert f.attrs["variants_complete"] == 10 and f.attrs["variants_total"] == 10
assert list(f["mast_a_height_m"][()]) == [10, 10, 15, 15, 20, 20, 25, 25, 30, 30]
for n in names:
    g = f[n]
    assert "path_loss" in g and "best_rx_power" in g, n
# mast-b's tensor is the same in every variant; mast-a's changes with its height only.
pl = [f[n]["path_loss"][()] for n in names]
for p in pl[1:]:
    assert p[1].tobytes() == pl[0][1].tobytes()
assert pl[0][0].tobytes() == pl[1][0].tobytes()      # same height, other threshold
assert pl[0][0].tobytes() != pl[2][0].tobytes()      # other height
print("layout ok")
PY

# Each variant equals a plain run of the same scenario without [sweep].
sed -e '/^\[sweep\]/,$d' -e 's/^height_m = 15$/height_m = 25/' -e 's/^service_threshold_dBm = -90$/service_threshold_dBm = -80/' \
  "$WORK/sweep.toml" >"$WORK/single.toml"
"$AKICHI" run "$WORK/single.toml" -o "$WORK/single.h5" --threads 1 -q >/dev/null
"$PY" - "$WORK/full.h5" "$WORK/single.h5" <<'PY' || fail "variant differs from the single run"
import sys, h5py
b, s = h5py.File(sys.argv[1], "r"), h5py.File(sys.argv[2], "r")
g = b["mast_a_height_m=25,threshold_dBm=-80"]
for v in ["path_loss", "rx_power", "best_rx_power", "sinr", "best_server"]:
    assert g[v][()].tobytes() == s[v][()].tobytes(), v
print("variant = single run")
PY
[ $? -eq 0 ] && pass "a variant equals the single run"

# SIGKILL mid-run: the file is readable with the variants complete so far; --resume completes.
rm -f "$WORK/killed.h5"
"$AKICHI" run "$WORK/sweep.toml" -o "$WORK/killed.h5" --threads 1 -q >/dev/null 2>&1 &
pid=$!
for _ in $(seq 1 600); do [ -f "$WORK/killed.h5" ] && break; sleep 0.05; done
kill -9 "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
"$PY" - "$WORK/killed.h5" <<'PY' || fail "file after SIGKILL not readable"
import sys, h5py
f = h5py.File(sys.argv[1], "r")
n = int(f.attrs["variants_complete"])
assert 1 <= n <= 10, n
assert len(f["variant_name"]) == n
print("after SIGKILL:", n, "variant(s) complete")
PY
expect_status 0 -- "$AKICHI" run "$WORK/sweep.toml" -o "$WORK/killed.h5" --threads 1 --resume &&
  expect_output "kept from before" && pass "resumed after SIGKILL"
"$PY" "$CMP" "$WORK/full.h5" "$WORK/killed.h5" >"$WORK/out" || { fail "resumed file differs"; cat "$WORK/out"; }
[ ! -e "$WORK/killed.h5.parts" ] || fail "parts directory left after a complete run"

# Ctrl-C: stops after the current variant with exit status 130; resume completes.
"$AKICHI" run "$WORK/sweep.toml" -o "$WORK/int.h5" --threads 1 >"$WORK/int.log" 2>&1 &
pid=$!
for _ in $(seq 1 600); do grep -q "variant 1/10" "$WORK/int.log" && break; sleep 0.05; done
kill -INT "$pid"
set +e; wait "$pid"; status=$?; set -e
if [ "$status" -eq 130 ]; then
  grep -q -- "--resume" "$WORK/int.log" && pass "Ctrl-C stops after the current variant"
  "$PY" -c "import h5py,sys; f=h5py.File(sys.argv[1]); n=int(f.attrs['variants_complete']); assert 1<=n<10, n" \
    "$WORK/int.h5" || fail "interrupted file"
elif [ "$status" -eq 0 ]; then
  echo "note: the run finished before the interrupt arrived"
else
  fail "exit status $status after SIGINT"; cat "$WORK/int.log" >&2
fi
"$AKICHI" run "$WORK/sweep.toml" -o "$WORK/int.h5" --threads 1 --resume -q >/dev/null
"$PY" "$CMP" "$WORK/full.h5" "$WORK/int.h5" >"$WORK/out" || { fail "file after Ctrl-C + resume differs"; cat "$WORK/out"; }

# Resume of a complete file computes nothing.
expect_status 0 -- "$AKICHI" run "$WORK/sweep.toml" -o "$WORK/int.h5" --threads 1 --resume &&
  expect_output "0 run now, 10 kept" && pass "resume of a complete batch runs nothing"

# Shards and merge.
"$AKICHI" run "$WORK/sweep.toml" -o "$WORK/s1.h5" --shard 1/3 --threads 1 -q >/dev/null
"$AKICHI" run "$WORK/sweep.toml" -o "$WORK/s2.h5" --shard 2/3 --threads 2 -q >/dev/null
expect_status 2 -- "$AKICHI" merge -o "$WORK/merged.h5" "$WORK/s1.h5" "$WORK/s2.h5" &&
  expect_output "missing: .*mast_a_height_m=15,threshold_dBm=-90" && pass "merge names the missing variants"
"$AKICHI" run "$WORK/sweep.toml" -o "$WORK/s3.h5" --shard 3/3 --threads 1 -q >/dev/null
expect_status 0 -- "$AKICHI" merge -o "$WORK/merged.h5" "$WORK/s3.h5" "$WORK/s1.h5" "$WORK/s2.h5" &&
  pass "merge of three shards"
"$PY" "$CMP" "$WORK/full.h5" "$WORK/merged.h5" >"$WORK/out" || { fail "merged shards differ"; cat "$WORK/out"; }
expect_status 2 -- "$AKICHI" run "$WORK/sweep.toml" --shard 4/3 && expect_output "--shard" &&
  pass "bad --shard refused"
expect_status 2 -- "$AKICHI" merge -o "$WORK/m2.h5" "$WORK/single.h5" &&
  expect_output "single.h5" && pass "merge refuses a file that is not a batch"

# The xarray example of docs/results-format.md, run as written there.
sed -n '/^```python batch-example/,/^```/p' "$SRC/docs/results-format.md" | sed '1d;$d' >"$WORK/example.py"
[ -s "$WORK/example.py" ] || fail "no batch example in docs/results-format.md"
(cd "$WORK" && cp full.h5 sweep.nc && "$PY" example.py) >"$WORK/out" 2>&1 || { fail "docs example"; cat "$WORK/out"; }
expect_output "mast_a_height_m" && pass "docs xarray example"
finish
