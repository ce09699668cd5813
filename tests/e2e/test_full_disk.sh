#!/usr/bin/env bash
# A full disk while writing: every writer of a file (run's results file, a sweep's batch file,
# merge, render's PNG and GeoTIFF) ends with exit 1 and a message saying the write failed, leaves
# neither its temporary nor a file under the final name, and exits without a crash (HDF5 used to
# close a file whose flush had failed a second time at exit: SIGSEGV after the message). The
# disk is "full" for the command through RLIMIT_FSIZE (ulimit -f) with SIGXFSZ ignored, so that
# a write past the limit fails with EFBIG as one on a full disk fails with ENOSPC; no root needed.
source "$(dirname "$0")/lib.sh" "$@"

cp -r "$SRC/scenarios/default" "$SRC/scenarios/sweep-heights" "$WORK/"
O="$WORK/o"  # every output of a command under the limit goes here
mkdir "$O"

# full_disk KIB WHAT PATTERN -- command...: the command under a file size limit of KIB KiB.
full_disk() {
  local kib="$1" what="$2" pattern="$3"; shift 3; [ "$1" = "--" ] && shift
  set +e
  (trap '' XFSZ; ulimit -f "$kib"; exec "$@") >"$WORK/out" 2>&1
  local got=$?
  set -e
  if [ "$got" -ne 1 ]; then
    fail "$what: exit status $got, expected 1 (above 128: killed by a signal)"
    cut -c1-300 "$WORK/out" | sed 's/^/    /' >&2
    return 0
  fi
  expect_output "$pattern" || return 0
  local left
  left=$(find "$O" -type f | head -5)  # a sweep's parts folder stays: its resume state
  if [ -n "$left" ]; then fail "$what: left behind: $left"; return 0; fi
  pass "$what: exit 1 with the message, nothing left"
}

# run checks its output's size against the room first (RLIMIT_FSIZE counts): refused, exit 2.
set +e
(trap '' XFSZ; ulimit -f 1024; exec "$AKICHI" run "$WORK/default/scenario.toml" -o "$O/run.h5" -q) \
  >"$WORK/out" 2>&1
got=$?
set -e
[ "$got" -eq 2 ] && expect_output "output: found .* = .* \(4\.0 MiB in all, uncompressed, for .*run\.h5\), expected at most 1\.0 MiB \(free on the output's file system" &&
  [ -z "$(find "$O" -mindepth 1)" ] && pass "run refused before work when the output cannot fit" ||
  fail "run under a 1 MiB file size limit: exit $got"

# --max-output lets it past the check (the estimate is uncompressed): the writer's failure.
full_disk 1024 "run, results file past the disk" \
  "^akichi: failure: HDF5: flush .*run\.h5\.partial-.*File too large" -- \
  "$AKICHI" run "$WORK/default/scenario.toml" -o "$O/run.h5" -q --max-output 1G

full_disk 256 "sweep, batch file past the disk" "^akichi: failure: HDF5: .*File too large" -- \
  "$AKICHI" run "$WORK/sweep-heights/scenario.toml" -o "$O/sweep.h5" -q --max-output 1G
rm -rf "$O"/*

# Inputs for merge and render, written without a limit.
expect_status 0 -- "$AKICHI" run "$WORK/default/scenario.toml" -o "$WORK/ok.h5" -q
for k in 1 2; do
  expect_status 0 -- "$AKICHI" run "$WORK/sweep-heights/scenario.toml" --shard "$k/2" \
    -o "$WORK/s$k.h5" -q
done

full_disk 256 "merge past the disk" \
  "^akichi: failure: merge: .*merged\.h5 needs about .* \(the size of the 2 input files\), the output's file system has 256\.0 KiB free for it" -- \
  "$AKICHI" merge -o "$O/merged.h5" "$WORK/s1.h5" "$WORK/s2.h5"

full_disk 8 "render to PNG past the disk" \
  "^akichi: failure: PNG output '.*m\.png': writing .* failed" -- \
  "$AKICHI" render "$WORK/ok.h5" --var sinr -o "$O/m.png"

full_disk 8 "render to GeoTIFF past the disk" "^akichi: failure: GeoTIFF '.*m\.tif'" -- \
  "$AKICHI" render "$WORK/ok.h5" --var sinr -o "$O/m.tif"

finish
