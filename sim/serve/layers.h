// The registry of the server's map layers. Each layer declares its name, title, parameters,
// colour map, value range and unit, and a provider computing its grid for one set of
// parameters; the service (sim/serve/service.h) serves every registered layer the same way:
// listed with its legend at /api/layers, as XYZ PNG tiles at /api/tiles/{layer}/{z}/{x}/{y}.png,
// and by value at a point at /api/layers/{layer}/value, its grids and tiles cached per
// parameters and database version.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/serve/map_layer.h"

namespace akichi::sim::serve {

/// The parameters a layer may take (query parameters of the same names).
enum class LayerParam {
  Channel,  ///< "channel": a channel of the plan, by name (default: the first)
  Slot,     ///< "slot": a time slot index of the time axis (default 0)
  Height,   ///< "height_m": the antenna height above ground, (0, 1000] m (default: the first
            ///< height of the study grid)
};

/// The query parameter's name of `p`.
const char* param_name(LayerParam p);

/// One request's parameters, decoded (only those the layer takes are meaningful).
struct LayerArgs {
  std::size_t channel = 0;  ///< index in the channel plan
  std::size_t slot = 0;
  double height_m = 0;
};

struct LayerDef {
  std::string name;   ///< in URLs: [a-z0-9_]+
  std::string title;  ///< for people ("max EIRP")
  std::string unit;   ///< of the values ("dBm"; "" for categories)
  TileStyle style;    ///< colour map, value range, categorical, resampling
  std::vector<LayerParam> params;
  /// Whether the grid depends on the database (stations and grants): then it is computed anew
  /// for every data version; else once (the terrain's hillshade).
  bool changes_with_data = true;
  /// The grid for one set of parameters. Called with the service's read lock held (the live
  /// engine's state is that of one data version); may run in parallel (TBB).
  std::function<LayerGrid(const LayerArgs&)> provider;

  bool takes(LayerParam p) const;
};

class LayerRegistry {
 public:
  /// Adds a layer; throws std::logic_error on a second layer of the same name.
  void add(LayerDef layer);
  /// The layer called `name`, or nullptr.
  const LayerDef* find(std::string_view name) const;
  /// Every layer, in the order added (the page lists them so).
  const std::vector<LayerDef>& layers() const { return layers_; }

 private:
  std::vector<LayerDef> layers_;
};

}  // namespace akichi::sim::serve
