# Shared helpers of the end-to-end tests. Usage in a test: source "$(dirname "$0")/lib.sh" "$@"
set -euo pipefail
AKICHI="$1"
SRC="$2"
PY=/usr/bin/python3   # Debian's interpreter, which has h5py, netCDF4 and xarray
WORK="$(mktemp -d)"
trap '[ -n "${KEEP_WORK:-}" ] || rm -rf "$WORK"' EXIT
failures=0

fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
pass() { echo "ok: $*"; }

# expect_status CODE -- command...   runs the command, captures stdout+stderr in $WORK/out
expect_status() {
  local want="$1"; shift; [ "$1" = "--" ] && shift
  set +e; "$@" >"$WORK/out" 2>&1; local got=$?; set -e
  if [ "$got" -ne "$want" ]; then
    fail "exit status $got, expected $want: $*"; sed 's/^/    /' "$WORK/out" >&2; return 1
  fi
  return 0
}
# expect_output REGEX   the last captured output matches the extended regex
expect_output() {
  if ! grep -Eq -- "$1" "$WORK/out"; then
    fail "output does not match /$1/"; sed 's/^/    /' "$WORK/out" >&2; return 1
  fi
  return 0
}
finish() {
  if [ "$failures" -ne 0 ]; then echo "$failures check(s) failed" >&2; exit 1; fi
  echo "all checks passed"
}
