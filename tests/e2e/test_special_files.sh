#!/usr/bin/env bash
# Inputs that never end are refused before they are read: a FIFO nobody writes (which would block
# the reader forever), /dev/zero (which would feed it without end) and a directory, given as the
# scenario, as a file it names (premises, station list, antenna pattern, MIC rules), as a p2p
# input, as the results file to render or merge, or as the server's database. Each ends at once
# with exit 2 naming the input and what it is; `timeout` turns a hang into a failure.
source "$(dirname "$0")/lib.sh" "$@"

mkfifo "$WORK/fifo"
cp -r "$SRC/scenarios/default" "$SRC/scenarios/factory-4.7ghz" "$SRC/scenarios/rules" "$WORK/"
D="$WORK/default/scenario.toml"
F="$WORK/factory-4.7ghz/scenario.toml"

refused() {  # refused WHAT PATTERN -- command...
  local what="$1" pattern="$2"; shift 2
  expect_status 2 "$@" && expect_output "$pattern" && pass "$what refused" || fail "$what"
}
t() { timeout 60 "$@"; }

refused "run of a FIFO" "FIFO" -- t "$AKICHI" run "$WORK/fifo" -q
refused "check of /dev/zero" "character device" -- t "$AKICHI" check /dev/zero
refused "run of a directory" "a directory" -- t "$AKICHI" run "$WORK/default" -q

sed "s|^premises = .*|premises = \"$WORK/fifo\"|" "$D" >"$WORK/default/premises-fifo.toml"
refused "premises = a FIFO" "premises.*FIFO" -- t "$AKICHI" check "$WORK/default/premises-fifo.toml"

sed "s|^rules = .*|rules = \"/dev/zero\"|" "$F" >"$WORK/factory-4.7ghz/rules-zero.toml"
refused "mic.rules = /dev/zero" "rules.*character device" -- \
  t "$AKICHI" check "$WORK/factory-4.7ghz/rules-zero.toml"

printf '\n[stations]\nlists = ["%s"]\n' "$WORK/fifo" >>"$WORK/factory-4.7ghz/lists-fifo.toml"
cat "$F" "$WORK/factory-4.7ghz/lists-fifo.toml" >"$WORK/factory-4.7ghz/with-list.toml"
refused "a station list that is a FIFO" "lists.*FIFO" -- \
  t "$AKICHI" check "$WORK/factory-4.7ghz/with-list.toml"

cat >"$WORK/pattern.csv" <<CSV
id,role,lat_deg,lon_deg,height_m,freq_lo_MHz,freq_hi_MHz,eirp_dBm,antenna.type,antenna.pattern
tx-1,incumbent,35.085,136.88,20,4700,4800,40,msi,/dev/zero
CSV
printf '\n[stations]\nlists = ["%s"]\n' "$WORK/pattern.csv" >"$WORK/list.toml"
cat "$F" "$WORK/list.toml" >"$WORK/factory-4.7ghz/with-pattern.toml"
refused "an antenna pattern that is /dev/zero" "antenna.pattern.*character device" -- \
  t "$AKICHI" check "$WORK/factory-4.7ghz/with-pattern.toml"

refused "p2p --cases FIFO" "--cases.*FIFO" -- t "$AKICHI" p2p --model p452-18 \
  --profile "$SRC/tests/data/itu-r-p452-18/profiles/test_profile_b2iseac_eqdist.csv" \
  --cases "$WORK/fifo" -o "$WORK/out.csv"
refused "render of a FIFO" "FIFO" -- t "$AKICHI" render "$WORK/fifo" --var x -o "$WORK/x.png"
refused "merge of /dev/zero" "character device" -- t "$AKICHI" merge -o "$WORK/m.h5" /dev/zero
refused "serve --db FIFO" "FIFO" -- t "$AKICHI" serve token create --db "$WORK/fifo" --role public
finish
