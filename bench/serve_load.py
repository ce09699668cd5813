"""`akichi serve` under load on loopback: the industrial-park example with 50 protected
receivers and 200 active grants, then C clients at once asking (a) the vacancy at a point (every
slot and channel), (b) grant requests (each judged against the aggregate and recorded in the
audit table: a durable write), (c) judgements of a station added. Prints latency percentiles,
throughput and the server's resident memory at idle and after the load.

usage: /usr/bin/python3 bench/serve_load.py BUILD_DIR [CLIENTS] [REQUESTS]"""

import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "e2e",
                                "serve"))
from live import Server, make_token, scenario_copy  # noqa: E402

BUILD = os.path.abspath(sys.argv[1])
CLIENTS = int(sys.argv[2]) if len(sys.argv) > 2 else 32
REQUESTS = int(sys.argv[3]) if len(sys.argv) > 3 else 3000
AKICHI = os.path.join(BUILD, "bin", "akichi")
LOAD = os.path.join(BUILD, "bench", "serve_load")
SRC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")


def rss_mib(srv):
    _, m = srv.get("/metrics")
    return float(re.search(r"^process_resident_memory_bytes (\S+)$", m, re.M).group(1)) / 2**20


def cpu_s(pid):
    """utime + stime of a process, seconds (/proc/PID/stat fields 14 and 15)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def load(srv, path, bodies, token=""):
    cpu0 = cpu_s(srv.proc.pid)
    gen0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    fd, name = tempfile.mkstemp(suffix=".jsonl")
    with os.fdopen(fd, "w") as f:
        for b in bodies:
            f.write(json.dumps(b) + "\n")
    out = subprocess.run([LOAD, srv.url, "POST", path, name, str(CLIENTS), str(REQUESTS), "120",
                          token], check=True, capture_output=True, text=True).stdout
    os.unlink(name)
    r = json.loads(out)
    # The server's CPU per request: what decides the throughput on a machine it shares.
    gen1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    # The generator's CPU per request (user + system, its start-up included): the share of the
    # two cores it takes from the server.
    r["client_cpu_ms"] = 1000 * (gen1.ru_utime + gen1.ru_stime - gen0.ru_utime - gen0.ru_stime) \
        / max(1, r["requests"])
    r["server_cpu_ms"] = 1000 * (cpu_s(srv.proc.pid) - cpu0) / max(1, r["requests"])
    return r


def main():
    rnd = random.Random(2612)
    tmp, scen = scenario_copy(os.path.join(SRC, "scenarios", "live-industrial-park"))
    db = os.path.join(tmp, "live.gpkg")
    reg = make_token(AKICHI, db, "regulator")
    srv = Server(AKICHI, os.path.join(scen, "scenario.toml"), db).start()
    try:
        _, sc = srv.get("/api/scenario")
        w, s, e, n = sc["bbox_deg"]
        pt = lambda: (s + (n - s) * rnd.uniform(0.05, 0.95), w + (e - w) * rnd.uniform(0.05, 0.95))
        rows = ["id,role,lat_deg,lon_deg,height_m,freq_lo_MHz,freq_hi_MHz,noise_figure_dB,"
                "i_over_n_dB,antenna.type"]
        for i in range(48):  # 48 + ps-fixed-rx + the quasi-synchronous factory: 50 receivers
            lat, lon = pt()
            band = rnd.choice([(4600, 4700), (4700, 4800)])
            rows.append(f"rx-{i:02d},incumbent,{lat:.6f},{lon:.6f},{rnd.choice([10, 20, 30])},"
                        f"{band[0]},{band[1]},4,-10,isotropic")
        st, r = srv.request("POST", "/api/stations/import", raw="\n".join(rows) + "\n",
                            content_type="text/csv", token=reg)
        assert st == 201, r
        granted, asked = 0, 0
        while granted < 200 and asked < 3000:
            lat, lon = pt()
            asked += 1
            st, r = srv.post("/api/grants", {
                "id": f"g-{asked}", "licensee": f"lic-{asked % 40}", "lat_deg": lat,
                "lon_deg": lon, "height_m": 10, "eirp_dBm": 20, "tdd": "synchronous",
                "channel": rnd.choice(["n79-4800", "n257-28200", "n257-28600"]),
                "schedule": ["Mon-Fri 08:00-18:00"]}, token=reg)
            granted += st == 201
        _, h = srv.get("/health")
        _, inter = srv.get("/api/interference")
        print(f"state: {h['stations']} stations, {len(inter['receivers'])} protected receivers, "
              f"{h['active_grants']} active grants ({asked} requests to get them)")
        idle = rss_mib(srv)

        def point_body(i):
            lat, lon = pt()
            return {"lat_deg": lat, "lon_deg": lon, "height_m": rnd.choice([10.0, 20.0])}

        vac = load(srv, "/api/vacancy", [point_body(i) for i in range(500)])
        grants = load(srv, "/api/grants", [dict(point_body(i), id=f"load-{i}", licensee="lic-load",
                                                eirp_dBm=45, tdd="synchronous",
                                                channel=rnd.choice(["n79-4600", "n79-4700"]),
                                                schedule=["Mon-Fri 09:00-17:00"])
                                           for i in range(REQUESTS)], reg)
        judge = load(srv, "/api/judge", [{"action": "add", "station": dict(
            point_body(i), id=f"j-{i}", role="local5g_base", licensee="lic-j", freq_lo_MHz=4600,
            freq_hi_MHz=4700, eirp_dBm=30, tdd="unsynchronised", noise_figure_dB=7,
            i_over_n_dB=-6)} for i in range(500)])
        loaded = rss_mib(srv)
    finally:
        srv.stop()
    print("| request | clients | requests | per second | p50 ms | p90 ms | p99 ms | max ms | "
          "server CPU ms | generator CPU ms | statuses |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for name, r in [("POST /api/vacancy (every slot and channel)", vac),
                    ("POST /api/grants (judged, recorded)", grants),
                    ("POST /api/judge (a station added)", judge)]:
        print(f"| {name} | {r['clients']} | {r['requests']} | {r['per_second']:.0f} | "
              f"{r['p50_ms']:.2f} | {r['p90_ms']:.2f} | {r['p99_ms']:.2f} | {r['max_ms']:.2f} | "
              f"{r['server_cpu_ms']:.3f} | {r['client_cpu_ms']:.3f} | {r.get('status')} |")
    print(f"resident memory: {idle:.0f} MiB idle, {loaded:.0f} MiB after the load")


if __name__ == "__main__":
    main()
