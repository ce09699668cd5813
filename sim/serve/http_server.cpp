#include "sim/serve/http_server.h"

#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include <chrono>
#include <cstdio>
#include <functional>
#include <mutex>
#include <thread>

#include <fmt/format.h>
#include <httplib.h>
#include <tbb/global_control.h>
#include <tbb/info.h>
#include <tbb/task_arena.h>

#include "base/errors.h"
#include "sim/analysis/coverage_run.h"
#include "sim/serve/api_error.h"
#include "sim/serve/assets.h"
#include "sim/serve/compute_gate.h"
#include "sim/serve/metrics.h"
#include "sim/serve/service.h"

namespace akichi::sim::serve {

namespace {

using nlohmann::json;
using Handler = std::function<Reply(LiveService&, const Principal&, const httplib::Request&)>;

/// One route: its method, its path as documented ("/api/stations/{id}") and as httplib matches
/// it (a regular expression), whether it takes a JSON body, and its handler.
struct Route {
  const char* method;
  const char* path;
  const char* pattern;
  Handler handler;
};

json body_json(const httplib::Request& req) {
  if (req.body.empty())
    throw ApiError(400, "request body: found nothing, expected a JSON object", "", "nothing",
                   "a JSON object");
  try {
    return json::parse(req.body);
  } catch (const json::parse_error& e) {
    throw ApiError(400,
                   fmt::format("request body: malformed JSON at byte {}: {}", e.byte, e.what()), "",
                   "malformed JSON", "a JSON object");
  }
}

std::int64_t integer_param(const httplib::Request& req, const char* name, std::int64_t fallback,
                           std::int64_t lo, std::int64_t hi) {
  if (!req.has_param(name)) return fallback;
  const std::string v = req.get_param_value(name);
  std::size_t used = 0;
  long long n = 0;
  try {
    n = std::stoll(v, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != v.size() || v.empty() || n < lo || n > hi)
    throw ApiError(400,
                   fmt::format("query parameter {}: found \"{}\", expected an integer in [{}, {}]",
                               name, v, lo, hi),
                   name, v, fmt::format("an integer in [{}, {}]", lo, hi));
  return n;
}

/// The query parameters (the last of a repeated one).
Query query_of(const httplib::Request& req) {
  Query q;
  for (const auto& [k, v] : req.params) q[k] = v;
  return q;
}

const std::vector<Route>& routes() {
  static const std::vector<Route> r{
      {"GET", "/health", "/health",
       [](LiveService& s, const Principal&, const httplib::Request&) { return s.health(); }},
      {"GET", "/api/scenario", "/api/scenario",
       [](LiveService& s, const Principal&, const httplib::Request&) { return s.scenario_info(); }},
      {"GET", "/api/stations", "/api/stations",
       [](LiveService& s, const Principal&, const httplib::Request&) { return s.list_stations(); }},
      {"POST", "/api/stations", "/api/stations",
       [](LiveService& s, const Principal& p, const httplib::Request& q) {
         return s.create_station(p, body_json(q));
       }},
      {"POST", "/api/stations/import", "/api/stations/import",
       [](LiveService& s, const Principal& p, const httplib::Request& q) {
         return s.import_stations(p, q.get_header_value("Content-Type"), q.body);
       }},
      {"GET", "/api/stations/{id}", R"(/api/stations/([^/]+))",
       [](LiveService& s, const Principal&, const httplib::Request& q) {
         return s.get_station(q.matches[1]);
       }},
      {"PUT", "/api/stations/{id}", R"(/api/stations/([^/]+))",
       [](LiveService& s, const Principal& p, const httplib::Request& q) {
         return s.update_station(p, q.matches[1], body_json(q));
       }},
      {"DELETE", "/api/stations/{id}", R"(/api/stations/([^/]+))",
       [](LiveService& s, const Principal& p, const httplib::Request& q) {
         return s.delete_station(p, q.matches[1]);
       }},
      {"POST", "/api/vacancy", "/api/vacancy",
       [](LiveService& s, const Principal&, const httplib::Request& q) {
         return s.vacancy(body_json(q));
       }},
      {"GET", "/api/grants", "/api/grants",
       [](LiveService& s, const Principal& p, const httplib::Request&) {
         return s.list_grants(p);
       }},
      {"POST", "/api/grants", "/api/grants",
       [](LiveService& s, const Principal& p, const httplib::Request& q) {
         return s.request_grant(p, body_json(q));
       }},
      {"DELETE", "/api/grants/{id}", R"(/api/grants/([0-9]{1,18}))",
       [](LiveService& s, const Principal& p, const httplib::Request& q) {
         return s.release_grant(p, std::stoll(q.matches[1]));
       }},
      {"POST", "/api/judge", "/api/judge",
       [](LiveService& s, const Principal&, const httplib::Request& q) {
         return s.judge(body_json(q));
       }},
      {"GET", "/api/interference", "/api/interference",
       [](LiveService& s, const Principal&, const httplib::Request&) { return s.interference(); }},
      {"GET", "/api/audit", "/api/audit",
       [](LiveService& s, const Principal& p, const httplib::Request& q) {
         return s.audit(p, integer_param(q, "after", 0, 0, INT64_MAX),
                        static_cast<std::size_t>(integer_param(q, "limit", 100, 1, 1000)));
       }},
      {"GET", "/api/whoami", "/api/whoami",
       [](LiveService& s, const Principal& p, const httplib::Request&) { return s.whoami(p); }},
      {"GET", "/api/layers", "/api/layers",
       [](LiveService& s, const Principal&, const httplib::Request&) { return s.layers(); }},
      {"GET", "/api/layers/mic_areas/geojson", "/api/layers/mic_areas/geojson",
       [](LiveService& s, const Principal&, const httplib::Request& q) {
         return s.mic_areas_geojson(query_of(q));
       }},
      {"GET", "/api/layers/{layer}/value", R"(/api/layers/([A-Za-z0-9_]+)/value)",
       [](LiveService& s, const Principal&, const httplib::Request& q) {
         return s.layer_value(q.matches[1], query_of(q));
       }},
      // z, x and y match anything but a slash, so that a malformed one gets a 400 naming it
      // rather than a 404.
      {"GET", "/api/tiles/{layer}/{z}/{x}/{y}.png",
       R"(/api/tiles/([A-Za-z0-9_]+)/([^/]*)/([^/]*)/([^/]*)\.png)",
       [](LiveService& s, const Principal&, const httplib::Request& q) {
         return s.tile(q.matches[1], q.matches[2], q.matches[3], q.matches[4], query_of(q),
                       q.get_header_value("If-None-Match"));
       }},
      {"GET", "/api/export", "/api/export",
       [](LiveService& s, const Principal&, const httplib::Request&) { return s.export_files(); }},
  };
  return r;
}

/// Static files: the document and the page (compiled in).
struct StaticRoute {
  const char* path;
  const char* file;
  const char* content_type;
};
const std::vector<StaticRoute>& static_routes() {
  static const std::vector<StaticRoute> r{
      {"/openapi.json", "openapi.json", "application/json"},
      {"/", "web/index.html", "text/html; charset=utf-8"},
      {"/static/app.js", "web/app.js", "text/javascript; charset=utf-8"},
      {"/static/app.css", "web/app.css", "text/css; charset=utf-8"},
      {"/static/leaflet/leaflet.js", "leaflet/leaflet.js", "text/javascript; charset=utf-8"},
      {"/static/leaflet/leaflet.css", "leaflet/leaflet.css", "text/css; charset=utf-8"},
      {"/static/leaflet/images/layers.png", "leaflet/images/layers.png", "image/png"},
      {"/static/leaflet/images/layers-2x.png", "leaflet/images/layers-2x.png", "image/png"},
  };
  return r;
}

/// The status and JSON body of an exception escaping a handler.
std::pair<int, json> error_reply(std::exception_ptr ep) {
  try {
    std::rethrow_exception(ep);
  } catch (const ApiError& e) {
    return {e.status(), e.body()};
  } catch (const store::Conflict& e) {
    return {409, ApiError(409, e.what()).body()};
  } catch (const store::NotFound& e) {
    return {404, ApiError(404, e.what()).body()};
  } catch (const InputError& e) {
    return {422, ApiError(422, e.what(), e.field(), e.found(), e.expected()).body()};
  } catch (const std::exception& e) {
    return {500, ApiError(500, e.what()).body()};
  }
}

class Server {
 public:
  Server(LiveService& service, const ServeOptions& opts, unsigned compute_threads)
      : service_(service), gate_(2 * compute_threads), crowd_(compute_threads) {
    const int n = opts.http_threads;
    http_.new_task_queue = [n] { return new httplib::ThreadPool(static_cast<std::size_t>(n)); };
    http_.set_payload_max_length(opts.max_body_bytes);
    http_.set_keep_alive_max_count(1000);
    // Answers leave at once: without TCP_NODELAY, Nagle's algorithm and the client's delayed
    // ACK hold a response split over two writes for 40 ms.
    http_.set_tcp_nodelay(true);
    // A stop waits for idle keep-alive connections at most this long.
    http_.set_keep_alive_timeout(2);
    for (const Route& r : routes()) add(r);
    for (const StaticRoute& r : static_routes()) {
      http_.Get(r.path, [r, this](const httplib::Request&, httplib::Response& res) {
        const auto t0 = std::chrono::steady_clock::now();
        if (const auto bytes = embedded_file(r.file)) {
          res.set_content(std::string(*bytes), r.content_type);
        } else {
          res.status = 404;
        }
        record(r.path, "GET", res.status, t0);
      });
    }
    http_.Get("/metrics", [this](const httplib::Request&, httplib::Response& res) {
      const auto t0 = std::chrono::steady_clock::now();
      res.set_content(metrics_.text(service_.gauges()), "text/plain; version=0.0.4");
      record("/metrics", "GET", 200, t0);
    });
  }

  httplib::Server& http() { return http_; }

 private:
  void record(const std::string& route, const std::string& method, int status,
              std::chrono::steady_clock::time_point t0) {
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    metrics_.record(route, method, status, s);
  }

  void add(const Route& r) {
    auto handler = [this, &r](const httplib::Request& req, httplib::Response& res) {
      const auto t0 = std::chrono::steady_clock::now();
      int status = 500;
      json body;
      Reply reply;
      try {
        const ComputeGate::Pass pass(gate_);
        const Principal who = authenticate(service_.db(), req.get_header_value("Authorization"));
        if (gate_.crowded(crowd_)) {
          // Every core already has a request: this one's loops run on its own thread, in an
          // arena of one (the same results: no answer depends on the thread count). Shared
          // out, they would only add task hand-offs, and TBB's idle workers spinning for the
          // next task between them (a fifth of the server's CPU under 32 clients of grants,
          // by perf); with the cores free, a request's paths use them all.
          thread_local tbb::task_arena alone(1);
          alone.execute([&] { reply = r.handler(service_, who, req); });
        } else {
          reply = r.handler(service_, who, req);
        }
        status = reply.status;
        body = std::move(reply.body);
      } catch (...) {
        reply = Reply{};
        std::tie(status, body) = error_reply(std::current_exception());
      }
      res.status = status;
      for (const auto& [name, value] : reply.headers) res.set_header(name, value);
      if (reply.content_type.empty())
        res.set_content(body.dump(), "application/json");
      else if (status != 304)  // a 304 has no body
        res.set_content(reply.bytes, reply.content_type);
      record(r.path, r.method, status, t0);
    };
    const std::string m = r.method;
    if (m == "GET") http_.Get(r.pattern, handler);
    if (m == "POST") http_.Post(r.pattern, handler);
    if (m == "PUT") http_.Put(r.pattern, handler);
    if (m == "DELETE") http_.Delete(r.pattern, handler);
  }

  LiveService& service_;
  ComputeGate gate_;
  const unsigned crowd_;  ///< requests in flight from which the cores are all taken
  httplib::Server http_;
  Metrics metrics_;
};

std::pair<std::string, int> host_port(const std::string& listen) {
  const auto colon = listen.rfind(':');
  int port = -1;
  if (colon != std::string::npos && colon > 0) {
    try {
      std::size_t used = 0;
      port = std::stoi(listen.substr(colon + 1), &used);
      if (used != listen.size() - colon - 1) port = -1;
    } catch (const std::exception&) {
      port = -1;
    }
  }
  if (port < 0 || port > 65535)
    throw_input_error({}, "--listen", "\"" + listen + "\"", "HOST:PORT with a port in 0..65535");
  return {listen.substr(0, colon), port};
}

/// The file descriptor of the socket listening on `port` (the server's), or -1.
int listening_socket(int port) {
  rlimit lim{};
  getrlimit(RLIMIT_NOFILE, &lim);
  const int max_fd = lim.rlim_cur == RLIM_INFINITY ? 65536 : static_cast<int>(lim.rlim_cur);
  for (int fd = 0; fd < max_fd; ++fd) {
    int listening = 0;
    socklen_t len = sizeof listening;
    if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &len) != 0 || !listening) continue;
    sockaddr_storage addr{};
    socklen_t alen = sizeof addr;
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &alen) != 0) continue;
    int p = -1;
    if (addr.ss_family == AF_INET) p = ntohs(reinterpret_cast<sockaddr_in*>(&addr)->sin_port);
    if (addr.ss_family == AF_INET6) p = ntohs(reinterpret_cast<sockaddr_in6*>(&addr)->sin6_port);
    if (p == port) return fd;
  }
  return -1;
}

}  // namespace

const std::vector<std::string>& route_list() {
  static const std::vector<std::string> list = [] {
    std::vector<std::string> out;
    for (const Route& r : routes()) out.push_back(fmt::format("{} {}", r.method, r.path));
    for (const StaticRoute& r : static_routes()) out.push_back(fmt::format("GET {}", r.path));
    out.push_back("GET /metrics");
    return out;
  }();
  return list;
}

int run_server(const ServeOptions& opts) {
  const auto [host, port] = host_port(opts.listen);
  // SIGTERM and SIGINT are taken by a thread of their own (sigwait), which stops the server:
  // blocked here, before any other thread starts, so that every thread inherits the mask.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGUSR1);  // from this thread, when the server ends on its own
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  const int threads = opts.threads > 0 ? opts.threads : tbb::info::default_concurrency();
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism,
                            static_cast<std::size_t>(threads));
  Scenario scenario = load_scenario(opts.scenario);
  if (scenario.sharing.channels.empty())
    throw_input_error({scenario.path, 0, 0}, "spectrum", "no channel plan",
                      "a [spectrum] channel plan (requests are judged per channel)");
  const prop::TerrainGrid terrain = load_terrain(scenario, nullptr);
  std::unique_ptr<store::Store> db = store::open_store(opts.db, station_source(scenario));
  live::LiveEngineOptions engine_options;
  engine_options.tensor_budget_bytes = opts.tensor_budget_bytes;
  engine_options.tensor_cache_dir = opts.tensor_cache;
  LiveService service(std::move(scenario), terrain, std::move(db), engine_options);
  // Two requests per computation thread: one computing while the other reads or writes its
  // JSON (measured with bench/serve_load.py: one per thread left the cores idle, 64 at once
  // doubled the p99 latency).
  Server server(service, opts, static_cast<unsigned>(threads));
  httplib::Server& http = server.http();

  const int bound =
      port == 0 ? http.bind_to_any_port(host) : (http.bind_to_port(host, port) ? port : -1);
  if (bound < 0) throw RuntimeError(fmt::format("cannot listen on {}", opts.listen));
  // Graceful stop: shutting the listening socket down ends the accept loop, after which every
  // connection already accepted is still answered before listen returns (the workers drain
  // their queue). httplib's own stop() would also drop connections accepted but not yet read.
  const int listen_fd = listening_socket(bound);
  if (listen_fd < 0) throw RuntimeError("cannot find the server's listening socket");
  // httplib listens with a backlog of 5: dozens of clients connecting at once would see SYNs
  // dropped and retried a second later. listen() again raises the backlog in place.
  ::listen(listen_fd, SOMAXCONN);
  std::thread stopper([listen_fd, stop_signals] {
    int sig = 0;
    sigwait(&stop_signals, &sig);
    if (sig == SIGUSR1) return;  // the server ended on its own
    std::fprintf(stderr, "akichi serve: %s, finishing the requests in flight\n",
                 sig == SIGTERM ? "SIGTERM" : "SIGINT");
    ::shutdown(listen_fd, SHUT_RDWR);
  });
  std::printf("akichi serve: listening on http://%s:%d\n", host.c_str(), bound);
  std::fflush(stdout);
  http.listen_after_bind();
  pthread_kill(stopper.native_handle(), SIGUSR1);
  stopper.join();
  // Every request has been answered: the station tensors still only in memory go to the
  // tensor cache folder (--tensor-cache), so that a restart reloads rather than computes them.
  if (!opts.tensor_cache.empty()) {
    const std::size_t n = service.save_tensors();
    std::printf("akichi serve: %zu station tensors written to %s\n", n, opts.tensor_cache.c_str());
  }
  std::printf("akichi serve: stopped\n");
  return 0;
}

}  // namespace akichi::sim::serve
