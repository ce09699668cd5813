"""The study report of `akichi report` opened in Debian's headless chromium over the DevTools
protocol (tests/e2e/devtools.py): it loads with no console error and no network request, has no
script, every image decodes, and the numbers of its tables are those of the results file read
with h5py.

usage: report_test.py KIND REPORT.html RESULTS.nc [ARGS...]
  KIND  sharing  (coverage, MIC, vacancy at the planned sites, aggregate)
        point    (the vacancy table of --point: ARGS = IX IY HEIGHT_INDEX)
        coordination (move lists and granted EIRPs)
        montecarlo
        sweep    (ARGS = the variant reported)
        variant-drawings (a sweep's granted EIRP or CDF: ARGS = the variant reported)"""

import math
import os
import sys

import h5py
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from devtools import Browser, BrowserFailure  # noqa: E402


def check(cond, what):
    if not cond:
        raise BrowserFailure(what)


def text(v):
    return v.decode() if isinstance(v, bytes) else str(v)


def strings(ds):
    return [text(v) for v in ds[()]]


def f1(v):
    """The report's one-decimal figure of a value (NaN '–', -inf 'none')."""
    v = float(v)
    if math.isnan(v):
        return "–"
    if math.isinf(v):
        return "none" if v < 0 else "inf"
    return f"{v:.1f}"


def f32(v):
    """A value as the report reads it: multi-dimensional variables come as float32."""
    return float(np.float32(v))


def pct(v):
    return "–" if math.isnan(v) else f"{100.0 * v:.1f} %"


def table(b, tid):
    rows = b.js(f"""[...document.querySelectorAll('table#{tid} tbody tr')]
        .map(r => [...r.cells].map(c => c.textContent))""")
    check(rows is not None and len(rows) > 0, f"table #{tid} is in the report")
    return rows


def load(b, html):
    for domain in ("Page", "Runtime", "Log", "Network"):
        b.call(f"{domain}.enable")
    url = "file://" + os.path.abspath(html)
    b.call("Page.navigate", url=url)
    for _ in range(600):
        if b.js("document.readyState") == "complete" and b.js(
                "document.images.length === 0 || [...document.images].every(i => i.complete)"):
            break
        b.js("new Promise(r => setTimeout(r, 100))")
    check(b.js("document.readyState") == "complete", "the report loaded")
    errors = [e for e in b.events
              if (e["method"] == "Runtime.consoleAPICalled" and e["params"]["type"] == "error")
              or e["method"] == "Runtime.exceptionThrown"
              or (e["method"] == "Log.entryAdded" and e["params"]["entry"]["level"] == "error")]
    check(not errors, f"no console error: {errors[:3]}")
    requests = [e["params"]["request"]["url"] for e in b.events
                if e["method"] == "Network.requestWillBeSent"]
    check(url in requests, f"the network events are seen (the file's own request): {requests[:3]}")
    outside = [u for u in requests if u != url and not u.startswith("data:")]
    check(not outside, f"no request beyond the file itself: {outside[:5]}")
    failed = [e for e in b.events if e["method"] == "Network.loadingFailed"]
    check(not failed, f"no failed request: {failed[:3]}")
    check(b.js("document.scripts.length") == 0, "no script in the report")
    check(b.js("document.characterSet") == "UTF-8", "the document is UTF-8")
    n, decoded = b.js("[document.images.length, "
                      "[...document.images].filter(i => i.naturalWidth > 0).length]")
    check(n > 0 and decoded == n, f"every image decodes: {decoded} of {n}")
    srcs = b.js("[...document.images].map(i => i.getAttribute('src').slice(0, 22))")
    check(all(s == "data:image/png;base64," for s in srcs), "every image is an embedded PNG")
    print(f"  loaded: {n} images decoded, no console error, no request, no script")
    return n


def check_title(b, f):
    title = text(f.attrs["title"])
    check(b.js("document.title") == "Study report: " + title,
          f"title {b.js('document.title')!r} != {title!r}")
    check(b.js("document.querySelector('h1').textContent") == title, "heading = the file's title")
    print(f"  title: {title}")


def check_coverage(b, g):
    rows = table(b, "coverage-table")
    heights = g["height"][:]
    check(len(rows) == len(heights), "a coverage row per height")
    for h, row in enumerate(rows):
        check(row[0] == f"{heights[h]:g}", f"height {row[0]}")
        check(row[1] == pct(g["premises_coverage_share"][h]), f"covered {row[1]} at {heights[h]}")
        check(row[2] == pct(g["leakage_share"][h]), f"leakage {row[2]} at {heights[h]}")
    print(f"  coverage: {[r[1] for r in rows]} covered, {[r[2] for r in rows]} leakage")


def check_mic(b, f):
    rows = table(b, "mic-table")
    ids = strings(f["mic_station_id"])
    check([r[0] for r in rows] == ids, "a MIC row per station")
    for i, row in enumerate(rows):
        check(row[2] == f"{f['mic_coverage_area'][i] / 1e6:.4f}", f"cover area {row[2]}")
        check(row[3] == f"{f['mic_coordination_area'][i] / 1e6:.4f}", f"coordination {row[3]}")
    print(f"  MIC areas: {[(r[0], r[2], r[3]) for r in rows]}")


def check_aggregate(b, f):
    rows = table(b, "aggregate-table")
    rid = strings(f["receiver_id"])
    margin, agg = f["aggregate_margin"][()], f["aggregate_interference"][()]
    contrib, rank = f["aggregate_contribution"][()], f["aggregate_ranking"][()]
    src = strings(f["source_id"])
    limit = f["db_station_limit"][()]
    nt, nc, nr = margin.shape
    for r in range(nr):
        row = rows[r]
        check(row[0] == rid[r], f"receiver {row[0]}")
        check(row[1] == f1(limit[f["receiver_db_station"][r]]), f"limit {row[1]}")
        best, wt, wk = math.inf, 0, 0
        for t in range(nt):
            for k in range(nc):
                m = f32(margin[t, k, r])
                if math.isfinite(m) and m < best:
                    best, wt, wk = m, t, k
        check(row[3] == f1(best), f"margin {row[3]} != {f1(best)}")
        check(row[2] == f1(f32(agg[wt, wk, r])), f"aggregate {row[2]}")
        first = rank[r, wk, 0]
        check(row[6].split(";")[0] == f"{src[first]} {f1(f32(contrib[r, wk, first]))}",
              f"largest contributor {row[6]}")
        if "montecarlo" in f:
            i_over_n = f1(f32(agg[wt, wk, r]) - float(f["montecarlo/noise"][r]))
            check(row[7] == i_over_n, f"I/N {row[7]} != {i_over_n}")
        else:
            check(len(row) == 7, "no I/N without the noise of [montecarlo]")
        print(f"  aggregate at {rid[r]}: {row[2]} dBm, margin {row[3]} dB, {row[6]}"
              + (f", I/N {row[7]} dB" if len(row) > 7 else ""))


def check_vacancy(b, f, table_id, ix, iy, h):
    rows = table(b, table_id)
    head = b.js(f"[...document.querySelectorAll('table#{table_id} thead th')]"
                ".map(c => c.textContent)")
    eirp = f["max_eirp"][:, :, h, iy, ix]
    usable = f["usable"][:, :, h, iy, ix]
    times = strings(f["time_local"])
    chans = strings(f["channel_id"])
    dates = list(dict.fromkeys(t[:10] for t in times))
    clocks = sorted(set(t[11:16] for t in times))
    check(head == ["channel", "date"] + clocks, f"heat table columns {head[:5]}")
    check(len(rows) == len(chans) * len(dates), "a row per channel and date")
    titles = b.js(f"[...document.querySelectorAll('table#{table_id} tbody td[title]')]"
                  ".map(c => c.title)")
    n = 0
    for t, label in enumerate(times):
        for k, ch in enumerate(chans):
            row = rows[k * len(dates) + dates.index(label[:10])]
            check(row[0] == ch and row[1] == label[:10], f"row {row[:2]}")
            cell = row[2 + clocks.index(label[11:16])]
            want = f1(f32(eirp[t, k]))
            check(cell == want, f"max EIRP at {ch} {label}: {cell} != {want}")
            state = "usable" if usable[t, k] == 1 else "not usable"
            check(f"{ch} {label}: {want} dBm, {state}" in titles, f"{ch} {label} {state}")
            n += 1
    print(f"  vacancy {table_id}: {n} slot x channel values at cell ({ix}, {iy}), height {h}")


def sharing(b, html, path):
    f = h5py.File(path, "r")
    load(b, html)
    check_title(b, f)
    check_coverage(b, f)
    check_mic(b, f)
    check_aggregate(b, f)
    # The planned stations' sites: each at the file's height nearest its antenna.
    x, y, heights = f["x"][()], f["y"][()], f["height"][()]
    cell = float(f.attrs["cell_size_m"])
    for s in range(len(f["station_id"])):
        ix = int(math.floor((f["station_x"][s] - (x[0] - cell / 2)) / cell))
        iy = int(math.floor((f["station_y"][s] - (y[0] - cell / 2)) / cell))
        h = int(np.argmin(np.abs(heights - f["station_height"][s])))
        check_vacancy(b, f, f"vacancy-{s}", ix, iy, h)
    no_mc = b.js("document.querySelector('#montecarlo p.note').textContent")
    check("[montecarlo]" in no_mc, f"a one-line note for the absent Monte Carlo: {no_mc}")


def point(b, html, path, ix, iy, h):
    f = h5py.File(path, "r")
    load(b, html)
    h3 = b.js("document.querySelector('#vacancy h3').textContent")
    check(f"cell x {ix} y {iy}, height {f['height'][h]:g} m" in h3, f"the point's cell: {h3}")
    check_vacancy(b, f, "vacancy-0", ix, iy, h)


def check_applicants(b, co):
    """The coordination table: a row per applicant of /coordination `co`, whether it is granted
    and at what EIRP. Returns the rows and the applicants' ids."""
    rows = table(b, "coordination-table")
    ids = strings(co["applicant_id"])
    check([r[0] for r in rows] == ids, "a row per applicant")
    for a, row in enumerate(rows):
        granted = co["granted"][a] == 1
        check(row[3] == ("yes" if granted else "no"), f"{ids[a]} granted {row[3]}")
        check(row[5] == f1(co["granted_eirp"][a]), f"{ids[a]} granted EIRP {row[5]}")
    return rows, ids


def coordination(b, html, path):
    f = h5py.File(path, "r")
    load(b, html)
    check_title(b, f)
    co = f["coordination"]
    rows, ids = check_applicants(b, co)
    for a, row in enumerate(rows):
        check(row[2] == f1(co["requested_eirp"][a]), f"{ids[a]} requested EIRP {row[2]}")
    rrows = table(b, "coordination-receivers-table")
    rid = strings(f["receiver_id"])
    ml = co["move_list"][()]
    for r, row in enumerate(rrows):
        check(row[0] == rid[r], f"receiver {row[0]}")
        check(row[3] == f1(co["margin_after"][r]), f"margin after {row[3]}")
        check(row[5] == f"{co['moved_count'][r]:g}", f"moved {row[5]}")
        moved = [ids[a] for a in range(len(ids)) if ml[r, a] == 2]
        check(row[8] == (", ".join(moved) if moved else "none"), f"move list {row[8]}")
        print(f"  {rid[r]}: margin after {row[3]} dB, {len(moved)} on the move list")
    print(f"  coordination: {sum(r[3] == 'yes' for r in rows)} of {len(rows)} granted")
    check_one_slot_vacancy(b, f)


def variant_drawings(b, html, path, variant):
    """A sweep's variant with [coordination] or [montecarlo]: its own grants, and its granted-EIRP
    map or its CDF of I/N drawn from its own group (each caption's command names the variant)."""
    f = h5py.File(path, "r")
    g = f[variant]
    load(b, html)
    captions = b.js("[...document.querySelectorAll('figcaption')].map(c => c.textContent)")
    drawn = []
    if "coordination" in g:
        co = g["coordination"]
        rows, ids = check_applicants(b, co)
        n = int(sum(co["granted"][()] == 1))
        mine = [c for c in captions if f"--variant {variant} --var granted_eirp" in c]
        check(len(mine) == 1, f"one figure drawn by --variant {variant}: {captions[:4]}")
        check(f"{n} of {len(ids)} applicants granted" in mine[0],
              f"the map's subtitle counts the variant's {n} grants: {mine[0]}")
        drawn.append(f"granted EIRP ({n} of {len(ids)} granted)")
    if "montecarlo" in g:
        trials = f'{float(g["montecarlo"].attrs["trials"]):g}'
        mine = [c for c in captions if f"--variant {variant} --var i_over_n_cdf" in c]
        check(len(mine) == 1, f"one CDF drawn by --variant {variant}: {captions[:4]}")
        check(f" {trials} trials" in mine[0], f"the CDF's subtitle names {trials} trials: {mine[0]}")
        drawn.append(f"CDF of I/N ({trials} trials)")
    check(drawn, f"variant {variant} has a coordination or a Monte Carlo group")
    print(f"  variant {variant}: {', '.join(drawn)}, from its own group")


def check_one_slot_vacancy(b, f):
    """A file of one slot: one vacancy table, a row per planned station's site (the first 12)."""
    check(len(f["time_local"]) == 1, "a file of one slot")
    rows = table(b, "vacancy-points")
    x, y, heights = f["x"][()], f["y"][()], f["height"][()]
    cell = float(f.attrs["cell_size_m"])
    ids = strings(f["station_id"])
    chans = strings(f["channel_id"])
    check(len(rows) == min(12, len(ids)), f"a row per site: {len(rows)}")
    for s, row in enumerate(rows):
        ix = int(math.floor((f["station_x"][s] - (x[0] - cell / 2)) / cell))
        iy = int(math.floor((f["station_y"][s] - (y[0] - cell / 2)) / cell))
        h = int(np.argmin(np.abs(heights - f["station_height"][s])))
        check(row[:6] == [ids[s], f"{f['station_lat'][s]:.5f}", f"{f['station_lon'][s]:.5f}",
                          str(ix), str(iy), f"{heights[h]:g}"], f"site {row[:6]}")
        for k in range(len(chans)):
            want = f1(f32(f["max_eirp"][0, k, h, iy, ix]))
            check(row[6 + k] == want, f"{ids[s]} {chans[k]}: {row[6 + k]} != {want}")
    print(f"  vacancy of the one slot at {len(rows)} sites x {len(chans)} channels")


def montecarlo(b, html, path):
    f = h5py.File(path, "r")
    load(b, html)
    check_aggregate(b, f)
    mc = f["montecarlo"]
    rows = table(b, "montecarlo-table")
    rid = strings(f["receiver_id"])
    p, lo, hi = mc["p_interference"][()], mc["p_interference_low"][()], mc["p_interference_high"][()]
    nr, nc, ncr = p.shape
    for r in range(nr):
        for k in range(nc):
            row = rows[r * nc + k]
            check(row[0] == rid[r], f"receiver {row[0]}")
            check(row[2] == f"{f32(mc['trials'][r, k]):g}", f"trials {row[2]}")
            for c in range(ncr):
                want = "–" if math.isnan(p[r, k, c]) else (
                    f"{f32(p[r, k, c]):.4f} [{f32(lo[r, k, c]):.4f}, {f32(hi[r, k, c]):.4f}]")
                check(row[3 + c] == want, f"P_I {row[3 + c]} != {want}")
    print(f"  Monte Carlo: {len(rows)} rows, first {rows[0][:4]}")


def sweep(b, html, path, variant):
    f = h5py.File(path, "r")
    load(b, html)
    rows = table(b, "sweep-table")
    head = b.js("[...document.querySelectorAll('table#sweep-table thead th')]"
                ".map(c => c.textContent)")
    names = strings(f["variant_name"])
    labels = text(f.attrs["sweep_labels"]).split()
    check(len(rows) == len(names), "a row per variant")
    heights = f[names[0]]["height"][()]
    for v, row in enumerate(rows):
        g = f[names[v]]
        check(row[0] == str(f["variant_index"][v]), f"index {row[0]}")
        for j, label in enumerate(labels):
            check(row[1 + j] == text(g.attrs[f"sweep_{label}"]), f"{label} {row[1 + j]}")
        for h, height in enumerate(heights):
            col = head.index(f"covered@{height:g}m")
            check(row[col] == pct(g["premises_coverage_share"][h]), f"covered {row[col]}")
    reported = b.js("[...document.querySelectorAll('table#run tr')]"
                    ".find(r => r.cells[0].textContent === 'Variant reported').cells[1].textContent")
    check(reported == variant, f"variant reported {reported} != {variant}")
    check_coverage(b, f[variant])
    print(f"  sweep: {len(rows)} variants; reported {reported}")


def main():
    kind, html, path = sys.argv[1:4]
    b = Browser(window_size="1280,1000")
    try:
        if kind == "sharing":
            sharing(b, html, path)
        elif kind == "point":
            point(b, html, path, *(int(a) for a in sys.argv[4:7]))
        elif kind == "coordination":
            coordination(b, html, path)
        elif kind == "montecarlo":
            montecarlo(b, html, path)
        elif kind == "variant-drawings":
            variant_drawings(b, html, path, sys.argv[4])
        elif kind == "sweep":
            sweep(b, html, path, sys.argv[4])
        else:
            raise SystemExit(f"unknown kind {kind}")
    finally:
        b.close()
    print(f"report_test {kind}: all checks passed")


if __name__ == "__main__":
    main()
