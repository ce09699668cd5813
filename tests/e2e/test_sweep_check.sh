#!/usr/bin/env bash
# `akichi check` of sweep files: the variants are listed with their values and work and every
# one is validated; malformed [sweep] tables and variants the scenario refuses exit 2 with a
# message that names the file, line and (for a variant) its name and values.
source "$(dirname "$0")/lib.sh" "$@"
EX="$SRC/scenarios/sweep-heights/scenario.toml"

expect_status 0 -- "$AKICHI" check "$EX" &&
  expect_output "^Sweep: +mode product, 16 variant\(s\) over hall_height_m, quay_power_dBm$" &&
  expect_output "^ +0  hall_height_m=8,quay_power_dBm=24  \[hall_height_m = 8, quay_power_dBm = 24\]  work 43200 \(4 stations x 1 heights x 10800 cells\); tensors [0-9]+ new, [0-9]+ reused$" &&
  expect_output "^ +15  hall_height_m=20,quay_power_dBm=33 " &&
  expect_output "^Sweep work: 691200 evaluations in all$" &&
  expect_output "and its 16 variant\(s\) are valid$" &&
  [ "$(grep -Ec '^ +[0-9]+  hall_height_m=' "$WORK/out")" -eq 16 ] &&
  pass "check lists the 16 variants of the example with their work"

# A small base scenario (two stations) for the error cases; $1 is appended as the [sweep].
make() {
  cat >"$WORK/s.toml" <<'TOML'
[area]
center_lat_deg = 35.505
center_lon_deg = 139.745
size_x_m = 400
size_y_m = 300
cell_size_m = 10
rx_heights_m = [1.5, 4]

[propagation]
model = "free_space"

[[station]]
id = "gnb-a"
lat_deg = 35.505
lon_deg = 139.744
height_m = 10
freq_MHz = 4850
bandwidth_MHz = 100
tx_power_dBm = 30

[[station]]
id = "gnb-b"
lat_deg = 35.505
lon_deg = 139.746
height_m = 10
freq_MHz = 4850
bandwidth_MHz = 100
tx_power_dBm = 30

TOML
  printf '%s\n' "$1" >>"$WORK/s.toml"
}

make '[sweep]
mode = "lhs"
seed = 3
samples = 5
[[sweep.param]]
key = "station.gnb-*.height_m"
min = 5
max = 25'
expect_status 0 -- "$AKICHI" check "$WORK/s.toml" &&
  expect_output "^Sweep: +mode lhs, 5 variant\(s\) over height_m$" &&
  expect_output "^ +4  s0004  \[height_m = [0-9.]+\]  work 4800 \(2 stations x 2 heights x 1200 cells\); tensors [0-9]+ new, [0-9]+ reused$" &&
  pass "lhs variants s0000..s0004 with their work"

make '[sweep]
mode = "grid"
[[sweep.param]]
key = "station.gnb-a.height_m"
values = [5]'
expect_status 2 -- "$AKICHI" check "$WORK/s.toml" &&
  expect_output "s\.toml:31:[0-9]+: sweep\.mode: found \"grid\"" && pass "unknown mode: file:line"

make '[sweep]
mode = "random"
samples = 4
[[sweep.param]]
key = "station.gnb-a.height_m"
min = 5
max = 20'
expect_status 2 -- "$AKICHI" check "$WORK/s.toml" && expect_output "s\.toml:30:[0-9]+: sweep\.seed: found no value" &&
  pass "missing seed: file:line"

make '[sweep]
[[sweep.param]]
key = "station.gnb-c*.height_m"
values = [5, 10]'
expect_status 2 -- "$AKICHI" check "$WORK/s.toml" &&
  expect_output "s\.toml:32:[0-9]+: sweep\.param\[0\]\.key: .*no \[\[station\]\] with an id matching.*gnb-a, gnb-b" &&
  pass "key matching no station: file:line and the ids"

make '[sweep]
[[sweep.param]]
key = "station.gnb-a.height_m"
values = [5, 10]
group = "g"
[[sweep.param]]
key = "propagation.free_space_extra"
values = [1]
group = "g"'
expect_status 2 -- "$AKICHI" check "$WORK/s.toml" &&
  expect_output "s\.toml:36:[0-9]+: sweep\.param \(group g\): found 1 values for propagation\.free_space_extra, expected 2 values" &&
  pass "zip group length mismatch: file:line"

make '[sweep]
[[sweep.param]]
key = "station.gnb-b.height_m"
values = [12, "high"]'
expect_status 2 -- "$AKICHI" check "$WORK/s.toml" &&
  expect_output "s\.toml:32:[0-9]+: sweep variant height_m=high: .*station.*height_m.*\"high\"" &&
  pass "a value the scenario refuses names the variant"

finish
