// [land_cover]: the land-cover raster of the study area and how its class values map to
// clutter (propagation/terrain/land_cover.h). Documented in docs/scenario-format.md,
// "[land_cover]".
#pragma once

#include <string>
#include <string_view>

#include "base/errors.h"
#include "propagation/engine/model_config.h"
#include "propagation/terrain/land_cover.h"

namespace akichi::sim {

namespace toml_in {
class Section;
}

struct LandCoverSpec {
  bool enabled = false;
  /// The raster (path resolved relative to the scenario), its band, the class table (a built-in
  /// one with the scenario's [[land_cover.class]] entries over it, or the entries alone) and the
  /// clutter of places without data.
  prop::LandCoverOptions options;
  InputLocation where;  ///< the [land_cover] table, for later messages
};

/// Reads [land_cover]. Throws InputError located at the key: a missing or unreadable path, an
/// unknown `classes`, a clutter type not of P.2108-1 Table 3, a height out of range, a value
/// given twice, "table" without any [[land_cover.class]]. The raster itself is read by a run
/// (prop::load_land_cover) and by `akichi check`.
void parse_land_cover(const toml_in::Section& s, LandCoverSpec& out);

/// Whether the model of `config` takes per-point clutter heights from a land cover (its
/// PathLossModel::uses_clutter_heights(); tests/unit/sim/scenario/land_cover_spec_test.cpp
/// checks the two agree for every registered model).
bool model_takes_clutter_heights(std::string_view model_name);

/// One line saying what the land cover gives the run, for the start-up text and `akichi check`.
std::string describe_land_cover(const LandCoverSpec& spec, std::string_view model_name);

}  // namespace akichi::sim
