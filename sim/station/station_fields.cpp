// A station as the flat fields of a station list (station_fields.h): the keys parse_station()
// reads (sim/station/station_db.cpp), one canonical key per quantity — band edges in Hz,
// positions in WGS 84 degrees, the reference bandwidth in Hz — so that the fields of a station
// read back through parse_station() give the same station.
#include "sim/station/station_fields.h"

#include <cmath>

#include <fmt/format.h>

#include "sim/station/criterion.h"
#include "sim/station/station_db.h"

namespace akichi::sim {

namespace {

RecordValue number_value(double v) {
  RecordValue out;
  out.kind = RecordValue::Kind::Number;
  out.number = v;
  return out;
}

RecordValue text_value(std::string v) {
  RecordValue out;
  out.kind = RecordValue::Kind::Text;
  out.text = std::move(v);
  return out;
}

RecordValue boolean_value(bool v) {
  RecordValue out;
  out.kind = RecordValue::Kind::Boolean;
  out.flag = v;
  out.text = v ? "true (boolean)" : "false (boolean)";
  return out;
}

/// The antenna keys of the station's antenna type, as antenna_types() in station_db.cpp reads
/// them (the values after parsing: azimuth folded into [0, 360), a GSO longitude already turned
/// into azimuth and elevation by parse_station).
void antenna_fields(const prop::AntennaConfig& a, std::vector<StationField>& out) {
  auto num = [&](const char* key, double v) {
    out.emplace_back(std::string("antenna.") + key, number_value(v));
  };
  out.emplace_back("antenna.type", text_value(a.type));
  // The TR 38.901 element: the 3gpp_sector pattern, and each element of an M.2101 array
  const auto element = [&] {
    num("gain_dBi", a.gain_dBi);
    num("azimuth_deg", a.azimuth_deg);
    num("downtilt_deg", a.downtilt_deg);
    num("hpbw_h_deg", a.hpbw_h_deg);
    num("hpbw_v_deg", a.hpbw_v_deg);
    num("front_to_back_dB", a.front_to_back_dB);
    num("sla_v_dB", a.sla_v_dB);
  };
  if (a.type == "isotropic") {
    num("gain_dBi", a.gain_dBi);
  } else if (a.type == "3gpp_sector") {
    element();
  } else if (a.type == "msi") {
    out.emplace_back("antenna.pattern", text_value(a.pattern_path));
    num("azimuth_deg", a.azimuth_deg);
    num("downtilt_deg", a.downtilt_deg);
  } else if (a.type == "s465" || a.type == "s580") {
    num("diameter_m", a.diameter_m);
    // A NaN gain is G_max from the efficiency (the parser's reading when gain_dBi is absent).
    if (std::isnan(a.gain_dBi)) {
      num("efficiency", a.efficiency);
    } else {
      num("gain_dBi", a.gain_dBi);
    }
    if (a.gso_longitude_deg) {
      num("gso_longitude_deg", *a.gso_longitude_deg);
    } else {
      num("azimuth_deg", a.azimuth_deg);
      num("elevation_deg", a.elevation_deg);
    }
  } else if (a.type == "m2101") {
    element();
    num("elements_h", a.elements_h);
    num("elements_v", a.elements_v);
    num("spacing_h", a.spacing_h);
    num("spacing_v", a.spacing_v);
    num("correlation", a.correlation);
    out.emplace_back("antenna.beam", text_value(a.beam));
    if (a.beam == "fixed") {
      num("electrical_scan_deg", a.escan_deg);
      num("electrical_tilt_deg", a.etilt_deg);
    } else {
      num("beam_scan_min_deg", a.escan_min_deg);
      num("beam_scan_max_deg", a.escan_max_deg);
      num("beam_scan_step_deg", a.escan_step_deg);
      num("beam_tilt_min_deg", a.etilt_min_deg);
      num("beam_tilt_max_deg", a.etilt_max_deg);
      num("beam_tilt_step_deg", a.etilt_step_deg);
    }
  } else if (a.type == "f1336") {
    out.emplace_back("antenna.variant", text_value(a.variant));
    num("gain_dBi", a.gain_dBi);
    num("azimuth_deg", a.azimuth_deg);
    num("downtilt_deg", a.downtilt_deg);
    num("electrical_tilt_deg", a.electrical_tilt_deg);
    num("k", a.k);
    if (a.variant.starts_with("sector")) {
      num("hpbw_h_deg", a.hpbw_h_deg);
      // NaN: theta_3 from recommends 3.3 (the parser's reading when hpbw_v_deg is absent).
      if (!std::isnan(a.hpbw_v_deg)) num("hpbw_v_deg", a.hpbw_v_deg);
      num("k_h", a.k_h);
      num("k_v", a.k_v);
    }
  } else if (a.type == "f699") {
    num("gain_dBi", a.gain_dBi);
    num("diameter_m", a.diameter_m);
    num("azimuth_deg", a.azimuth_deg);
    num("elevation_deg", a.elevation_deg);
  } else {
    throw RuntimeError(
        fmt::format("station_fields: antenna type \"{}\" has no field writer", a.type));
  }
}

}  // namespace

std::vector<StationField> station_fields(const Station& s) {
  std::vector<StationField> out;
  auto num = [&](const char* key, double v) { out.emplace_back(key, number_value(v)); };
  auto text = [&](const char* key, const std::string& v) {
    // An empty text is an absent key in every station list (an empty CSV cell).
    if (!v.empty()) out.emplace_back(key, text_value(v));
  };
  const bool planned = s.planned();
  text("id", s.id);
  // A planned station's table has no role key (parse_station's default role PlannedBase).
  if (!planned) text("role", role_name(s.role));
  text("service", s.service);
  text("licensee", s.licensee);
  text("tdd", tdd_name(s.tdd));
  if (s.tdd == TddMode::QuasiSynchronous) num("tdd_overlap", s.tdd_overlap);
  num("lon_deg", s.lon_deg);
  num("lat_deg", s.lat_deg);
  num("height_m", s.height_m);
  if (planned) {
    // Planned stations are given by their channel: centre and width.
    num("freq_Hz", s.freq_Hz);
    num("bandwidth_Hz", s.bandwidth_Hz);
  } else {
    num("freq_lo_Hz", s.freq_lo_Hz);
    num("freq_hi_Hz", s.freq_hi_Hz);
  }
  if (s.transmits) {
    if (s.tx_power_dBm) {
      num("tx_power_dBm", *s.tx_power_dBm);
    } else {
      num("eirp_dBm", s.eirp_dBm);
    }
  }
  if (!planned) {
    if (s.noise_figure_dB) num("noise_figure_dB", *s.noise_figure_dB);
    if (s.noise_temperature_K) num("noise_temperature_K", *s.noise_temperature_K);
    num("feeder_loss_dB", s.feeder_loss_dB);
    const ProtectionCriterion& c = s.criterion;
    if (c.kind == ProtectionCriterion::Kind::IOverN) num("i_over_n_dB", c.i_over_n_dB);
    if (c.kind == ProtectionCriterion::Kind::Power) {
      num("interference_dBm", c.power_dBm);
      num("ref_bandwidth_Hz", c.ref_bandwidth_Hz);
    }
    if (c.time_percent) num("criterion_time_percent", *c.time_percent);
    const auto name = [](const std::vector<std::string_view>& names, auto v) {
      return std::string(names[static_cast<std::size_t>(v)]);
    };
    if (c.mode) text("criterion_mode", name(criterion_mode_names(), *c.mode));
    if (c.at) text("criterion_at", name(criterion_at_names(), *c.at));
  }
  antenna_fields(s.antenna, out);
  // Only a planned station has an indoor key; a database station is placed by the scenario's
  // [buildings] footprints (parse_station sets indoor_auto from the source).
  if (planned) {
    if (s.indoor_auto) {
      text("indoor", "auto");
    } else {
      out.emplace_back("indoor", boolean_value(s.indoor));
    }
  }
  if (!s.schedule.empty()) {
    RecordValue v;
    v.kind = RecordValue::Kind::Texts;
    v.texts = s.schedule;
    out.emplace_back("schedule", std::move(v));
  }
  return out;
}

Record record_of_fields(const std::vector<StationField>& fields, std::string where,
                        std::filesystem::path base_dir) {
  Record record(where, InputLocation{where, 0, 0}, "", Record::Naming::Field, std::move(base_dir));
  for (const auto& [key, value] : fields) {
    RecordValue v = value;
    v.where = where;
    record.set(key, std::move(v));
  }
  return record;
}

}  // namespace akichi::sim
