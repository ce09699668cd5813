#include "sim/serve/metrics.h"

#include <gtest/gtest.h>

namespace metrics_test {

namespace {

using akichi::sim::serve::Metrics;

TEST(Metrics, CountsAndCumulativeBucketsInPrometheusText) {
  Metrics m;
  m.record("/api/vacancy", "POST", 200, 0.0004);
  m.record("/api/vacancy", "POST", 200, 0.003);
  m.record("/api/vacancy", "POST", 422, 0.015);
  m.record("/api/vacancy", "POST", 200, 30.0);  // beyond the last bucket: +Inf only
  const std::string t = m.text({{"akichi_stations", 14}});
  auto has = [&](const std::string& line) { return t.find(line + "\n") != std::string::npos; };
  EXPECT_TRUE(
      has(R"(akichi_http_requests_total{route="/api/vacancy",method="POST",status="200"} 3)"));
  EXPECT_TRUE(
      has(R"(akichi_http_requests_total{route="/api/vacancy",method="POST",status="422"} 1)"));
  EXPECT_TRUE(
      has(R"(akichi_http_request_duration_seconds_bucket{route="/api/vacancy",le="0.001"} 1)"));
  EXPECT_TRUE(
      has(R"(akichi_http_request_duration_seconds_bucket{route="/api/vacancy",le="0.005"} 2)"));
  EXPECT_TRUE(
      has(R"(akichi_http_request_duration_seconds_bucket{route="/api/vacancy",le="0.02"} 3)"));
  EXPECT_TRUE(
      has(R"(akichi_http_request_duration_seconds_bucket{route="/api/vacancy",le="10"} 3)"));
  EXPECT_TRUE(
      has(R"(akichi_http_request_duration_seconds_bucket{route="/api/vacancy",le="+Inf"} 4)"));
  EXPECT_TRUE(has(R"(akichi_http_request_duration_seconds_count{route="/api/vacancy"} 4)"));
  EXPECT_TRUE(has("akichi_stations 14"));
  EXPECT_TRUE(has("# TYPE akichi_http_request_duration_seconds histogram"));
}

}  // namespace

}  // namespace metrics_test
