#include "sim/serve/metrics.h"

#include <fmt/format.h>

namespace akichi::sim::serve {

void Metrics::record(const std::string& route, const std::string& method, int status,
                     double seconds) {
  const std::lock_guard<std::mutex> lock(mutex_);
  ++requests_[{route, method, status}];
  Histogram& h = latency_[route];
  for (std::size_t b = 0; b < kBuckets.size(); ++b) {
    if (seconds <= kBuckets[b]) {
      ++h.buckets[b];
      break;
    }
  }
  ++h.count;
  h.sum += seconds;
}

std::string Metrics::text(const std::map<std::string, double>& gauges) const {
  const std::lock_guard<std::mutex> lock(mutex_);
  std::string out;
  out += "# HELP akichi_http_requests_total HTTP requests answered, by route, method and status.\n";
  out += "# TYPE akichi_http_requests_total counter\n";
  for (const auto& [key, n] : requests_) {
    const auto& [route, method, status] = key;
    out +=
        fmt::format("akichi_http_requests_total{{route=\"{}\",method=\"{}\",status=\"{}\"}} {}\n",
                    route, method, status, n);
  }
  out += "# HELP akichi_http_request_duration_seconds Time to answer a request, by route.\n";
  out += "# TYPE akichi_http_request_duration_seconds histogram\n";
  for (const auto& [route, h] : latency_) {
    std::uint64_t cumulative = 0;
    for (std::size_t b = 0; b < kBuckets.size(); ++b) {
      cumulative += h.buckets[b];
      out +=
          fmt::format("akichi_http_request_duration_seconds_bucket{{route=\"{}\",le=\"{}\"}} {}\n",
                      route, kBuckets[b], cumulative);
    }
    out +=
        fmt::format("akichi_http_request_duration_seconds_bucket{{route=\"{}\",le=\"+Inf\"}} {}\n",
                    route, h.count);
    out +=
        fmt::format("akichi_http_request_duration_seconds_sum{{route=\"{}\"}} {}\n", route, h.sum);
    out += fmt::format("akichi_http_request_duration_seconds_count{{route=\"{}\"}} {}\n", route,
                       h.count);
  }
  for (const auto& [name, value] : gauges) {
    out += fmt::format("# TYPE {} gauge\n{} {}\n", name, name, value);
  }
  return out;
}

}  // namespace akichi::sim::serve
