// [land_cover] reader. See the header.
#include "sim/scenario/land_cover_spec.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "propagation/engine/adapters/p1812.h"
#include "propagation/engine/adapters/p452.h"
#include "sim/input/toml_section.h"

namespace akichi::sim {

using namespace toml_in;  // NOLINT: the checked TOML access this reader is written in

namespace {

/// The clutter type named by `key` of `s` (present), or nullopt for `extra_choice`; InputError
/// listing the choices otherwise.
std::optional<prop::p2108::ClutterType> clutter_type(const Section& s, std::string_view key,
                                                     std::string_view extra_choice = {}) {
  const auto& keys = prop::clutter_type_keys();
  std::vector<std::string_view> choices(keys.begin(), keys.end());
  if (!extra_choice.empty()) choices.insert(choices.begin(), extra_choice);
  return prop::clutter_type_from_key(*s.choice(key, choices));
}

}  // namespace

void parse_land_cover(const Section& s, LandCoverSpec& out) {
  s.check_keys({"path", "classes", "band", "nodata", "class"});
  out.enabled = true;
  out.where = s.where();
  prop::LandCoverOptions& o = out.options;
  o.path = existing_file(s, "path", "a land-cover raster GDAL can open");
  o.band = static_cast<int>(s.integer("band", 1, 1 << 20).value_or(1));
  if (!s.has("classes"))
    s.missing("classes", "one of \"esa-worldcover\", \"jaxa-hrlulc\", \"table\"");
  o.classes = *s.choice("classes", {"esa-worldcover", "jaxa-hrlulc", "table"});
  if (o.classes == "esa-worldcover") {
    o.table = prop::esa_worldcover_classes();
    o.nodata_values = {0};  // the product's no-data value
  } else if (o.classes == "jaxa-hrlulc") {
    o.table = prop::jaxa_hrlulc_classes();
    o.nodata_values = {0};  // "unclassified"
  }
  // Places without data: an error (the default), or the clutter type they are taken as.
  if (s.has("nodata")) {
    if (const auto type = clutter_type(s, "nodata", "error"))
      o.nodata = prop::default_clutter_class(*type, "no data");
  }

  // [[land_cover.class]]: the scenario's own classes, over the built-in ones.
  const toml::array* classes = s.tables("class", "one or more [[land_cover.class]] tables");
  if (o.classes == "table" && classes == nullptr)
    s.missing("class", "one or more [[land_cover.class]] tables with classes = \"table\"");
  std::map<std::int64_t, std::string> given;  // value -> field, for duplicates
  if (classes != nullptr) {
    for (std::size_t i = 0; i < classes->size(); ++i) {
      const Section c(s.ctx(), *classes->get(i)->as_table(),
                      s.field("class[" + std::to_string(i) + "]"));
      c.check_keys({"value", "clutter", "height_m", "profile_height_m", "name"});
      if (!c.has("value")) c.missing("value", "the class value in the raster (an integer)");
      const std::int64_t value =
          *c.integer("value", -(std::int64_t{1} << 53), std::int64_t{1} << 53);
      if (!c.has("clutter")) {
        c.missing("clutter", "a clutter type of ITU-R P.2108-1 Table 3: " +
                                 join_quoted(prop::clutter_type_keys()));
      }
      const prop::p2108::ClutterType type = *clutter_type(c, "clutter");
      prop::ClutterClass k = prop::default_clutter_class(type);
      k.name = c.string("name").value_or(fmt::format("class {}", value));
      k.height_m = c.number_or("height_m", k.height_m, positive("m"));
      // P.1812-6 Table 2: the points of water/sea and open/rural are the bare terrain (0 m);
      // elsewhere the profile point stands on the class's clutter height.
      const bool bare =
          type == prop::p2108::ClutterType::WaterSea || type == prop::p2108::ClutterType::OpenRural;
      k.profile_height_m =
          c.number_or("profile_height_m", bare ? 0.0 : k.height_m, at_least(0, "m"));
      if (const auto it = given.find(value); it != given.end()) {
        c.fail("value", fmt::format("{}, already mapped by {}", value, it->second),
               "each class value once");
      }
      given[value] = c.name();
      o.table[value] = k;
    }
  }
}

bool model_takes_clutter_heights(std::string_view model_name) {
  return model_name == prop::kP1812ModelName || model_name == prop::kP452_18ModelName;
}

std::string describe_land_cover(const LandCoverSpec& spec, std::string_view model_name) {
  const prop::LandCoverOptions& o = spec.options;
  std::string nodata = "an error";
  if (o.nodata) nodata = std::string(prop::clutter_type_key(o.nodata->type));
  return fmt::format(
      "{} (band {}, \"{}\" classes, {} mapped values, no data: {}), nearest class per place: "
      "clutter type and height for P.2108 §3.1{}",
      o.path, o.band, o.classes, o.table.size(), nodata,
      model_takes_clutter_heights(model_name)
          ? fmt::format("; the representative clutter heights R_i of {}'s profile points",
                        model_name)
          : fmt::format("; {} takes no clutter heights", model_name));
}

}  // namespace akichi::sim
