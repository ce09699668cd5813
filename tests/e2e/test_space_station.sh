#!/usr/bin/env bash
# Space-station receivers end to end, on scenarios/port-28ghz (the satellite at 136 E its earth
# station points at):
#  1. `akichi check` describes the space station; bad keys are located input errors (exit 2);
#  2. the /satellite group: its variables follow from each other as documented (aggregate =
#     power sum of the contributions, I/N = aggregate - k T B, shares sum to 1, the fit count
#     by hand, the geometry of a GSO satellite from the WGS 84 closed form); the run summary
#     prints the I/N; the variables the scenario had before are unchanged by the new table.
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
finish
