#include "mcp/http_transport.hpp"

#include <spdlog/spdlog.h>

#include <atomic>
#include <boost/json.hpp>
#include <cmath>
#include <condition_variable>
#include <csignal>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "fleet/fleet.hpp"
#include "kube/probe.hpp"
#include "mcp/http_endpoint.hpp"
#include "mcp/http_metrics.hpp"
#include "net/server_https.hpp"
#include "tools/framework/catalog.hpp"

namespace kubemcp::mcp {
namespace json = boost::json;
using net::HttpRequest;
using net::HttpResponse;

void parse_listen(const std::string& listen, HttpOptions& out) {
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos)
    throw std::invalid_argument("--listen needs HOST:PORT, e.g. 127.0.0.1:8808 or [::1]:8808");
  std::string host = listen.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  if (host.empty()) throw std::invalid_argument("--listen needs a host: 127.0.0.1:PORT");
  int port = -1;
  try {
    std::size_t used = 0;
    port = std::stoi(listen.substr(colon + 1), &used);
    if (used != listen.size() - colon - 1) port = -1;
  } catch (const std::exception&) {
  }
  if (port < 0 || port > 65535)
    throw std::invalid_argument("--listen: '" + listen.substr(colon + 1) +
                                "' is not a port (0-65535)");
  out.host = host;
  out.port = static_cast<uint16_t>(port);
}

namespace {

std::string read_file(const std::string& path, const char* what) {
  std::ifstream f(path);
  if (!f) throw std::invalid_argument(std::string("cannot read ") + what + " " + path);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

bool is_loopback(const std::string& host) {
  return host == "127.0.0.1" || host == "::1" || host == "localhost" || host.rfind("127.", 0) == 0;
}

// Ready once at least one cluster answered a probe; re-checked in the background.
class Readiness {
 public:
  explicit Readiness(fleet::Fleet& fleet) : fleet_(fleet), thread_([this] { run(); }) {}
  ~Readiness() {
    {
      std::lock_guard lock(mutex_);
      stop_ = true;
    }
    wake_.notify_all();
    thread_.join();
  }
  bool ready() const { return ready_; }
  std::string detail() const {
    std::lock_guard lock(mutex_);
    return detail_;
  }

 private:
  void run() {
    std::unique_lock lock(mutex_);
    while (!stop_) {
      lock.unlock();
      std::string detail;
      bool any = false;
      for (const auto& c : fleet_.registry().clusters()) {
        try {
          kube::probe_server(*fleet_.client(c), std::chrono::seconds(3));
          any = true;
          detail += c.name + ": ok\n";
        } catch (const std::exception& e) {
          detail += c.name + ": " + e.what() + "\n";
        }
      }
      lock.lock();
      ready_ = any;
      detail_ = detail;
      // Quick retries until ready, then a periodic check.
      wake_.wait_for(lock, any ? std::chrono::seconds(30) : std::chrono::seconds(2),
                     [&] { return stop_; });
    }
  }
  fleet::Fleet& fleet_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::atomic<bool> ready_{false};
  std::string detail_ = "no probe finished yet\n";
  bool stop_ = false;
  std::thread thread_;  // last: starts once the rest is built
};

HttpResponse text(int status, std::string body, std::string type = "text/plain; charset=utf-8") {
  HttpResponse r;
  r.status = status;
  r.content_type = std::move(type);
  r.body = std::move(body);
  return r;
}

// The access log line: who, what, how it ended. Never headers, a query string or a body, so
// no token or secret can reach it.
void access_log(const HttpRequest& req, const HttpResponse& resp, double ms) {
  const std::string path = req.target.substr(0, req.target.find('?'));
  json::object line{{"remote", req.remote},
                    {"method", req.method},
                    {"path", path},
                    {"status", resp.status},
                    {"bytes", resp.body.size()},
                    {"stream", static_cast<bool>(resp.stream)},
                    {"ms", std::round(ms * 10) / 10}};
  const std::string session = req.header("mcp-session-id");
  if (!session.empty()) line["session"] = session.substr(0, 8);
  spdlog::info("access {}", json::serialize(line));
}

std::vector<std::pair<std::string, std::uint64_t>> heal_samples(fleet::Fleet& fleet) {
  std::vector<std::pair<std::string, std::uint64_t>> out;
  for (const auto& c : fleet.registry().clusters())
    for (const auto kind : {fleet::HealKind::login, fleet::HealKind::network})
      out.emplace_back(
          "cluster=\"" + prometheus_label(c.name) + "\",kind=\"" + fleet::to_string(kind) + "\"",
          fleet.healer().epoch(c.name, kind));
  return out;
}

}  // namespace

int run_http(const tools::Catalog& catalog, fleet::Fleet& fleet, HttpOptions options,
             std::vector<std::shared_ptr<Authenticator>> authenticators) {
  // Signals are taken by sigwait below; every thread started from here on blocks them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  const auto& settings = fleet.registry().http();
  if (options.tls_cert.empty() != options.tls_key.empty())
    throw std::invalid_argument("--tls-cert and --tls-key go together");
  net::TlsServerConfig tls;
  if (!options.tls_cert.empty()) {
    tls.cert_chain_pem = read_file(options.tls_cert, "--tls-cert");
    tls.key_pem = read_file(options.tls_key, "--tls-key");
  }
  if (!is_loopback(options.host) && authenticators.empty())
    std::cerr << "kubemcp: WARNING: listening on " << options.host
              << " without authentication: anyone who can reach this port can use every "
                 "cluster. Add --auth-token-file FILE.\n";

  Metrics metrics;
  metrics.set_heals([&fleet] { return heal_samples(fleet); });
  EndpointOptions eo;
  eo.stateless = options.stateless;
  eo.tls = !options.tls_cert.empty();
  eo.listen_host = options.host;
  eo.http = settings;
  // The protected-resource metadata names the OIDC issuer when no server is configured.
  const auto& oidc = fleet.registry().settings().oidc;
  if (eo.http.authorization_servers.empty() && oidc) eo.http.authorization_servers = {oidc->issuer};
  eo.server = options.server;
  HttpEndpoint endpoint(catalog, fleet, eo, std::move(authenticators), metrics);
  Readiness readiness(fleet);

  const auto route = [&](const HttpRequest& req) -> HttpResponse {
    const std::string path = req.target.substr(0, req.target.find('?'));
    if (path == "/mcp") return endpoint.handle(req);
    if (req.method != "GET") return text(405, "use GET\n");
    if (path == "/healthz") return text(200, "ok\n");
    if (path == "/readyz")
      return readiness.ready()
                 ? text(200, "ok\n" + readiness.detail())
                 : text(503, "not ready: no cluster answered yet\n" + readiness.detail());
    if (path == "/metrics") {
      metrics.set_sessions(endpoint.sessions());  // exact at scrape time, whatever raced before
      return text(200, metrics.text(), "text/plain; version=0.0.4");
    }
    if (path == "/.well-known/oauth-protected-resource" ||
        path == "/.well-known/oauth-protected-resource/mcp")
      return text(200, endpoint.resource_metadata(req.header("host")), "application/json");
    return text(404, "not found: the MCP endpoint is /mcp\n");
  };
  const auto handler = [&](const HttpRequest& req) {
    const auto start = std::chrono::steady_clock::now();
    HttpResponse resp = route(req);
    metrics.http_request(req.method, resp.status);
    if (!resp.stream) metrics.bytes_out(resp.body.size());
    access_log(req, resp,
               std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                   .count());
    return resp;
  };

  net::ServerLimits limits;
  limits.max_body_bytes = settings.max_body_bytes;
  limits.max_header_bytes = settings.max_header_bytes;
  limits.request_timeout = std::chrono::seconds(settings.request_timeout);
  limits.max_connections = settings.max_connections;
  net::IoPool io(options.io_threads);
  net::HttpsServer server(io, tls, handler, options.host, options.port, limits);
  const std::string host =
      options.host.find(':') != std::string::npos ? "[" + options.host + "]" : options.host;
  const std::string url = std::string(eo.tls ? "https://" : "http://") + host + ":" +
                          std::to_string(server.port()) + "/mcp";
  spdlog::info("serving MCP on {} ({} tools{}{})", url, catalog.tools().size(),
               options.stateless ? ", stateless" : "",
               endpoint.auth_required() ? ", bearer tokens required" : "");
  std::cout << "listening " << url << std::endl;

  int sig = 0;
  sigwait(&signals, &sig);
  spdlog::info("signal {}: stopping", sig);
  server.stop();
  io.stop();
  return 0;
}

}  // namespace kubemcp::mcp
