#include "sim/serve/layers.h"

#include <algorithm>
#include <stdexcept>

namespace akichi::sim::serve {

const char* param_name(LayerParam p) {
  switch (p) {
    case LayerParam::Channel:
      return "channel";
    case LayerParam::Slot:
      return "slot";
    case LayerParam::Height:
      return "height_m";
  }
  return "";
}

bool LayerDef::takes(LayerParam p) const {
  return std::find(params.begin(), params.end(), p) != params.end();
}

void LayerRegistry::add(LayerDef layer) {
  if (find(layer.name) != nullptr)
    throw std::logic_error("map layer registered twice: " + layer.name);
  layers_.push_back(std::move(layer));
}

const LayerDef* LayerRegistry::find(std::string_view name) const {
  for (const LayerDef& l : layers_)
    if (l.name == name) return &l;
  return nullptr;
}

}  // namespace akichi::sim::serve
