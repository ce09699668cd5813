#include "sim/analysis/tensor_key.h"

#include <filesystem>
#include <sstream>

#include <fmt/format.h>
#include <toml++/toml.h>

namespace akichi::sim {

namespace {
std::string exact(double v) {
  return fmt::format("{:a}", v);
}
}  // namespace

std::string engine_context_key(const Scenario& scenario,
                               std::initializer_list<std::string_view> extra_tables) {
  toml::table root;
  try {
    root = toml::parse(scenario.text, scenario.path);
  } catch (const toml::parse_error&) {
    return {};
  }
  toml::table engine;
  const auto take = [&](std::string_view name) {
    if (const toml::node* n = root.get(name)) engine.insert(name, *n);
  };
  for (std::string_view t : {"area", "terrain", "land_cover", "propagation", "buildings"}) take(t);
  for (std::string_view t : extra_tables) take(t);
  std::ostringstream out;
  out << "revision=" << kEngineRevision << '\n'
      << "dir="
      << std::filesystem::absolute(scenario.path).lexically_normal().parent_path().string() << '\n'
      << toml::toml_formatter(engine);
  return out.str();
}

std::string antenna_key(const prop::AntennaConfig& a) {
  // The array and F.1336 parameters only for their types, so that the keys of the other types
  // stay what they were (caches written before keep serving).
  std::string extra;
  if (a.type == "m2101") {
    extra = fmt::format(
        " nh={} nv={} dh={} dv={} beam={} escan={} etilt={} escan_range={},{},{} "
        "etilt_range={},{},{}",
        a.elements_h, a.elements_v, exact(a.spacing_h), exact(a.spacing_v), a.beam,
        exact(a.escan_deg), exact(a.etilt_deg), exact(a.escan_min_deg), exact(a.escan_max_deg),
        exact(a.escan_step_deg), exact(a.etilt_min_deg), exact(a.etilt_max_deg),
        exact(a.etilt_step_deg));
    // rho only below 1, so that the keys of the fully correlated arrays stay what they were.
    if (a.correlation != 1.0) extra += fmt::format(" rho={}", exact(a.correlation));
  } else if (a.type == "f1336") {
    extra = fmt::format(" variant={} k={} kh={} kv={} etilt={}", a.variant, exact(a.k),
                        exact(a.k_h), exact(a.k_v), exact(a.electrical_tilt_deg));
  }
  return fmt::format(
             "type={} gain={} az={} tilt={} hpbw_h={} hpbw_v={} fb={} sla={} pattern={} el={} D={} "
             "eff={} f={} gso={}",
             a.type, exact(a.gain_dBi), exact(a.azimuth_deg), exact(a.downtilt_deg),
             exact(a.hpbw_h_deg), exact(a.hpbw_v_deg), exact(a.front_to_back_dB), exact(a.sla_v_dB),
             a.pattern_path, exact(a.elevation_deg), exact(a.diameter_m), exact(a.efficiency),
             exact(a.freq_Hz),
             a.gso_longitude_deg ? exact(*a.gso_longitude_deg) : std::string("none")) +
         extra;
}

std::string indoor_key(bool indoor) {
  return indoor ? "indoor=1" : "indoor=0";
}

std::string station_extra_key(const Station& station) {
  return station.criterion.time_percent
             ? fmt::format("time_percent={:a}", *station.criterion.time_percent)
             : std::string("time_percent=none");
}

std::string tensor_key(const std::string& context_key, TensorJob::Kind kind, bool loss, bool gain,
                       const prop::Transmitter& tx, const prop::StudyGrid& grid,
                       const std::string& antenna, std::string_view station_extra) {
  if (context_key.empty()) return {};
  return fmt::format(
      "{}\njob={} loss={} gain={} tx=({},{},{}) f={} grid={}x{}x{} "
      "antenna=[{}] {}",
      context_key, kind == TensorJob::Kind::Area ? "area" : "coupling", loss ? 1 : 0, gain ? 1 : 0,
      exact(tx.x_m), exact(tx.y_m), exact(tx.h_m), exact(tx.freq_Hz), grid.nx, grid.ny,
      grid.heights_m.size(), antenna, station_extra);
}

std::string job_key(const std::string& context_key, const TensorJob& job,
                    const std::string& antenna, std::string_view station_extra) {
  std::string extra(station_extra);
  if (!job.area.mechanism.empty()) extra += " mechanism=1";
  return tensor_key(context_key, job.kind, !job.area.loss_dB.empty(), !job.area.tx_gain_dBi.empty(),
                    job.tx, job.ctx->grid, antenna, extra);
}

}  // namespace akichi::sim
