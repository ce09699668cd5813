// The scenario's added losses. See the header.
#include "sim/scenario/loss_spec.h"

#include <fmt/format.h>

#include <filesystem>
#include <span>

#include "propagation/engine/added_losses.h"
#include "propagation/models/itu_digital_maps.h"
#include "sim/scenario/model_params.h"

namespace akichi::sim {

using namespace toml_in;

std::vector<std::string_view> added_loss_keys() {
  std::vector<std::string_view> keys;
  for (const prop::ModelEntry& t : prop::added_loss_tables()) keys.emplace_back(t.name);
  return keys;
}

void parse_added_losses(const Section& p, Scenario& sc) {
  prop::AddedLossesConfig& added = sc.model.added;
  const prop::ModelContext context{sc.centre_lat_deg, sc.centre_lon_deg};
  for (const prop::ModelEntry& entry : prop::added_loss_tables()) {
    const toml::table* t = p.table(entry.name);
    if (t == nullptr) continue;
    const Section sub(p.ctx(), *t, p.field(entry.name));
    // read_model_parameters() names the configuration after the entry: read into a copy and
    // keep only the added losses.
    prop::ModelConfig scratch = sc.model;
    read_model_parameters(sub, entry, context, scratch);
    added = scratch.added;
    if (entry.name == "rain") {
      prop::RainConfig& r = added.rain;
      r.enabled = true;
      r.R001_mm_h = r.rain_rate_mm_h;
      if (!r.rain_rate_map.empty()) {
        if (!std::filesystem::is_regular_file(r.rain_rate_map)) {
          sub.fail("rain_rate_map", in_quotes(r.rain_rate_map) + " (no such file)",
                   "a copy of the ITU-R P.837-7 map R001.TXT");
        }
        // P.530-18 §2.4.1 step 1: R_0.01 from P.837 at the path; one look-up at the study
        // area's centre (or the given point) serves the study (the map's step is 0.125 deg).
        r.R001_mm_h = prop::itu_maps::LatLonGrid::read_rain_rate_map(r.rain_rate_map)
                          .interpolate(r.latitude_deg, r.longitude_deg);
        if (!(r.R001_mm_h > 0.0)) {
          sub.fail("rain_rate_map",
                   fmt::format("R0.01 = {} mm/h at ({}, {}) in {}", r.R001_mm_h, r.latitude_deg,
                               r.longitude_deg, in_quotes(r.rain_rate_map)),
                   "a rain rate > 0 mm/h at the look-up point");
        }
      }
    }
    if (entry.name == "gases") added.gases.enabled = true;
  }
  const auto reject = [&](std::string_view table) {
    return prop::Reject(p.field(table), [&p, table](std::string_view key, std::string_view found,
                                                    std::string_view expected) {
      const toml::table* t = p.table(table);
      const Section sub(p.ctx(), t ? *t : empty_table(), p.field(table));
      sub.fail(key, found, expected);
    });
  };
  prop::check_added_losses(sc.model, sc.buildings.enabled, reject("clutter"), reject("gases"));
}

void check_added_loss_stations(const Section& p, const Scenario& sc) {
  const prop::AddedLossesConfig& a = sc.model.added;
  // `key` "" names the table itself (its presence switches the loss on).
  const auto check = [&](std::string_view table, std::string_view key,
                         const prop::FrequencyLimit& limit, std::span<const Station> stations) {
    for (const Station& st : stations) {
      if (st.freq_Hz >= limit.range.min && st.freq_Hz <= limit.range.max) continue;
      const toml::table* t = p.table(table);
      const Section sub(p.ctx(), t ? *t : empty_table(), p.field(table));
      const std::string found = fmt::format("station '{}' at {} MHz", st.id, st.freq_Hz * 1e-6);
      const std::string expected = fmt::format(
          "stations in {}-{} MHz ({}){}", limit.range.min * 1e-6, limit.range.max * 1e-6,
          limit.source, key.empty() ? "" : ", or model = \"none\"");
      if (key.empty()) throw_input_error(sub.where(), sub.name(), found, expected);
      sub.fail(key, found + " with model = " + in_quotes(a.clutter.model), expected);
    }
  };
  if (const auto limit = prop::clutter_frequency_limit(a.clutter.model))
    check("clutter", "model", *limit, sc.stations.all());
  // Rain is added on the wanted signals only: the planned layout's.
  if (a.rain.enabled) check("rain", "", prop::rain_frequency_limit(), sc.stations.planned());
  if (a.gases.enabled) check("gases", "", prop::gases_frequency_limit(), sc.stations.all());
}

}  // namespace akichi::sim
