// The live system's JSON requests (sim/serve): a request body -> the vacancy query, the judgement
// of a station added or changed, and the station fields of a create request, against the
// industrial-park example on a GeoPackage in the scratch folder. ApiError (a 4xx answer) and
// akichi's own errors are answers; anything else is a finding.
#include <memory>

#include <nlohmann/json.hpp>

#include "sim/analysis/coverage_run.h"
#include "sim/serve/api_error.h"
#include "sim/serve/json_station.h"
#include "sim/serve/service.h"
#include "tests/fuzz/fuzz_common.h"

namespace {

using namespace akichi::sim;

struct Live {
  Live()
      : scenario(load_scenario(std::string(AKICHI_SOURCE_DIR) +
                               "/scenarios/live-industrial-park/scenario.toml")),
        terrain(load_terrain(scenario, nullptr)),
        service(scenario, terrain,
                store::open_store((akichi::fuzz::scratch_dir() / "live.gpkg").string(),
                                  station_source(scenario))),
        source(station_source(service.scenario())) {}
  Scenario scenario;
  akichi::prop::TerrainGrid terrain;
  serve::LiveService service;
  StationSource source;
};

Live& the_live() {
  static Live l;
  return l;
}

template <typename F>
void request(F&& f) {
  try {
    f();
  } catch (const serve::ApiError&) {
  } catch (const akichi::Error&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Live& l = the_live();
  const nlohmann::json body =
      nlohmann::json::parse(akichi::fuzz::as_text(data, size), nullptr, false);
  if (body.is_discarded()) return 0;  // malformed JSON: the server's 400 before any reader
  request([&] { l.service.vacancy(body); });
  request([&] { l.service.judge(body); });
  request([&] {
    serve::station_of_fields(serve::fields_of_json(body, "request body"), "request body", l.source);
  });
  return 0;
}
