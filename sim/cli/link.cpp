// `akichi link`: one link between two points over a scenario's terrain: its profile, the loss
// of every model of the registry that applies, the dominant mechanism, the clearance of the
// first Fresnel zone, and a profile plot.
#include <cmath>
#include <fstream>
#include <memory>
#include <optional>

#include <fmt/format.h>

#include "base/errors.h"
#include "base/text.h"
#include "propagation/engine/area.h"
#include "propagation/engine/model_registry.h"
#include "propagation/geo/crs.h"
#include "propagation/geo/distance.h"
#include "propagation/terrain/profile.h"
#include "sim/analysis/coverage_run.h"
#include "sim/analysis/study_buildings.h"
#include "sim/cli/commands.h"
#include "sim/cli/output_guard.h"
#include "sim/scenario/scenario.h"
#include "viz/link_plot.h"
#include "viz/output_file.h"

namespace akichi::sim::cli {
namespace {

struct End {
  double lat_deg = 0, lon_deg = 0, h_m = 0;
  double x_m = 0, y_m = 0;  ///< in the study CRS
};

End parse_end(const std::string& option, const std::string& text) {
  const std::vector<std::string> parts = split(text, ',');
  End e;
  const auto bad = [&] {
    throw InputError(format_input_error({}, option, "'" + text + "'",
                                        "LAT,LON,H: WGS 84 degrees and the antenna height above "
                                        "ground in metres, e.g. 35.505,139.745,10"));
  };
  if (parts.size() != 3) bad();
  double* fields[] = {&e.lat_deg, &e.lon_deg, &e.h_m};
  for (std::size_t i = 0; i < 3; ++i) {
    const std::string p(trim(parts[i]));
    std::size_t used = 0;
    try {
      *fields[i] = std::stod(p, &used);
    } catch (const std::exception&) {
      bad();
    }
    if (used != p.size() || !std::isfinite(*fields[i])) bad();
  }
  if (std::abs(e.lat_deg) > 90 || std::abs(e.lon_deg) > 180 || e.h_m < 0)
    throw InputError(
        format_input_error({}, option, "'" + text + "'", "|LAT| <= 90, |LON| <= 180 and H >= 0 m"));
  return e;
}

/// One model's answer for the link.
struct ModelAnswer {
  std::string name;
  double loss_dB = std::nan("");
  prop::Mechanism mechanism = prop::Mechanism::None;
  bool reports_mechanism = false;
  std::string note;  ///< why there is no loss, or what is outside the model's domain
};

std::string interval_text(const prop::Interval& i, double scale, const char* unit) {
  return fmt::format("{:g}-{:g} {}", i.min / scale, i.max / scale, unit);
}

/// The configuration of `entry` for this link: the scenario's own for its model, the registry's
/// defaults (with the study area as context) for the others; the scenario's k factor and
/// buildings for every one.
prop::ModelConfig config_for(const prop::ModelEntry& entry, const Scenario& sc,
                             const StudyBuildings* buildings) {
  if (entry.name == sc.model.name) return with_buildings(sc.model, buildings);
  prop::ModelConfig c;
  c.name = entry.name;
  prop::apply_defaults(entry, {sc.centre_lat_deg, sc.centre_lon_deg}, c);
  c.k_factor = sc.model.k_factor;
  return with_buildings(c, buildings);
}

ModelAnswer evaluate(const prop::ModelEntry& entry, const Scenario& sc,
                     const StudyBuildings* buildings, const prop::TerrainGrid& terrain,
                     double step_m, const End& from, const End& to, double freq_Hz, double d_m) {
  ModelAnswer a;
  a.name = entry.name;
  const prop::ModelConfig config = config_for(entry, sc, buildings);
  const std::optional<prop::Interval> f =
      entry.frequency_for ? entry.frequency_for(config) : entry.domain.frequency_Hz;
  if (f && (freq_Hz < f->min || freq_Hz > f->max)) {
    a.note = "frequency outside " + interval_text(*f, 1e6, "MHz");
    if (entry.domain.frequency_enforced) return a;
  }
  std::unique_ptr<prop::PathLossModel> model;
  try {
    model = prop::make_path_loss_model(config);
  } catch (const InputError& e) {
    a.note = fmt::format("not applicable here: {}", e.what());
    return a;
  }
  a.reports_mechanism = model->reports_mechanism();
  // The link exactly as the area engine builds it for a cell centre at the far end.
  const prop::AreaContext ctx{sc.grid, terrain, *model, step_m};
  const prop::Transmitter tx{from.x_m, from.y_m, from.h_m, freq_Hz};
  prop::Profile profile;
  prop::LinkInput link;
  prop::make_link(tx, to.x_m, to.y_m, to.h_m, ctx, profile, link);
  try {
    a.loss_dB = model->loss_and_mechanism_dB(link, a.mechanism);
  } catch (...) {
    prop::rethrow_link_failure(*model, tx, to.x_m, to.y_m, to.h_m);
  }
  std::vector<std::string> outside;
  const prop::ModelDomain& dom = entry.domain;
  if (dom.distance_m && (d_m < dom.distance_m->min || d_m > dom.distance_m->max))
    outside.push_back("distance " + interval_text(*dom.distance_m, 1e3, "km"));
  if (dom.tx_height_m && (from.h_m < dom.tx_height_m->min || from.h_m > dom.tx_height_m->max))
    outside.push_back("transmitter height " + interval_text(*dom.tx_height_m, 1, "m"));
  if (dom.rx_height_m && (to.h_m < dom.rx_height_m->min || to.h_m > dom.rx_height_m->max))
    outside.push_back("receiver height " + interval_text(*dom.rx_height_m, 1, "m"));
  if (!outside.empty()) {
    std::string list;
    for (const std::string& o : outside) list += (list.empty() ? "" : ", ") + o;
    a.note += (a.note.empty() ? "" : "; ") + fmt::format("outside the model's {}", list);
  }
  if (std::isnan(a.loss_dB) && a.note.empty()) a.note = "no value: outside the model's domain";
  return a;
}

const char* mechanism_text(prop::Mechanism m) {
  switch (m) {
    case prop::Mechanism::LoS:
      return "line of sight";
    case prop::Mechanism::Reflected:
      return "reflection";
    case prop::Mechanism::Diffracted:
      return "diffraction";
    case prop::Mechanism::Transmitted:
      return "transmission through walls";
    case prop::Mechanism::None:
      break;
  }
  return "-";
}

/// The profile as CSV: distance, terrain, earth bulge, ray height, first Fresnel radius and the
/// clearance of the ray over terrain + bulge, per sample.
void write_profile_csv(const std::string& path, const viz::LinkProfile& p) {
  const auto final_path = viz::check_output_path(path, {".csv"}, "--profile-csv");
  viz::TempOutput out(final_path);
  {
    std::ofstream f(out.temp(), std::ios::binary);
    f << "d_m,z_m,earth_bulge_m,ray_m,fresnel_radius_m,clearance_m\n";
    const double d = p.d_m.back();
    const double a = p.z_m.front() + p.h_tx_m, b = p.z_m.back() + p.h_rx_m;
    for (std::size_t i = 0; i < p.d_m.size(); ++i) {
      const double d1 = p.d_m[i], d2 = d - d1;
      const double bulge = viz::earth_bulge_m(d1, d2, p.k_factor);
      const double ray = a + (b - a) * d1 / d;
      const double r = d1 > 0 && d2 > 0 ? viz::fresnel_radius_m(d1, d2, p.freq_Hz) : 0.0;
      f << fmt::format("{:.3f},{:.3f},{:.4f},{:.3f},{:.4f},{:.4f}\n", d1, p.z_m[i], bulge, ray, r,
                       ray - p.z_m[i] - bulge);
    }
    if (!f.flush()) throw RuntimeError(fmt::format("--profile-csv '{}': writing failed", path));
  }
  out.commit();
}

}  // namespace

int command_link(const LinkOptions& opts) {
  require_regular_input(opts.scenario, "--scenario");
  for (const std::string* o : {&opts.plot, &opts.profile_csv})
    if (!o->empty()) {
      refuse_output_onto_input(*o, {opts.scenario}, "-o", "the scenario");
      clear_stale_temporaries(*o);
    }
  End from = parse_end("--from", opts.from);
  End to = parse_end("--to", opts.to);
  Scenario sc = load_scenario(opts.scenario);
  if (opts.k_factor) {
    if (!(*opts.k_factor > 0))
      throw InputError(format_input_error({}, "--k-factor", fmt::format("{:g}", *opts.k_factor),
                                          "an effective earth-radius factor > 0"));
    sc.model.k_factor = *opts.k_factor;
  }
  double freq_Hz = opts.freq_MHz ? *opts.freq_MHz * 1e6 : 0.0;
  if (!opts.freq_MHz && !sc.stations.planned().empty())
    freq_Hz = sc.stations.planned().front().freq_Hz;
  if (!(freq_Hz > 0))
    throw InputError(format_input_error(
        {}, "--freq-mhz", opts.freq_MHz ? fmt::format("{:g}", *opts.freq_MHz) : "nothing",
        "a frequency > 0 MHz (the default is that of the scenario's first planned station, "
        "which this scenario has none of)"));

  // Both ends in the study CRS, on the scenario's terrain.
  const prop::Transformer to_study(prop::Crs::wgs84(), sc.crs);
  const prop::Extent extent = terrain_lattice(sc).extent;
  for (auto [end, option] : {std::pair{&from, "--from"}, std::pair{&to, "--to"}}) {
    end->x_m = end->lon_deg;
    end->y_m = end->lat_deg;
    to_study.transform(end->x_m, end->y_m);
    if (!extent.contains(end->x_m, end->y_m))
      throw InputError(format_input_error(
          {opts.scenario}, option,
          fmt::format("({:.6f}, {:.6f}), at x {:.1f} m, y {:.1f} m", end->lat_deg, end->lon_deg,
                      end->x_m, end->y_m),
          fmt::format("a point of the scenario's terrain: x {:.1f}..{:.1f} m, y {:.1f}..{:.1f} m "
                      "in {}",
                      extent.xmin_m, extent.xmax_m, extent.ymin_m, extent.ymax_m, sc.crs.name())));
  }
  const prop::TerrainGrid terrain = load_terrain(sc, nullptr);
  const std::shared_ptr<const StudyBuildings> buildings = load_study_buildings(sc, terrain);
  const double step_m = effective_profile_step_m(sc);
  // The link's length by the scenario's model's measure, as the engine measures it (each
  // model's answer below takes its own: make_link()).
  const prop::DistanceKind measure = prop::distance_for(sc.model.name, sc.terrain.distance);
  const double d_link = prop::TerrainGrid::path_length_m(terrain.distance(measure), from.x_m,
                                                         from.y_m, to.x_m, to.y_m);
  if (d_link < prop::kMinLinkDistance_m)
    throw InputError(
        format_input_error({}, "--to", fmt::format("a point {:.3f} m from --from", d_link),
                           fmt::format("a point at least {:g} m away", prop::kMinLinkDistance_m)));

  prop::Profile profile;
  prop::extract_profile(terrain, from.x_m, from.y_m, to.x_m, to.y_m, step_m, profile,
                        terrain.distance(measure));
  viz::LinkProfile lp;
  lp.d_m.assign(profile.d_m.begin(), profile.d_m.begin() + profile.size());
  lp.z_m.assign(profile.z_m.begin(), profile.z_m.begin() + profile.size());
  lp.d_m.back() = d_link;
  lp.h_tx_m = from.h_m;
  lp.h_rx_m = to.h_m;
  lp.freq_Hz = freq_Hz;
  lp.k_factor = sc.model.k_factor;

  std::vector<ModelAnswer> answers;
  for (const prop::ModelEntry* entry : prop::registered_models()) {
    if (!opts.model.empty() && entry->name != opts.model) continue;
    answers.push_back(
        evaluate(*entry, sc, buildings.get(), terrain, step_m, from, to, freq_Hz, d_link));
  }
  if (answers.empty()) prop::model_entry(opts.model);  // throws: names the known models

  const auto zmax = std::max_element(lp.z_m.begin(), lp.z_m.end());
  fmt::print("Link:      ({:.6f}, {:.6f}) {:g} m above ground -> ({:.6f}, {:.6f}) {:g} m\n",
             from.lat_deg, from.lon_deg, from.h_m, to.lat_deg, to.lon_deg, to.h_m);
  fmt::print(
      "           {:.3f} m {}, bearing {:.1f} deg from grid north, {:g} MHz\n", d_link,
      measure == prop::DistanceKind::Plane
          ? fmt::format("in {}: {}", sc.crs.name(),
                        prop::distance_text(sc.model.name, sc.terrain.distance))
          : fmt::format("along the {}", prop::distance_text(sc.model.name, sc.terrain.distance)),
      std::fmod(std::atan2(to.x_m - from.x_m, to.y_m - from.y_m) * 180 / M_PI + 360, 360),
      freq_Hz / 1e6);
  fmt::print(
      "Profile:   {} samples {:.3f} m apart on the scenario's terrain ({}); ground {:.2f} m "
      "and {:.2f} m at the ends, highest {:.2f} m at {:.1f} m\n",
      lp.d_m.size(), lp.d_m.size() > 1 ? lp.d_m[1] : 0.0,
      sc.terrain.kind == TerrainKind::Flat        ? "flat"
      : sc.terrain.kind == TerrainKind::Synthetic ? "synthetic"
                                                  : "raster",
      lp.z_m.front(), lp.z_m.back(), *zmax,
      lp.d_m[static_cast<std::size_t>(zmax - lp.z_m.begin())]);
  const viz::Clearance c = viz::link_clearance(lp);
  fmt::print(
      "Clearance: {:.3f} m = {:.4f} F1 at {:.1f} m (first Fresnel zone radius {:.3f} m; "
      "earth radius factor k = {:.4g}): {}\n",
      c.clearance_m, c.ratio, c.at_m, c.fresnel_m, lp.k_factor,
      !c.line_of_sight ? "the terrain blocks the direct ray"
      : c.zone_clear   ? "line of sight, 0.6 F1 clear"
                       : "line of sight, the first Fresnel zone partly obstructed");
  // The dominant mechanism: the ray model's own when it traces the scenario's buildings, else
  // the terrain's answer.
  std::string mechanism = !c.line_of_sight ? "diffraction over the terrain"
                          : c.zone_clear   ? "line of sight"
                                         : "line of sight with diffraction loss (zone obstructed)";
  for (const ModelAnswer& a : answers)
    if (buildings && a.reports_mechanism && a.mechanism != prop::Mechanism::None)
      mechanism = fmt::format("{} (from {}, which traces the buildings)",
                              mechanism_text(a.mechanism), a.name);
  fmt::print("Dominant:  {}\n", mechanism);
  fmt::print("Model            loss dB  note\n");
  std::vector<std::string> notes;
  for (const ModelAnswer& a : answers) {
    const std::string loss = std::isnan(a.loss_dB) ? "-" : fmt::format("{:.3f}", a.loss_dB);
    const std::string note =
        (a.name == sc.model.name ? std::string("the scenario's model") : std::string()) +
        (a.name == sc.model.name && !a.note.empty() ? "; " : "") + a.note;
    fmt::print("{:<16} {:>8}  {}\n", a.name, loss, note);
    if (!std::isnan(a.loss_dB)) notes.push_back(fmt::format("{}: {} dB", a.name, loss));
  }
  if (!opts.profile_csv.empty()) write_profile_csv(opts.profile_csv, lp);
  if (!opts.plot.empty()) {
    std::vector<std::string> lines;
    // Losses several to a line, so that the plot stays compact.
    std::string line;
    for (const std::string& n : notes) {
      if (line.size() + n.size() > 140) {
        lines.push_back(line);
        line.clear();
      }
      line += (line.empty() ? "" : "   ") + n;
    }
    if (!line.empty()) lines.push_back(line);
    viz::render_link_profile_png(
        lp, sc.name.empty() ? std::string("Link profile") : sc.name,
        fmt::format("{:.3f} km at {:g} MHz; clearance {:.2f} m = {:.2f} F1 at {:.2f} km; "
                    "k = {:.4g}",
                    d_link / 1000, freq_Hz / 1e6, c.clearance_m, c.ratio, c.at_m / 1000,
                    lp.k_factor),
        lines, opts.plot);
    fmt::print("Plot:      {}\n", opts.plot);
  }
  return 0;
}

}  // namespace akichi::sim::cli
