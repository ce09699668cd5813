#include "sim/results/municipal_file.h"

#include <cmath>
#include <cstdint>
#include <iomanip>
#include <limits>
#include <span>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "sim/analysis/municipal_run.h"
#include "sim/results/variable_table.h"

namespace akichi::sim {
namespace {

using results::all;
using results::Attrs;
using results::Values;
using results::VariableSpec;

const double kNaN = std::numeric_limits<double>::quiet_NaN();
const float kNaNf = std::numeric_limits<float>::quiet_NaN();

std::string joined(const std::vector<std::string>& v) {
  std::string s;
  for (const std::string& x : v) s += (s.empty() ? "" : " ") + x;
  return s;
}

}  // namespace

std::vector<std::pair<double, double>> municipal_label_points(const Scenario& sc,
                                                              const MunicipalRun& run) {
  const auto& areas = sc.sharing.municipal.boundaries.municipalities;
  const prop::StudyGrid& g = sc.grid;
  std::vector<std::pair<double, double>> out(areas.size(), {kNaN, kNaN});
  std::vector<double> best(areas.size(), std::numeric_limits<double>::infinity());
  std::vector<prop::Point2> centroid(areas.size());
  for (std::size_t m = 0; m < areas.size(); ++m) prop::bg::centroid(areas[m].area, centroid[m]);
  for (int iy = 0; iy < g.ny; ++iy) {
    for (int ix = 0; ix < g.nx; ++ix) {
      const std::int32_t m =
          run.owner[static_cast<std::size_t>(iy) * static_cast<std::size_t>(g.nx) +
                    static_cast<std::size_t>(ix)];
      if (m < 0) continue;
      const auto k = static_cast<std::size_t>(m);
      const double dx = g.x(ix) - centroid[k].x(), dy = g.y(iy) - centroid[k].y();
      if (dx * dx + dy * dy < best[k]) {
        best[k] = dx * dx + dy * dy;
        out[k] = {g.x(ix), g.y(iy)};
      }
    }
  }
  return out;
}

void write_municipal(results::Group& root, const Scenario& sc, const SharingRun& run,
                     const results::StoreOptions& store) {
  const MunicipalSpec& mu = sc.sharing.municipal;
  const MicMunicipalRule& rule = mu.rule();
  const MunicipalRun& mr = run.municipal;
  const MunicipalResult& r = mr.result;
  const auto& areas = mu.boundaries.municipalities;
  const std::size_t n = areas.size();
  const std::span<const Station> db = sc.stations.database();

  results::Group g = root.create_group("municipal");
  g.set_attribute("rules_file", mu.rules_path);
  g.set_attribute("rules_status", mu.rules.status);
  g.set_attribute("rules_source", mu.rules.source);
  g.set_attribute("band", mu.band_rule().name);
  g.set_attribute("freq_min_Hz", rule.freq_min_Hz);
  g.set_attribute("freq_max_Hz", rule.freq_max_Hz);
  g.set_attribute("indoor_only", static_cast<std::int32_t>(rule.indoor_only ? 1 : 0));
  g.set_attribute("reference_eirp_dBm", rule.reference_eirp_dBm);
  g.set_attribute("boundaries_source", mu.boundaries_path);
  g.set_attribute("boundaries_crs", mu.boundaries.source_crs);
  g.set_attribute("code_field", mu.fields.code);
  g.set_attribute("name_fields", joined(mu.fields.name));
  g.set_attribute("features", static_cast<std::int32_t>(mu.boundaries.features));
  g.set_attribute("features_without_code", static_cast<std::int32_t>(mu.boundaries.without_code));
  std::vector<std::string> channel_ids, receiver_ids;
  for (const std::size_t k : mu.channels) channel_ids.push_back(sc.sharing.channels[k].id);
  for (const std::size_t i : mr.receivers) receiver_ids.push_back(db[i].id);
  g.set_attribute("channels", joined(channel_ids));
  g.set_attribute("public_service_receivers", joined(receiver_ids));
  g.set_attribute(
      "comment",
      std::string("a municipality is eligible when no cell whose centre lies inside it is a "
                  "point where a reference local 5G base station (reference_eirp_dBm over a "
                  "channel, less the band's building entry loss when indoor_only) would exceed "
                  "the criterion of a public-service receiver on a channel of the sub-band at a "
                  "height of the study: margin = a_ik - K_i + L_BEL - EIRP_ref, the vacancy "
                  "search's single-entry limit (docs/methods.md, Municipal eligibility)"));
  g.add_dimension("municipality", n);

  std::vector<std::string> code, name, wkt, bind_station, bind_channel;
  std::vector<std::int32_t> cells;
  std::vector<double> area, bind_height, bind_x, bind_y, label_x, label_y;
  const auto labels = municipal_label_points(sc, mr);
  for (std::size_t m = 0; m < n; ++m) {
    code.push_back(areas[m].code);
    name.push_back(areas[m].name);
    std::ostringstream w;
    w << std::setprecision(15) << prop::bg::wkt(areas[m].area);
    wkt.push_back(w.str());
    area.push_back(prop::bg::area(areas[m].area));
    cells.push_back(static_cast<std::int32_t>(r.cells[m]));
    const MunicipalBinding& b = r.binding[m];
    const bool bound = b.receiver >= 0;
    bind_station.push_back(bound ? db[mr.receivers[static_cast<std::size_t>(b.receiver)]].id : "");
    bind_channel.push_back(bound ? channel_ids[static_cast<std::size_t>(b.channel)] : "");
    bind_height.push_back(bound ? sc.grid.heights_m[static_cast<std::size_t>(b.height)] : kNaN);
    const auto nx = static_cast<std::int64_t>(sc.grid.nx);
    bind_x.push_back(bound ? sc.grid.x(static_cast<int>(b.cell % nx)) : kNaN);
    bind_y.push_back(bound ? sc.grid.y(static_cast<int>(b.cell / nx)) : kNaN);
    label_x.push_back(labels[m].first);
    label_y.push_back(labels[m].second);
  }
  // The maps: the municipality of each cell, its flag, and the cell's own worst margin.
  const std::size_t nc = sc.grid.cells();
  std::vector<std::uint8_t> flag_map(nc, 255);
  for (std::size_t c = 0; c < nc; ++c)
    if (mr.owner[c] >= 0) flag_map[c] = r.eligible[static_cast<std::size_t>(mr.owner[c])];

  const Attrs per = {{"coordinates", std::string("municipality_code")}};
  const VariableSpec specs[] = {
      {.name = "municipality_code",
       .dims = {"municipality"},
       .long_name = "municipality code (" + mu.fields.code + ")",
       .data = Values<std::string>{all(code)}},
      {.name = "municipality_name",
       .dims = {"municipality"},
       .long_name = "municipality name (" + joined(mu.fields.name) + ")",
       .data = Values<std::string>{all(name)}},
      {.name = "eligible",
       .dims = {"municipality"},
       .long_name = "eligible for indoor local 5G in the sub-band (no point exceeding a "
                    "public-service criterion)",
       .units = "1",
       .flags = results::flag_attrs({0, 1}, "not_eligible eligible"),
       .extra = per,
       .data = Values<std::uint8_t>{all(r.eligible)}},
      {.name = "worst_margin",
       .dims = {"municipality"},
       .long_name = "least margin of the reference station to a public-service criterion over "
                    "the municipality's cells (+inf: no receiver reached)",
       .units = "dB",
       .extra = per,
       .data = Values<double>{all(r.worst_margin_dB)}},
      {.name = "binding_station",
       .dims = {"municipality"},
       .long_name = "public-service receiver of the worst margin (empty: none)",
       .data = Values<std::string>{all(bind_station)}},
      {.name = "binding_channel",
       .dims = {"municipality"},
       .long_name = "channel of the worst margin (empty: none)",
       .data = Values<std::string>{all(bind_channel)}},
      {.name = "binding_height",
       .dims = {"municipality"},
       .long_name = "height of the reference station at the worst margin",
       .units = "m",
       .extra = per,
       .data = Values<double>{all(bind_height), kNaN}},
      {.name = "binding_x",
       .dims = {"municipality"},
       .long_name = "easting of the cell of the worst margin",
       .units = "m",
       .extra = per,
       .data = Values<double>{all(bind_x), kNaN}},
      {.name = "binding_y",
       .dims = {"municipality"},
       .long_name = "northing of the cell of the worst margin",
       .units = "m",
       .extra = per,
       .data = Values<double>{all(bind_y), kNaN}},
      {.name = "cells",
       .dims = {"municipality"},
       .long_name = "cells whose centre lies inside the municipality (those considered)",
       .units = "1",
       .extra = per,
       .data = Values<std::int32_t>{all(cells)}},
      {.name = "area",
       .dims = {"municipality"},
       .long_name = "area of the municipality inside the study area",
       .units = "m2",
       .extra = per,
       .data = Values<double>{all(area)}},
      {.name = "label_x",
       .dims = {"municipality"},
       .long_name = "easting where the map draws the name (a cell centre inside)",
       .units = "m",
       .extra = per,
       .data = Values<double>{all(label_x), kNaN}},
      {.name = "label_y",
       .dims = {"municipality"},
       .long_name = "northing where the map draws the name (a cell centre inside)",
       .units = "m",
       .extra = per,
       .data = Values<double>{all(label_y), kNaN}},
      {.name = "municipality_wkt",
       .dims = {"municipality"},
       .long_name = "the municipality inside the study area (WKT, study CRS)",
       .data = Values<std::string>{all(wkt)}},
      {.name = "municipality_index",
       .dims = {"y", "x"},
       .long_name = "municipality of the cell centre (index along municipality)",
       .units = "1",
       .extra = {{"grid_mapping", std::string("/crs")}},
       .data = Values<std::int32_t>{all(mr.owner), std::int32_t{-1}}},
      {.name = "eligibility",
       .dims = {"y", "x"},
       .long_name = "eligibility of the cell's municipality",
       .units = "1",
       .flags = results::flag_attrs({0, 1}, "not_eligible eligible"),
       .extra = {{"grid_mapping", std::string("/crs")}},
       .data = Values<std::uint8_t>{all(flag_map), std::uint8_t{255}}},
      {.name = "margin",
       .dims = {"y", "x"},
       .long_name = "least margin of the reference station at the cell to a public-service "
                    "criterion (+inf: no receiver reached)",
       .units = "dB",
       .extra = {{"grid_mapping", std::string("/crs")}},
       .data = Values<float>{all(r.cell_margin_dB), kNaNf}},
  };
  results::write_variables(g, specs, store);
}

}  // namespace akichi::sim
