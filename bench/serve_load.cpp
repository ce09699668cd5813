// Load generator for `akichi serve`, on loopback: C clients at once, each sending its share of N
// requests (bodies taken in turn from a file, one JSON document per line) and stopping early at
// a time limit; prints the latency percentiles and the throughput as JSON.
//
//   serve_load URL METHOD PATH BODIES.jsonl CLIENTS REQUESTS SECONDS [TOKEN]
//
// Bounded in count and time; keep-alive connections, one per client.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

namespace {

using Clock = std::chrono::steady_clock;

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const std::size_t i = std::min(v.size() - 1, static_cast<std::size_t>(p / 100.0 * v.size()));
  return v[i];
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 8) {
    std::fprintf(
        stderr,
        "usage: serve_load URL METHOD PATH BODIES.jsonl CLIENTS REQUESTS SECONDS [TOKEN]\n");
    return 2;
  }
  const std::string url = argv[1], method = argv[2], path = argv[3];
  std::vector<std::string> bodies;
  {
    std::ifstream in(argv[4]);
    for (std::string line; std::getline(in, line);)
      if (!line.empty()) bodies.push_back(line);
  }
  const int clients = std::stoi(argv[5]);
  const int requests = std::stoi(argv[6]);
  const double seconds = std::stod(argv[7]);
  const std::string token = argc > 8 ? argv[8] : "";
  if (bodies.empty() || clients < 1 || requests < 1) {
    std::fprintf(stderr, "serve_load: no bodies, clients or requests\n");
    return 2;
  }

  std::atomic<int> next{0};
  std::vector<std::vector<double>> latency(static_cast<std::size_t>(clients));
  std::vector<std::map<int, int>> statuses(static_cast<std::size_t>(clients));
  const auto t0 = Clock::now();
  const auto deadline = t0 + std::chrono::duration<double>(seconds);
  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&, c] {
      httplib::Client cli(url);
      cli.set_keep_alive(true);
      cli.set_tcp_nodelay(true);
      cli.set_read_timeout(120);
      httplib::Headers headers;
      if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
      for (;;) {
        const int i = next++;
        if (i >= requests || Clock::now() > deadline) break;
        const std::string& body = bodies[static_cast<std::size_t>(i) % bodies.size()];
        const auto s = Clock::now();
        const auto res = method == "GET" ? cli.Get(path, headers)
                                         : cli.Post(path, headers, body, "application/json");
        const double ms = std::chrono::duration<double, std::milli>(Clock::now() - s).count();
        latency[static_cast<std::size_t>(c)].push_back(ms);
        ++statuses[static_cast<std::size_t>(c)][res ? res->status : -1];
      }
    });
  }
  for (auto& t : threads) t.join();
  const double elapsed = std::chrono::duration<double>(Clock::now() - t0).count();
  std::vector<double> all;
  std::map<int, int> status;
  for (int c = 0; c < clients; ++c) {
    all.insert(all.end(), latency[static_cast<std::size_t>(c)].begin(),
               latency[static_cast<std::size_t>(c)].end());
    for (const auto& [k, n] : statuses[static_cast<std::size_t>(c)]) status[k] += n;
  }
  nlohmann::json out{{"path", path},
                     {"clients", clients},
                     {"requests", all.size()},
                     {"seconds", elapsed},
                     {"per_second", all.size() / elapsed},
                     {"p50_ms", percentile(all, 50)},
                     {"p90_ms", percentile(all, 90)},
                     {"p99_ms", percentile(all, 99)},
                     {"max_ms", percentile(all, 100)}};
  for (const auto& [k, n] : status) out["status"][std::to_string(k)] = n;
  std::printf("%s\n", out.dump().c_str());
  return 0;
}
