"""The live system's web page in a real browser: Debian's chromium, headless, driven over the
DevTools protocol. Loads the page with a regulator's token, checks the hillshade tiles and the
stations, adds a station with the form, drags it with the mouse, reads the judgement in the side
panel and checks its numbers, the move, the max-EIRP tile layer and the value under the cursor
against the API.

usage: browser_test.py AKICHI SOURCE_DIR"""

import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import devtools  # noqa: E402
from live import Failure, Server, check, make_token, scenario_copy  # noqa: E402

AKICHI = os.path.abspath(sys.argv[1])
SRC = os.path.abspath(sys.argv[2])


class Browser(devtools.Browser):
    """The shared headless chromium (tests/e2e/devtools.py), waiting on the live page's state."""

    def wait(self, expression, what, timeout=90):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.js(expression):
                return
            err = self.js("window.akichi && window.akichi.error")
            check(not err, f"page error: {err}")
            time.sleep(0.1)
        panel = self.js("document.getElementById('panel').innerText")
        forms = self.js("""[...document.forms].map(f => f.getAttribute('id') + ': ' +
            [...f.elements].filter(e => e.willValidate && !e.checkValidity())
                .map(e => e.name + '=' + JSON.stringify(e.value) + ' ' + e.validationMessage)
                .join(', '))""")
        raise Failure(f"timed out waiting for {what}; the panel says: {panel}; forms: {forms}")


def main():
    tmp, scen_dir = scenario_copy(os.path.join(SRC, "scenarios", "live-industrial-park"))
    # With the example MIC rules, the page's MIC areas layer has areas to draw. A scenario with
    # [mic] has a planned layout and its base stations in one band of the rules: the 28 GHz
    # factories are left out.
    csv = os.path.join(scen_dir, "factories.csv")
    with open(csv) as fh:
        rows = fh.read().splitlines()
    band = rows[0].split(",").index("freq_lo_MHz")
    with open(csv, "w") as fh:
        fh.write("\n".join([rows[0]] + [r for r in rows[1:] if float(r.split(",")[band]) < 6000])
                 + "\n")
    with open(os.path.join(scen_dir, "scenario.toml"), "a") as fh:
        rules = os.path.join(SRC, "scenarios", "rules", "mic-local5g-example.toml")
        fh.write(f'\n[mic]\nrules = "{rules}"\n\n[[station]]\nid = "plan-1"\n'
                 'licensee = "factory-plan"\nlat_deg = 34.967\nlon_deg = 136.635\n'
                 'height_m = 10\nfreq_MHz = 4850\nbandwidth_MHz = 100\neirp_dBm = 20\n')
    db = os.path.join(tmp, "live.gpkg")
    reg = make_token(AKICHI, db, "regulator")
    srv = Server(AKICHI, os.path.join(scen_dir, "scenario.toml"), db).start()
    browser = Browser()
    try:
        run(srv, browser, reg)
    finally:
        browser.close()
        srv.stop()
    print("browser_test: all checks passed")


def tiles_loaded(layer):
    """A script: the tile layer's tiles are all loaded, 256 x 256 images."""
    return (f"(() => {{ const t = [...{layer}.getContainer().querySelectorAll('img')]; "
            "return t.length > 0 && t.every(i => i.complete && i.naturalWidth === 256); })()")


def run(srv, b, reg):
    print("-- the page loads: map, hillshade, stations, who", flush=True)
    b.call("Page.enable")
    b.call("Page.navigate", url=srv.url + "/#token=" + reg)
    b.wait("window.akichi && window.akichi.ready === true", "the page to be ready")
    check(b.js("document.getElementById('who').textContent") == "regulator", "role shown")
    b.wait(tiles_loaded("akichi.hillshade"), "the hillshade tiles")
    _, fc = srv.get("/api/stations")
    n_api = len(fc["features"])
    check(b.js("Object.keys(akichi.markers).length") == n_api, "one marker per station")

    print("-- the MIC areas layer: in the layer control, drawn as the API's features", flush=True)
    _, mic = srv.get("/api/layers/mic_areas/geojson")
    check(mic["rule"] and len(mic["features"]) > 0, f"MIC areas: rule {mic['rule']}")
    # akichi render's colour of a MIC mask's "inside": category 1 of tab10.
    check(mic["colour"] == "#ff7f0e", f"MIC colour {mic['colour']}")
    overlay = ("[...document.querySelectorAll('.leaflet-control-layers-overlays label')]"
               ".find(l => l.textContent.includes('MIC areas'))")
    check(b.js(f"!!{overlay}"), "MIC areas in the layer control")
    b.js(f"{overlay}.querySelector('input').click()")
    b.wait(f"document.querySelectorAll('path.mic-area').length === {len(mic['features'])}",
           "one path per MIC area feature")
    fills = b.js("[...new Set([...document.querySelectorAll('path.mic-coverage')]"
                 ".map(p => p.getAttribute('fill')))]")
    strokes = b.js("[...new Set([...document.querySelectorAll('path.mic-coordination')]"
                   ".map(p => p.getAttribute('stroke')))]")
    check(fills == ["#ff7f0e"] and strokes == ["#ff7f0e"], f"MIC colours {fills} {strokes}")

    print("-- add a station with the form", flush=True)
    fields = {"id": "web-1", "role": "local5g_base", "licensee": "factory-web",
              "lat_deg": "34.9720", "lon_deg": "136.6410", "height_m": "12",
              "freq_lo_MHz": "4800", "freq_hi_MHz": "4900", "eirp_dBm": "33",
              "i_over_n_dB": "-6", "tdd": "unsynchronised"}
    for name, value in fields.items():
        b.js(f"document.querySelector('#station-form [name={name}]').value = {json.dumps(value)}")
    loads = b.js("akichi.loads")
    b.js("document.getElementById('station-add').click()")
    b.wait("(document.querySelector('#panel h3') || {}).textContent === 'Added web-1'",
           "the judgement of the new station")
    # The new base station's MIC areas join the layer, which stays shown.
    _, mic2 = srv.get("/api/layers/mic_areas/geojson?station=web-1")
    check(len(mic2["features"]) > 0, "the added station's MIC areas")
    n_mic = len(srv.get("/api/layers/mic_areas/geojson")[1]["features"])
    b.wait(f"document.querySelectorAll('path.mic-area').length === {n_mic}",
           "the MIC areas drawn again after the add")
    st, s = srv.get("/api/stations/web-1")
    check(st == 200 and s["properties"]["licensee"] == "factory-web", "the station is in the API")
    panel = b.js("""[...document.querySelectorAll('#panel tr[data-receiver]')].map(r =>
        [r.dataset.receiver, r.dataset.after])""")
    _, now = srv.get("/api/interference")
    after = {r["receiver"]: r["after_dBm"] for r in now["receivers"]}
    check(len(panel) == len(after), "every receiver in the panel")
    for rx, val in panel:
        want = after[rx]
        check((val == "null" and want is None) or float(val) == want,
              f"panel after {rx}: {val} vs API {want}")

    print("-- drag it with the mouse; the panel's judgement equals the API's", flush=True)
    b.wait(f"akichi.loads > {loads} && akichi.markers['web-1'] !== undefined", "the new marker")
    # The marker's icon is what the mouse finds at its point (not the map under it).
    where = """(() => { const m = akichi.markers['web-1'];
        const p = akichi.map.latLngToContainerPoint(m.getLatLng());
        const r = akichi.map.getContainer().getBoundingClientRect();
        const x = r.left + p.x, y = r.top + p.y;
        const e = document.elementFromPoint(x, y);
        return [x, y, e !== null && e.title === 'web-1']; })()"""
    b.wait(f"{where}[2]", "the new marker's icon under the mouse")
    x, y, _ = b.js(where)
    b.mouse("mouseMoved", x, y)
    b.mouse("mousePressed", x, y)
    for k in range(1, 11):
        b.mouse("mouseMoved", x + 8 * k, y + 5 * k)
    b.mouse("mouseReleased", x + 80, y + 50)
    b.wait("(document.querySelector('#panel h3') || {}).textContent === 'Moving web-1'",
           "the judgement of the move")
    lat = float(b.js("document.querySelector('[data-moved]').dataset.lat"))
    lon = float(b.js("document.querySelector('[data-moved]').dataset.lon"))
    check(abs(lat - 34.972) > 1e-5 and abs(lon - 136.641) > 1e-5, f"the marker moved: {lat} {lon}")
    props = dict(s["properties"])
    props.pop("x_m", None)
    props.pop("y_m", None)
    props["lat_deg"], props["lon_deg"] = lat, lon
    _, j = srv.post("/api/judge", {"action": "update", "station": props})
    panel = dict(b.js("""[...document.querySelectorAll('#panel tr[data-receiver]')].map(r =>
        [r.dataset.receiver, r.dataset.after])"""))
    for r in j["receivers"]:
        val = panel[r["receiver"]]
        check((val == "null" and r["after_dBm"] is None) or float(val) == r["after_dBm"],
              f"drag judgement at {r['receiver']}: panel {val}, API {r['after_dBm']}")
    b.js("document.getElementById('apply-move').click()")
    b.wait("(document.querySelector('#panel h3') || {}).textContent === 'Moved web-1'",
           "the applied move")
    _, s2 = srv.get("/api/stations/web-1")
    check(abs(s2["properties"]["lat_deg"] - lat) < 1e-9 and
          abs(s2["properties"]["lon_deg"] - lon) < 1e-9, "the move is in the database")

    print("-- the max-EIRP tile layer; the value under the cursor equals the API's", flush=True)
    b.js("document.getElementById('layer-name').value = 'max_eirp'")
    b.js("document.getElementById('layer-channel').value = 'n79-4700'")
    b.js("document.getElementById('layer-slot').value = '9'")
    b.js("document.getElementById('layer-show').click()")
    b.wait("document.getElementById('legend').dataset.loaded === '1' && akichi.dataTiles && "
           + tiles_loaded("akichi.dataTiles"), "the max-EIRP tiles")
    layer = b.js("akichi.layer")
    check(layer["name"] == "max_eirp" and layer["params"]["channel"] == "n79-4700"
          and layer["params"]["slot"] == "9", f"the layer shown: {layer}")
    srcs = b.js("[...akichi.dataTiles.getContainer().querySelectorAll('img')].map(i => i.src)")
    check(srcs and all("/api/tiles/max_eirp/" in u and "channel=n79-4700" in u and "slot=9" in u
                       for u in srcs), f"tile URLs {srcs[:2]}")
    legend = b.js("document.querySelector('#legend .ramp').style.background")
    check("linear-gradient" in legend and "rgb(68, 1, 84)" in legend, f"legend {legend}")
    # The page's opacity control reaches the tile layer.
    b.js("const o = document.getElementById('layer-opacity'); o.value = '0.4'; "
         "o.dispatchEvent(new Event('input'))")
    check(b.js("akichi.dataTiles.options.opacity") == 0.4, "opacity")
    h = layer["params"]["height_m"]
    for lat, lon in [(34.9705, 136.6395), (34.962, 136.63)]:
        b.js(f"void akichi.map.fire('mousemove', {{latlng: L.latLng({lat}, {lon})}})")
        b.wait(f"document.getElementById('layer-value').dataset.lat === '{lat}' && "
               f"document.getElementById('layer-value').dataset.lon === '{lon}'",
               "the value under the cursor")
        shown = b.js("document.getElementById('layer-value').dataset.value")
        _, v = srv.get(f"/api/layers/max_eirp/value?lat_deg={lat}&lon_deg={lon}"
                       f"&channel=n79-4700&slot=9&height_m={h}")
        check(float(shown) == v["value"], f"value under the cursor {shown}, API {v['value']}")
        _, vac = srv.post("/api/vacancy", {"x_m": v["cell"]["x_m"], "y_m": v["cell"]["y_m"],
                                           "height_m": float(h), "slots": [9, 10],
                                           "channels": ["n79-4700"]})
        check(vac["channels"][0]["max_eirp_dBm"] == float(shown), "value vs vacancy")

    print("-- a click asks the vacancy; a grant request shows its decision", flush=True)
    b.js("void akichi.map.fire('click', {latlng: L.latLng(34.9705, 136.6395)})")
    b.wait("(document.querySelector('#panel h3') || {}).dataset?.kind === 'vacancy'", "vacancy")
    check(b.js("document.querySelector('#grant-form [name=lat_deg]').value") == "34.970500",
          "the click placed the grant form's point")
    for name, value in {"id": "g-web", "licensee": "factory-web", "height_m": "10",
                        "eirp_dBm": "25", "schedule": "Mon 09:00-10:00",
                        "lat_deg": "34.9705", "lon_deg": "136.6395"}.items():
        b.js(f"document.querySelector('#grant-form [name={name}]').value = {json.dumps(value)}")
    b.js("document.getElementById('grant-request').click()")
    b.wait("(document.querySelector('#panel h3') || {}).dataset?.kind === 'grant'", "decision")
    granted = b.js("document.querySelector('#panel h3').dataset.granted") == "true"
    _, audit = srv.get("/api/audit?limit=1000", token=reg)
    last = [e for e in audit["entries"] if e["action"] == "grant.request"][-1]
    check(last["request"]["id"] == "g-web" and last["response"]["granted"] == granted,
          "the panel's decision is the recorded one")
    shot = os.environ.get("AKICHI_BROWSER_SCREENSHOT")
    if shot:  # for looking at the page: AKICHI_BROWSER_SCREENSHOT=page.png
        import base64
        with open(shot, "wb") as fh:
            fh.write(base64.b64decode(b.call("Page.captureScreenshot", format="png")["data"]))


if __name__ == "__main__":
    try:
        main()
    except Failure as e:
        print(f"browser_test: FAILED: {e}", file=sys.stderr)
        sys.exit(1)
