#!/usr/bin/env bash
# akichi models: the table for people and the JSON list for programs, read back with Python;
# a scenario using every listed model passes `akichi check`.
source "$(dirname "$0")/lib.sh" "$@"

expect_status 0 -- "$AKICHI" models && expect_output '^p452-18  \[propagation\.p452-18\]' \
  && expect_output '^ray-2\.5d  \[propagation\.ray\]' && pass "models prints the table"

expect_status 0 -- "$AKICHI" models --json && cp "$WORK/out" "$WORK/models.json"
if "$PY" - "$WORK/models.json" <<'PYEOF'
import json, sys
models = json.load(open(sys.argv[1]))
assert isinstance(models, list) and models, "a non-empty list"
names = [m["name"] for m in models]
assert names == sorted(names) and len(set(names)) == len(names), names
for want in ["free_space", "p526", "tr38901", "p452-18", "p1812", "itm", "ehata-ntia",
             "extended-hata", "p1411", "ray-2.5d"]:
    assert want in names, want
for m in models:
    for key in ("name", "table", "domain", "parameters"):
        assert key in m, (m.get("name"), key)
    d = m["domain"]
    for key in ("frequency_Hz", "distance_m", "tx_height_m", "rx_height_m", "source"):
        assert key in d, (m["name"], key)
    for p in m["parameters"]:
        for key in ("name", "unit", "min", "max", "default", "help"):
            assert key in p, (m["name"], p.get("name"), key)
        if p["type"] in ("number", "integer") and p["default_from"] is None:
            if p["min"] is not None:
                assert p["default"] >= p["min"], (m["name"], p["name"])
            if p["max"] is not None:
                assert p["default"] <= p["max"], (m["name"], p["name"])
        if p["type"] == "string":
            assert p["default"] in p["choices"], (m["name"], p["name"])
by = {m["name"]: m for m in models}
assert by["ray-2.5d"]["table"] == "ray"
assert by["p1812"]["domain"]["frequency_Hz"] == {"min": 30e6, "max": 6e9}
itm = {p["name"]: p for p in by["itm"]["parameters"]}
assert itm["climate"]["min"] == 1 and itm["climate"]["max"] == 7 and itm["climate"]["default"] == 5
assert by["free_space"]["parameters"] == []
tr = {p["name"]: p for p in by["tr38901"]["parameters"]}
assert tr["h_e_m"]["only_with"] == {"scenario": ["UMa"]} and tr["scenario"]["only_with"] is None
PYEOF
then pass "models --json parses and lists every model with its schema"
else fail "models --json"; fi

# Every model the list names is accepted by a scenario, its defaults and table name included.
for name in $("$PY" -c 'import json,sys; print(" ".join(m["name"] for m in json.load(open(sys.argv[1]))))' "$WORK/models.json"); do
  # The model's table (empty: every parameter at its default), when it has parameters.
  table=$("$PY" -c 'import json,sys; m=[m for m in json.load(open(sys.argv[1])) if m["name"] == sys.argv[2]][0]; print(m["table"] if m["parameters"] else "")' "$WORK/models.json" "$name")
  sed -e "s/^model = .*/model = \"$name\"/" -e 's/^freq_MHz = .*/freq_MHz = 2000/' \
    -e '/^\[propagation\.tr38901\]/,/^$/d' "$SRC/scenarios/default/scenario.toml" > "$WORK/m.toml"
  cp "$SRC/scenarios/default/premises.geojson" "$WORK/"
  [ -n "$table" ] && printf '[propagation.%s]\n' "$table" >> "$WORK/m.toml"
  expect_status 0 -- "$AKICHI" check "$WORK/m.toml" && expect_output "^Domain: " \
    && pass "check accepts model $name${table:+ with [propagation.$table]}"
done

# A parameter out of range names the real table and key.
sed -e 's/^model = .*/model = "ehata-ntia"/' -e '/^\[propagation\.tr38901\]/,/^$/d' \
  "$SRC/scenarios/default/scenario.toml" > "$WORK/e.toml"
printf '[propagation.ehata-ntia]\nreliability = 1.5\n' >> "$WORK/e.toml"
expect_status 2 -- "$AKICHI" check "$WORK/e.toml" \
  && expect_output 'e\.toml:[0-9]+:[0-9]+: propagation\.ehata-ntia\.reliability: found 1\.5, expected a number in \(0, 1\)' \
  && pass "out-of-range parameter -> 2 naming [propagation.ehata-ntia]"

finish
