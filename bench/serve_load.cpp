// Load generator for `akichi serve`, on loopback: C clients at once, each sending its share of N
// requests (bodies taken in turn from a file, one JSON document per line) and stopping early at
// a time limit; prints the latency percentiles and the throughput as JSON.
//
//   serve_load URL METHOD PATH BODIES.jsonl CLIENTS REQUESTS SECONDS [TOKEN]
//
// Bounded in count and time; keep-alive connections, one per client. The clients are
// asynchronous connections on one thread (Boost.Asio and Boost.Beast): the generator shares the
// server's cores, so it takes as little of them as it can (one runnable thread, no hand-off
// between threads per request), and each request's latency is measured from the moment its
// write starts to the moment its whole response has been read.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>

namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const std::size_t i = std::min(v.size() - 1, static_cast<std::size_t>(p / 100.0 * v.size()));
  return v[i];
}

/// What every client shares: the requests to send and what came back.
struct Run {
  http::verb method = http::verb::post;
  std::string host, target, token;
  std::vector<std::string> bodies;
  int requests = 0;
  int next = 0;  ///< the next request's index (one thread: no atomic needed)
  Clock::time_point deadline;
  std::vector<double> latency_ms;
  std::vector<double> start_ms;  ///< each request's start, from the run's start
  Clock::time_point t0;
  std::map<int, int> status;
};

/// One keep-alive connection sending requests one after another until the run is done.
class Client : public std::enable_shared_from_this<Client> {
 public:
  Client(asio::io_context& io, Run& run) : socket_(io), run_(run) {}

  void start(const tcp::resolver::results_type& endpoints) {
    asio::connect(socket_, endpoints);
    socket_.set_option(tcp::no_delay(true));
    send();
  }

 private:
  void send() {
    if (run_.next >= run_.requests || Clock::now() > run_.deadline) {
      boost::system::error_code ignored;
      socket_.shutdown(tcp::socket::shutdown_both, ignored);
      return;
    }
    const int i = run_.next++;
    req_ = {run_.method, run_.target, 11};
    req_.set(http::field::host, run_.host);
    req_.keep_alive(true);
    if (!run_.token.empty()) req_.set(http::field::authorization, "Bearer " + run_.token);
    if (run_.method != http::verb::get) {
      req_.set(http::field::content_type, "application/json");
      req_.body() = run_.bodies[static_cast<std::size_t>(i) % run_.bodies.size()];
      req_.prepare_payload();
    }
    res_ = {};
    start_ = Clock::now();
    http::async_write(socket_, req_,
                      [self = shared_from_this()](boost::system::error_code ec, std::size_t) {
                        if (ec) return self->fail();
                        self->read();
                      });
  }

  void read() {
    http::async_read(socket_, buffer_, res_,
                     [self = shared_from_this()](boost::system::error_code ec, std::size_t) {
                       if (ec) return self->fail();
                       self->done(self->res_.result_int());
                       self->send();
                     });
  }

  void done(int status) {
    run_.latency_ms.push_back(
        std::chrono::duration<double, std::milli>(Clock::now() - start_).count());
    run_.start_ms.push_back(std::chrono::duration<double, std::milli>(start_ - run_.t0).count());
    ++run_.status[status];
  }

  /// A failed request counts as status -1, and the client stops (its connection is gone).
  void fail() { done(-1); }

  tcp::socket socket_;
  Run& run_;
  boost::beast::flat_buffer buffer_;
  http::request<http::string_body> req_;
  http::response<http::string_body> res_;
  Clock::time_point start_;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 8) {
    std::fprintf(
        stderr,
        "usage: serve_load URL METHOD PATH BODIES.jsonl CLIENTS REQUESTS SECONDS [TOKEN]\n");
    return 2;
  }
  const std::string url = argv[1], method = argv[2], path = argv[3];
  Run run;
  {
    std::ifstream in(argv[4]);
    for (std::string line; std::getline(in, line);)
      if (!line.empty()) run.bodies.push_back(line);
  }
  const int clients = std::stoi(argv[5]);
  run.requests = std::stoi(argv[6]);
  const double seconds = std::stod(argv[7]);
  run.token = argc > 8 ? argv[8] : "";
  const std::string scheme = "http://";
  const std::string hostport = url.rfind(scheme, 0) == 0 ? url.substr(scheme.size()) : url;
  const auto colon = hostport.rfind(':');
  if (run.bodies.empty() || clients < 1 || run.requests < 1 || colon == std::string::npos) {
    std::fprintf(stderr, "serve_load: no bodies, clients, requests or port in the URL\n");
    return 2;
  }
  run.method = http::string_to_verb(method);
  if (run.method == http::verb::unknown) {
    std::fprintf(stderr, "serve_load: unknown method %s\n", method.c_str());
    return 2;
  }
  run.host = hostport;
  run.target = path;

  asio::io_context io(1);
  const auto endpoints =
      tcp::resolver(io).resolve(hostport.substr(0, colon), hostport.substr(colon + 1));
  const auto t0 = Clock::now();
  run.t0 = t0;
  run.deadline =
      t0 + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
  for (int c = 0; c < clients; ++c) std::make_shared<Client>(io, run)->start(endpoints);
  io.run();
  const double elapsed = std::chrono::duration<double>(Clock::now() - t0).count();
  const std::vector<double>& all = run.latency_ms;
  nlohmann::json out{{"path", path},
                     {"clients", clients},
                     {"requests", all.size()},
                     {"seconds", elapsed},
                     {"per_second", static_cast<double>(all.size()) / elapsed},
                     {"p50_ms", percentile(all, 50)},
                     {"p90_ms", percentile(all, 90)},
                     {"p99_ms", percentile(all, 99)},
                     {"max_ms", percentile(all, 100)}};
  for (const auto& [k, n] : run.status) out["status"][std::to_string(k)] = n;
  std::printf("%s\n", out.dump().c_str());
  if (const char* trace = std::getenv("SERVE_LOAD_TRACE")) {
    // Each request's start and latency (ms), in completion order: where the slow ones fall.
    std::ofstream t(trace);
    for (std::size_t i = 0; i < all.size(); ++i) t << run.start_ms[i] << ' ' << all[i] << '\n';
  }
  return 0;
}
