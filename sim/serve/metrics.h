// Request counts and latency histograms of the server, in the Prometheus text exposition format
// (version 0.0.4): akichi_http_requests_total{route,method,status} and
// akichi_http_request_duration_seconds{route} (buckets from 1 ms to 10 s). Thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <tuple>

namespace akichi::sim::serve {

class Metrics {
 public:
  /// The upper bounds of the latency buckets, seconds (+Inf is implied).
  static constexpr std::array<double, 12> kBuckets{0.001, 0.002, 0.005, 0.01, 0.02, 0.05,
                                                   0.1,   0.2,   0.5,   1.0,  2.0,  10.0};

  /// One finished request: `route` is the route's pattern ("/api/stations/{id}"), not the path.
  void record(const std::string& route, const std::string& method, int status, double seconds);

  /// Every series, with the gauges given (name -> value, e.g. "akichi_stations").
  std::string text(const std::map<std::string, double>& gauges) const;

 private:
  struct Histogram {
    std::array<std::uint64_t, kBuckets.size()> buckets{};  ///< non-cumulative counts
    std::uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::tuple<std::string, std::string, int>, std::uint64_t> requests_;
  std::map<std::string, Histogram> latency_;
};

}  // namespace akichi::sim::serve
