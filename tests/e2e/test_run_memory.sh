#!/usr/bin/env bash
# The peak memory of a run with large station tensors (docs/methods.md, "Memory of a run"): the
# tensors are streamed to scratch files, so the run's maximum resident set grows by less than
# twice its path-loss tensor and terrain over that of the same study on a tiny grid (the
# libraries' and the allocator's own memory): 0.98 times, where holding them grew it by 2.65. The
# streamed run leaves nothing beside its results file and is the same for 1 and 2 threads. A
# sweep of such variants streams each and keeps its tensor cache in scratch files: its memory
# grows as one variant's.
source "$(dirname "$0")/lib.sh" "$@"
# AddressSanitizer's shadow memory and quarantine are no measure of the run's.
if grep -qa '__asan_init' "$(readlink -f "$AKICHI")"; then
  echo "skipped: akichi is built with AddressSanitizer"; exit 77
fi

# scenario SIZE_M CELL_M: 8 stations on one channel over flat ground, free space, one height.
scenario() {
  cat <<TOML
[area]
center_lat_deg = 35.5
center_lon_deg = 139.7
size_x_m = $1
size_y_m = $1
cell_size_m = $2
rx_heights_m = [1.5]

[terrain]
source = "flat"

[propagation]
model = "free_space"

[output]
compression_level = 1
TOML
  for i in 0 1 2 3 4 5 6 7; do
    cat <<TOML

[[station]]
id = "s$i"
lat_deg = 35.49$i
lon_deg = 139.69$((9 - i))
height_m = 25
freq_MHz = 4850
bandwidth_MHz = 100
eirp_dBm = 50
TOML
  done
}
# 1100 x 1100 cells: a path-loss tensor of 8 x 1.21e6 x 4 B = 38.7 MB (streamed from 32 MiB).
scenario 5500 5 >"$WORK/large.toml"
scenario 5500 500 >"$WORK/tiny.toml"
mkdir "$WORK/out"

# peak_kib TOML OUT THREADS: the maximum resident set (KiB) of `akichi run`, from getrusage.
peak_kib() {
  "$PY" - "$AKICHI" "$@" <<'PY'
import resource, subprocess, sys
akichi, toml, out, threads = sys.argv[1:]
subprocess.run([akichi, "run", toml, "-o", out, "-q", "--threads", threads], check=True,
               stdout=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
PY
}
tiny=$(peak_kib "$WORK/tiny.toml" "$WORK/tiny.h5" 2)
large=$(peak_kib "$WORK/large.toml" "$WORK/out/t2.h5" 2)
# The tensor and the terrain (flat terrain keeps nodes at the cell size, a node of margin).
tensor_kib=$(( 8 * 1100 * 1100 * 4 / 1024 ))
terrain_kib=$(( 1103 * 1103 * 4 / 1024 ))
# growth PEAK_KIB: the growth over the tiny grid's peak, in tensors and terrain.
growth() {
  awk -v l="$1" -v t="$tiny" -v d="$((tensor_kib + terrain_kib))" 'BEGIN { printf "%.2f", (l - t) / d }'
}
ratio=$(growth "$large")
echo "peak: tiny grid $tiny KiB, large grid $large KiB, growth $ratio x (tensor + terrain)"
awk -v r="$ratio" 'BEGIN { exit !(r < 2) }' &&
  pass "memory grows by $ratio x the path-loss tensor and terrain (< 2)" ||
  fail "memory grows by $ratio x the path-loss tensor and terrain, expected < 2"

"$AKICHI" run "$WORK/large.toml" -o "$WORK/out/t1.h5" -q --threads 1 >/dev/null
left=$(cd "$WORK/out" && ls -A | tr '\n' ' ')
[ "$left" = "t1.h5 t2.h5 " ] && pass "nothing left beside the results files" ||
  fail "left in the output folder: $left"
"$PY" "$SRC/tests/e2e/compare_batch.py" "$WORK/out/t1.h5" "$WORK/out/t2.h5" >"$WORK/cmp" 2>&1 &&
  pass "streamed runs of 1 and 2 threads identical: $(cat "$WORK/cmp")" ||
  fail "streamed runs of 1 and 2 threads differ: $(cat "$WORK/cmp")"

# A sweep of such variants streams each one's tensors, and its tensor cache keeps them in scratch
# files beside the output: two heights of s0 times two EIRPs (s0 computed twice, the other
# stations once, every variant after the first served by the cache).
{
  cat "$WORK/large.toml"
  cat <<'TOML'

[sweep]
mode = "product"

[[sweep.param]]
key = "station.s0.height_m"
label = "h"
values = [25, 30]

[[sweep.param]]
key = "station.s0.eirp_dBm"
label = "eirp"
values = [50, 53]
TOML
} >"$WORK/sweep.toml"
mkdir "$WORK/sweep"
swept=$(peak_kib "$WORK/sweep.toml" "$WORK/sweep/batch.h5" 2)
sweep_ratio=$(growth "$swept")
echo "peak: sweep of 4 variants $swept KiB, growth $sweep_ratio x (one variant's tensor + terrain)"
awk -v r="$sweep_ratio" 'BEGIN { exit !(r < 2) }' &&
  pass "a sweep's memory grows by $sweep_ratio x one variant's tensor and terrain (< 2)" ||
  fail "a sweep's memory grows by $sweep_ratio x one variant's tensor and terrain, expected < 2"
left=$(cd "$WORK/sweep" && ls -A | tr '\n' ' ')
[ "$left" = "batch.h5 " ] && pass "nothing left beside the batch file" ||
  fail "left beside the batch file: $left"
"$PY" - "$WORK/sweep/batch.h5" "$WORK/out/t1.h5" <<'PY' >"$WORK/cmp" 2>&1 &&
import sys, h5py
b, s = h5py.File(sys.argv[1], "r"), h5py.File(sys.argv[2], "r")
g = b["h=25,eirp=50"]
for v in ["path_loss", "rx_power", "best_rx_power", "sinr", "best_server"]:
    assert g[v][()].tobytes() == s[v][()].tobytes(), v
assert b["h=30,eirp=53"]["path_loss"][0].tobytes() != s["path_loss"][0].tobytes()
assert b["h=30,eirp=53"]["path_loss"][1:].tobytes() == s["path_loss"][1:].tobytes()
print("the variant h=25,eirp=50 is the plain run bit for bit; h=30 changes s0 alone")
PY
  pass "$(cat "$WORK/cmp")" || fail "streamed sweep against the plain run: $(cat "$WORK/cmp")"
finish
