#!/usr/bin/env bash
# akichi run under mpirun: 2 ranks give the same results file as 1 process (every dataset
# bitwise, every attribute but the run group's and the creation time), for a coverage scenario,
# a sharing scenario, a Monte Carlo (its trials split between the ranks), the move lists of
# [coordination] (each receiver's trials split likewise, at 2 and 3 ranks) and a streamed run
# (the stations sent to rank 0); rank 0 alone prints; bad input exits 2 on every rank without a
# hang; a sweep over 2 ranks equals the sweep in one process. Skipped (77) in a build without
# MPI.
source "$(dirname "$0")/lib.sh" "$@"
CMP="$SRC/tests/e2e/compare_batch.py"
if ! "$AKICHI" --version | grep -q "with MPI"; then
  echo "skipped: akichi built without MPI"; exit 77
fi
if ! command -v mpirun >/dev/null; then echo "skipped: no mpirun"; exit 77; fi
# Containers run as root; Open MPI refuses that unless told. Shared memory + self only: no
# network probing.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_btl=self,vader \
  OMPI_MCA_rmaps_base_oversubscribe=1
# Under AddressSanitizer: Open MPI's plugins (dlopen'ed, unloaded by MPI_Finalize) keep memory
# LeakSanitizer reports from an <unknown module>, which no suppression by library can name, so
# leak checking is off for the ranks alone; every akichi code path but the Comm is
# leak-checked by the other end-to-end tests.
RANK_ENV=(env "ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0")
MPI=("${RANK_ENV[@]}" timeout 300 mpirun -n 2 --oversubscribe --mca btl self,vader)

# The MPI Comm's collectives at 3 ranks (the unit test skips itself outside mpirun).
UNIT="$(dirname "$AKICHI")/../tests/akichi_unit_tests"
if [ -x "$UNIT" ]; then
  expect_status 0 -- "${RANK_ENV[@]}" timeout 120 mpirun -n 3 --oversubscribe --mca btl self,vader "$UNIT" \
    --gtest_filter='MpiComm*' --gtest_color=no && [ "$(grep -c '\[  PASSED  \] 1 test' "$WORK/out")" -eq 3 ] &&
    pass "MpiComm collectives at 3 ranks" || fail "MpiComm collectives at 3 ranks"
fi

# Coverage (default scenario).
"$AKICHI" run "$SRC/scenarios/default/scenario.toml" -o "$WORK/one.h5" --threads 1 -q >/dev/null
expect_status 0 -- "${MPI[@]}" "$AKICHI" run "$SRC/scenarios/default/scenario.toml" \
  -o "$WORK/two.h5" --threads 1 && pass "default scenario at 2 ranks"
# Rank 0 alone prints the summary and the results path.
[ "$(grep -c '^Results: ' "$WORK/out")" -eq 1 ] && pass "one summary" || fail "summary count"
expect_output "Ranks: +MPI \(Open MPI" && pass "ranks line"
"$PY" "$CMP" "$WORK/one.h5" "$WORK/two.h5" >"$WORK/cmp" 2>&1 && pass "2 ranks = 1 process: $(cat "$WORK/cmp")" \
  || { fail "default: 2 ranks differ from 1"; cat "$WORK/cmp" >&2; }
"$PY" - "$WORK/two.h5" <<'PY' || fail "run attributes"
import sys, h5py
r = h5py.File(sys.argv[1], "r")["run"].attrs
assert int(r["ranks"]) == 2 and int(r["threads"]) == 1, dict(r)
PY

# Sharing (neighbours: aggregate interference, coupling tensors), 2 ranks x 1 thread.
sc="$SRC/scenarios/neighbours-4.8ghz/scenario.toml"
"$AKICHI" run "$sc" -o "$WORK/n1.h5" --threads 1 -q >/dev/null
expect_status 0 -- "${MPI[@]}" "$AKICHI" run "$sc" -o "$WORK/n2.h5" --threads 1 -q &&
  "$PY" "$CMP" "$WORK/n1.h5" "$WORK/n2.h5" >"$WORK/cmp" 2>&1 && pass "sharing at 2 ranks: $(cat "$WORK/cmp")" \
  || { fail "sharing: 2 ranks differ from 1"; cat "$WORK/cmp" >&2; }

# Monte Carlo ([montecarlo]): the trials of each batch split between the ranks, 2 ranks x 1
# thread against 1 process (the /montecarlo group included in the comparison).
sc="$SRC/scenarios/factory-4.7ghz-montecarlo/scenario.toml"
"$AKICHI" run "$sc" -o "$WORK/m1.h5" --threads 1 -q >/dev/null
expect_status 0 -- "${MPI[@]}" "$AKICHI" run "$sc" -o "$WORK/m2.h5" --threads 1 -q &&
  "$PY" "$CMP" "$WORK/m1.h5" "$WORK/m2.h5" >"$WORK/cmp" 2>&1 &&
  "$PY" -c 'import sys, h5py; assert h5py.File(sys.argv[1])["montecarlo"].attrs["trials"] > 0' \
    "$WORK/m2.h5" && pass "Monte Carlo at 2 ranks: $(cat "$WORK/cmp")" \
  || { fail "Monte Carlo: 2 ranks differ from 1"; cat "$WORK/cmp" >&2; }

# Move lists ([coordination] method = "move_list"): each receiver's trials split between the
# ranks as the Monte Carlo's, at 2 and 3 ranks x 1 thread against 1 process (the /coordination
# group included in the comparison).
sc="$SRC/scenarios/dpa-like/scenario.toml"
"$AKICHI" run "$sc" -o "$WORK/d1.h5" --threads 1 -q >/dev/null
for n in 2 3; do
  expect_status 0 -- "${RANK_ENV[@]}" timeout 300 mpirun -n "$n" --oversubscribe --mca btl self,vader \
    "$AKICHI" run "$sc" -o "$WORK/d$n.h5" --threads 1 -q &&
    "$PY" "$CMP" "$WORK/d1.h5" "$WORK/d$n.h5" >"$WORK/cmp" 2>&1 &&
    "$PY" -c 'import sys, h5py; c = h5py.File(sys.argv[1])["coordination"]; assert c.attrs["method"] in (b"move_list", "move_list") and c["moved_count"][0] > 0' \
      "$WORK/d$n.h5" && pass "move lists at $n ranks: $(cat "$WORK/cmp")" \
    || { fail "move lists: $n ranks differ from 1"; cat "$WORK/cmp" >&2; }
done

# A streamed run (a path-loss tensor of 32 MiB or more: docs/methods.md, "Memory of a run"): the
# ranks send their stations to rank 0, which alone holds one at a time and writes the scratch
# files. 8 stations over 1100 x 1100 cells (38.7 MB), 2 ranks x 1 thread against 1 process;
# rank 0's peak resident set (the results file's run group) grows over that of the same study
# on a tiny grid by less than twice the tensor and terrain (0.6 times; 2.25 when every rank held
# every tensor); nothing is left beside the results.
streamed() {  # SIZE_M CELL_M
  printf '[area]\ncenter_lat_deg = 35.5\ncenter_lon_deg = 139.7\nsize_x_m = %s\nsize_y_m = %s\n' "$1" "$1"
  printf 'cell_size_m = %s\nrx_heights_m = [1.5]\n[terrain]\nsource = "flat"\n' "$2"
  printf '[propagation]\nmodel = "free_space"\n[output]\ncompression_level = 1\n'
  for i in 0 1 2 3 4 5 6 7; do
    printf '[[station]]\nid = "s%s"\nlat_deg = 35.49%s\nlon_deg = 139.69%s\nheight_m = 25\n' \
      "$i" "$i" "$((9 - i))"
    printf 'freq_MHz = 4850\nbandwidth_MHz = 100\neirp_dBm = 50\n'
  done
}
streamed 5500 5 >"$WORK/large.toml"
streamed 5500 500 >"$WORK/tiny.toml"
mkdir "$WORK/streamed"
"$AKICHI" run "$WORK/large.toml" -o "$WORK/s1.h5" --threads 1 -q >/dev/null
expect_status 0 -- "${MPI[@]}" "$AKICHI" run "$WORK/large.toml" -o "$WORK/streamed/s2.h5" --threads 1 -q &&
  "$PY" "$CMP" "$WORK/s1.h5" "$WORK/streamed/s2.h5" >"$WORK/cmp" 2>&1 &&
  pass "streamed run at 2 ranks = 1 process: $(cat "$WORK/cmp")" \
  || { fail "streamed run: 2 ranks differ from 1"; cat "$WORK/cmp" >&2; }
left=$(ls -A "$WORK/streamed" | tr '\n' ' ')
[ "$left" = "s2.h5 " ] && pass "nothing left beside the streamed results" ||
  fail "left beside the streamed results: $left"
if grep -qa '__asan_init' "$(readlink -f "$AKICHI")"; then
  echo "rank 0's memory not measured: akichi is built with AddressSanitizer"
else
  expect_status 0 -- "${MPI[@]}" "$AKICHI" run "$WORK/tiny.toml" -o "$WORK/tiny.h5" --threads 1 -q
  ratio=$("$PY" - "$WORK/tiny.h5" "$WORK/streamed/s2.h5" <<'PY'
import sys, h5py
tiny, large = (float(h5py.File(f, "r")["run"].attrs["peak_rss_kib"]) for f in sys.argv[1:])
tensor_terrain_kib = (8 * 1100 * 1100 * 4 + 1103 * 1103 * 4) / 1024
print(f"{(large - tiny) / tensor_terrain_kib:.2f}")
PY
  )
  awk -v r="$ratio" 'BEGIN { exit !(r < 2) }' &&
    pass "rank 0's memory grows by $ratio x the path-loss tensor and terrain (< 2)" ||
    fail "rank 0's memory grows by $ratio x the path-loss tensor and terrain, expected < 2"
fi

# Bad input: every rank fails alike before any collective; exit 2, one message, no hang.
printf '[scenario]\nname = "x"\n[area]\ncell_size_m = "five"\n' >"$WORK/bad.toml"
expect_status 2 -- "${MPI[@]}" "$AKICHI" run "$WORK/bad.toml" -q &&
  [ "$(grep -c 'akichi: error:' "$WORK/out")" -eq 1 ] && pass "bad input: exit 2, one message" \
  || fail "bad input under mpirun"

# A sweep: rank r runs shard r+1/2, rank 0 merges into the one batch file.
SWEEP="$SRC/scenarios/sweep-heights/scenario.toml"   # 16 variants
"$AKICHI" run "$SWEEP" -o "$WORK/sw1.h5" --threads 1 -q >/dev/null
expect_status 0 -- "${MPI[@]}" "$AKICHI" run "$SWEEP" -o "$WORK/sw2.h5" --threads 1 &&
  expect_output "16 of 16 variants" && "$PY" "$CMP" "$WORK/sw1.h5" "$WORK/sw2.h5" >"$WORK/cmp" 2>&1 &&
  pass "sweep over 2 ranks = one process: $(cat "$WORK/cmp")" \
  || { fail "sweep over 2 ranks"; cat "$WORK/cmp" "$WORK/out" >&2 2>/dev/null; }
ls "$WORK" | grep -q "sw2.shard-" && fail "shard files left behind" || pass "shard files removed"
expect_status 2 -- "${MPI[@]}" "$AKICHI" run "$SWEEP" -o "$WORK/sw3.h5" --shard 1/2 -q &&
  expect_output "--shard" && pass "--shard with ranks rejected"
finish
