#!/usr/bin/env bash
# A runtime failure inside the area engine's parallel loop reaches the command line as exit
# status 1 with a message naming the model and the link, and leaves no results file (the
# failure policy, docs/methods.md "Failures inside the models"). The allocation failure is
# injected by a test library preloaded into akichi (tests/failure/preload_failing_new.cpp):
# the first allocation on a TBB worker thread fails.
# Usage: runtime_failure.sh AKICHI SOURCE_DIR PRELOAD_LIBRARY
source "$(dirname "$0")/lib.sh" "$1" "$2"
PRELOAD="$3"

# Under AddressSanitizer the preload cannot be used: GCC's shared runtime must be the first
# library loaded, and clang's static one defines operator new in the executable itself, before
# any preload. Either way the executable names __asan_init.
if grep -qa '__asan_init' "$(readlink -f "$AKICHI")"; then
  echo "skipped: akichi is built with AddressSanitizer"; exit 77
fi

# The default scenario with ITM, a model that reads the terrain profile, over flat terrain (a
# synthetic terrain is generated on the worker threads too; the area engine must be the first
# to use them).
sed -e 's/^model = "tr38901"$/model = "itm"/' -e '/^\[propagation\.tr38901\]$/,/^los = /d' \
  -e '/^\[terrain\]$/,/^\[propagation\]$/{/^\[propagation\]$/!d}' \
  -e 's/^\[propagation\]$/[terrain]\nsource = "flat"\nelevation_m = 3\n\n[propagation]/' \
  "$SRC/scenarios/default/scenario.toml" > "$WORK/itm.toml"
cp "$SRC/scenarios/default/premises.geojson" "$WORK/"
grep -q '^model = "itm"$' "$WORK/itm.toml" && grep -q '^source = "flat"$' "$WORK/itm.toml" \
  || fail "the scenario was not switched to itm over flat terrain"

expect_status 0 -- "$AKICHI" check "$WORK/itm.toml" && pass "the scenario is valid"
# The injection needs a worker thread to take part in the run; on a loaded machine it may not
# have, and the run then succeeds without a failure to report: such runs are tried again.
for attempt in 1 2 3; do
  set +e
  env LD_PRELOAD="$PRELOAD" "$AKICHI" run "$WORK/itm.toml" -o "$WORK/failed.h5" --threads 2 \
    >"$WORK/out" 2>&1
  got=$?
  set -e
  [ "$got" -ne 0 ] && break
  echo "attempt $attempt: no worker thread allocated, the run completed; trying again"
  rm -f "$WORK/failed.h5"
done
[ "$got" -eq 1 ] || { fail "exit status $got, expected 1"; sed 's/^/    /' "$WORK/out" >&2; }
[ "$got" -eq 1 ] && expect_output "^akichi: failure: propagation model 'itm' failed on the link from the transmitter at x = [0-9.]+ m, y = [0-9.]+ m, h = [0-9.]+ m \([0-9.]+ MHz\) to the receiver at x = [0-9.]+ m, y = [0-9.]+ m, h = [0-9.]+ m: out of memory$" \
  && pass "an allocation failure on a worker thread -> exit 1 naming the model and the link"
[ -e "$WORK/failed.h5" ] && fail "a results file was written by the failed run"
ls "$WORK" | grep -q 'partial' && fail "a temporary results file was left behind"
finish
