// akichi models: the registered propagation models, their scenario tables, domains and
// parameters (propagation/engine/model_registry.h).
#include <cstdio>

#include <fmt/format.h>

#include "sim/cli/commands.h"
#include "sim/scenario/model_params.h"

namespace akichi::sim::cli {

int command_models(const ModelsOptions& opts) {
  fmt::print("{}", opts.json ? models_json() : models_table());
  std::fflush(stdout);
  return 0;
}

}  // namespace akichi::sim::cli
