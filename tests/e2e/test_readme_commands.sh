#!/usr/bin/env bash
# Every shell command of README.md's examples (its ```sh blocks) runs as written, so that none
# goes stale: each in one temporary folder, in the README's order (a later command reads what an
# earlier one wrote), with the scenarios and test data it names reachable by the same relative
# paths and `akichi` being the executable under test. A command fails the test, naming its README
# line, when it exits non-zero or does not write the file its `-o` names. `[--opt]` (an optional
# part) runs once without and once with it. The commands that cannot run in a test are listed in
# SKIPPED below with the reason; a SKIPPED entry that matches no README command fails too, so the
# list cannot outlive the README.
source "$(dirname "$0")/lib.sh" "$@"

mkdir -p "$WORK/bin" "$WORK/run"
ln -s "$(realpath "$AKICHI")" "$WORK/bin/akichi"
ln -s "$SRC/scenarios" "$WORK/run/scenarios"
ln -s "$SRC/tests" "$WORK/run/tests"
# mpirun in a container runs as root, with more ranks than cores (as tests/e2e/test_mpi.sh).
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_btl=self,vader \
  OMPI_MCA_rmaps_base_oversubscribe=1
if ! "$AKICHI" --version | grep -q "with MPI" || ! command -v mpirun >/dev/null; then
  export AKICHI_README_NO_MPI=1
fi

PATH="$WORK/bin:$PATH" "$PY" - "$SRC/README.md" "$WORK/run" <<'PY' && pass "README commands" || fail "README commands"
import os, re, shlex, subprocess, sys

readme, run_dir = sys.argv[1], sys.argv[2]

# Commands that cannot run in a test, by a regular expression on the command, with the reason.
SKIPPED = {
    r"^scripts/quickstart\.sh$": "installs Debian packages (apt-get) and builds in the checkout",
    r"^\.ci/run$": "the whole test suite, of which this test is a part",
    r"^scripts/setup\.sh$": "installs Debian packages (apt-get, sudo)",
    r"^cmake --preset release && cmake --build --preset release$":
        "the release build this test runs from",
    r"^ctest --preset release$": "the test suite, of which this test is a part",
    r"^cmake --preset asan && ": "the sanitizer build and its suite, run by scripts/test.sh",
    r"^build/release/bench/": "a benchmark: a timing run, never asserted in a test",
    r"^akichi serve \S+\.toml ": "a server left running (tests/e2e/test_serve.sh runs it over HTTP)",
}
if os.environ.get("AKICHI_README_NO_MPI"):
    SKIPPED[r"^mpirun "] = "akichi built without MPI or no mpirun"

# (line, command) of every ```sh block, continuation lines joined, comments dropped.
commands, block, pending, start = [], False, "", 0
for number, line in enumerate(open(readme, encoding="utf-8"), 1):
    text = line.rstrip("\n")
    if text.startswith("```"):
        block = (text.strip() == "```sh") if not block else False
        continue
    if not block:
        continue
    if not pending:
        start = number
    code = re.sub(r"(^|\s)#.*$", "", text).rstrip()
    if code.endswith("\\"):
        pending += code[:-1] + " "
        continue
    command = " ".join((pending + code).split())
    pending = ""
    if command:
        commands.append((start, command))
assert len(commands) >= 20, f"only {len(commands)} commands found in {readme}"

used, failures, ran = set(), 0, 0
for number, command in commands:
    reason = next((r for p, r in SKIPPED.items() if re.search(p, command)), None)
    if reason:
        used.update(p for p in SKIPPED if re.search(p, command))
        print(f"skipped README.md:{number}: {command}\n    ({reason})")
        continue
    # An optional part [--x ...] runs without, then with.
    variants = [re.sub(r"\s*\[[^\]]*\]", "", command)]
    if re.search(r"\[-", command):
        variants.append(re.sub(r"\[([^\]]*)\]", r"\1", command))
    for variant in variants:
        ran += 1
        outputs = [m.group(1) for m in re.finditer(r"(?:^|\s)-o\s+(\S+)", variant)]
        for o in outputs:  # a file left by an earlier command must not pass for this one's
            if "$" not in o and os.path.isfile(os.path.join(run_dir, o)):
                os.remove(os.path.join(run_dir, o))
        env = dict(os.environ)
        if re.match(r"^mpirun ", variant):
            # As tests/e2e/test_mpi.sh: under AddressSanitizer, Open MPI's unloaded plugins keep
            # memory LeakSanitizer reports from an <unknown module>; leak checking is off for
            # the ranks alone.
            asan = env.get("ASAN_OPTIONS", "")
            env["ASAN_OPTIONS"] = (asan + ":" if asan else "") + "detect_leaks=0"
        p = subprocess.run(["bash", "-c", "set -e\n" + variant], cwd=run_dir, timeout=300, env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        missing = [o for o in outputs if "$" not in o
                   and not (os.path.isfile(os.path.join(run_dir, o))
                            and os.path.getsize(os.path.join(run_dir, o)) > 0)]
        if p.returncode != 0 or missing:
            failures += 1
            why = f"exit status {p.returncode}" if p.returncode else f"no output {missing}"
            print(f"FAIL README.md:{number}: {why}: {variant}", file=sys.stderr)
            print("\n".join("    " + l for l in p.stdout.splitlines()[-15:]), file=sys.stderr)
        else:
            print(f"ok README.md:{number}: {variant}")

for p in SKIPPED:
    if p not in used:
        failures += 1
        print(f"FAIL: the skipped command /{p}/ is no longer in README.md", file=sys.stderr)
print(f"{ran} README commands run, {len(used)} kinds skipped, {failures} failure(s)")
sys.exit(1 if failures else 0)
PY
finish
