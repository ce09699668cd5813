#!/usr/bin/env bash
# The command line's contract: version, help, check, and exit status 2 with a precise message
# for bad input.
source "$(dirname "$0")/lib.sh" "$@"

expect_status 0 -- "$AKICHI" --version && expect_output '^akichi [0-9]+\.[0-9]+\.[0-9]+ \(git [0-9a-f]{7,}' \
  && pass "--version"
for sub in run check render; do
  expect_status 0 -- "$AKICHI" "$sub" --help && expect_output 'Usage' && pass "$sub --help"
done
expect_status 2 -- "$AKICHI" frobnicate && pass "unknown subcommand -> 2"

expect_status 0 -- "$AKICHI" check "$SRC/scenarios/default/scenario.toml" \
  && expect_output '240 x 180 cells of 10 m' \
  && expect_output '345600 path-loss evaluations \(4 stations x 2 heights x 43200 cells\)' \
  && pass "check prints grid and work"

# A value of the wrong type: file, line and column, key, found, expected.
sed 's/^cell_size_m = 10$/cell_size_m = "ten"/' "$SRC/scenarios/default/scenario.toml" > "$WORK/bad.toml"
cp "$SRC/scenarios/default/premises.geojson" "$WORK/"
line=$(grep -n '^cell_size_m' "$WORK/bad.toml" | cut -d: -f1)
expect_status 2 -- "$AKICHI" check "$WORK/bad.toml" \
  && expect_output "bad\.toml:$line:[0-9]+: .*cell_size_m.*found.*expected" && pass "type error -> 2 with location"
expect_status 2 -- "$AKICHI" run "$WORK/bad.toml" -o "$WORK/never.h5" && pass "run refuses bad input"
[ -e "$WORK/never.h5" ] && fail "a results file was written for bad input"

# A TOML syntax error.
printf '[area\ncell_size_m = 10\n' > "$WORK/syntax.toml"
expect_status 2 -- "$AKICHI" check "$WORK/syntax.toml" && expect_output 'syntax\.toml:1:' \
  && pass "syntax error -> 2 with location"

# A missing scenario file.
expect_status 2 -- "$AKICHI" check "$WORK/none.toml" && expect_output 'none\.toml' && pass "missing file -> 2"

# An existing results file survives a failed run untouched.
echo "precious" > "$WORK/keep.h5"
expect_status 2 -- "$AKICHI" run "$WORK/bad.toml" -o "$WORK/keep.h5" || true
grep -q precious "$WORK/keep.h5" && pass "existing output untouched" || fail "existing output was changed"

# render: unknown variable and unknown station are input errors.
"$AKICHI" run "$SRC/scenarios/default/scenario.toml" -o "$WORK/r.h5" -q --threads 2 >/dev/null
expect_status 2 -- "$AKICHI" render "$WORK/r.h5" --var nonsense -o "$WORK/x.png" \
  && expect_output 'nonsense' && pass "render unknown variable -> 2"
expect_status 2 -- "$AKICHI" render "$WORK/r.h5" --var rx_power --station nobody -o "$WORK/x.png" \
  && expect_output 'nobody' && pass "render unknown station -> 2"
expect_status 2 -- "$AKICHI" render "$WORK/r.h5" --var sinr -o "$WORK/x.jpg" && pass "render unknown format -> 2"
finish
