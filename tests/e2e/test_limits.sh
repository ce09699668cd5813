#!/usr/bin/env bash
# Limits checked before work: `check` and `run` size what a run will hold in memory at its peak
# and write (every station, height, slot, channel and variant) with overflow-checked arithmetic,
# and refuse, exit 2, naming the scenario file, the quantity, its formula and the limit, before
# anything is allocated or written, when it exceeds the memory available, the output's free
# disk, --max-memory or --max-output. The cases of the hardening issue, each refused at once
# (`timeout` turns a run that starts the work into a failure).
source "$(dirname "$0")/lib.sh" "$@"
cd "$WORK"

# scenario SIZE_X SIZE_Y CELL [AREA LINE]: a free-space study with one station, out.h5 beside.
scenario() {
  cat <<TOML
[area]
center_lat_deg = 35.505
center_lon_deg = 139.745
size_x_m = $1
size_y_m = $2
cell_size_m = $3
${4:-}

[propagation]
model = "free_space"

[output]
path = "out.h5"
TOML
}
station() {  # printf, a builtin: 10,000 stations without 10,000 processes
  printf '\n[[station]]\nid = "gnb-%s"\nlat_deg = 35.505\nlon_deg = 139.745\nheight_m = 10\nfreq_MHz = 4850\nbandwidth_MHz = 100\ntx_power_dBm = 30\n' "$1"
}
t() { timeout 120 "$@"; }  # a guard against a run that starts the work, not a benchmark
# refused WHAT PATTERN -- command...: exit 2, the message, no results file nor parts folder.
refused() {
  local what="$1" pattern="$2"; shift 2
  if expect_status 2 "$@" && expect_output "$pattern"; then
    if [ -e out.h5 ] || [ -e out.h5.parts ] || ls out.h5.partial-* >/dev/null 2>&1; then
      fail "$what: an output was left"
    else
      pass "$what"
    fi
  else
    fail "$what"
  fi
}

# A 10^12-cell grid (10^6 x 10^6 cells of 1 m): terabytes, beyond any machine's memory.
{ scenario 1e6 1e6 1; station a; } >huge.toml
refused "check of a 10^12-cell grid" \
  "^akichi: error: huge\.toml: memory: found coverage layers 1 heights x 1000000000000 cells x 14 B = 12\.7 TiB \(2[0-9.]+ TiB in all at the peak\), expected at most [0-9.]+ [KMGT]iB \(the memory available now; --max-memory sets another limit\)$" \
  -- t "$AKICHI" check huge.toml
expect_output "^Peak: +memory 2[0-9.]+ TiB in all; limit " &&
  expect_output "^ +path loss, one station at a time: 1 station x 1 heights x 1000000000000 cells x 4 B = 3\.6 TiB$" &&
  expect_output "^ +scratch path loss \(beside the output while the run lasts\): 1 stations x 1 heights x 1000000000000 cells x 4 B = 3\.6 TiB$" &&
  pass "check prints the estimates it used" || fail "check's estimates"
refused "run of a 10^12-cell grid" "^akichi: error: huge\.toml: memory: found coverage layers 1 heights x 1000000000000 cells x 14 B = 12\.7 TiB" \
  -- t "$AKICHI" run huge.toml

# 4 x 10^8 cells: gigabytes, refused against --max-memory.
{ scenario 20000 20000 1; station a; } >big.toml
refused "run of 4 x 10^8 cells over --max-memory" \
  "^akichi: error: big\.toml: memory: found coverage layers 1 heights x 400000000 cells x 14 B = 5\.2 GiB \(11\.5 GiB in all at the peak\), expected at most 4\.0 GiB \(--max-memory\)$" \
  -- t "$AKICHI" run big.toml --max-memory 4G

# 10,000 stations over 160,000 cells. A single process streams their tensors: it holds one
# station's at a time, and the scratch files beside the output hold them all, so the disk
# refuses the run.
{ scenario 4000 4000 10; for i in $(seq 1 10000); do station "$i"; done; } >stations.toml
refused "run of 10,000 stations" \
  "^akichi: error: stations\.toml: output: found scratch path loss \(beside the output while the run lasts\) 10000 stations x 1 heights x 160000 cells x 4 B = 6\.0 GiB \(2[0-9.]+ GiB in all, uncompressed, for out\.h5\), expected at most 8\.0 GiB \(--max-output\)$" \
  -- t "$AKICHI" run stations.toml --max-output 8G
expect_status 0 -- t "$AKICHI" check stations.toml --max-output 1T &&
  expect_output "^ +path loss, one station at a time: 1 station x 1 heights x 160000 cells x 4 B = 625\.0 KiB$" &&
  expect_output "^ +scratch received power \(likewise\): 10000 stations x 1 heights x 160000 cells x 4 B = 6\.0 GiB$" &&
  pass "check sizes a streamed run: one station in memory, every station on disk" ||
  fail "check's estimate of a streamed run"

# 10^6 receiver heights.
{ scenario 400 300 10 "rx_heights_m = [$(seq -s, 1 1000000)]"; station a; } >heights.toml
refused "run of 10^6 receiver heights" \
  "^akichi: error: heights\.toml: memory: found coverage layers 1000000 heights x 1200 cells x 14 B = 15\.6 GiB \(24\.6 GiB in all at the peak\), expected at most 16\.0 GiB \(--max-memory\)$" \
  -- t "$AKICHI" run heights.toml --max-memory 16G

# A product that overflows 64 bits is "too large", never a small wrapped-around number.
{ scenario 1e6 1e6 1 "rx_heights_m = [$(seq -s, 1 100000)]"; for i in $(seq 1 100); do station "$i"; done; } >overflow.toml
# (A single process holds one station's tensors at a time: the memory fits an exbibyte limit, the
# output's tensors overflow.)
refused "run whose size overflows 64 bits" \
  "^akichi: error: overflow\.toml: output: found scratch path loss \(beside the output while the run lasts\) 100 stations x 100000 heights x 1000000000000 cells x 4 B = more than 16 EiB \(more than 16 EiB in all, uncompressed, for out\.h5\), expected at most " \
  -- t "$AKICHI" run overflow.toml --max-memory 3000000T

# A sweep of 10^6 samples: its batch file, summed over the variants, exceeds --max-output; the
# parts folder is not made.
{ scenario 400 300 10; station a; cat <<'TOML'

[sweep]
mode = "random"
seed = 1
samples = 1000000
[[sweep.param]]
key = "station.gnb-a.height_m"
min = 5
max = 25
TOML
} >samples.toml
refused "run of a 10^6-sample sweep" \
  "^akichi: error: samples\.toml: output: found 1000000 variants like s000000 1000000 x 31\.6 KiB \(largest: coverage layers 1 heights x 1200 cells x 14 B\) = 30\.2 GiB \(30\.2 GiB in all, uncompressed, for out\.h5\), expected at most 10\.0 GiB \(--max-output\)$" \
  -- t "$AKICHI" run samples.toml --max-output 10G

# The cell count is checked before it becomes an int: 3e9 cells along x.
{ scenario 3e9 100 1; station a; } >side.toml
refused "size_x_m = 3e9 with 1 m cells" \
  "^akichi: error: side\.toml:6:15: area\.cell_size_m: found 1 m with size_x_m = 3000000000, size_y_m = 100 \(3000000000 x 100 cells\), expected at most 1000000 cells along each side \(size / cell_size_m\)$" \
  -- t "$AKICHI" check side.toml
# A cell larger than the area: no cell at all.
{ scenario 1000 1000 1e20; station a; } >nocell.toml
refused "cell_size_m = 1e20" \
  "^akichi: error: nocell\.toml:6:15: area\.cell_size_m: found 1e\+20 m with size_x_m = 1000, size_y_m = 1000 \(0 x 0 cells\), expected a cell size that gives at least one cell along each side$" \
  -- t "$AKICHI" run nocell.toml

# The vacancy cube in the file has every time slot: 100,000 one-minute slots x 30 channels x
# 160,000 cells, although the receiver's schedule gives two distinct active sets in memory.
{ scenario 4000 4000 10; cat <<'TOML'

[time]
tz = "Asia/Tokyo"
start = "2026-12-07T00:00"
end = "2027-02-14T10:40"
step_minutes = 1

[spectrum]
band_lo_MHz = 4600
band_hi_MHz = 4900
bandwidth_MHz = 10

[[incumbent]]
id = "rx"
lat_deg = 35.506
lon_deg = 139.746
height_m = 30
freq_lo_MHz = 4700
freq_hi_MHz = 4800
noise_figure_dB = 4
i_over_n_dB = -10
schedule = ["Mon-Fri 08:00-18:00"]

[vacancy]
max_eirp_dBm = 50
min_useful_eirp_dBm = 20
TOML
} >slots.toml
refused "check of 100,000 slots x 30 channels x 160,000 cells" \
  "^akichi: error: slots\.toml: output: found vacancy cube 100000 slots x 30 channels x 1 heights x 160000 cells x 11 B = 4\.8 TiB \(4\.8 TiB in all, uncompressed, for out\.h5\), expected at most 1\.0 TiB \(--max-output\)$" \
  -- t "$AKICHI" check slots.toml --max-output 1T
expect_output "^ +vacancy cube: 2 active sets x 30 channels x 1 heights x 160000 cells x 11 B = 100\.7 MiB$" &&
  pass "check: the cube in memory by active set, in the file by slot" || fail "vacancy cube estimates"

# check of a sweep of 133,000 variants that differ in a station's height and power: sized from
# one parsed variant, checked on a sample of them, not listed.
{ scenario 400 300 10; station a; cat <<TOML

[sweep]
mode = "product"
[[sweep.param]]
key = "station.gnb-a.height_m"
start = 1
stop = 1330
step = 1
[[sweep.param]]
key = "station.gnb-a.tx_power_dBm"
values = [$(seq -s, 1 100)]
TOML
} >product.toml
expect_status 0 -- t "$AKICHI" check product.toml &&
  expect_output "^Sizing: +1 variant scenario\(s\) parsed to size 133000 variants" &&
  expect_output "^Checked: +[0-9]+ of the 133000 variants parsed" &&
  expect_output "^ +133000 variants like height_m=1,tx_power_dBm=1: 133000 x 31\.6 KiB" &&
  expect_output "and its 133000 variant\(s\) are valid$" &&
  pass "check of a sweep of 133,000 variants" || fail "check of 133,000 variants"

# Malformed sizes are input errors naming the option.
refused "--max-memory 12X" "^akichi: error: --max-memory: found \"12X\", expected a size in bytes > 0" \
  -- t "$AKICHI" check big.toml --max-memory 12X

finish
