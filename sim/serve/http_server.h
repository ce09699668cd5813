// `akichi serve`: the live sharing system over HTTP/JSON (cpp-httplib), its routes documented in
// docs/openapi.json (served at /openapi.json) and docs/serve.md.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "sim/live/live_engine.h"

namespace akichi::sim::serve {

struct ServeOptions {
  std::string scenario;                   ///< the scenario file
  std::string db;                         ///< GeoPackage path or "PG:..." connection string
  std::string listen = "127.0.0.1:8080";  ///< host:port; port 0 picks a free port
  int threads = 0;                        ///< computation threads (0: all cores)
  int http_threads = 64;                  ///< connections served at once
  std::size_t max_body_bytes = 4u << 20;  ///< larger request bodies get 413
  /// The engine's station tensors in memory (sim/live/tensor_store.h), and where evicted ones
  /// are spilled ("" : nowhere).
  std::size_t tensor_budget_bytes = live::LiveEngineOptions{}.tensor_budget_bytes;
  std::string tensor_cache;
};

/// Loads the scenario and its terrain, opens the database, and serves until SIGTERM or SIGINT;
/// then stops accepting, finishes the requests in flight and returns 0. Prints
/// "akichi serve: listening on http://HOST:PORT" once it accepts connections.
int run_server(const ServeOptions& options);

/// The routes of the server as "METHOD /path/{param}", in the order they are registered: the
/// OpenAPI document is checked against this list.
const std::vector<std::string>& route_list();

}  // namespace akichi::sim::serve
