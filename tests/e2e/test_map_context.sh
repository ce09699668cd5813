#!/usr/bin/env bash
# Maps that say where they are, end to end on every example scenario: each map variable of each
# scenario's results renders as PNG (first slice along every leading dimension) with the
# hillshade, graticule, stations and buildings; --no-* leave them out; --basemap warps any
# georeferenced raster (here the terrain as a GeoTIFF reprojected to WGS 84) under the field.
source "$(dirname "$0")/lib.sh" "$@"

for s in "$SRC"/scenarios/*/scenario.toml; do
  n=$(basename "$(dirname "$s")")
  out="$WORK/$n.h5"
  expect_status 0 -- "$AKICHI" run "$s" -o "$out" --threads 2 || { fail "$n: run"; continue; }
  # The render commands of this file: every (y, x) variable, the first slice of each dimension.
  "$PY" - "$out" > "$WORK/$n.cmds" <<'PY'
import sys, h5py
f = h5py.File(sys.argv[1], "r")
batch = f.attrs.get("akichi_batch", 0) == 1
groups = [("", f)]
if batch:
    name = f["variant_name"][0]
    name = name.decode() if isinstance(name, bytes) else name
    groups = [(name, f[name])]
def dims(v):
    return [d[0].name.rsplit("/", 1)[-1] for d in v.dims] if v.dims else []
for variant, g in groups:
    def visit(path, v):
        if not isinstance(v, h5py.Dataset) or v.ndim < 2: return
        d = dims(v)
        if d[-2:] != ["y", "x"]: return
        args = ["--var", path]
        if variant: args += ["--variant", "0"]
        ok = True
        for dim in d[:-2]:
            size = g[path].shape[d.index(dim)]
            if dim == "time": args += ["--time", "0"]
            elif dim == "channel": args += ["--channel", "0"]
            elif dim == "mic_pair": args += ["--pair", "0"]
            elif dim.endswith("station"):
                ids = g[dim + "_id"][:] if (dim + "_id") in g else None
                if ids is None: ok = False; break
                i = ids[0]; args += ["--station", i.decode() if isinstance(i, bytes) else i]
            elif dim == "height": pass
            elif size != 1: ok = False
        if ok: print("\t".join(args))
    g.visititems(visit)
PY
  k=0
  while IFS=$'\t' read -r -a args; do
    k=$((k + 1))
    png="$WORK/$n-$k.png"
    if expect_status 0 -- "$AKICHI" render "$out" "${args[@]}" -o "$png"; then
      [ -s "$png" ] || fail "$n: ${args[*]}: no PNG"
    else
      fail "$n: render ${args[*]}"
    fi
  done < "$WORK/$n.cmds"
  [ "$k" -gt 0 ] || fail "$n: no map variable found"
  pass "$n: $k maps render"
done

# --- the options on the factory study's max-EIRP map -------------------------------------------
f="$WORK/factory-4.7ghz.h5"
sel=(--var max_eirp --time 2026-12-08T10 --channel 4700-4800MHz --height 10)
"$AKICHI" render "$f" "${sel[@]}" -o "$WORK/all.png" > /dev/null
for opt in --no-hillshade --no-graticule --no-stations; do
  "$AKICHI" render "$f" "${sel[@]}" $opt -o "$WORK/opt.png" > /dev/null
  cmp -s "$WORK/all.png" "$WORK/opt.png" && fail "$opt changes nothing" || pass "$opt leaves something out"
done
# The campus (ray model, buildings): --no-buildings differs.
"$AKICHI" render "$WORK/factory-campus.h5" --var best_rx_power -o "$WORK/b1.png" > /dev/null
"$AKICHI" render "$WORK/factory-campus.h5" --var best_rx_power --no-buildings -o "$WORK/b2.png" > /dev/null
cmp -s "$WORK/b1.png" "$WORK/b2.png" && fail "--no-buildings changes nothing" || pass "--no-buildings"

# A basemap in another CRS: the terrain as GeoTIFF, warped by gdalwarp to WGS 84.
"$AKICHI" render "$f" --var terrain_height -o "$WORK/terrain.tif" > /dev/null
gdalwarp -q -t_srs EPSG:4326 "$WORK/terrain.tif" "$WORK/terrain-wgs84.tif"
expect_status 0 -- "$AKICHI" render "$f" "${sel[@]}" --basemap "$WORK/terrain-wgs84.tif" \
  -o "$WORK/basemap.png" && pass "--basemap in WGS 84"
cmp -s "$WORK/all.png" "$WORK/basemap.png" && fail "--basemap changes nothing"
# Refused: a basemap that is not a raster; the PNG options for other outputs.
echo "not a raster" > "$WORK/no.tif"
expect_status 2 -- "$AKICHI" render "$f" "${sel[@]}" --basemap "$WORK/no.tif" -o "$WORK/x.png" \
  && expect_output 'basemap' && pass "a basemap GDAL cannot open is an input error"
expect_status 2 -- "$AKICHI" render "$f" "${sel[@]}" --no-hillshade -o "$WORK/x.tif" \
  && expect_output 'a .png output' && pass "--no-hillshade refused for a GeoTIFF"

finish
