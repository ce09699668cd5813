#!/usr/bin/env bash
# Damaged results files handed to render and merge end in exit 2 naming the file, never in a
# crash or a hang (tests/data/results-damaged/README.md).
source "$(dirname "$0")/lib.sh" "$@"
D="$SRC/tests/data/results-damaged"

expect_status 2 -- timeout 60 "$AKICHI" merge -o "$WORK/out.h5" "$D/shard1_valid.h5" "$D/merge_abort_shard2.h5" &&
  expect_output "merge_abort_shard2.h5: HDF5 structure: found a file that cannot be read" &&
  pass "merge of a shard with a damaged link heap -> 2, file named"
[ ! -e "$WORK/out.h5" ] && ! ls "$WORK"/out.h5.partial-* >/dev/null 2>&1 &&
  pass "no output and no partial file left" || fail "merge left files: $(ls "$WORK")"

expect_status 2 -- timeout 60 "$AKICHI" render "$D/render_hang.h5" --var sinr -o "$WORK/map.png" &&
  expect_output "render_hang.h5: HDF5 structure: found a global heap collection at byte 8644" &&
  pass "render of a file with a looping global heap -> 2, file and byte named"
[ ! -e "$WORK/map.png" ] && pass "no map written" || fail "a map was written"

# The good shard alone passes the check and reaches merge's own rule (one shard of a sweep of 4).
expect_status 2 -- timeout 60 "$AKICHI" merge -o "$WORK/one.h5" "$D/shard1_valid.h5" &&
  expect_output "variants: found 2 of 4" && pass "a valid shard passes the structure check"

printf 'not a results file\n' >"$WORK/notes.h5"
expect_status 2 -- "$AKICHI" render "$WORK/notes.h5" --var sinr -o "$WORK/x.png" &&
  expect_output "notes.h5: HDF5 structure: found no HDF5 superblock" && pass "text file -> 2"
# A height coordinate shorter than the height dimension of the variable it labels.
"$AKICHI" run "$SRC/scenarios/default/scenario.toml" -o "$WORK/default.h5" --quiet >/dev/null
"$PY" - "$WORK/default.h5" <<'PYEOF'
import sys, h5py, numpy as np
with h5py.File(sys.argv[1], "r+") as f:
    empty = f.create_dataset("height_empty", data=np.zeros((0,)))
    empty.make_scale("height")
    sinr = f["sinr"]
    sinr.dims[0].detach_scale(f["height"])
    sinr.dims[0].attach_scale(empty)
    del f["height"]
    f.move("height_empty", "height")
PYEOF
expect_status 2 -- timeout 60 "$AKICHI" render "$WORK/default.h5" --var sinr -o "$WORK/h.png" &&
  expect_output "default.h5: height: found a coordinate of 0 values, expected 2 values" &&
  pass "render with an empty height coordinate -> 2"
finish
