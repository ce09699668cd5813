// docs/openapi.json (served at /openapi.json) documents exactly the routes the server has.
#include <fstream>
#include <set>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "sim/serve/assets.h"
#include "sim/serve/http_server.h"

namespace openapi_test {

namespace {

using akichi::sim::serve::route_list;

nlohmann::json document() {
  std::ifstream in(std::string(AKICHI_SOURCE_DIR) + "/docs/openapi.json");
  return nlohmann::json::parse(in);
}

std::set<std::string> documented_routes(const nlohmann::json& doc) {
  std::set<std::string> out;
  for (const auto& [path, ops] : doc.at("paths").items())
    for (const auto& [method, op] : ops.items()) {
      std::string m = method;
      for (char& c : m) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      out.insert(m + " " + path);
    }
  return out;
}

TEST(OpenApi, DocumentsEveryRouteAndNoOther) {
  const std::set<std::string> documented = documented_routes(document());
  const std::set<std::string> served(route_list().begin(), route_list().end());
  EXPECT_EQ(served.size(), route_list().size()) << "a route is registered twice";
  for (const std::string& r : served) EXPECT_TRUE(documented.count(r)) << r << " is not documented";
  for (const std::string& r : documented) EXPECT_TRUE(served.count(r)) << r << " is not served";
  EXPECT_GE(served.size(), 18u);
}

TEST(OpenApi, EveryOperationAnswersAndEveryReferenceResolves) {
  const nlohmann::json doc = document();
  EXPECT_EQ(doc.at("openapi").get<std::string>().substr(0, 2), "3.");
  std::set<std::string> schemas;
  for (const auto& [name, s] : doc.at("components").at("schemas").items()) schemas.insert(name);
  // Every $ref anywhere in the document names a schema that exists.
  std::function<void(const nlohmann::json&)> walk = [&](const nlohmann::json& j) {
    if (j.is_object()) {
      if (j.contains("$ref")) {
        const std::string ref = j.at("$ref");
        const std::string prefix = "#/components/schemas/";
        ASSERT_EQ(ref.rfind(prefix, 0), 0u) << ref;
        EXPECT_TRUE(schemas.count(ref.substr(prefix.size()))) << ref;
      }
      for (const auto& [k, v] : j.items()) walk(v);
    } else if (j.is_array()) {
      for (const auto& v : j) walk(v);
    }
  };
  walk(doc);
  for (const auto& [path, ops] : doc.at("paths").items())
    for (const auto& [method, op] : ops.items()) {
      EXPECT_TRUE(op.contains("summary")) << method << " " << path;
      EXPECT_FALSE(op.at("responses").empty()) << method << " " << path;
    }
}

TEST(OpenApi, TheServerCarriesTheDocumentAsWritten) {
  const auto served = akichi::sim::serve::embedded_file("openapi.json");
  ASSERT_TRUE(served.has_value());
  EXPECT_EQ(nlohmann::json::parse(*served), document());
}

}  // namespace

}  // namespace openapi_test
