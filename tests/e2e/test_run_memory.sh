#!/usr/bin/env bash
# The peak memory of a run with large station tensors (docs/methods.md, "Memory of a run"): the
# tensors are streamed to scratch files, so the run's maximum resident set grows by less than
# twice its path-loss tensor and terrain over that of the same study on a tiny grid (the
# libraries' and the allocator's own memory): 0.98 times, where holding them grew it by 2.65. The
# streamed run leaves nothing beside its results file and is the same for 1 and 2 threads.
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
ratio=$(awk -v l="$large" -v t="$tiny" -v d="$((tensor_kib + terrain_kib))" \
  'BEGIN { printf "%.2f", (l - t) / d }')
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
finish
