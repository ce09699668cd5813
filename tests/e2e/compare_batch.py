"""Compares two akichi results files (single runs or batch files) for identical content.

Every dataset must be bitwise equal and every attribute equal, except what records how and
when a run was made: the `run` groups (threads, ranks, timings, command line) and the
`created` / `history` global attributes. Usage: compare_batch.py A.h5 B.h5; exit 1 on a
difference, printing it.
"""
import sys

import h5py
import numpy as np

SKIP_ATTRS = {"created", "history", "DIMENSION_LIST", "REFERENCE_LIST"}


def skipped(path):
    parts = path.strip("/").split("/")
    return "run" in parts


def attrs_equal(where, x, y):
    kx = {k for k in x.attrs.keys() if k not in SKIP_ATTRS}
    ky = {k for k in y.attrs.keys() if k not in SKIP_ATTRS}
    if kx != ky:
        return f"{where}: attributes differ: {sorted(kx ^ ky)}"
    for k in kx:
        a, b = np.asarray(x.attrs[k]), np.asarray(y.attrs[k])
        if a.dtype.kind in "fiu":
            same = a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()
        else:
            same = np.array_equal(a, b)
        if not same:
            return f"{where}: attribute {k}: {a!r} != {b!r}"
    return None


def compare(fa, fb):
    a, b = h5py.File(fa, "r"), h5py.File(fb, "r")
    names_a, names_b = [], []
    a.visit(lambda n: None if skipped(n) else names_a.append(n))
    b.visit(lambda n: None if skipped(n) else names_b.append(n))
    if names_a != names_b:
        return f"objects differ: {sorted(set(names_a) ^ set(names_b))[:10]} (or their order)"
    problem = attrs_equal("/", a, b)
    if problem:
        return problem
    datasets = 0
    for n in names_a:
        x, y = a[n], b[n]
        if isinstance(x, h5py.Dataset) != isinstance(y, h5py.Dataset):
            return f"{n}: kind differs"
        problem = attrs_equal(n, x, y)
        if problem:
            return problem
        if isinstance(x, h5py.Dataset):
            datasets += 1
            u, v = x[()], y[()]
            if isinstance(u, np.ndarray) and u.dtype.kind in "fiu":
                if u.dtype != v.dtype or u.shape != v.shape or u.tobytes() != v.tobytes():
                    return f"{n}: data differ"
            elif not np.array_equal(np.asarray(u), np.asarray(v)):
                return f"{n}: data differ"
    print(f"{datasets} datasets identical")
    return None


if __name__ == "__main__":
    problem = compare(sys.argv[1], sys.argv[2])
    if problem:
        print(problem)
        sys.exit(1)
