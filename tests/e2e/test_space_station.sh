#!/usr/bin/env bash
# Space-station receivers end to end, on scenarios/port-28ghz (the satellite at 136 E its earth
# station points at):
#  1. `akichi check` describes the space station; bad keys are located input errors (exit 2);
#  2. the /satellite group: its variables follow from each other as documented (aggregate =
#     power sum of the contributions, I/N = aggregate - k T B, shares sum to 1, the fit count
#     by hand, the geometry of a GSO satellite from the WGS 84 closed form); the run summary
#     prints the I/N; the variables the scenario had before are unchanged by the new table;
#  3. the satellite on an ephemeris with [aggregate] terminals: bad ephemeris files are input
#     errors naming the file, line and column (exit 2); the run has a time dimension on the
#     geometry, the served terminals as sources after their base station, and the fit counts
#     of base stations with their terminals.
source "$(dirname "$0")/lib.sh" "$@"
port="$SRC/scenarios/port-28ghz/scenario.toml"

# --- 1. check and located input errors --------------------------------------------------------
expect_status 0 -- "$AKICHI" check "$port" \
  && expect_output 'Space station: gso-136e geostationary at 136° E' \
  && expect_output 'rain and clouds not credited' && pass "check describes the space station"
bad="$WORK/bad.toml"
sed 's/^ls_dB = -20$/ls_dB = -22/' "$port" > "$bad"
sed -i "s|\.\./rules/|$SRC/scenarios/rules/|" "$bad"
expect_status 2 -- "$AKICHI" check "$bad" \
  && expect_output 'bad\.toml:[0-9]+:[0-9]+: space_station\[0\]\.antenna\.ls_dB: found -22 dB, expected one of -20, -25, -30 dB' \
  && pass "a bad ls_dB is a located input error"
sed 's/^boresight_station = "es-uplink"$/boresight_station = "es-nowhere"/' "$port" > "$bad"
sed -i "s|\.\./rules/|$SRC/scenarios/rules/|" "$bad"
expect_status 2 -- "$AKICHI" check "$bad" \
  && expect_output 'space_station\[0\]\.antenna\.boresight_station: found "es-nowhere" \(no station with that id\)' \
  && pass "an unknown boresight station is a located input error"
sed 's/^noise_temperature_K = 870$//' "$port" > "$bad"
sed -i "s|\.\./rules/|$SRC/scenarios/rules/|" "$bad"
expect_status 2 -- "$AKICHI" check "$bad" \
  && expect_output 'space_station\[0\]\.noise_temperature_K: found no value' \
  && pass "a missing noise temperature is a located input error"

# --- 2. the run and the /satellite group ------------------------------------------------------
out="$WORK/port.h5"
expect_status 0 -- "$AKICHI" run "$port" -o "$out" \
  && expect_output 'Space-station receivers: aggregate of 2 source' \
  && expect_output 'gso-136e +on 28200-28600MHz I/N -[0-9.]+ dB \(criterion -12\.2 dB' \
  && pass "the run summary prints the I/N at the satellite"
"$PY" - "$out" <<'PY' && pass "the satellite group's numbers" || fail "the satellite group"
import sys, math
import numpy as np, xarray as xr
sat = xr.open_dataset(sys.argv[1], group="satellite", mask_and_scale=False)
assert list(sat.space_station_id.values) == ["gso-136e"]
assert list(sat.satellite_source_id.values) == ["gnb-quay-1", "gnb-quay-2"]
assert sat.contribution.dims == ("space_station", "channel", "satellite_source"), sat.contribution.dims
assert sat.i_over_n.dims == ("time", "channel", "space_station")
k = 1.380649e-23
N = 10 * math.log10(k * 870 * 2e9 * 1e3)
assert abs(float(sat.noise_power[0]) - N) < 1e-9
assert abs(float(sat.i_over_n_criterion[0]) - 10 * math.log10(0.06)) < 1e-12
c = sat.contribution.values[0]
for ch in range(c.shape[0]):
    agg = 10 * math.log10(np.sum(10 ** (c[ch] / 10)))
    assert abs(agg - float(sat.aggregate_all[0, ch])) < 1e-9
    assert abs(float(sat.i_over_n_all[0, ch]) - (agg - N)) < 1e-9
    assert abs(float(sat.share[0, ch].sum()) - 1) < 1e-12
    # Two identical stations of the mean contribution fit floor(limit / mean) times.
    mean = np.mean(10 ** (c[ch] / 10))
    limit = 10 ** (float(sat.interference_limit[0]) / 10)
    assert int(sat.base_stations_fit_mean[0, ch]) == math.floor(limit / mean)
    assert int(sat.base_stations_fit_in_order[0, ch]) == 2
    # Every term of the documented sum (isotropic satellite gain taken from the file).
    for j in range(2):
        i = 40 - 20 + float(sat.source_antenna_gain[0, j]) - float(sat.free_space_loss[0, ch, j]) \
            - float(sat.gas_loss[0, ch, j]) - float(sat.clutter_loss[0, ch, j]) \
            + float(sat.space_station_antenna_gain[0, j]) - float(sat.coupling_loss[0, ch, j])
        assert abs(i - c[ch, j]) < 1e-9, (i, c[ch, j])
# A GSO satellite at 136 E seen from 34.625 N, 135.41-135.425 E: elevation ~49.8 deg, just
# east of south, 37 086 km away; the spot beam on the earth station 1.7-2.6 km away puts
# the sources a few thousandths of a degree off its axis.
el = sat.elevation.values[0]; az = sat.azimuth.values[0]; d = sat.slant_range.values[0]
assert np.all((el > 49.5) & (el < 50)), el
assert np.all((az > 178) & (az < 180)), az
assert np.all((d > 37.0e6) & (d < 37.2e6)), d
assert np.all(sat.off_axis_angle.values[0] < 0.01), sat.off_axis_angle.values
assert np.all(np.abs(sat.space_station_antenna_gain.values[0] - 45) < 0.01)
# The free-space loss from the slant range, 20 log10(4 pi d f / c), at each channel's centre.
f = np.array([28.4e9, 28.8e9])
fsl = 20 * np.log10(4 * math.pi * d[None, :] * f[:, None] / 299792458.0)
assert np.allclose(sat.free_space_loss.values[0], fsl, atol=1e-9, rtol=0)
PY

# --- 3. an ephemeris and served terminals --------------------------------------------------
# The port with an hourly [time] axis over three hours, the satellite on a two-row ephemeris
# (a slow, high orbit, for the example) and [aggregate] terminals.
eph="$WORK/ephemeris.csv"
printf 'time,lat_deg,lon_deg,altitude_km\n2026-12-07T00:00:00Z,20.0,135.0,20000\n2026-12-07T02:00:00Z,40.0,137.0,20000\n' > "$eph"
moving="$WORK/moving.toml"
"$PY" - "$port" "$moving" "$eph" "$SRC" <<'PY'
import sys
text = open(sys.argv[1]).read().replace("../rules/", sys.argv[4] + "/scenarios/rules/")
i = text.index("[[space_station]]")
head, tail = text[:i], text[i:]
tail = tail.replace("gso_longitude_deg = 136.0", 'ephemeris = "%s"' % sys.argv[3])
tail = tail.replace('boresight_station = "es-uplink"', "")
head += '\n[time]\ntz = "UTC"\nstart = "2026-12-07T00:00"\nend = "2026-12-07T03:00"\nstep_hours = 1\n'
head += "\n[aggregate]\nterminals_per_station = 8\nterminal_eirp_dBm = 23\nterminal_activity = 0.5\n"
open(sys.argv[2], "w").write(head + tail)
PY
expect_status 0 -- "$AKICHI" check "$moving" \
  && expect_output 'Space station: gso-136e on the ephemeris .*ephemeris\.csv \(2 rows\)' \
  && pass "check describes the ephemeris"
bad_eph="$WORK/bad-ephemeris.csv"
printf 'time,lat_deg,lon_deg,altitude_km\n2026-12-07T00:00:00Z,20.0,135.0,20000\n2026-12-07T02:00:00Z,40.0,237.0,20000\n' > "$bad_eph"
sed "s|$eph|$bad_eph|" "$moving" > "$bad"
expect_status 2 -- "$AKICHI" check "$bad" \
  && expect_output 'bad-ephemeris\.csv:3: column lon_deg: found 237, expected a value in \[-180, 180\] deg' \
  && pass "a bad ephemeris row is an input error naming file, line and column"
printf 'time,lat_deg,lon_deg,altitude_km\n2026-12-07T00:00:00Z,20.0,135.0,20000\n2026-12-07T01:00:00Z,40.0,137.0,20000\n' > "$bad_eph"
expect_status 2 -- "$AKICHI" check "$bad" \
  && expect_output 'space_station\[0\]\.ephemeris: .*the slot starting 2026-12-07T02:00:00\+00:00 is outside' \
  && pass "an ephemeris that does not cover the time axis is an input error"
out2="$WORK/moving.h5"
expect_status 0 -- "$AKICHI" run "$moving" -o "$out2" && pass "the run with an ephemeris"
"$PY" - "$out2" <<'PY' && pass "the ephemeris and served terminals in the satellite group" || fail "ephemeris and served terminals"
import sys, math
import numpy as np, xarray as xr
sat = xr.open_dataset(sys.argv[1], group="satellite", mask_and_scale=False)
assert list(sat.satellite_source_id.values) == [
    "gnb-quay-1", "gnb-quay-1/terminals", "gnb-quay-2", "gnb-quay-2/terminals"], sat.satellite_source_id.values
assert list(sat.satellite_source_kind.values) == [0, 3, 0, 3]
assert sat.contribution.dims == ("time", "space_station", "channel", "satellite_source"), sat.contribution.dims
assert sat.elevation.dims == ("time", "space_station", "satellite_source")
assert sat.space_station_lat.dims == ("time", "space_station")
# Slot 0 and slot 2 at the rows, slot 1 halfway in ECEF (between the rows' latitudes).
lat = sat.space_station_lat.values[:, 0]
# PROJ's iterative inverse: micro-degrees at 20 000 km.
assert abs(lat[0] - 20) < 1e-6 and abs(lat[2] - 40) < 1e-6 and 20 < lat[1] < 40, lat
assert np.all(np.abs(sat.space_station_altitude.values[[0, 2], 0] - 20e6) < 1)
cells = sat.served_terminal_cells.values
assert cells[0] == 0 and cells[1] > 0 and cells[3] > 0, cells
assert np.all(np.isnan(sat.elevation.values[:, 0, [1, 3]]))
c = sat.contribution.values[:, 0]           # time, channel, source
assert np.all(np.isfinite(c)), c
limit = 10 ** (float(sat.interference_limit[0]) / 10)
for t in range(3):
    for ch in range(c.shape[1]):
        mw = 10 ** (c[t, ch] / 10)
        assert abs(10 * math.log10(mw.sum()) - float(sat.aggregate_all[t, 0, ch])) < 1e-9
        assert abs(float(sat.aggregate[t, ch, 0]) - float(sat.aggregate_all[t, 0, ch])) < 1e-9
        # A base station counts with its terminals.
        units = np.array([mw[0] + mw[1], mw[2] + mw[3]])
        assert int(sat.base_stations_fit_mean[t, 0, ch]) == math.floor(limit / units.mean())
        assert abs(float(sat.mean_base_contribution[t, 0, ch]) - 10 * math.log10(units.mean())) < 1e-9
# The geometry moves: each slot its own.
assert len(set(np.round(sat.slant_range.values[:, 0, 0], 3))) == 3
PY

finish
