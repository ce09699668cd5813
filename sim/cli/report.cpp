#include "sim/cli/report.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include <fmt/format.h>

namespace akichi::sim::cli {
namespace {

std::string terrain_text(const Scenario& sc) {
  switch (sc.terrain.kind) {
    case TerrainKind::Flat:
      return fmt::format("flat at {:g} m", sc.terrain.flat_elevation_m);
    case TerrainKind::Synthetic: {
      const auto& p = sc.terrain.synthetic;
      return fmt::format("synthetic (seed {}, base {:g} m, relief {:g} m, hills ~{:g} m)", p.seed,
                         p.base_m, p.relief_m, p.wavelength_m);
    }
    case TerrainKind::Raster:
      return fmt::format("raster {} (band {}, {} resampling)", sc.terrain.raster.path,
                         sc.terrain.raster.band, sc.terrain.raster.resampling);
  }
  return "?";
}

/// Percentile of the finite values of v at the cells where mask is set (p in 0..100).
double percentile(std::vector<float> v, double p) {
  v.erase(std::remove_if(v.begin(), v.end(), [](float x) { return !std::isfinite(x); }), v.end());
  if (v.empty()) return std::nan("");
  const std::size_t k = std::min(v.size() - 1, static_cast<std::size_t>(p / 100.0 * v.size()));
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
  return v[k];
}

std::string pct(double share) {
  return std::isfinite(share) ? fmt::format("{:.1f} %", 100 * share) : std::string("n/a");
}

}  // namespace

void print_scenario_overview(std::FILE* out, const Scenario& sc,
                             const std::string& model_description,
                             const std::vector<std::string>& antenna_descriptions) {
  const prop::StudyGrid& g = sc.grid;
  fmt::print(out, "Scenario: {}{}\n", sc.name.empty() ? sc.path : sc.name,
             sc.name.empty() ? "" : " (" + sc.path + ")");
  fmt::print(out, "CRS:      {} [{}]\n", sc.crs.name(), sc.crs_definition);
  fmt::print(out, "Grid:     {} x {} cells of {:g} m = {:.2f} km x {:.2f} km, x {:.1f}..{:.1f}, "
                  "y {:.1f}..{:.1f}\n",
             g.nx, g.ny, g.cell_m, g.nx * g.cell_m / 1000, g.ny * g.cell_m / 1000, g.x0_m,
             g.x0_m + g.nx * g.cell_m, g.y0_m, g.y0_m + g.ny * g.cell_m);
  std::string heights;
  for (double h : g.heights_m) heights += fmt::format("{}{:g}", heights.empty() ? "" : ", ", h);
  fmt::print(out, "Heights:  {} m above ground\n", heights);
  fmt::print(out, "Terrain:  {}\n", terrain_text(sc));
  fmt::print(out, "Model:    {}\n", model_description);
  if (!sc.coverage.premises_path.empty()) {
    fmt::print(out, "Premises: {} ({} polygon(s), {:.3f} km²)\n", sc.coverage.premises_path,
               sc.coverage.premises.size(), prop::bg::area(sc.coverage.premises) / 1e6);
  }
  fmt::print(out, "Stations: {}\n", sc.stations.size());
  fmt::print(out, "  {:<16} {:>10} {:>10} {:>10} {:>11} {:>8} {:>9}  {}\n", "id", "lat deg",
             "lon deg", "height m", "freq MHz", "bw MHz", "EIRP dBm", "antenna");
  for (std::size_t i = 0; i < sc.stations.size(); ++i) {
    const StationSpec& st = sc.stations[i];
    // EIRP is NaN only for a pattern file given with a transmitter power: show that power.
    const std::string eirp = std::isfinite(st.eirp_dBm)
                                 ? fmt::format("{:.1f}", st.eirp_dBm)
                                 : fmt::format("{:.1f}+G", st.tx_power_dBm.value_or(0.0));
    fmt::print(out, "  {:<16} {:>10.5f} {:>10.5f} {:>10.1f} {:>11.2f} {:>8.1f} {:>9}  {}\n", st.id,
               st.lat_deg, st.lon_deg, st.height_m, st.freq_Hz / 1e6, st.bandwidth_Hz / 1e6, eirp,
               i < antenna_descriptions.size() ? antenna_descriptions[i] : st.antenna.type);
  }
}

void print_run_summary(std::FILE* out, const Scenario& sc, const CoverageRun& run,
                       const std::string& results_path, double total_seconds, long peak_rss_kib,
                       int threads) {
  const CoverageResult& cov = run.coverage;
  const prop::StudyGrid& g = sc.grid;
  const std::size_t plane = g.cells();
  fmt::print(out, "\nSummary\n");
  fmt::print(out, "  {:<16} {:>11} {:>9}", "station", "freq MHz", "EIRP dBm");
  for (double h : g.heights_m) fmt::print(out, " {:>14}", fmt::format("serves @{:g} m", h));
  fmt::print(out, "\n");
  for (std::size_t s = 0; s < sc.stations.size(); ++s) {
    fmt::print(out, "  {:<16} {:>11.2f} {:>9.1f}", sc.stations[s].id, sc.stations[s].freq_Hz / 1e6,
               run.eirp_dBm[s]);
    for (std::size_t h = 0; h < g.heights_m.size(); ++h) {
      fmt::print(out, " {:>14}", pct(cov.station_best_share[s * g.heights_m.size() + h]));
    }
    fmt::print(out, "\n");
  }
  for (std::size_t h = 0; h < g.heights_m.size(); ++h) {
    const auto first = cov.best_rx_power_dBm.begin() + static_cast<std::ptrdiff_t>(h * plane);
    std::vector<float> sinr_in, sinr_all(cov.sinr_dB.begin() + static_cast<std::ptrdiff_t>(h * plane),
                                         cov.sinr_dB.begin() + static_cast<std::ptrdiff_t>((h + 1) * plane));
    if (cov.has_premises) {
      for (std::size_t c = 0; c < plane; ++c) {
        if (cov.premises_mask[c]) sinr_in.push_back(sinr_all[c]);
      }
    }
    fmt::print(out, "  at {:g} m: best received power median {:.1f} dBm", g.heights_m[h],
               percentile(std::vector<float>(first, first + static_cast<std::ptrdiff_t>(plane)), 50));
    if (cov.has_premises) {
      fmt::print(out, "; premises covered (>= {:g} dBm) {}; leakage outside (>= {:g} dBm) {}; "
                      "SINR in premises median {:.1f} dB, 5th percentile {:.1f} dB",
                 sc.coverage.service_threshold_dBm, pct(cov.premises_coverage_share[h]),
                 sc.coverage.leakage_threshold_dBm, pct(cov.leakage_share[h]),
                 percentile(sinr_in, 50), percentile(sinr_in, 5));
    } else {
      fmt::print(out, "; SINR median {:.1f} dB", percentile(sinr_all, 50));
    }
    fmt::print(out, "\n");
  }
  std::string stages;
  for (const auto& [name, sec] : run.stage_seconds) {
    stages += fmt::format("{}{} {:.2f} s", stages.empty() ? "" : ", ", name, sec);
  }
  fmt::print(out, "  time: {:.2f} s on {} thread(s) ({}); peak memory {:.1f} MiB\n", total_seconds,
             threads, stages, peak_rss_kib / 1024.0);
  fmt::print(out, "Results: {}\n", results_path);
}

}  // namespace akichi::sim::cli
