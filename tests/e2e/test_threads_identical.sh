#!/usr/bin/env bash
# One thread and two threads give bit-identical results files (all data variables; only the
# creation time and the run group's timings may differ).
source "$(dirname "$0")/lib.sh" "$@"
"$AKICHI" run "$SRC/scenarios/default/scenario.toml" -o "$WORK/t1.h5" --threads 1 -q >/dev/null
"$AKICHI" run "$SRC/scenarios/default/scenario.toml" -o "$WORK/t2.h5" --threads 2 -q >/dev/null
"$PY" - "$WORK/t1.h5" "$WORK/t2.h5" <<'PY' || fail "files differ"
import sys, h5py, numpy as np
a, b = h5py.File(sys.argv[1], "r"), h5py.File(sys.argv[2], "r")
names = []
a.visit(lambda n: names.append(n) if isinstance(a[n], h5py.Dataset) and not n.startswith("run") else None)
assert len(names) > 10, names
for n in names:
    x, y = a[n][()], b[n][()]
    if isinstance(x, np.ndarray) and x.dtype.kind == "f":
        assert x.tobytes() == y.tobytes(), n
    else:
        assert np.array_equal(x, y), n
print(len(names), "datasets identical")
PY
pass "1 and 2 threads identical"
finish
