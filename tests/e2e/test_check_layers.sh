#!/usr/bin/env bash
# scripts/check_layers.py: the repository keeps its layer rules, and the checker fails, naming
# file:line, the include and the rule, on a tree that breaks one (an upward include, a sideways
# include, viz reaching past sim/results, a folder without a rule, a cycle between folders).
source "$(dirname "$0")/lib.sh" "$@"
CHECK="$SRC/scripts/check_layers.py"

expect_status 0 -- "$PY" "$CHECK" --root "$SRC" &&
  expect_output "^check_layers: every include keeps the layer rules$" &&
  pass "the repository keeps the layer rules"

# A small tree that keeps the rules; each case below breaks one.
tree() {
  rm -rf "$WORK/t"
  mkdir -p "$WORK/t/base" "$WORK/t/propagation/geo" "$WORK/t/propagation/models" \
    "$WORK/t/sim/input" "$WORK/t/sim/station" "$WORK/t/sim/results" "$WORK/t/viz"
  echo '#pragma once' >"$WORK/t/base/errors.h"
  printf '#include "base/errors.h"\n' >"$WORK/t/propagation/geo/crs.h"
  printf '#include "propagation/geo/crs.h"\n#include <vector>\n' >"$WORK/t/propagation/models/m.h"
  printf '#include "base/errors.h"\n' >"$WORK/t/sim/input/record.h"
  printf '#include "sim/input/record.h"\n#include "propagation/models/m.h"\n' \
    >"$WORK/t/sim/station/station.h"
  printf '#include "sim/station/station.h"\n' >"$WORK/t/sim/results/reader.h"
  printf '#include "viz/map.h"\n#include "sim/results/reader.h"\n' >"$WORK/t/viz/map.cpp"
  echo '#pragma once' >"$WORK/t/viz/map.h"
}

tree
expect_status 0 -- "$PY" "$CHECK" --root "$WORK/t" --graph &&
  expect_output "^sim/station -> propagation/models, sim/input$" &&
  pass "a tree that keeps the rules passes, and its folder graph is printed"

tree
printf '#pragma once\n\n#include "propagation/geo/crs.h"\n' >"$WORK/t/base/text.h"
expect_status 1 -- "$PY" "$CHECK" --root "$WORK/t" &&
  expect_output '^base/text.h:3: #include "propagation/geo/crs.h": base may not include propagation/geo; rule: base includes nothing of ours outside base/$' &&
  pass "base including propagation fails with the rule"

tree
printf '#include "propagation/models/m.h"\n' >"$WORK/t/propagation/geo/grid.h"
expect_status 1 -- "$PY" "$CHECK" --root "$WORK/t" &&
  expect_output '^propagation/geo/grid.h:1: #include "propagation/models/m.h": propagation/geo may not include propagation/models; rule: propagation/geo \(propagation level 0\) includes base/ and the propagation folders of lower levels only: geo < antenna, surface, terrain < models < engine$' &&
  expect_output '^cycle between folders propagation/geo, propagation/models: ' &&
  pass "an upward include inside propagation fails, and so does the cycle it makes"

tree
mkdir -p "$WORK/t/sim/spectrum"
printf '#include "sim/station/station.h"\n' >"$WORK/t/sim/spectrum/acir.cpp"
expect_status 1 -- "$PY" "$CHECK" --root "$WORK/t" &&
  expect_output '^sim/spectrum/acir.cpp:1: #include "sim/station/station.h": sim/spectrum may not include sim/station; rule: sim/spectrum \(sim level 1\)' &&
  pass "sim/spectrum including sim/station fails with the rule"

tree
printf '#include "propagation/geo/crs.h"\n' >>"$WORK/t/viz/map.cpp"
expect_status 1 -- "$PY" "$CHECK" --root "$WORK/t" &&
  expect_output '^viz/map.cpp:3: #include "propagation/geo/crs.h": viz may not include propagation/geo; rule: viz includes base/ and sim/results/ only' &&
  pass "viz including propagation/geo fails with the rule"

tree
mkdir -p "$WORK/t/python" "$WORK/t/sim/cli"
echo '#pragma once' >"$WORK/t/sim/cli/commands.h"
printf '#include "sim/results/reader.h"\n' >"$WORK/t/python/module.cpp"
expect_status 0 -- "$PY" "$CHECK" --root "$WORK/t" &&
  pass "the Python module including the sim libraries passes"
printf '#include "sim/cli/commands.h"\n' >>"$WORK/t/python/module.cpp"
expect_status 1 -- "$PY" "$CHECK" --root "$WORK/t" &&
  expect_output '^python/module.cpp:2: #include "sim/cli/commands.h": python may not include sim/cli; rule: python includes base/, propagation/ and sim/ \(not sim/cli\)$' &&
  pass "the Python module including the executable's sim/cli fails with the rule"
printf '#include "python/module.h"\n' >>"$WORK/t/sim/results/reader.h"
expect_status 1 -- "$PY" "$CHECK" --root "$WORK/t" &&
  expect_output '^sim/results/reader.h:2: #include "python/module.h": sim/results may not include python' &&
  pass "a library including the Python module fails"

tree
mkdir -p "$WORK/t/sim/newfolder"
printf '#include "base/errors.h"\n' >"$WORK/t/sim/newfolder/x.cpp"
expect_status 1 -- "$PY" "$CHECK" --root "$WORK/t" &&
  expect_output '^sim/newfolder/x.cpp: folder sim/newfolder has no layer rule' &&
  pass "a folder without a rule fails"

tree
printf '#include "missing.h"\n' >>"$WORK/t/sim/input/record.h"
expect_status 1 -- "$PY" "$CHECK" --root "$WORK/t" &&
  expect_output '^sim/input/record.h:2: #include "missing.h": an include without a folder must name a file beside the includer' &&
  pass "an include without a folder that is not beside the includer fails"

finish
