#!/usr/bin/env bash
# [coordination] end to end on scenarios/dpa-like (and scenarios/region-4.7ghz, iterative): `akichi check` describes it; `akichi run`
# writes the /coordination group, which xarray opens, with the move list's outcomes known in
# advance (the kept applicants are those with the smallest contributions at the receiver, the
# kept percentile within the limit, the whole set's above it, kept + moved = the applicants that
# reach it, the granted ones exactly those on no move list); 1 and 2 threads give the same bits;
# the same scenario with method = "iterative" keeps the aggregate within the limit and with
# "fcfs" grants in order, and "channel_assignment" grants at the EIRPs asked at least as many as
# first come, first served does on the channels asked; akichi check's output estimate bounds the
# /coordination group's data; bad tables exit 2 naming the key.
source "$(dirname "$0")/lib.sh" "$@"
SC="$SRC/scenarios/dpa-like/scenario.toml"

expect_status 0 -- "$AKICHI" check "$SC" &&
  expect_output 'Coordination: move lists \(DPA, R2-SGN-24\) of 60 applicants: .*95th percentile of 1000 Monte Carlo trials \(seed 24, shadowing sigma 6 dB\)' &&
  pass "check describes [coordination]"

expect_status 0 -- "$AKICHI" run "$SC" -o "$WORK/one.h5" --threads 1 &&
  expect_output 'Coordination \(move_list\): [0-9]+ of 60 applicants granted' &&
  expect_output 'ps-rx +aggregate after .* [0-9]+ kept, [0-9]+ on the move list' &&
  pass "run at 1 thread"
expect_status 0 -- "$AKICHI" run "$SC" -o "$WORK/two.h5" --threads 2 && pass "run at 2 threads"

"$PY" - "$WORK/one.h5" "$WORK/two.h5" <<'PY' && pass "coordination group: move list" || fail "coordination group"
import sys
import numpy as np, xarray as xr, h5py
root = xr.open_dataset(sys.argv[1])
co = xr.open_dataset(sys.argv[1], group="coordination")
assert co.attrs["method"] == "move_list" and co.attrs["percentile"] == 95.0, co.attrs
assert co.sizes["applicant"] == 60 and co.sizes["receiver"] == 1, co.sizes
status = co.move_list.values[0]          # receiver 0: 0 not reached, 1 kept, 2 moved
kept, moved = status == 1, status == 2
assert kept.sum() == co.kept_count.values[0] and moved.sum() == co.moved_count.values[0]
assert kept.sum() > 0 and moved.sum() > 0, (kept.sum(), moved.sum())
limit = co.receiver_limit.values[0]
assert co.percentile_kept.values[0] <= limit < co.percentile_all.values[0]
# Contributions at the receiver on each applicant's own channel: the kept are the smallest.
contrib = root.aggregate_contribution.values[0]   # channel, source (the base stations)
ch = {c: i for i, c in enumerate(root.channel_id.values.astype(str))}
own = np.array([contrib[ch[c], a] for a, c in enumerate(co.requested_channel.values.astype(str))])
assert own[kept].max() <= own[moved].min(), (own[kept].max(), own[moved].min())
granted = co.granted.values.astype(bool)
assert np.array_equal(granted, ~moved), "granted = on no move list"
assert np.array_equal(np.isnan(co.granted_eirp.values), ~granted)
assert np.allclose(co.granted_eirp.values[granted], co.requested_eirp.values[granted])
assert np.array_equal(co.bound_by.values[:, 0].astype(bool), moved)
assert co.margin_after.values[0] >= 0
with h5py.File(sys.argv[1]) as a, h5py.File(sys.argv[2]) as b:
    for name, d in a["coordination"].items():
        x, y = d[()], b["coordination"][name][()]
        assert np.array_equal(x, y, equal_nan=x.dtype.kind == "f"), name
print("kept", int(kept.sum()), "moved", int(moved.sum()))
PY

# The same applicants under the other methods.
sed -e 's/^method = "move_list"/method = "iterative"/' -e '/^percentile = /d' -e '/^trials = /d' \
  -e '/^seed = 24/d' -e '/^shadowing_sigma_dB = /d' "$SC" >"$WORK/iterative.toml"
expect_status 0 -- "$AKICHI" run "$WORK/iterative.toml" -o "$WORK/it.h5" &&
  expect_output 'Coordination \(iterative\): [0-9]+ of 60 applicants granted in [0-9]+ step' &&
  pass "iterative run"
sed -e 's/^method = "iterative"/method = "fcfs"/' "$WORK/iterative.toml" >"$WORK/fcfs.toml"
expect_status 0 -- "$AKICHI" run "$WORK/fcfs.toml" -o "$WORK/fcfs.h5" && pass "fcfs run"
sed -e 's/^method = "iterative"/method = "channel_assignment"/' "$WORK/iterative.toml" >"$WORK/ca.toml"
expect_status 0 -- "$AKICHI" run "$WORK/ca.toml" -o "$WORK/ca.h5" && pass "channel assignment run"
"$PY" - "$WORK/it.h5" "$WORK/fcfs.h5" "$WORK/ca.h5" <<'PY' && pass "iterative and fcfs outcomes" || fail "iterative / fcfs"
import sys
import numpy as np, xarray as xr
it = xr.open_dataset(sys.argv[1], group="coordination")
fc = xr.open_dataset(sys.argv[2], group="coordination")
assert it.attrs["method"] == "iterative" and it.attrs["step_dB"] == 1.0
# The iterative sharing keeps the receiver within its limit; EIRPs in whole steps below the ask.
assert it.margin_after.values[0] >= -1e-6, it.margin_after.values
g = it.granted.values.astype(bool)
cut = it.requested_eirp.values[g] - it.granted_eirp.values[g]
assert np.all(cut >= 0) and np.allclose(cut, np.round(cut)), cut
steps = it.step_unsettled.values
assert steps[-1] == 0 and np.all(np.diff(steps) <= 0), steps
# FCFS: one step per applicant. The live system's rule leaves out of a judgement a receiver that
# the request reaches at more than 30 dB under its limit, so the aggregate may pass the limit by
# at most the sum of those contributions: a thousandth of the limit per applicant.
assert fc.sizes["step"] == 60 and list(fc.step_unsettled.values) == list(range(59, -1, -1))
assert fc.margin_after.values[0] >= -10 * np.log10(1 + 60 / 1000), fc.margin_after.values
# Channel assignment: every grant at the EIRP asked, on a channel of the plan, within the limit;
# at least as many granted as first come, first served grants as asked on the channels asked.
ca = xr.open_dataset(sys.argv[3], group="coordination")
cg = ca.granted.values.astype(bool)
assert np.allclose(ca.granted_eirp.values[cg], ca.requested_eirp.values[cg])
assert np.all((ca.granted_channel.values[cg] >= 0) & (ca.granted_channel.values[cg] < 3))
assert ca.margin_after.values[0] >= -1e-9, ca.margin_after.values
fg = fc.granted.values.astype(bool)
fc_as_asked = int(np.sum(fc.granted_eirp.values[fg] == fc.requested_eirp.values[fg]))
assert cg.sum() >= fc_as_asked, (cg.sum(), fc_as_asked)
print("iterative granted", int(g.sum()), "fcfs granted", int(fg.sum()), "as asked", fc_as_asked,
      "channel assignment", int(cg.sum()))
PY

# scenarios/region-4.7ghz: 200 applicants, four receivers, iterative fair sharing.
RG="$SRC/scenarios/region-4.7ghz/scenario.toml"
expect_status 0 -- "$AKICHI" run "$RG" -o "$WORK/region.h5" --threads 2 &&
  expect_output 'Coordination \(iterative\): [0-9]+ of 200 applicants granted in [0-9]+ step' &&
  pass "region run"
"$PY" - "$WORK/region.h5" <<'PY' && pass "region outcomes" || fail "region outcomes"
import sys
import numpy as np, xarray as xr
co = xr.open_dataset(sys.argv[1], group="coordination")
assert co.sizes["applicant"] == 200 and co.sizes["receiver"] == 4, co.sizes
assert np.all(co.margin_after.values >= -1e-6), co.margin_after.values
g = co.granted.values.astype(bool)
assert 0 < g.sum() < 200, g.sum()
cut = co.requested_eirp.values[g] - co.granted_eirp.values[g]
assert np.all(cut >= 0) and np.allclose(cut, np.round(cut))
assert np.all(co.granted_eirp.values[g] >= co.attrs["min_eirp_dBm"])
# An applicant cut below what it asked was refused by some receiver it reaches.
cut_any = np.zeros(200, bool)
cut_any[g] = cut > 0
bound = co.bound_by.values.astype(bool)
assert np.all(bound[cut_any].any(axis=1)) and np.all((bound <= co.reaches.values.astype(bool)))
print("granted", int(g.sum()), "steps", co.sizes["step"])
PY

# akichi check's output estimate includes the /coordination group, at least its data in the
# file: every dataset's storage, and the text of the text variables (their heap), for the move
# lists (dpa-like), the iterative sharing (region) and first come, first served.
for pair in "$SC:one.h5" "$RG:region.h5" "$WORK/fcfs.toml:fcfs.h5"; do
  sc="${pair%%:*}" file="$WORK/${pair##*:}"
  expect_status 0 -- "$AKICHI" check "$sc" &&
    grep -E '^ +coordination: ' "$WORK/out" >"$WORK/estimate" &&
    "$PY" - "$WORK/estimate" "$file" <<'PY' && pass "check's estimate of /coordination: ${pair##*:}" || fail "check's estimate of /coordination: ${pair##*:}"
import sys
import h5py, numpy as np
line = open(sys.argv[1]).read().strip()
value, unit = line.rsplit("= ", 1)[1].split()
estimate = float(value) * {"B": 1, "KiB": 2**10, "MiB": 2**20, "GiB": 2**30}[unit]
estimate += 0.05 * {"B": 0, "KiB": 2**10, "MiB": 2**20, "GiB": 2**30}[unit]  # printed rounding
actual = 0
with h5py.File(sys.argv[2]) as f:
    for name, d in f["coordination"].items():
        if not isinstance(d, h5py.Dataset):
            continue
        actual += d.id.get_storage_size()
        if h5py.check_string_dtype(d.dtype) is not None and d.size:
            actual += sum(len(x) for x in d.asstr()[()].ravel())
assert estimate >= actual > 0, (line, estimate, actual)
print(line.strip(), "| in the file:", actual, "B")
PY
done

mkdir -p "$WORK/bad"
run_bad() {
  sed -e '/^\[coordination\]/,/^shadowing_sigma_dB/d' "$SC" >"$WORK/bad/scenario.toml"
  printf '%s\n' "$1" >>"$WORK/bad/scenario.toml"
  expect_status 2 -- "$AKICHI" check "$WORK/bad/scenario.toml" && expect_output "$2"
}
run_bad $'[coordination]\nmethod = "auction"' 'coordination\.method: found "auction"' &&
  pass "unknown method"
run_bad $'[coordination]\nmethod = "fcfs"\norder = ["app-01", "app-99"]' \
  'coordination\.order: found "app-99" \(no \[\[station\]\] with that id\)' && pass "unknown id"
run_bad $'[coordination]\nmethod = "fcfs"\ntrials = 10' \
  'coordination\.trials: .*no trials unless method = "move_list"' && pass "key of another method"

finish
