"""The Python module `akichi` (python/, docs/python.md), with /usr/bin/python3.

Checked against: the owners' reference values of ITU-R P.1812 and NTIA ITM (tests/data), the
results file of `akichi run` on the same scenario (bit for bit, read independently by h5py),
the batch engine's path_loss of single cells, the table `akichi link` prints, the messages of the
command line, and xarray's own reading of the file.

Run by ctest (python.module) with PYTHONPATH naming the build's python/ folder, AKICHI naming the
executable and AKICHI_SOURCE_DIR the repository.
"""

import copy
import csv
import math
import os
import re
import subprocess
import tempfile
import threading
import time
import unittest

import h5py
import numpy as np

import akichi

SRC = os.environ["AKICHI_SOURCE_DIR"]
EXE = os.environ["AKICHI"]
DATA = os.path.join(SRC, "tests", "data")

# A small coverage study: the default scenario's terrain and two of its stations on a 32 x 24 grid.
SCENARIO = {
    "scenario": {"name": "python module test", "description": "two stations, 20 m cells"},
    "area": {
        "center_lat_deg": 35.5050,
        "center_lon_deg": 139.7450,
        "size_x_m": 640,
        "size_y_m": 480,
        "cell_size_m": 20,
        "rx_heights_m": [1.5, 10.0],
    },
    "terrain": {
        "source": "synthetic",
        "seed": 20261128,
        "base_m": 0,
        "relief_m": 45,
        "wavelength_m": 1200,
        "modes": 64,
        "coast_lat_deg": 35.4985,
        "sea_level_m": 0,
    },
    "propagation": {"model": "tr38901", "tr38901": {"scenario": "UMa", "los": "terrain"}},
    "coverage": {
        "rx_gain_dBi": 0,
        "noise_figure_dB": 7,
        "service_threshold_dBm": -90,
        "leakage_threshold_dBm": -100,
    },
    "station": [
        {
            "id": "gnb-a",
            "lat_deg": 35.5040,
            "lon_deg": 139.7440,
            "height_m": 15,
            "freq_MHz": 4850,
            "bandwidth_MHz": 100,
            "tx_power_dBm": 30,
            "antenna": {"type": "3gpp_sector", "gain_dBi": 8, "azimuth_deg": 45,
                        "downtilt_deg": 4},
        },
        {
            "id": "gnb-b",
            "lat_deg": 35.5060,
            "lon_deg": 139.7460,
            "height_m": 12,
            "freq_MHz": 4850,
            "bandwidth_MHz": 100,
            "tx_power_dBm": 27,
        },
    ],
}


def read_sg3(path):
    """An owners' P.1812 / P.452 profile file: header values, profile, measurement rows."""
    head, prof, rows, part = {}, [], [], "head"
    with open(path, encoding="latin-1") as f:
        lines = f.read().splitlines()
    for line in lines:
        line = line.strip()
        if line.startswith("{Begin of Profile}"):
            part = "profile"
        elif line.startswith("{End of Profile}"):
            part = "after"
        elif line.startswith("{Begin of Measurements}"):
            part = "rows"
        elif line.startswith("{End of Measurements}"):
            part = "end"
        elif part == "head" and ":," in line:
            k, v = line.split(":,", 1)
            head[k] = v
        elif part == "profile" and not line.startswith("Number"):
            prof.append([float(x) for x in line.split(",")])
        elif part == "rows":
            rows.append(line.split(","))
    return head, np.array(prof), rows


def path_centre_latitude_deg(phi_t, lam_t, phi_r, lam_r, dpnt_km):
    """ITU-R P.2001-5 Attachment H, (H.2.1)-(H.3.3): the latitude dpnt_km along the great circle."""
    k = math.pi / 180
    dlon = lam_r - lam_t
    st, ct, sr, cr = math.sin(phi_t * k), math.cos(phi_t * k), math.sin(phi_r * k), math.cos(phi_r * k)
    rr = st * sr + ct * cr * math.cos(dlon * k)
    x1 = sr - rr * st
    y1 = ct * cr * math.sin(dlon * k)
    bt2r = math.atan2(y1, x1)
    phipnt = dpnt_km / 6371.0
    return math.asin(st * math.cos(phipnt) + ct * math.sin(phipnt) * math.cos(bt2r)) / k


def bits(a):
    a = np.ascontiguousarray(a)
    return a.dtype, a.shape, a.tobytes()


class OwnersReferenceValues(unittest.TestCase):
    def test_p1812_rburg_owners_lb(self):
        # ITU-R SG3 validation profile rburg_rural_noclutter: no clutter, inland everywhere, so the
        # model's uniform parameters hold; three time percentages with the owners' Lb.
        head, prof, rows = read_sg3(os.path.join(DATA, "itu-r-p1812-6", "profiles",
                                                 "rburg_rural_noclutter.csv"))
        d_m, z_m = prof[:, 0] * 1e3, prof[:, 1]
        lat = path_centre_latitude_deg(float(head["Tx LAT"]), float(head["Tx LON"]),
                                       float(head["Rx LAT"]), float(head["Rx LON"]),
                                       0.5 * (prof[-1, 0] - prof[0, 0]))
        self.assertEqual(len(rows), 3)
        for r in rows:
            f_mhz, htg, hrg, pol, p, lb = float(r[0]), float(r[1]), float(r[3]), r[4], float(r[14]), float(r[17])
            self.assertEqual(pol, "1")
            loss = akichi.path_loss("p1812", f_mhz, htg, hrg, profile=(d_m, z_m), time_percent=p,
                                    polarization="horizontal", delta_N=float(head["Average annual values dN (N-units/km)"]),
                                    N0=float(head["Average annual sea-level surface refractivity No (N-units)"]),
                                    latitude_deg=lat)
            self.assertIsInstance(loss, akichi.Loss)
            self.assertAlmostEqual(float(loss), lb, delta=1e-6, msg=f"p = {p} %")
            self.assertEqual(loss.model, "p1812")
            self.assertIn("P.1812", loss.description)

    def test_itm_ntia_examples(self):
        # NTIA ITM p2p.csv over pfls.csv (one profile per case: np, xi, z0..znp), the five
        # owners' examples, given to 0.01 dB: A within half of that.
        with open(os.path.join(DATA, "ntia-itm", "p2p.csv")) as f:
            cases = list(csv.DictReader(f))
        with open(os.path.join(DATA, "ntia-itm", "pfls.csv")) as f:
            pfls = [[float(x) for x in line.split(",") if x.strip()] for line in f if line.strip()]
        self.assertEqual(len(cases), 5)
        for c, pfl in zip(cases, pfls):
            n, xi = int(pfl[0]), pfl[1]
            z = np.array(pfl[2:2 + n + 1])
            d = np.arange(n + 1) * xi
            params = dict(climate=int(c["climate"]), N0=float(c["N_0"]),
                          polarization="vertical" if c["pol"] == "1" else "horizontal",
                          epsilon=float(c["epsilon"]), sigma_S_per_m=float(c["sigma"]),
                          mdvar=int(c["mdvar"]), time_percent=float(c["time"]),
                          location_percent=float(c["location"]),
                          situation_percent=float(c["situation"]))
            loss = akichi.path_loss("itm", float(c["f__mhz"]), float(c["h_tx__meter"]),
                                    float(c["h_rx__meter"]), profile={"d_m": d, "z_m": z}, **params)
            self.assertAlmostEqual(float(loss), float(c["A__db"]), delta=0.005, msg=c)
            # Lists give the same number as arrays.
            same = akichi.path_loss("itm", float(c["f__mhz"]), float(c["h_tx__meter"]),
                                    float(c["h_rx__meter"]), profile=(list(d), list(z)), **params)
            self.assertEqual(float(same), float(loss))


class Errors(unittest.TestCase):
    def test_classes(self):
        self.assertTrue(issubclass(akichi.InputError, ValueError))
        self.assertTrue(issubclass(akichi.InputError, akichi.Error))

    def test_parameters_named_as_in_the_scenario(self):
        prof = ([0, 500, 1000], [10, 12, 11])
        with self.assertRaises(akichi.InputError) as e:
            akichi.path_loss("itm", 600, 10, 2, profile=prof, N0=500)
        self.assertIn("propagation.itm.N0: found 500", str(e.exception))
        with self.assertRaises(akichi.InputError) as e:
            akichi.path_loss("itm", 600, 10, 2, profile=prof, n0=301)
        self.assertIn("propagation.itm.n0", str(e.exception))
        with self.assertRaises(akichi.InputError) as e:
            akichi.path_loss("nope", 600, 10, 2, profile=prof)
        self.assertIn("propagation.model: found 'nope'", str(e.exception))
        with self.assertRaises(akichi.InputError) as e:
            akichi.path_loss("itm", 7e4, 10, 2, profile=prof)
        self.assertIn("freq_mhz: found 70000", str(e.exception))
        with self.assertRaises(akichi.InputError) as e:
            akichi.path_loss("free_space", 600, 10, 2, profile=([0, 5, 4], [1, 1, 1]))
        self.assertIn("profile[2]", str(e.exception))

    def test_dict_scenario_errors_name_the_field_as_the_cli(self):
        bad = copy.deepcopy(SCENARIO)
        bad["area"]["cell_size_m"] = -5
        with self.assertRaises(akichi.InputError) as e:
            akichi.Study(bad)
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "bad.toml")
            with open(path, "w") as f:
                f.write(akichi.to_toml(bad))
            cli = subprocess.run([EXE, "check", path], capture_output=True, text=True)
        self.assertEqual(cli.returncode, 2)
        tail = re.search(r"area\.cell_size_m: found [^\n]*", cli.stderr).group(0)
        self.assertIn(tail, str(e.exception))

    def test_other_errors(self):
        with tempfile.TemporaryDirectory() as tmp:
            with self.assertRaises(akichi.InputError):
                akichi.open_results(os.path.join(tmp, "missing.nc"))


class AgainstTheCommandLine(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.toml = os.path.join(cls.tmp.name, "s.toml")
        with open(cls.toml, "w") as f:
            f.write(akichi.to_toml(SCENARIO))
        cls.cli_nc = os.path.join(cls.tmp.name, "cli.nc")
        subprocess.run([EXE, "run", cls.toml, "-o", cls.cli_nc, "-q", "--threads", "2"], check=True,
                       capture_output=True)
        cls.res = akichi.run(SCENARIO, threads=2)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_run_equals_akichi_run_bit_for_bit(self):
        res = self.res
        self.assertIsNone(res.path)
        with h5py.File(self.cli_nc, "r") as f:
            names = list(res["data_vars"]) + list(res["coords"])
            self.assertIn("path_loss", res["data_vars"])
            self.assertIn("rx_power", res["data_vars"])
            self.assertIn("x", res["coords"])
            for name in names:
                self.assertEqual(bits(res[name]) if res[name].dtype.kind != "U" else list(res[name]),
                                 bits(f[name][()]) if res[name].dtype.kind != "U"
                                 else [s.decode() if isinstance(s, bytes) else s for s in f[name][()]],
                                 name)
            self.assertEqual(res.dims("path_loss"), ("station", "height", "y", "x"))
            self.assertEqual(res.variable_attrs("path_loss")["units"], f["path_loss"].attrs["units"].decode()
                             if isinstance(f["path_loss"].attrs["units"], bytes) else f["path_loss"].attrs["units"])
        # The reader gives the same as the run, attributes included (but the run's own).
        read = akichi.open_results(self.cli_nc)
        self.assertEqual(sorted(read["data_vars"]), sorted(res["data_vars"]))
        for name in read["data_vars"]:
            self.assertEqual(bits(read[name]), bits(res[name]), name)
        self.assertEqual(read["attrs"]["scenario_name"] if "scenario_name" in read["attrs"] else None,
                         res["attrs"].get("scenario_name"))

    def test_threads_do_not_change_the_numbers(self):
        one = akichi.run(SCENARIO, threads=1)
        for name in ("path_loss", "rx_power", "sinr"):
            if name in one["data_vars"]:
                self.assertEqual(bits(one[name]), bits(self.res[name]), name)

    def test_to_xarray_matches_xarray_reading_the_file(self):
        import xarray

        ds = akichi.to_xarray(self.res)
        with xarray.open_dataset(self.cli_nc) as ref:
            for name in ("path_loss", "rx_power", "best_rx_power"):
                if name in ref:
                    np.testing.assert_array_equal(ds[name].values, ref[name].values)
                    self.assertEqual(ds[name].dims, ref[name].dims)
            np.testing.assert_array_equal(ds["x"].values, ref["x"].values)

    def test_point_loss_equals_the_area_engine(self):
        study = akichi.Study(SCENARIO)
        x, y, h = self.res["x"], self.res["y"], list(self.res["height"])
        pl = self.res["path_loss"]
        for s, st in enumerate(study.stations):
            for (ix, iy, hi) in ((0, 0, 0), (5, 17, 1), (31, 23, 0), (12, 9, 1)):
                loss = study.path_loss(study.model, (st["x_m"], st["y_m"], st["height_m"]),
                                       (x[ix], y[iy], h[hi]), xy=True)
                self.assertEqual(np.float32(loss).tobytes(), pl[s, hi, iy, ix].tobytes(),
                                 (st["id"], ix, iy, hi))

    def test_link_equals_akichi_link(self):
        study = akichi.Study(self.toml)
        frm, to = (35.5040, 139.7440, 15.0), (35.5065, 139.7475, 1.5)
        out = subprocess.run([EXE, "link", "--scenario", self.toml, "--from", "%r,%r,%r" % frm,
                              "--to", "%r,%r,%r" % to], capture_output=True, text=True, check=True)
        printed = dict(re.findall(r"^(\S+) +(-|[0-9.]+)  ", out.stdout, re.M))
        ours = study.link(frm, to)
        self.assertEqual(set(printed) - {"Model"}, set(ours))
        compared = 0
        for name, answer in ours.items():
            want = printed[name]
            got = "-" if math.isnan(answer["loss_dB"]) else "%.3f" % answer["loss_dB"]
            self.assertEqual(got, want, name)
            compared += want != "-"
        self.assertGreaterEqual(compared, 5)
        # The profile is akichi link's: its CSV's distances and heights.
        csv = os.path.join(self.tmp.name, "link.csv")
        subprocess.run([EXE, "link", "--scenario", self.toml, "--from", "%r,%r,%r" % frm, "--to",
                        "%r,%r,%r" % to, "--model", "tr38901", "--profile-csv", csv],
                       capture_output=True, check=True)
        rows = np.loadtxt(csv, delimiter=",", skiprows=1)
        p = study.profile(frm, to)
        np.testing.assert_allclose(p["z_m"], rows[:, 1], atol=5e-4)
        # The scenario's own parameters apply to its model; keyword arguments override them
        # (the TR 38.901 table's own `scenario` key among them).
        base = study.path_loss("tr38901", frm, to)
        self.assertEqual(float(base), float(study.path_loss("tr38901", frm, to, los="terrain",
                                                            scenario="UMa")))
        self.assertNotEqual(float(base), float(study.path_loss("tr38901", frm, to, los="nlos")))
        self.assertEqual(float(base), float(akichi.path_loss("tr38901", None, frm, to, study=self.toml)))
        self.assertEqual(float(akichi.path_loss("tr38901", 4850, frm, to, study=study, scenario="UMi")),
                         float(study.path_loss("tr38901", frm, to, scenario="UMi")))

    def test_gil_released_during_a_run(self):
        # While a run computes, this thread goes on running Python: with the GIL held through the
        # run it could not, and would count at most a couple of turns at its start and end.
        big = copy.deepcopy(SCENARIO)
        big["area"].update(size_x_m=1600, size_y_m=1200, cell_size_m=10)
        started, finished = threading.Event(), threading.Event()

        def work():
            started.set()
            akichi.run(big, threads=1)
            finished.set()

        t = threading.Thread(target=work)
        t.start()
        started.wait()
        turns = 0
        while not finished.is_set():
            turns += 1
            time.sleep(0.001)
        t.join()
        self.assertGreater(turns, 10)


if __name__ == "__main__":
    unittest.main()
