"""Several `akichi serve` on one database.

usage: shared_test.py AKICHI SOURCE_DIR   (under tests/pg/with_postgres.sh: AKICHI_TEST_PG)

PostgreSQL: two servers on one throwaway database; a write to either (station create, update,
delete, import, grant, release) is seen by the other within a bounded wait, its engine updated
(its vacancy and interference equal the writer's); racing clients split across both servers
never both get the last dB of a receiver's margin. GeoPackage: a second server on the same file
is refused, naming the file, while the token commands still work beside the first."""

import os
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from live import Failure, Server, check, make_token, scenario_copy  # noqa: E402

AKICHI = os.path.abspath(sys.argv[1])
SRC = os.path.abspath(sys.argv[2])
PG = os.environ.get("AKICHI_TEST_PG")
TMP, SCEN_DIR = scenario_copy(os.path.join(SRC, "scenarios", "live-industrial-park"))
SCENARIO = os.path.join(SCEN_DIR, "scenario.toml")
WAIT_S = 60  # the bound on seeing another server's write (it takes milliseconds)


def step(name):
    print(f"-- {name}", flush=True)


def eventually(what, probe):
    """Polls probe() until it returns a true value, at most WAIT_S seconds; that value."""
    deadline = time.time() + WAIT_S
    last = None
    while time.time() < deadline:
        last = probe()
        if last:
            return last
        time.sleep(0.05)
    raise Failure(f"not seen within {WAIT_S} s: {what} (last: {last!r})")


def version(srv):
    return srv.get("/health")[1]["data_version"]


def same_state(a, b, x, y, label):
    """Both servers at one data version answer the same vacancy and interference."""
    q = {"x_m": x, "y_m": y, "height_m": 10, "slots": [9, 10]}
    va, vb = a.post("/api/vacancy", q)[1], b.post("/api/vacancy", q)[1]
    check(va["data_version"] == vb["data_version"], f"{label}: versions {va['data_version']} "
          f"{vb['data_version']}")
    check(va["channels"] == vb["channels"], f"{label}: vacancy {va['channels']} vs {vb['channels']}")
    ia, ib = a.get("/api/interference")[1], b.get("/api/interference")[1]
    check(ia["receivers"] == ib["receivers"], f"{label}: interference differs")


def station(sid, lat, eirp=33):
    return {"id": sid, "role": "local5g_base", "licensee": "factory-01", "lat_deg": lat,
            "lon_deg": 136.641, "height_m": 12, "freq_lo_MHz": 4800, "freq_hi_MHz": 4900,
            "eirp_dBm": eirp, "noise_figure_dB": 7, "i_over_n_dB": -6, "tdd": "synchronous"}


def postgis_checks():
    reg = make_token(AKICHI, PG, "regulator")
    lic1 = make_token(AKICHI, PG, "licensee", "factory-01")
    lic2 = make_token(AKICHI, PG, "licensee", "factory-02")
    a = Server(AKICHI, SCENARIO, PG).start()
    b = Server(AKICHI, SCENARIO, PG).start()
    try:
        step("both servers start on one database: the scenario imported once")
        sa, sb = a.get("/api/stations")[1], b.get("/api/stations")[1]
        check(len(sa["features"]) > 0 and sa == sb, "the two servers' stations differ")
        _, audit = a.get("/api/audit?after=0&limit=100", token=reg)
        imports = [e for e in audit["entries"] if e["action"] == "import.scenario"]
        check(len(imports) == 1, f"{len(imports)} imports of the scenario")
        _, f = a.get("/api/scenario")
        ext = f["extent_m"]
        x, y = (ext[0] + ext[2]) / 2, (ext[1] + ext[3]) / 2

        step("a station created on A is seen by B, its engine updated")
        st, r = a.post("/api/stations", station("shared-gnb", 34.972), token=reg)
        check(st == 201, f"create on A: {st} {r}")
        eventually("the station on B", lambda: b.get("/api/stations/shared-gnb")[0] == 200)
        eventually("B at A's version", lambda: version(b) >= r["data_version"])
        same_state(a, b, x, y, "after create")

        step("an update on B is seen by A")
        st, r = b.request("PUT", "/api/stations/shared-gnb", station("shared-gnb", 34.974, 36),
                          token=reg)
        check(st == 200, f"update on B: {st} {r}")
        eventually("the moved station on A", lambda: abs(
            a.get("/api/stations/shared-gnb")[1]["geometry"]["coordinates"][1] - 34.974) < 1e-9)
        same_state(a, b, x, y, "after update")

        step("an import on A and a delete on B")
        csv = ("id,role,licensee,lat_deg,lon_deg,height_m,freq_lo_MHz,freq_hi_MHz,eirp_dBm,"
               "noise_figure_dB,i_over_n_dB,tdd\n"
               "shared-imp,local5g_base,factory-01,34.973,136.643,10,4800,4900,30,7,-6,"
               "synchronous\n")
        st, r = a.request("POST", "/api/stations/import", raw=csv, content_type="text/csv",
                          token=reg)
        check(st == 201, f"import on A: {st} {r}")
        eventually("the import on B", lambda: b.get("/api/stations/shared-imp")[0] == 200)
        st, r = b.request("DELETE", "/api/stations/shared-gnb", token=reg)
        check(st == 200, f"delete on B: {st} {r}")
        eventually("the deletion on A", lambda: a.get("/api/stations/shared-gnb")[0] == 404)
        same_state(a, b, x, y, "after import and delete")

        step("racing clients on both servers: one gets the last dB")
        window = {"slots": [9, 10], "channels": ["n79-4700"]}
        point = None
        for fy in [i / 12 for i in range(1, 12)]:
            for fx in [i / 16 for i in range(1, 16)]:
                px, py = ext[0] + fx * (ext[2] - ext[0]), ext[1] + fy * (ext[3] - ext[1])
                c = a.post("/api/vacancy", dict(window, x_m=px, y_m=py, height_m=10))[1]
                c = c["channels"][0]
                if c["binding"] == "ps-fixed-rx" and 25 < c["max_eirp_dBm"] < 45:
                    point = (px, py)
                    break
            if point:
                break
        check(point is not None, "no point bound by ps-fixed-rx between 25 and 45 dBm")

        def grant_body(gid, lic, eirp):
            return {"id": gid, "licensee": lic, "channel": "n79-4700", "x_m": point[0],
                    "y_m": point[1], "height_m": 10, "eirp_dBm": eirp, "tdd": "synchronous",
                    "schedule": ["Mon 09:00-10:00"],
                    "antenna": {"type": "isotropic", "gain_dBi": 5}}

        st, over = a.post("/api/grants", grant_body("probe", "factory-01", 60), token=lic1)
        check(st == 200 and not over["granted"], f"60 dBm refused: {st}")
        grantable = over["decision"]["grantable_eirp_dBm"]
        check(grantable is not None, "a grantable EIRP at the point")
        eventually("B at A's version", lambda: version(b) >= over["data_version"])
        results, lock = [], threading.Lock()

        def ask(i):
            srv = a if i % 2 == 0 else b
            tok, lic = (lic1, "factory-01") if i % 4 < 2 else (lic2, "factory-02")
            r = srv.post("/api/grants", grant_body(f"race-{i}", lic, grantable - 0.001), token=tok)
            with lock:
                results.append((i % 2, r))

        threads = [threading.Thread(target=ask, args=(i,)) for i in range(16)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        granted = [r for _, r in results if r[0] == 201]
        check(len(granted) == 1, f"{len(granted)} of 16 racing requests on two servers granted: "
              f"{[(s, r[0]) for s, r in results]}")
        denied = [r[1] for _, r in results if r[0] == 200]
        check(len(denied) == 15 and all(d["decision"]["binding"] == "ps-fixed-rx" for d in denied),
              "the others are denied by ps-fixed-rx")
        g = granted[0][1]["grant"]
        check(granted[0][1]["decision"]["margin_dB"] >= -1e-4, "the granted margin")
        for srv in (a, b):
            eventually("the grant on both", lambda srv=srv: any(
                x["id"] == g["id"] for x in srv.get("/api/grants", token=reg)[1]["grants"]))
        same_state(a, b, point[0], point[1], "after the race")
        for srv in (a, b):
            m = [r for r in srv.get("/api/interference")[1]["receivers"]
                 if r["receiver"] == "ps-fixed-rx"][0]["margin_after_dB"]
            check(m is None or m >= -1e-4, f"ps-fixed-rx over its limit on a server: {m}")

        step("a release on the other server frees the margin on both")
        owner = lic1 if g["licensee"] == "factory-01" else lic2
        other = b if any(r[1].get("grant", {}).get("id") == g["id"]
                         for s, r in results if s == 0) else a
        st, r = other.request("DELETE", f"/api/grants/{g['id']}", token=owner)
        check(st == 200, f"release: {st} {r}")
        for srv in (a, b):
            eventually("the release on both", lambda srv=srv: all(
                x["id"] != g["id"] for x in srv.get("/api/grants", token=reg)[1]["grants"]))
        same_state(a, b, point[0], point[1], "after the release")
        st, r = b.post("/api/grants", grant_body("again", "factory-01", grantable - 0.001),
                       token=lic1)
        check(st == 201, f"granted again after the release: {st} {r.get('decision')}")
    finally:
        for srv in (a, b):
            if srv.proc is not None:
                srv.stop()


def gpkg_checks():
    step("GeoPackage: a second server on the same file is refused")
    db = os.path.join(TMP, "one.gpkg")
    first = Server(AKICHI, SCENARIO, db).start()
    try:
        p = subprocess.run([AKICHI, "serve", SCENARIO, "--db", db, "--listen", "127.0.0.1:0"],
                           capture_output=True, text=True, timeout=300)
        check(p.returncode == 1, f"second server: exit {p.returncode}")
        check("another akichi serve uses this GeoPackage" in p.stderr and db in p.stderr,
              f"second server's message: {p.stderr!r}")
        make_token(AKICHI, db, "regulator")  # beside the server, as before
        check(first.get("/health")[0] == 200, "the first server answers")
    finally:
        check(first.stop() == 0, "the first server's exit status")
    second = Server(AKICHI, SCENARIO, db).start()  # once the first has stopped
    check(second.stop() == 0, "a server after the first stopped")


def main():
    if not PG:
        raise Failure("run me under tests/pg/with_postgres.sh (AKICHI_TEST_PG)")
    postgis_checks()
    gpkg_checks()
    print("shared_test: all checks passed")


if __name__ == "__main__":
    try:
        main()
    except Failure as e:
        print(f"shared_test: FAILED: {e}", file=sys.stderr)
        sys.exit(1)
