"""The live sharing system end to end: `akichi serve` on 127.0.0.1, driven over HTTP.

usage: serve_test.py AKICHI SOURCE_DIR [--db-uri URI]

Without --db-uri the database is a GeoPackage in a temporary folder; with it (a "PG:..." string
of an empty PostgreSQL database) the same checks run on PostGIS. Checks real values: the server's
vacancy against the batch cube of `akichi run` at cell centres (bit for bit), grants against the
vacancy's single-entry limit and each other (aggregate), roles (403 and nothing changed),
located errors, durability across kill -9, SIGTERM, the export against the server."""

import math
import os
import signal
import subprocess
import sys
import threading
import time

import h5py
import numpy as np
from osgeo import gdal, osr

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from live import Failure, Server, check, make_token, scenario_copy  # noqa: E402

AKICHI = os.path.abspath(sys.argv[1])
SRC = os.path.abspath(sys.argv[2])
DB_URI = sys.argv[4] if len(sys.argv) > 4 and sys.argv[3] == "--db-uri" else None

TMP, SCEN_DIR = scenario_copy(os.path.join(SRC, "scenarios", "live-industrial-park"))
SCENARIO = os.path.join(SCEN_DIR, "scenario.toml")
DB = DB_URI or os.path.join(TMP, "live.gpkg")
MONDAY_9 = 9  # slot of Monday 09:00 (the axis starts on Monday 00:00, hourly)


def step(name):
    print(f"-- {name}", flush=True)


def batch_cube(scenario, out):
    subprocess.run([AKICHI, "run", scenario, "-o", out, "-q"], check=True,
                   stdout=subprocess.DEVNULL)
    f = h5py.File(out, "r")
    ids = [s.decode() if isinstance(s, bytes) else str(s) for s in f["db_station_id"][()]]
    return f, ids


def compare_with_cube(srv, f, ids, cells, slots, label):
    """The server's vacancy at cell centres equals the batch cube, bit for bit."""
    chans = [c.decode() if isinstance(c, bytes) else str(c) for c in f["channel_id"][()]]
    xs, ys, hs = f["x"][()], f["y"][()], f["height"][()]
    n = 0
    for (iy, ix) in cells:
        for ih, h in enumerate(hs):
            for t in slots:
                st, v = srv.post("/api/vacancy", {"x_m": float(xs[ix]), "y_m": float(ys[iy]),
                                                   "height_m": float(h), "slots": [t, t + 1]})
                check(st == 200, f"{label}: vacancy status {st}: {v}")
                for k, c in enumerate(v["channels"]):
                    check(c["channel"] == chans[k], f"{label}: channel order")
                    want = float(f["max_eirp"][t, k, ih, iy, ix])
                    check(c["max_eirp_dBm"] == want,
                          f"{label}: max_eirp at cell ({iy},{ix}) h {h} slot {t} {chans[k]}: "
                          f"server {c['max_eirp_dBm']!r}, batch {want!r}")
                    b = int(f["binding_station"][t, k, ih, iy, ix])
                    check(c["binding"] == (ids[b] if b >= 0 else None),
                          f"{label}: binding {c['binding']} vs {ids[b] if b >= 0 else None}")
                    i_b = float(f["vacancy_interference"][t, k, ih, iy, ix])
                    i_s = c["interference_dBm"]
                    check((i_s is None and math.isinf(i_b)) or i_s == i_b,
                          f"{label}: interference {i_s} vs {i_b}")
                    check(c["usable"] == bool(f["usable"][t, k, ih, iy, ix]), f"{label}: usable")
                    n += 1
    return n


def main():
    reg = make_token(AKICHI, DB, "regulator")
    lic1 = make_token(AKICHI, DB, "licensee", "factory-01")
    lic2 = make_token(AKICHI, DB, "licensee", "factory-02")
    # A tensor budget and cache folder given: parsed as a size, shown in /metrics.
    srv = Server(AKICHI, SCENARIO, DB, extra=("--tensor-budget", "64MiB", "--tensor-cache",
                                              os.path.join(TMP, "tensors"))).start()
    try:
        # The front end executed the commands executable with huge pages asked of malloc
        # (sim/cli/main.cpp ask_for_huge_pages()), the user's own tunables kept before it.
        with open(f"/proc/{srv.proc.pid}/environ", "rb") as fh:
            env = dict(kv.split(b"=", 1) for kv in fh.read().split(b"\0") if b"=" in kv)
        tunables = env.get(b"GLIBC_TUNABLES", b"").decode()
        own = os.environ.get("GLIBC_TUNABLES", "")
        check(tunables == (own + ":" if own else "") + "glibc.malloc.hugetlb=1"
              or "glibc.malloc.hugetlb" in own, f"the server's GLIBC_TUNABLES {tunables!r}")
        run_checks(srv, reg, lic1, lic2)
    finally:
        if srv.proc is not None:
            srv.stop()
    print("serve_test: all checks passed")


MERCATOR_HALF = 20037508.342789244


def transformer(src_epsg, dst_epsg):
    a, b = osr.SpatialReference(), osr.SpatialReference()
    a.ImportFromEPSG(src_epsg)
    b.ImportFromEPSG(dst_epsg)
    for r in (a, b):
        r.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return osr.CoordinateTransformation(a, b)


def metric(text, name):
    """The value of an unlabelled metric in the Prometheus text."""
    for line in text.splitlines():
        if line.startswith(name + " "):
            return float(line.split()[1])
    raise Failure(f"no metric {name}")


def tile_and_pixel(lon, lat, z):
    """The XYZ tile at zoom z holding (lon, lat) and the pixel of that tile there."""
    x, y, _ = transformer(4326, 3857).TransformPoint(lon, lat)
    res = 2 * MERCATOR_HALF / 2 ** z / 256
    px, py = math.floor((x + MERCATOR_HALF) / res), math.floor((MERCATOR_HALF - y) / res)
    return (px // 256, py // 256), (px % 256, py % 256)


def png_rgba(data):
    """A PNG's bands as an array [band, row, column] (GDAL's PNG driver)."""
    name = f"/vsimem/serve_test_{time.monotonic_ns()}.png"
    gdal.FileFromMemBuffer(name, data)
    ds = gdal.Open(name)
    arr = ds.ReadAsArray()
    ds = None
    gdal.Unlink(name)
    return arr


def check_tiles(srv, epsg):
    """Map layers as XYZ tiles; returns what check_stale_tiles() needs after a write."""
    step("map layers: the registry, tiles, their colours and values, errors, ETag and 304")
    st, ls = srv.get("/api/layers")
    layers = {l["name"]: l for l in ls["layers"]}
    check(st == 200 and list(layers) == ["hillshade", "max_eirp", "aggregate_margin", "coverage",
                                         "sinr", "best_server"], f"layers {st} {list(layers)}")
    check(layers["best_server"]["legend"]["categorical"] and layers["coverage"]["tiles"]
          == "/api/tiles/coverage/{z}/{x}/{y}.png?slot={slot}&height_m={height_m}",
          f"engine layers {layers['best_server']} {layers['coverage']}")
    me = layers["max_eirp"]
    check(me["tiles"] == "/api/tiles/max_eirp/{z}/{x}/{y}.png?channel={channel}&slot={slot}"
          "&height_m={height_m}" and me["unit"] == "dBm" and len(me["legend"]["stops"]) == 17
          and me["legend"]["stops"][0]["colour"] == "#440154"
          and me["legend"]["stops"][-1]["colour"] == "#fde725", f"max_eirp layer {me}")
    q = "channel=n79-4700&slot=9&height_m=10"
    # The study area is 4 km x 3 km around (136.64 E, 34.97 N): at zoom 16 the tile holding its
    # centre lies inside it.
    (tx, ty), _ = tile_and_pixel(136.64, 34.97, 16)
    url = f"/api/tiles/max_eirp/16/{tx}/{ty}.png?{q}"
    st, hd, body = srv.raw(url)
    check(st == 200 and hd["Content-Type"] == "image/png" and body[:8] == b"\x89PNG\r\n\x1a\n",
          f"tile {st} {hd}")
    img = png_rgba(body)
    check(img.shape == (4, 256, 256), f"tile shape {img.shape}")
    check(int(img[3].min()) == 255, "a tile inside the area is opaque")
    for z, x, y in [(16, tx + 20, ty), (16, tx, ty - 20), (0, 0, 0), (5, 0, 0)]:
        st, _, b = srv.raw(f"/api/tiles/max_eirp/{z}/{x}/{y}.png?{q}")
        a = png_rgba(b)
        check(st == 200 and a.shape == (4, 256, 256) and int(a[3].max()) == 0,
              f"tile {z}/{x}/{y} outside the area: {st}, alpha max {a[3].max()}")
    # The tile over the area's west edge: opaque inside, transparent outside.
    to_wgs = transformer(epsg, 4326)
    _, sc = srv.get("/api/scenario")
    x0, y0, x1, y1 = sc["extent_m"]
    lon_w, lat_mid, _ = to_wgs.TransformPoint(x0, (y0 + y1) / 2)
    (ex, ey), (epx, epy) = tile_and_pixel(lon_w, lat_mid, 16)
    a = png_rgba(srv.raw(f"/api/tiles/max_eirp/16/{ex}/{ey}.png?{q}")[2])
    check(a[3, epy, min(epx + 3, 255)] == 255 and a[3, epy, max(epx - 3, 0)] == 0,
          f"edge tile: alpha {a[3, epy, epx - 3:epx + 4]}")

    # The value at a point is the vacancy's at its cell's centre, and the tile's pixel there has
    # the value's colour.
    for lon, lat in [(136.6395, 34.9705), (136.63, 34.962), (136.655, 34.98)]:
        st, v = srv.get(f"/api/layers/max_eirp/value?lat_deg={lat}&lon_deg={lon}&{q}")
        check(st == 200 and v["unit"] == "dBm" and v["params"] == {
            "channel": "n79-4700", "slot": 9, "height_m": 10.0}, f"value {st} {v}")
        cx, cy = v["cell"]["x_m"], v["cell"]["y_m"]
        st, vac = srv.post("/api/vacancy", {"x_m": cx, "y_m": cy, "height_m": 10,
                                            "slots": [9, 10], "channels": ["n79-4700"]})
        check(vac["channels"][0]["max_eirp_dBm"] == v["value"],
              f"layer value {v['value']} vs vacancy {vac['channels'][0]['max_eirp_dBm']}")
        clon, clat, _ = to_wgs.TransformPoint(cx, cy)
        (ctx, cty), (cpx, cpy) = tile_and_pixel(clon, clat, 18)
        a = png_rgba(srv.raw(f"/api/tiles/max_eirp/18/{ctx}/{cty}.png?{q}")[2])
        got = "#%02x%02x%02x" % tuple(int(c) for c in a[:3, cpy, cpx])
        check(got == v["colour"] and a[3, cpy, cpx] == 255,
              f"pixel at the cell centre {got}, the value's colour {v['colour']}")
    # The live engine's maps. The aggregate margin is I_lim,new - I_new of the vacancy's usable
    # test: margin + I_new is the same limit in every cell of one channel, and usable holds
    # exactly where the margin is >= 0 and the max EIRP is useful.
    _, sc0 = srv.get("/api/scenario")
    min_useful = sc0["vacancy"]["min_useful_eirp_dBm"]
    limits = []
    for lon, lat in [(136.6395, 34.9705), (136.63, 34.962), (136.655, 34.98), (136.645, 34.975)]:
        st, m = srv.get(f"/api/layers/aggregate_margin/value?lat_deg={lat}&lon_deg={lon}&{q}")
        check(st == 200 and m["unit"] == "dB", f"aggregate margin {st} {m}")
        _, vac = srv.post("/api/vacancy", {"x_m": m["cell"]["x_m"], "y_m": m["cell"]["y_m"],
                                           "height_m": 10, "slots": [9, 10],
                                           "channels": ["n79-4700"]})
        c = vac["channels"][0]
        if m["value"] is None:
            check(m["value_text"] == "inf" and c["interference_dBm"] is None,
                  f"an unbounded margin where nothing is on the air: {m} {c}")
            margin = float("inf")
        else:
            margin = m["value"]
            limits.append(margin + c["interference_dBm"])
        check(c["usable"] == (margin >= 0 and c["max_eirp_dBm"] >= min_useful),
              f"usable {c['usable']} vs margin {margin} and max EIRP {c['max_eirp_dBm']}")
    check(len(limits) >= 2 and max(limits) - min(limits) < 1e-3,
          f"margin + interference is one limit: {limits}")
    _, stations = srv.get("/api/stations")
    ids = {f["id"] for f in stations["features"]}
    for lon, lat in [(136.6395, 34.9705), (136.655, 34.98)]:
        qs = f"lat_deg={lat}&lon_deg={lon}&slot=9&height_m=10"
        _, b = srv.get(f"/api/layers/best_server/value?{qs}")
        _, cov = srv.get(f"/api/layers/coverage/value?{qs}")
        _, sinr = srv.get(f"/api/layers/sinr/value?{qs}")
        check(b["label"] in ids and cov["unit"] == "dBm" and -200 < cov["value"] < 0
              and sinr["value"] is not None and sinr["value"] < cov["value"] + 174,
              f"best server {b}, coverage {cov}, SINR {sinr}")
    st, hv = srv.get("/api/layers/hillshade/value?lat_deg=34.97&lon_deg=136.64")
    check(st == 200 and 1 <= hv["value"] <= 255 and hv["data_version"] == 0, f"hillshade {hv}")
    st, _, b = srv.raw(f"/api/tiles/hillshade/16/{tx}/{ty}.png")
    a = png_rgba(b)
    check(st == 200 and int(a[3].min()) == 255 and (a[0] == a[1]).all() and (a[1] == a[2]).all(),
          "the hillshade tile is opaque grey")

    # Bad tiles and parameters: 400 naming what is wrong; an unknown layer 404.
    for path, field in [(f"/api/tiles/max_eirp/25/0/0.png?{q}", "z"),
                        (f"/api/tiles/max_eirp/abc/0/0.png?{q}", "z"),
                        (f"/api/tiles/max_eirp/3/8/0.png?{q}", "x"),
                        (f"/api/tiles/max_eirp/3/0/-1.png?{q}", "y"),
                        (f"/api/tiles/max_eirp/3/0/1x.png?{q}", "y"),
                        ("/api/tiles/max_eirp/3/0/0.png?channel=n1", "channel"),
                        ("/api/tiles/max_eirp/3/0/0.png?slot=120", "slot"),
                        ("/api/tiles/max_eirp/3/0/0.png?slot=-1", "slot"),
                        ("/api/tiles/max_eirp/3/0/0.png?height_m=0", "height_m"),
                        ("/api/tiles/max_eirp/3/0/0.png?height_m=ten", "height_m"),
                        (f"/api/layers/max_eirp/value?lat_deg=north&lon_deg=136.64&{q}",
                         "lat_deg")]:
        st, e = srv.get(path)
        check(st == 400 and e["error"]["field"] == field, f"{path}: {st} {e}")
    st, e = srv.get("/api/tiles/coverage/3/0/0.png?slot=9&height_m=7")
    check(st == 400 and e["error"]["field"] == "height_m" and "study grid" in e["error"]["expected"],
          f"engine layer at a height not of the grid {st} {e}")
    st, e = srv.get("/api/tiles/nosuch/3/0/0.png")
    check(st == 404 and e["error"]["field"] == "layer", f"unknown layer {st} {e}")
    st, e = srv.get(f"/api/layers/max_eirp/value?lat_deg=35.5&lon_deg=136.64&{q}")
    check(st == 422, f"value outside the area {st} {e}")

    # ETag and 304: the same tile again costs nothing.
    st, hd, _ = srv.raw(url)
    etag = hd["ETag"]
    check(hd["Cache-Control"] == "no-cache" and etag.startswith('"') and "n79-4700" in etag,
          f"headers {hd}")
    st, hd2, b = srv.raw(url, {"If-None-Match": etag})
    check(st == 304 and not b and hd2["ETag"] == etag, f"If-None-Match: {st} {len(b)}")
    # The value where the import below puts an incumbent, to compare after it.
    _, v = srv.get(f"/api/layers/max_eirp/value?lat_deg=34.975&lon_deg=136.645&{q}")
    return url, etag, v


def check_stale_tiles(srv, before):
    """A write changes the data version: the tiles made before it are stale."""
    step("a write makes the old tiles stale")
    url, etag, v0 = before
    st, hd, b = srv.raw(url, {"If-None-Match": etag})
    check(st == 200 and hd["ETag"] != etag, f"after a write: {st} {hd.get('ETag')} vs {etag}")
    st, hd2, b2 = srv.raw(url, {"If-None-Match": hd["ETag"]})
    check(st == 304, f"the new tile's ETag: {st}")
    q = "channel=n79-4700&slot=9&height_m=10"
    _, v1 = srv.get(f"/api/layers/max_eirp/value?lat_deg=34.975&lon_deg=136.645&{q}")
    check(v1["data_version"] > v0["data_version"] and v1["value"] < v0["value"],
          f"max EIRP at the imported incumbent: {v0['value']} before, {v1['value']} after")
    _, vac = srv.post("/api/vacancy", {"x_m": v1["cell"]["x_m"], "y_m": v1["cell"]["y_m"],
                                       "height_m": 10, "slots": [9, 10], "channels": ["n79-4700"]})
    check(vac["channels"][0]["max_eirp_dBm"] == v1["value"], "the new layer value vs vacancy")
    # The new tile there has the new value's colour at the cell's centre.
    _, sc = srv.get("/api/scenario")
    clon, clat, _ = transformer(int(sc["crs"].split(":")[1]), 4326).TransformPoint(
        v1["cell"]["x_m"], v1["cell"]["y_m"])
    (ctx, cty), (cpx, cpy) = tile_and_pixel(clon, clat, 18)
    a = png_rgba(srv.raw(f"/api/tiles/max_eirp/18/{ctx}/{cty}.png?{q}")[2])
    got = "#%02x%02x%02x" % tuple(int(c) for c in a[:3, cpy, cpx])
    check(got == v1["colour"], f"pixel {got} vs the new value's colour {v1['colour']}")


def run_checks(srv, reg, lic1, lic2):
    step("first start: the scenario's stations imported")
    st, h = srv.get("/health")
    check(st == 200 and h["status"] == "ok", f"health {st} {h}")
    check(h["backend"] == ("postgis" if DB_URI else "gpkg"), f"backend {h['backend']}")
    st, fc = srv.get("/api/stations")
    ids = sorted(f["id"] for f in fc["features"])
    check(len(ids) == 14 and "ps-fixed-rx" in ids and "es-uplink" in ids
          and "factory-12-gnb" in ids, f"stations {ids}")
    st, sc = srv.get("/api/scenario")
    check([c["name"] for c in sc["channels"]][:2] == ["n79-4600", "n79-4700"], "channels")

    step("vacancy equals the batch cube at cell centres")
    f, bids = batch_cube(SCENARIO, os.path.join(TMP, "batch.h5"))
    cells = [(5, 7), (40, 100), (77, 31), (119, 159), (60, 80)]
    n = compare_with_cube(srv, f, bids, cells, [0, MONDAY_9, 30], "initial")
    print(f"   {n} (cell, height, slot, channel) values identical")

    step("errors: JSON, types, values, places, channels")
    st, e = srv.request("POST", "/api/vacancy", raw="{not json", content_type="application/json")
    check(st == 400 and "malformed JSON" in e["error"]["message"], f"malformed: {st} {e}")
    st, e = srv.post("/api/vacancy", {"x_m": 649000, "y_m": 3870000, "height_m": "ten"})
    check(st == 400 and e["error"]["field"] == "height_m", f"type: {st} {e}")
    st, e = srv.post("/api/vacancy", {"lon_deg": 140.0, "lat_deg": 35.0, "height_m": 10})
    check(st == 422 and e["error"]["field"] == "lon_deg", f"outside: {st} {e}")
    st, e = srv.post("/api/vacancy", {"x_m": 649000, "y_m": 3870000, "height_m": 10,
                                      "channels": ["n78"]})
    check(st == 422 and e["error"]["field"] == "channels" and "n79-4700" in e["error"]["expected"],
          f"channel: {st} {e}")
    bad = {"id": "bad-1", "role": "incumbent", "lat_deg": 34.97, "lon_deg": 136.64,
           "height_m": -5, "freq_lo_MHz": 4700, "freq_hi_MHz": 4800, "i_over_n_dB": -10,
           "noise_figure_dB": 4}
    st, e = srv.post("/api/stations", bad, token=reg)
    check(st == 422 and "height_m" in e["error"]["field"] and e["error"]["found"].startswith("-5"),
          f"422 height: {st} {e}")
    st, e = srv.get("/api/stations/nope")
    check(st == 404, f"404: {st}")
    dup = dict(bad, id="factory-01-gnb", height_m=10)
    st, e = srv.post("/api/stations", dup, token=reg)
    check(st == 409, f"409: {st} {e}")

    step("no request reaches the file system")
    msi = dict(bad, id="msi-1", height_m=10, antenna={"type": "msi", "pattern": "/etc/passwd"})
    st, e = srv.post("/api/stations", msi, token=reg)
    check(st == 422 and e["error"]["field"] == "antenna.pattern", f"pattern path: {st} {e}")
    st, e = srv.request("POST", "/api/stations/import", token=reg, content_type="text/csv",
                        raw="id,role,lat_deg,lon_deg,height_m,freq_lo_MHz,freq_hi_MHz,"
                            "i_over_n_dB,noise_figure_dB,antenna.type,antenna.pattern\n"
                            "m2,incumbent,34.97,136.64,20,4700,4800,-10,4,msi,/etc/passwd\n")
    check(st == 422 and e["error"]["field"] == "antenna.pattern", f"pattern column: {st} {e}")

    step("a receiver's own criterion settings: accepted, returned, checked")
    own = dict(bad, id="own-criterion", height_m=20, interference_dBm=-120, ref_bandwidth_MHz=1,
               criterion_mode="band_average", criterion_at="antenna_port", feeder_loss_dB=2)
    del own["i_over_n_dB"]
    st, created = srv.post("/api/stations", own, token=reg)
    check(st == 201, f"create with criterion_mode: {st} {created}")
    st, feat = srv.get("/api/stations/own-criterion")
    props = feat.get("properties", {}) if st == 200 else {}
    check(st == 200 and props.get("criterion_mode") == "band_average"
          and props.get("criterion_at") == "antenna_port", f"returned: {st} {props}")
    st, e = srv.post("/api/stations", dict(bad, id="own-bad", height_m=20,
                                           criterion_mode="band_average"), token=reg)
    check(st == 422 and "criterion_mode" in e["error"]["field"], f"mode with I/N: {st} {e}")
    st, e = srv.post("/api/stations", dict(own, id="own-bad", criterion_at="feeder"), token=reg)
    check(st == 422 and "criterion_at" in e["error"]["field"], f"unknown point: {st} {e}")
    st, _ = srv.request("DELETE", "/api/stations/own-criterion", token=reg)
    check(st in (200, 204), f"delete: {st}")

    step("roles: every forbidden action is 403 and changes nothing")
    _, h0 = srv.get("/health")
    new_inc = dict(bad, id="new-inc", height_m=20)
    f01 = next(f for f in srv.get("/api/stations")[1]["features"] if f["id"] == "factory-01-gnb")
    f02 = next(f for f in srv.get("/api/stations")[1]["features"] if f["id"] == "factory-02-gnb")
    forbidden = [
        ("POST", "/api/stations", new_inc, None),
        ("POST", "/api/stations", new_inc, lic1),
        ("PUT", "/api/stations/factory-02-gnb", f02["properties"], lic1),
        ("DELETE", "/api/stations/factory-02-gnb", None, lic1),
        ("DELETE", "/api/stations/factory-01-gnb", None, None),
        ("POST", "/api/grants", {"id": "g-x", "channel": "n79-4700", "licensee": "factory-02",
                                 "lat_deg": 34.97, "lon_deg": 136.64, "height_m": 10,
                                 "eirp_dBm": 30}, lic1),
        ("GET", "/api/audit", None, lic1),
    ]
    for method, path, body, tok in forbidden:
        st, e = srv.request(method, path, body, token=tok)
        check(st == 403 and "error" in e, f"{method} {path} with {'a token' if tok else 'none'}: {st} {e}")
    st, e = srv.get("/api/stations", token="ak_" + "0" * 64)
    check(st == 401, f"unknown token: {st}")
    _, h1 = srv.get("/health")
    check(h1["data_version"] == h0["data_version"] and h1["stations"] == h0["stations"],
          "a forbidden request changed the database")

    step("grants: the vacancy's limit is granted, the aggregate refuses more")
    window = {"from": "2026-12-07T09:00", "to": "2026-12-07T10:00"}
    point = None
    for iy in range(0, 120, 7):
        for ix in range(0, 160, 9):
            x, y = float(f["x"][ix]), float(f["y"][iy])
            _, v = srv.post("/api/vacancy", dict(window, x_m=x, y_m=y, height_m=10,
                                                 channels=["n79-4700"]))
            c = v["channels"][0]
            if c["binding"] == "ps-fixed-rx" and 25 < c["max_eirp_dBm"] < 45:
                point = (x, y, c["max_eirp_dBm"])
                break
        if point:
            break
    check(point is not None, "no cell bound by ps-fixed-rx between 25 and 45 dBm")
    x, y, emax = point

    def grant_body(gid, lic, eirp, channel="n79-4700", schedule=("Mon 09:00-10:00",)):
        return {"id": gid, "licensee": lic, "channel": channel, "x_m": x, "y_m": y,
                "height_m": 10, "eirp_dBm": eirp, "tdd": "synchronous",
                "schedule": list(schedule), "antenna": {"type": "isotropic", "gain_dBi": 5}}

    st, over = srv.post("/api/grants", grant_body("g-over", "factory-01", emax + 0.5), token=lic1)
    check(st == 200 and not over["granted"], f"above the limit: {st} {over}")
    d = over["decision"]
    check(d["binding"] == "ps-fixed-rx" and d["margin_dB"] < -0.5 + 1e-6,
          f"binding and margin: {d['binding']} {d['margin_dB']}")
    # The aggregate at the binding receiver is the power sum of what is on the air there now
    # (the database's local 5G transmitters at Monday 09:00) and the request.
    _, now = srv.get("/api/interference")
    base = next(r for r in now["receivers"] if r["receiver"] == "ps-fixed-rx")["after_dBm"]
    m = next(r for r in d["receivers"] if r["receiver"] == "ps-fixed-rx")
    want = 10 * math.log10(10 ** (base / 10) + 10 ** (m["request_dBm"] / 10))
    check(abs(m["aggregate_dBm"] - want) < 1e-6, f"aggregate {m['aggregate_dBm']} vs {want}")
    # ... so the grantable EIRP is below the single-entry limit by what the others use.
    grantable = d["grantable_eirp_dBm"]
    share = 10 * math.log10(1 - 10 ** ((base - m["limit_dBm"]) / 10))
    check(abs(grantable - (emax + share)) < 1e-3,
          f"grantable {grantable} vs single-entry {emax} {share:+.3f} dB")
    check(all(c in [ch["name"] for ch in sc["channels"]] for c in d["channels_that_work"]),
          "channels_that_work names")
    check("n79-4700" not in d["channels_that_work"], "the refused channel listed as working")
    emax = grantable

    step("racing clients: one of many gets the last dB")
    results = []
    lock = threading.Lock()

    def ask(i):
        tok, lic = (lic1, "factory-01") if i % 2 == 0 else (lic2, "factory-02")
        r = srv.post("/api/grants", grant_body(f"race-{i}", lic, emax - 0.001), token=tok)
        with lock:
            results.append(r)

    threads = [threading.Thread(target=ask, args=(i,)) for i in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    granted = [r for r in results if r[0] == 201]
    check(len(granted) == 1, f"{len(granted)} of 12 racing requests granted: {[r[0] for r in results]}")
    g = granted[0][1]
    check(g["decision"]["margin_dB"] >= -1e-4, f"granted margin {g['decision']['margin_dB']}")
    denied = [r[1] for r in results if r[0] == 200]
    check(len(denied) == 11 and all(r["decision"]["binding"] == "ps-fixed-rx" for r in denied),
          "the others are denied by ps-fixed-rx")
    gid, glic = g["grant"]["id"], g["grant"]["licensee"]
    other = lic2 if glic == "factory-01" else lic1
    st, e = srv.request("DELETE", f"/api/grants/{gid}", token=other)
    check(st == 403, f"release by another licensee: {st}")

    step("a working channel from a denial is granted")
    if d["channels_that_work"]:
        ch = d["channels_that_work"][0]
        st, r = srv.post("/api/grants", grant_body("g-alt", "factory-01", emax + 0.5, ch), token=lic1)
        check(st == 201 and r["granted"], f"channel {ch} said to work: {st} {r}")
        st, _ = srv.request("DELETE", f"/api/grants/{r['grant']['id']}", token=lic1)
        check(st == 200, "release g-alt")

    step("slots that work: the receiver is off before 08:00")
    st, r = srv.post("/api/grants", grant_body("g-slots", "factory-01", emax + 3,
                                               schedule=["Mon 06:00-10:00"]), token=lic1)
    slots = [s["slot"] for s in r["decision"]["slots_that_work"]]
    check(st == 200 and not r["granted"] and slots == [6, 7], f"slots {st} {slots}")

    step("release, then the same request is granted again")
    owner = lic1 if glic == "factory-01" else lic2
    st, _ = srv.request("DELETE", f"/api/grants/{gid}", token=owner)
    check(st == 200, "release")
    st, _ = srv.request("DELETE", f"/api/grants/{gid}", token=owner)
    check(st == 404, "second release")
    st, r = srv.post("/api/grants", grant_body("g1", "factory-01", emax - 0.001), token=lic1)
    check(st == 201, f"granted again after release: {st} {r}")
    # The decision answered is the one recorded: the audit entry's response, member for member,
    # for a grant and a denial; the answer has its members and no other.
    for ans in (r, over):
        _, page = srv.get(f"/api/audit?after={ans['audit_id'] - 1}&limit=1", token=reg)
        entry = page["entries"][0]
        check(entry["id"] == ans["audit_id"] and entry["response"] == ans["decision"],
              f"audit entry {entry} against the answer {ans}")
        check(set(ans) == {"audit_id", "data_version", "decision", "granted"} |
              ({"grant"} if ans["granted"] else set()), f"answer members {sorted(ans)}")

    step("judge: a move judged, then made; the interference follows")
    moved = dict(f01["properties"])
    moved.pop("x_m", None)
    moved.pop("y_m", None)
    moved["lat_deg"], moved["lon_deg"] = 34.9785, 136.6510
    _, hv0 = srv.get("/health")
    st, j = srv.post("/api/judge", {"action": "update", "station": moved}, token=lic1)
    check(st == 200 and len(j["receivers"]) >= 2, f"judge {st} {j}")
    check(j["mic"] is None, f"MIC pairs without [mic] rules: {j['mic']}")
    _, hv1 = srv.get("/health")
    check(hv1["data_version"] == hv0["data_version"], "judge changed the database")
    st, u = srv.request("PUT", "/api/stations/factory-01-gnb", moved, token=lic1)
    check(st == 200 and u["judgement"] == j, f"PUT judgement differs from judge: {st}")
    _, now = srv.get("/api/interference")
    after = {r["receiver"]: r["after_dBm"] for r in j["receivers"]}
    for r in now["receivers"]:
        check(r["after_dBm"] == after[r["receiver"]], f"interference at {r['receiver']}")

    _, sc = srv.get("/api/scenario")
    tiles_before = check_tiles(srv, int(sc["crs"].split(":")[1]))

    step("import: a CSV list, all or nothing")
    csv_ok = ("id,role,lat_deg,lon_deg,height_m,freq_lo_MHz,freq_hi_MHz,i_over_n_dB,noise_figure_dB\n"
              "imp-1,incumbent,34.975,136.645,20,4700,4800,-10,4\n"
              "imp-2,incumbent,34.965,136.635,20,4700,4800,-10,4\n")
    csv_bad = csv_ok.replace("imp-1", "imp-3").replace("imp-2,incumbent,34.965", "imp-4,incumbent,99")
    st, e = srv.request("POST", "/api/stations/import", raw=csv_bad, content_type="text/csv", token=reg)
    check(st == 422 and "upload.csv:row 3" in e["error"]["message"], f"bad csv: {st} {e}")
    st, r = srv.request("POST", "/api/stations/import", raw=csv_ok, content_type="text/csv", token=reg)
    check(st == 201 and r["imported"] == 2, f"csv import: {st} {r}")
    _, h2 = srv.get("/health")
    check(h2["stations"] == 16, f"stations after import: {h2['stations']}")
    check_stale_tiles(srv, tiles_before)

    step("audit: every decision with its inputs, models and database version")
    st, a = srv.get("/api/audit?limit=1000", token=reg)
    actions = [e["action"] for e in a["entries"]]
    check(actions[0] == "import.scenario" and actions.count("grant.request") >= 15,
          f"audit actions {actions}")
    e = next(e for e in a["entries"] if e["action"] == "grant.request")
    check(e["request"]["channel"] == "n79-4700" and "granted" in e["response"] and e["models"],
          f"audit entry {e}")

    step("tokens made and revoked by another process while the server runs")
    # The server keeps the tokens it has seen; another process's write to the database makes it
    # read them again, so a revoked token is refused at its next request.
    tok = make_token(AKICHI, DB, "licensee", "factory-07")
    for _ in range(3):
        st, who = srv.get("/api/whoami", token=tok)
        check(st == 200 and who.get("licensee") == "factory-07", f"new token: {st} {who}")
    listed = subprocess.run([AKICHI, "serve", "token", "list", "--db", DB], check=True,
                            capture_output=True, text=True).stdout
    tok_id = next(line.split()[0] for line in listed.splitlines() if "factory-07" in line)
    subprocess.run([AKICHI, "serve", "token", "revoke", tok_id, "--db", DB], check=True,
                   capture_output=True)
    st, r = srv.get("/api/whoami", token=tok)
    check(st == 401, f"revoked token still accepted: {st} {r}")
    st, who = srv.get("/api/whoami", token=reg)
    check(st == 200 and who.get("role") == "regulator", f"regulator after a revocation: {st}")

    step("MIC areas without [mic] rules: listed as unavailable, an empty collection")
    _, layers = srv.get("/api/layers")
    mic_def = next(o for o in layers["overlays"] if o["name"] == "mic_areas")
    check(mic_def["available"] is False and mic_def["geojson"] == "/api/layers/mic_areas/geojson",
          f"mic_areas overlay {mic_def}")
    st, mic = srv.get("/api/layers/mic_areas/geojson")
    check(st == 200 and mic["features"] == [] and mic["rule"] is None, f"MIC areas {st} {mic}")
    st, e = srv.get("/api/layers/mic_areas/geojson?station=ps-fixed-rx")
    check(st == 404 and e["error"].get("field") == "station", f"MIC areas of a receiver: {st} {e}")

    step("metrics and the OpenAPI document")
    st, m = srv.get("/metrics")
    check('akichi_http_requests_total{route="/api/grants",method="POST",status="201"}' in m
          and "akichi_http_request_duration_seconds_bucket" in m and "akichi_stations 16" in m
          and "akichi_tensor_budget_bytes 67108864" in m and "akichi_tensor_computed" in m,
          "metrics text")
    st, doc = srv.get("/openapi.json")
    with open(os.path.join(SRC, "docs", "openapi.json")) as fh:
        import json
        check(doc == json.load(fh), "served OpenAPI document differs from docs/openapi.json")

    step("export: akichi run on the export gives the server's numbers")
    st, ex = srv.get("/api/export")
    for name, text in ex["files"].items():
        with open(os.path.join(SCEN_DIR, "export-" + name if name == "scenario.toml" else name),
                  "w") as fh:
            fh.write(text)
    f2, ids2 = batch_cube(os.path.join(SCEN_DIR, "export-scenario.toml"),
                          os.path.join(TMP, "export.h5"))
    check(len(ids2) == 17, f"exported stations {len(ids2)}")
    n = compare_with_cube(srv, f2, ids2, [(5, 7), (60, 80), (100, 20)], [0, MONDAY_9], "export")
    print(f"   {n} values identical after grants, a move and an import")

    step("limits: a body over --max-body is 413, read no further")
    import socket
    host, port = srv.url.rsplit("/", 1)[1].split(":")
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        sock.sendall(b"POST /api/vacancy HTTP/1.1\r\nHost: x\r\nContent-Type: application/json"
                     b"\r\nContent-Length: 5000000\r\nConnection: close\r\n\r\n{}")
        status_line = sock.recv(200).split(b"\r\n")[0]
    check(b" 413" in status_line, f"oversized body: {status_line!r}")

    step("queries are answered while a map is computed")
    layer_done, quick = [], []

    def big_layer():
        # A tile of parameters not asked before, at a height not of the study grid: the whole
        # grid is computed for it from point vacancies (a study height's map is a reduction of
        # tensors already in memory, too quick to overlap anything).
        (tx, ty), _ = tile_and_pixel(136.64, 34.97, 15)
        st, _, _ = srv.raw(f"/api/tiles/max_eirp/15/{tx}/{ty}.png?channel=n79-4600&slot=3"
                           "&height_m=15")
        layer_done.append((st, time.time()))

    t = threading.Thread(target=big_layer)
    t.start()
    time.sleep(0.05)
    while not layer_done and len(quick) < 200:
        st, _ = srv.post("/api/vacancy", {"x_m": x, "y_m": y, "height_m": 10, "slots": [9, 10]})
        quick.append((st, time.time()))
    t.join()
    check(layer_done[0][0] == 200, "the layer")
    during = [q for q in quick if q[1] < layer_done[0][1]]
    check(len(during) >= 3 and all(q[0] == 200 for q in during),
          f"{len(during)} vacancy answers while the map was computed")

    step("kill -9: no acknowledged write is lost")
    acked = []

    def writer():
        for i in range(40):
            body = dict(bad, id=f"dur-{i}", height_m=20)
            try:
                st, _ = srv.post("/api/stations", body, token=reg)
            except Exception:
                return
            if st == 201:
                acked.append(body["id"])

    t = threading.Thread(target=writer)
    t.start()
    while len(acked) < 15 and t.is_alive():
        time.sleep(0.01)
    srv.kill9()
    t.join()
    srv.start()
    _, fc = srv.get("/api/stations")
    have = {f["id"] for f in fc["features"]}
    lost = [i for i in acked if i not in have]
    check(len(acked) >= 15 and not lost, f"{len(acked)} acknowledged, lost {lost}")
    st, r = srv.post("/api/vacancy", {"x_m": x, "y_m": y, "height_m": 10, "slots": [9, 10],
                                      "channels": ["n79-4700"]})
    check(st == 200 and r["channels"][0]["max_eirp_dBm"] < -50 or
          r["channels"][0]["binding"] is not None, "state after restart")
    _, gl = srv.get("/api/grants", token=reg)
    check(any(g["station"]["id"] == "g1" for g in gl["grants"]), "grant g1 survived the kill")

    step("kill -9 during many concurrent grants: every answered decision survives, no margin lost")
    # The writes of concurrent grants share their syncs (group commit): each is answered once
    # its own write is durable. Grants for one Tuesday hour at one point: a denial's margin
    # gives the room left at the binding receiver, and requests 6 dB below it take a quarter of
    # that room each, so that at most three fit; others, elsewhere and on another channel, keep
    # the writers busy.
    tue = ("Tue 09:00-10:00",)
    st, probe = srv.post("/api/grants", grant_body("probe-tue", "factory-01", 50, schedule=tue),
                         token=lic1)
    m = probe["decision"]["margin_dB"]
    check(st == 200 and not probe["granted"] and m < 0, f"probe: {st} {probe}")
    room = 50 + m  # the EIRP that would take the binding receiver's room alone
    _, before = srv.get("/api/interference")
    kept = {r["receiver"] for r in before["receivers"] if r["margin_after_dB"] is None
            or r["margin_after_dB"] >= -1e-4}
    answered = []  # (status, answer, id) of every answered grant request
    stop = threading.Event()

    def granter(k):
        i = 0
        while not stop.is_set():
            i += 1
            if i % 3 == 0:
                body = grant_body(f"hot-{k}-{i}", "factory-01", room - 6, schedule=tue)
                tok = lic1
            else:
                body = dict(grant_body(f"far-{k}-{i}", "factory-02", 20, "n79-4600", tue),
                            x_m=float(f["x"][(k * 37 + i * 11) % 160]),
                            y_m=float(f["y"][(k * 13 + i * 7) % 120]))
                tok = lic2
            try:
                st, r = srv.post("/api/grants", body, token=tok)
            except Exception:
                return
            with lock:
                answered.append((st, r, body["id"]))

    threads = [threading.Thread(target=granter, args=(k,)) for k in range(16)]
    for t in threads:
        t.start()
    while len(answered) < 80 and any(t.is_alive() for t in threads):
        time.sleep(0.005)
    srv.kill9()
    stop.set()
    for t in threads:
        t.join()
    srv.start()
    decided = [r for st, r, _ in answered if st in (200, 201)]
    check(len(decided) >= 80 and all(st in (200, 201) for st, _, _ in answered),
          f"{len(decided)} decisions, statuses {sorted({st for st, _, _ in answered})}")
    _, gl = srv.get("/api/grants", token=reg)
    active = {g["station"]["id"] for g in gl["grants"]}
    acked = [r["grant"]["station"]["id"] for r in decided if r["granted"]]
    lost = [i for i in acked if i not in active]
    check(acked and not lost, f"{len(acked)} grants answered, lost after kill -9: {lost}")
    audit_ids, after = set(), 0
    while True:
        _, a = srv.get(f"/api/audit?after={after}&limit=1000", token=reg)
        if not a["entries"]:
            break
        audit_ids |= {e["id"] for e in a["entries"]}
        after = a["entries"][-1]["id"]
    missing = [r["audit_id"] for r in decided if r["audit_id"] not in audit_ids]
    check(not missing, f"answered decisions missing from the audit table: {missing[:5]}")
    hot = [i for i in active if i.startswith("hot-")]
    asked = [i for _, _, i in answered if i.startswith("hot-")]
    check(asked and len(hot) <= 3, f"{len(hot)} grants at the hot point, at most 3 fit: {hot}")
    _, after_kill = srv.get("/api/interference")
    harmed = [(r["receiver"], r["margin_after_dB"]) for r in after_kill["receivers"]
              if r["receiver"] in kept and r["margin_after_dB"] is not None
              and r["margin_after_dB"] < -1e-4]
    check(not harmed, f"receivers pushed over their limit by concurrent grants: {harmed}")
    print(f"   {len(decided)} decisions answered, {len(acked)} grants, {len(hot)} at the hot "
          f"point; all survived")

    # Maps drawn before the stop: their tensors are in memory, not yet in the cache folder.
    (tx, ty), _ = tile_and_pixel(136.6395, 34.9705, 15)
    map_paths = [f"/api/tiles/{layer}/15/{tx}/{ty}.png?{q}" for layer, q in [
        ("max_eirp", "channel=n79-4700&slot=9&height_m=10"),
        ("coverage", "slot=9&height_m=10")]]
    before_stop = [srv.raw(path) for path in map_paths]
    check(all(b[0] == 200 for b in before_stop), f"tiles: {[b[0] for b in before_stop]}")
    _, m = srv.get("/metrics")
    check(metric(m, "akichi_tensor_flushed") == 0, "tensors flushed before the stop")

    step("SIGTERM: requests in flight are answered, then the server exits 0")
    answered, broken = [], []

    def reader():
        while True:
            try:
                st, v = srv.post("/api/vacancy", {"x_m": x, "y_m": y, "height_m": 10})
            except Exception as ex:  # connection refused once the server has stopped
                if "refused" in str(ex) or "reset" in str(ex).lower():
                    return
                broken.append(repr(ex))
                return
            (answered if st == 200 and len(v["channels"]) == 5 else broken).append(st)

    readers = [threading.Thread(target=reader) for _ in range(6)]
    for t in readers:
        t.start()
    time.sleep(1.0)
    rc = srv.stop(signal.SIGTERM)
    for t in readers:
        t.join()
    check(rc == 0, f"exit status after SIGTERM {rc}")
    check(answered and not broken, f"{len(answered)} answered, broken: {broken[:3]}")

    step("restart after SIGTERM: the station tensors are reloaded, none computed, maps identical")
    srv.start()
    _, m = srv.get("/metrics")
    check(metric(m, "akichi_tensor_computed") == 0 and metric(m, "akichi_tensor_reloads") == 0,
          "a fresh start holds no tensors")
    after = [srv.raw(path) for path in map_paths]
    check(all(a[0] == 200 for a in after), f"tiles after the restart: {[a[0] for a in after]}")
    check([a[2] for a in after] == [b[2] for b in before_stop],
          "the maps after the restart differ from those before it")
    _, m = srv.get("/metrics")
    check(metric(m, "akichi_tensor_computed") == 0 and metric(m, "akichi_tensor_reloads") > 0
          and metric(m, "akichi_tensor_rejected_files") == 0,
          "tensors after the restart: computed {}, reloaded {}".format(
              metric(m, "akichi_tensor_computed"), metric(m, "akichi_tensor_reloads")))
    print(f"   {int(metric(m, 'akichi_tensor_reloads'))} tensors reloaded, none computed")
    check(srv.stop() == 0, "exit status of the restarted server")


if __name__ == "__main__":
    try:
        main()
    except Failure as e:
        print(f"serve_test: FAILED: {e}", file=sys.stderr)
        sys.exit(1)
