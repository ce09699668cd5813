#!/usr/bin/env bash
# Temporaries of killed writers ("<final>.partial-<pid>-<n>") are removed by the next command that
# writes the same file, which says so; those of running processes are kept. A run killed with
# SIGKILL while writing leaves no file under the final name.
source "$(dirname "$0")/lib.sh" "$@"

cp -r "$SRC/scenarios/default" "$WORK/"
sleep 0 & dead=$!; wait "$dead"          # a process id that no longer exists
alive=$$                                  # this shell: running
printf 'half a file' >"$WORK/out.h5.partial-$dead-0"
printf 'half a file' >"$WORK/out.h5.partial-$dead-7"
printf 'in progress' >"$WORK/out.h5.partial-$alive-0"
printf 'not ours' >"$WORK/other.h5.partial-$dead-0"

expect_status 0 -- "$AKICHI" run "$WORK/default/scenario.toml" -o "$WORK/out.h5" -q \
  && expect_output "removed $WORK/out.h5.partial-$dead-0, left by process $dead, which no longer runs" \
  && expect_output "removed $WORK/out.h5.partial-$dead-7" \
  && pass "stale temporaries removed and reported" || fail "run"
[ ! -e "$WORK/out.h5.partial-$dead-0" ] && [ ! -e "$WORK/out.h5.partial-$dead-7" ] \
  && pass "dead writer's temporaries gone" || fail "dead writer's temporaries left"
[ -e "$WORK/out.h5.partial-$alive-0" ] && pass "a running process's temporary kept" \
  || fail "a running process's temporary removed"
[ -e "$WORK/other.h5.partial-$dead-0" ] && pass "another file's temporary kept" \
  || fail "another file's temporary removed"
[ -s "$WORK/out.h5" ] && pass "results written" || fail "no results"

# A categorical GeoTIFF killed while written leaves, beside its temporary, GDAL's sidecar
# "<temporary>.aux.xml" and the QGIS style's own temporary: the next render of it removes them
# all, and keeps those of a running writer.
printf 'half' >"$WORK/bs.tif.partial-$dead-3"
printf '<PAMDataset/>' >"$WORK/bs.tif.partial-$dead-3.aux.xml"
printf '<qgis/>' >"$WORK/bs.qml.partial-$dead-4"
printf 'in progress' >"$WORK/bs.tif.partial-$alive-5"
printf '<PAMDataset/>' >"$WORK/bs.tif.partial-$alive-5.aux.xml"
printf '<qgis/>' >"$WORK/bs.qml.partial-$alive-6"
expect_status 0 -- "$AKICHI" render "$WORK/out.h5" --var best_server -o "$WORK/bs.tif" \
  && expect_output "removed $WORK/bs.tif.partial-$dead-3, left by process $dead" \
  && expect_output "removed $WORK/bs.tif.partial-$dead-3.aux.xml, left by process $dead" \
  && expect_output "removed $WORK/bs.qml.partial-$dead-4, left by process $dead" \
  && pass "a killed GeoTIFF's sidecar and style temporaries removed and reported" || fail "render"
[ ! -e "$WORK/bs.tif.partial-$dead-3" ] && [ ! -e "$WORK/bs.tif.partial-$dead-3.aux.xml" ] \
  && [ ! -e "$WORK/bs.qml.partial-$dead-4" ] && pass "dead GeoTIFF writer's files gone" \
  || fail "dead GeoTIFF writer's files left"
[ -e "$WORK/bs.tif.partial-$alive-5" ] && [ -e "$WORK/bs.tif.partial-$alive-5.aux.xml" ] \
  && [ -e "$WORK/bs.qml.partial-$alive-6" ] && pass "a running GeoTIFF writer's files kept" \
  || fail "a running GeoTIFF writer's files removed"
[ -s "$WORK/bs.tif" ] && [ -s "$WORK/bs.tif.aux.xml" ] && [ -s "$WORK/bs.qml" ] \
  && pass "GeoTIFF, its category names and its style written" || fail "GeoTIFF outputs"

# A run killed mid-write: no final file, one temporary, removed by the next run of it.
rm -f "$WORK/k.h5"
"$AKICHI" run "$WORK/default/scenario.toml" -o "$WORK/k.h5" -q >/dev/null 2>&1 &
pid=$!
for _ in $(seq 1 400); do
  ls "$WORK"/k.h5.partial-"$pid"-* >/dev/null 2>&1 && break
  sleep 0.01
done
kill -9 "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
if ls "$WORK"/k.h5.partial-"$pid"-* >/dev/null 2>&1; then
  [ ! -e "$WORK/k.h5" ] && pass "killed run: temporary left, no final file" || fail "k.h5 exists"
  expect_status 0 -- "$AKICHI" run "$WORK/default/scenario.toml" -o "$WORK/k.h5" -q \
    && expect_output "left by process $pid, which no longer runs" \
    && ! ls "$WORK"/k.h5.partial-"$pid"-* >/dev/null 2>&1 \
    && pass "the next run removes it" || fail "the next run"
else
  pass "the run finished before it could be killed (nothing to check)"
fi
finish
