"""akichi from Python: path loss by every model of the registry, area runs, results files.

    import akichi
    loss = akichi.path_loss("p1812", 600, 20, 1.5, profile=(d_m, z_m), time_percent=10)
    akichi.path_loss("tr38901", 4850, (35.505, 139.744, 12), (35.512, 139.735, 1.5),
                     study="scenarios/default/scenario.toml", scenario="UMi")
    study = akichi.Study("scenarios/default/scenario.toml")
    study.path_loss("p452-18", (35.505, 139.744, 12), (35.512, 139.735, 1.5))
    results = akichi.run("scenarios/default/scenario.toml", threads=2)
    ds = akichi.to_xarray(results)

docs/python.md describes every function. Errors in the input raise akichi.InputError (a
ValueError) with the message `akichi` prints; other failures raise akichi.Error.
"""

import json as _json
import math as _math
import os as _os
import tempfile as _tempfile

from . import _akichi
from ._akichi import Error, InputError, to_toml

__all__ = [
    "Error",
    "InputError",
    "Loss",
    "Results",
    "Study",
    "link",
    "models",
    "open_results",
    "path_loss",
    "run",
    "to_toml",
    "to_xarray",
]


class Loss(float):
    """A basic transmission loss in dB (a float) with what the model says about the link.

    Attributes: ``model`` (its name), ``mechanism`` ("los", "reflected", "diffracted",
    "transmitted", "" when not decided, None when the model does not tell), ``d_m`` (the link's
    length as the model saw it) and ``description`` (the model and its parameters, as a results
    file's ``model`` attribute says it).
    """

    def __new__(cls, model, answer):
        self = super().__new__(cls, answer["loss_dB"])
        self.model = model
        self.mechanism = answer["mechanism"]
        self.d_m = answer["d_m"]
        self.description = answer["description"]
        return self

    @property
    def loss_dB(self):
        return float(self)

    __str__ = float.__repr__

    def __repr__(self):
        mech = "" if self.mechanism is None else f", mechanism={self.mechanism!r}"
        return f"Loss({float(self)!r} dB, model={self.model!r}{mech})"


def models():
    """The registered models as ``akichi models --json`` lists them: a list of dicts with
    name, table, summary, domain and parameters (name, type, unit, min, max, default, ...)."""
    return _json.loads(_akichi.models_json())


class Study:
    """A scenario (a file path, or the TOML document as nested dicts) with its terrain and
    buildings loaded once, for many links. ``base_dir`` anchors a dict's relative paths
    (default: the current directory)."""

    def __init__(self, scenario, base_dir=None):
        if isinstance(scenario, _os.PathLike):
            scenario = _os.fspath(scenario)
        self._scenario, self._base_dir = scenario, base_dir
        self._study = _akichi.Study(scenario, base_dir or "")

    @property
    def model(self):
        """The scenario's model ([propagation] model)."""
        return self._study.model

    @property
    def name(self):
        return self._study.name

    @property
    def crs(self):
        """The study CRS, the one of ``xy=True`` coordinates."""
        return self._study.crs

    @property
    def stations(self):
        """The planned stations: id, lat_deg, lon_deg, x_m, y_m (study CRS), height_m, freq_mhz."""
        return self._study.stations

    def path_loss(self, model, tx, rx, *, freq_mhz=None, k_factor=None, xy=False, **params):
        """The loss of ``model`` from ``tx`` to ``rx``, each (lat_deg, lon_deg, height_m above
        ground) or with ``xy=True`` (x_m, y_m, height_m) in the study CRS, over the scenario's
        terrain and buildings, exactly as ``akichi run`` computes it for a cell centre at ``rx``
        and ``akichi link`` prints it. The scenario's own parameters apply to its own model;
        ``params`` (keys of the model's scenario table) override them. ``freq_mhz`` defaults to
        the scenario's first planned station's; ``k_factor`` to [propagation] k_factor."""
        return Loss(
            model,
            self._study.path_loss(model, tx, rx, freq_mhz, xy, k_factor, params),
        )

    def profile(self, tx, rx, *, xy=False):
        """The terrain profile from ``tx`` to ``rx`` as ``akichi link`` samples it: a dict with
        numpy arrays ``d_m`` and ``z_m``, and the ends in the study CRS."""
        return self._study.profile(tx, rx, xy)

    def link(self, tx, rx, *, freq_mhz=None, k_factor=None, xy=False):
        """Every model of the registry on one link, as ``akichi link`` tabulates them: a dict
        {model: {"loss_dB": float (NaN when there is none), "mechanism": ..., "note": why there
        is no value, or what lies outside the model's domain}}."""
        if freq_mhz is None and self.stations:
            freq_mhz = self.stations[0]["freq_mhz"]
        out = {}
        for entry in models():
            name, dom = entry["name"], entry["domain"]
            notes = []
            f = dom.get("frequency_Hz")
            if freq_mhz is not None and f and not f["min"] <= freq_mhz * 1e6 <= f["max"]:
                notes.append("frequency outside %g-%g MHz" % (f["min"] / 1e6, f["max"] / 1e6))
                if dom.get("frequency_enforced"):
                    out[name] = {"loss_dB": _math.nan, "mechanism": None, "note": notes[0]}
                    continue
            try:
                loss = self.path_loss(name, tx, rx, freq_mhz=freq_mhz, k_factor=k_factor, xy=xy)
            except InputError as e:
                out[name] = {"loss_dB": _math.nan, "mechanism": None,
                             "note": "not applicable here: %s" % e}
                continue
            outside = []
            for key, what, value, scale, unit in (("distance_m", "distance", loss.d_m, 1e3, "km"),
                                                  ("tx_height_m", "transmitter height", tx[2], 1, "m"),
                                                  ("rx_height_m", "receiver height", rx[2], 1, "m")):
                lim = dom.get(key)
                if lim and not lim["min"] <= value <= lim["max"]:
                    outside.append("%s %g-%g %s" % (what, lim["min"] / scale, lim["max"] / scale, unit))
            if outside:
                notes.append("outside the model's " + ", ".join(outside))
            if _math.isnan(loss) and not notes:
                notes.append("no value: outside the model's domain")
            out[name] = {"loss_dB": float(loss), "mechanism": loss.mechanism,
                         "note": "; ".join(notes)}
        return out

    def run(self, *, output=None, threads=None):
        """The area run of this scenario: see akichi.run()."""
        return run(self._scenario, output=output, threads=threads, base_dir=self._base_dir)


def path_loss(model, freq_mhz, tx, rx, *, profile=None, clutter_m=None, k_factor=None,
              study=None, xy=False, base_dir=None, **params):
    """Basic transmission loss (dB) of one link by ``model`` (any name of akichi.models()).

    Over a profile: ``profile=(d_m, z_m)`` (distances from the transmitter, from 0 ascending,
    and terrain heights, in metres: lists or numpy arrays), ``tx`` and ``rx`` the antenna
    heights above the ground at the profile's ends, ``clutter_m`` optional clutter heights per
    point for the models that read them (P.452-18, P.1812).
    Over a scenario's terrain: ``study=`` a Study, or a scenario (a path or a dict) to make one
    of, ``tx`` and ``rx`` as in Study.path_loss(); ``freq_mhz`` None takes the scenario's first
    planned station's frequency.

    ``params`` are the model's parameters named as in its scenario table [propagation.<table>]
    (e.g. time_percent=10, location_percent=50, polarization="horizontal"); absent ones take
    their defaults; every value is checked as in a scenario. Returns a Loss (a float).
    """
    if (profile is None) == (study is None):
        raise InputError("path_loss: found " + ("both profile and study" if profile is not None
                         else "neither profile nor study") + ", expected one of them")
    if study is not None:
        if not isinstance(study, Study):
            study = Study(study, base_dir)
        return study.path_loss(model, tx, rx, freq_mhz=freq_mhz, k_factor=k_factor, xy=xy,
                               **params)
    if isinstance(profile, dict):
        d, z = profile["d_m"], profile["z_m"]
    else:
        d, z = profile
    return Loss(
        model,
        _akichi.profile_path_loss(model, freq_mhz, tx, rx, d, z, clutter_m, k_factor, params),
    )


def link(scenario, tx, rx, *, freq_mhz=None, k_factor=None, xy=False, base_dir=None):
    """Every model on one link over a scenario's terrain: see Study.link()."""
    study = scenario if isinstance(scenario, Study) else Study(scenario, base_dir)
    return study.link(tx, rx, freq_mhz=freq_mhz, k_factor=k_factor, xy=xy)


class Results(dict):
    """One group of a results file as xarray takes it: ``xarray.Dataset(**results)`` (or
    akichi.to_xarray(results)). Keys: ``data_vars`` and ``coords``, each {name: (dims, numpy
    array, attrs)} with the stored types and values (fill values as stored), and ``attrs``.
    Besides: ``path`` (the file), ``group`` and ``groups`` (its child groups: a sweep's
    variants)."""

    def __init__(self, path, group, raw):
        coord_names = set()
        for name, (dims, _values, attrs) in raw["variables"].items():
            if dims == (name,):
                coord_names.add(name)
            coordinates = attrs.get("coordinates")
            if isinstance(coordinates, str):
                coord_names.update(coordinates.split())
        coords = {k: v for k, v in raw["variables"].items() if k in coord_names}
        data_vars = {k: v for k, v in raw["variables"].items() if k not in coord_names}
        super().__init__(data_vars=data_vars, coords=coords, attrs=raw["attrs"])
        self.path = path
        self.group = group
        self.groups = list(raw["groups"])

    def __getitem__(self, key):
        """results["rx_power"]: the values of a variable or coordinate; the three keys of
        the dict as usual."""
        if key in ("data_vars", "coords", "attrs"):
            return super().__getitem__(key)
        for part in ("data_vars", "coords"):
            if key in super().__getitem__(part):
                return super().__getitem__(part)[key][1]
        raise KeyError(key)

    def dims(self, name):
        """The dimension names of a variable or coordinate."""
        for part in ("data_vars", "coords"):
            if name in super().__getitem__(part):
                return super().__getitem__(part)[name][0]
        raise KeyError(name)

    def variable_attrs(self, name):
        for part in ("data_vars", "coords"):
            if name in super().__getitem__(part):
                return super().__getitem__(part)[name][2]
        raise KeyError(name)


def open_results(path, group="/"):
    """An akichi results file (.nc / .h5, a run's or a sweep's batch file) as Results: every
    variable of ``group`` ("/" the root; a sweep's variants are its ``groups``) with its
    dimensions, its coordinates and its attributes."""
    path = _os.fspath(path)
    return Results(path, group, _akichi.read_group(path, group))


def run(scenario, *, output=None, threads=None, base_dir=None):
    """Runs a scenario (a file path, or the TOML document as nested dicts whose relative paths
    are taken from ``base_dir``, default the current directory) as ``akichi run`` does, and
    returns its results file read back (Results). ``output`` keeps the file there (otherwise it
    is written to a temporary folder and removed); ``threads`` bounds the threads like ``akichi
    run --threads`` (default: the scenario's [run] threads, else every core). The GeoJSON of the
    MIC areas and of the municipalities that ``akichi run`` writes beside the file are not
    written. A scenario with a [sweep] is refused: run it with ``akichi run`` and read its batch
    file with open_results()."""
    if isinstance(scenario, _os.PathLike):
        scenario = _os.fspath(scenario)
    if output is not None:
        output = _os.fspath(output)
        _akichi.run_to_file(scenario, base_dir or "", output, threads or 0)
        return open_results(output)
    with _tempfile.TemporaryDirectory(prefix="akichi-") as tmp:
        out = _os.path.join(tmp, "results.nc")
        _akichi.run_to_file(scenario, base_dir or "", out, threads or 0)
        res = open_results(out)
        res.path = None
        return res


def to_xarray(results, decode=True):
    """Results as an xarray.Dataset; with ``decode`` (the default) CF-decoded as xarray.open_dataset
    would (fill values to NaN, times to datetimes). Needs xarray."""
    import xarray

    ds = xarray.Dataset(data_vars=results["data_vars"], coords=results["coords"],
                        attrs=results["attrs"])
    return xarray.decode_cf(ds) if decode else ds
