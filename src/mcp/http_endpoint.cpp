#include "mcp/http_endpoint.hpp"

#include <spdlog/spdlog.h>

#include <boost/json.hpp>

#include "mcp/http_exchange.hpp"
#include "mcp/http_metrics.hpp"
#include "mcp/jsonrpc.hpp"
#include "mcp/subscriptions.hpp"
#include "mcp/versions.hpp"
#include "net/worker_pool.hpp"

namespace kubemcp::mcp {
namespace json = boost::json;
using net::HttpRequest;
using net::HttpResponse;

namespace {

constexpr int kTransportError = -32000;

// A transport-level refusal, with a JSON-RPC error body as MCP SDKs expect.
HttpResponse refuse(int status, const std::string& message, int code = kTransportError) {
  HttpResponse r;
  r.status = status;
  r.body = make_error(nullptr, code, message);
  return r;
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool accepts(const std::string& accept, std::string_view type) {
  const std::string a = lower(accept);
  return a.find(type) != std::string::npos || a.find("*/*") != std::string::npos;
}

bool supported_version(std::string_view v) {
  for (const auto& f : supported_versions())
    if (f.version == v) return true;
  return false;
}

// The requests in a POST body (a message or a batch), for routing and metrics.
struct BodyFacts {
  std::vector<PendingRequest> requests;
  bool initialize = false;
  std::string initialize_id;  // serialized
};

BodyFacts facts_of(const json::value& body) {
  BodyFacts f;
  const auto one = [&](const json::value& v) {
    const auto* o = v.if_object();
    if (!o) return;
    const auto* method = o->if_contains("method");
    const auto* id = o->if_contains("id");
    if (!method || !method->is_string() || !id || id->is_null()) return;  // not a request
    PendingRequest r{json::serialize(*id), std::string(method->get_string()), {}, {}};
    const auto* params = o->if_contains("params");
    const auto* p = params ? params->if_object() : nullptr;
    if (r.method == "initialize") {
      f.initialize = true;
      f.initialize_id = r.id;
    }
    if (r.method == "tools/call" && p) {
      if (const auto* n = p->if_contains("name"); n && n->is_string())
        r.tool = std::string(n->get_string());
      const auto* args = p->if_contains("arguments");
      const auto* c =
          args && args->is_object() ? args->get_object().if_contains("cluster") : nullptr;
      if (c) r.cluster = c->is_string() ? std::string(c->get_string()) : json::serialize(*c);
    }
    f.requests.push_back(std::move(r));
  };
  if (body.is_array())
    for (const auto& v : body.get_array()) one(v);
  else
    one(body);
  return f;
}

std::string bearer_token(const std::string& authorization) {
  if (authorization.size() < 7 || lower(authorization.substr(0, 7)) != "bearer ") return {};
  std::string t = authorization.substr(7);
  while (!t.empty() && t.front() == ' ') t.erase(0, 1);
  while (!t.empty() && t.back() == ' ') t.pop_back();
  return t;
}

}  // namespace

HttpEndpoint::HttpEndpoint(const tools::Catalog& catalog, fleet::Fleet& fleet,
                           EndpointOptions options,
                           std::vector<std::shared_ptr<Authenticator>> authenticators,
                           Metrics& metrics)
    : catalog_(catalog),
      fleet_(fleet),
      options_(std::move(options)),
      authenticators_(std::move(authenticators)),
      metrics_(metrics),
      guard_(options_.http.allowed_origins, options_.http.allowed_hosts, options_.listen_host),
      pool_(std::make_unique<net::WorkerPool>(options_.server.workers)),
      sessions_(options_.http.max_sessions) {
  options_.server.pool = pool_.get();
  if (!options_.server.watch_hub) options_.server.watch_hub = std::make_shared<WatchHub>();
  options_.server.max_pending = options_.http.max_calls_per_client;
  reaper_ = std::thread([this] { reap(); });
}

HttpEndpoint::~HttpEndpoint() {
  for (auto& s : sessions_.all()) retire(sessions_.remove(s->id()));
  {
    std::lock_guard lock(reap_mutex_);
    stopping_ = true;
  }
  reap_wake_.notify_all();
  reaper_.join();
  pool_.reset();  // the calls of stateless servers end; they may still retire their server
  std::lock_guard lock(reap_mutex_);
  to_reap_.clear();
}

std::unique_ptr<Server> HttpEndpoint::make_server(Server::Send send) const {
  return std::make_unique<Server>(catalog_, fleet_, std::move(send), options_.server);
}

void HttpEndpoint::retire(std::shared_ptr<void> s) {
  if (!s) return;
  {
    std::lock_guard lock(reap_mutex_);
    to_reap_.push_back(std::move(s));
  }
  reap_wake_.notify_all();
}

void HttpEndpoint::reap() {
  std::unique_lock lock(reap_mutex_);
  for (;;) {
    reap_wake_.wait_for(lock, std::chrono::seconds(1),
                        [&] { return stopping_ || !to_reap_.empty(); });
    auto batch = std::exchange(to_reap_, {});
    const bool stop = stopping_;
    lock.unlock();
    batch.clear();  // each session finishes its calls here
    if (!stop) expire_idle();
    metrics_.set_sessions(sessions_.size());
    lock.lock();
    if (stop && to_reap_.empty()) return;
  }
}

void HttpEndpoint::expire_idle() {
  const auto idle = std::chrono::seconds(options_.http.session_idle_timeout);
  for (auto& s : sessions_.expire(std::chrono::steady_clock::now(), idle)) {
    spdlog::info("session {}… expired after {} s idle", s->id().substr(0, 8), idle.count());
    retire(std::move(s));
  }
}

std::string HttpEndpoint::resource_metadata(const std::string& host) const {
  const std::string base = std::string(options_.tls ? "https://" : "http://") + host;
  json::object doc{{"resource", base + "/mcp"},
                   {"bearer_methods_supported", json::array{"header"}},
                   {"resource_name", "kubemcp"}};
  json::array servers;
  for (const auto& s : options_.http.authorization_servers) servers.push_back(json::string(s));
  doc["authorization_servers"] = std::move(servers);
  return json::serialize(doc);
}

HttpEndpoint::Auth HttpEndpoint::authenticate(const HttpRequest& req) const {
  Auth out;
  if (authenticators_.empty()) return out;
  const std::string metadata = std::string(options_.tls ? "https://" : "http://") +
                               req.header("host") + "/.well-known/oauth-protected-resource/mcp";
  const auto unauthorized = [&](const std::string& error, const std::string& why) {
    HttpResponse r;
    r.status = 401;
    std::string challenge = "Bearer resource_metadata=\"" + metadata + "\"";
    if (!error.empty()) challenge += ", error=\"" + error + "\", error_description=\"" + why + "\"";
    r.headers.emplace_back("WWW-Authenticate", challenge);
    r.body = json::serialize(json::object{{"error", error.empty() ? "unauthorized" : error},
                                          {"error_description", why}});
    return r;
  };
  const std::string token = bearer_token(req.header("authorization"));
  if (token.empty()) {
    out.refusal = unauthorized("", "this server needs a bearer token (Authorization: Bearer ...)");
    return out;
  }
  for (const auto& a : authenticators_) {
    const AuthVerdict v = a->authenticate(token);
    if (v.kind == AuthVerdict::Kind::Unknown) continue;
    if (v.kind == AuthVerdict::Kind::Rejected || !v.principal) {
      out.refusal = unauthorized("invalid_token", v.reason.empty() ? "token rejected" : v.reason);
      return out;
    }
    out.caller = std::make_shared<const tools::Caller>(
        tools::Caller{v.principal->name, v.principal->read_only, v.principal->clusters});
    return out;
  }
  out.refusal = unauthorized("invalid_token", "unknown token");
  return out;
}

HttpResponse HttpEndpoint::handle(const HttpRequest& req) {
  if (!guard_.host_allowed(req.header("host")))
    return refuse(403, "Forbidden: Host '" + req.header("host") +
                           "' is not allowed (add it to http.allowed_hosts in the config)");
  if (!guard_.origin_allowed(req.header("origin")))
    return refuse(403, "Forbidden: Origin '" + req.header("origin") +
                           "' is not allowed (add it to http.allowed_origins in the config)");
  auto auth = authenticate(req);
  if (auth.refusal) return std::move(*auth.refusal);
  const std::string version = req.header("mcp-protocol-version");
  if (!version.empty() && !supported_version(version))
    return refuse(400, "Bad Request: unsupported MCP-Protocol-Version '" + version +
                           "' (supported: 2024-11-05, 2025-03-26, 2025-06-18, 2025-11-25)");
  if (req.method == "POST") return post(req, auth);
  if (req.method == "GET") return get(req, auth);
  if (req.method == "DELETE") return remove(req, auth);
  auto r = refuse(405, "Method Not Allowed: use POST, GET or DELETE");
  r.headers.emplace_back("Allow", "GET, POST, DELETE");
  return r;
}

std::shared_ptr<HttpSession> HttpEndpoint::session_of(const HttpRequest& req, const Auth& auth,
                                                      HttpResponse& error) {
  const std::string id = req.header("mcp-session-id");
  if (id.empty()) {
    error = refuse(400, "Bad Request: MCP-Session-Id header is required (send initialize first)");
    return nullptr;
  }
  auto s = sessions_.find(id);
  // Another caller's session is as good as unknown to this one.
  if (!s || s->owner() != (auth.caller ? auth.caller->name : std::string())) {
    error = refuse(404, "Session not found: it ended or expired; initialize a new one");
    return nullptr;
  }
  return s;
}

HttpResponse HttpEndpoint::post(const HttpRequest& req, const Auth& auth) {
  const std::string accept = req.header("accept");
  const bool sse = accepts(accept, "text/event-stream");
  if (!sse && !accepts(accept, "application/json"))
    return refuse(406, "Not Acceptable: Accept must list application/json or text/event-stream");
  if (lower(req.header("content-type")).rfind("application/json", 0) != 0)
    return refuse(415, "Unsupported Media Type: the body must be application/json");
  ParseFailure failure;
  const auto body = parse_json(req.body, failure);
  if (!body) return refuse(400, failure.message, failure.code);
  BodyFacts facts = facts_of(*body);

  std::shared_ptr<HttpSession> session;
  std::unique_ptr<Server> lone;  // stateless: this POST's own server
  if (options_.stateless) {
    lone = make_server([](const std::string&) {});  // no stream for server messages
    if (!facts.initialize) {
      // Any replica may answer any POST: the fresh server is initialized as the client's
      // session was, at the version the client names.
      const std::string v = req.header("mcp-protocol-version");
      const json::value init{{"jsonrpc", "2.0"},
                             {"id", "stateless-init"},
                             {"method", "initialize"},
                             {"params",
                              {{"protocolVersion", v.empty() ? "2025-03-26" : v},
                               {"capabilities", json::object{}},
                               {"clientInfo", {{"name", "stateless"}, {"version", "0"}}}}}};
      lone->handle_line(
          json::serialize(init), [](const std::string&) {}, nullptr);
    }
  } else if (facts.initialize) {
    const std::string owner = auth.caller ? auth.caller->name : std::string();
    session = sessions_.create(owner, [this](Server::Send send) { return make_server(send); });
    if (!session)
      return refuse(503, "Service Unavailable: " + std::to_string(options_.http.max_sessions) +
                             " sessions are open (http.max_sessions); retry later");
    metrics_.session_opened();
    metrics_.set_sessions(sessions_.size());
  } else {
    HttpResponse error;
    session = session_of(req, auth, error);
    if (!session) return error;
  }
  Server& server = lone ? *lone : session->server();

  if (facts.requests.empty()) {  // notifications and responses only
    server.handle_line(
        req.body, [](const std::string&) {}, auth.caller);
    HttpResponse r;
    r.status = 202;
    r.content_type = "application/json";
    return r;
  }
  std::shared_ptr<void> slot;
  if (lone) {
    slot = stateless_slot(auth.caller ? "caller:" + auth.caller->name : "address:" + req.remote);
    if (!slot)
      return refuse(429,
                    "Too Many Requests: " + std::to_string(options_.http.max_calls_per_client) +
                        " requests of this client are already running "
                        "(http.max_calls_per_client); retry when one has finished");
  }
  auto ex = std::make_shared<PostExchange>(sse ? PostExchange::Mode::sse : PostExchange::Mode::json,
                                           facts.requests, &metrics_);
  ex->hold(std::move(slot));
  server.handle_line(
      req.body, [ex](const std::string& line) { ex->deliver(line); }, auth.caller);
  if (lone) {
    // The server lives until its last response is out, or with the exchange when a call
    // never answers (cancelled).
    std::shared_ptr<Server> keep(std::move(lone));
    ex->on_complete([this, keep]() mutable { retire(std::move(keep)); });
  }
  if (session && facts.initialize && ex->failed(facts.initialize_id)) {
    sessions_.remove(session->id());  // initialize failed: no session comes of it
    retire(std::move(session));
  }
  return answer(ex, sse, session && facts.initialize ? session->id() : std::string());
}

std::shared_ptr<void> HttpEndpoint::stateless_slot(const std::string& client) {
  std::lock_guard lock(slots_mutex_);
  auto& n = stateless_calls_[client];
  if (n >= options_.http.max_calls_per_client) return nullptr;
  ++n;
  struct Slot {
    HttpEndpoint* endpoint;
    std::string client;
    ~Slot() {
      std::lock_guard lock(endpoint->slots_mutex_);
      if (--endpoint->stateless_calls_[client] == 0) endpoint->stateless_calls_.erase(client);
    }
  };
  return std::shared_ptr<Slot>(new Slot{this, client});  // no temporary Slot to destroy
}

HttpResponse HttpEndpoint::answer(const std::shared_ptr<PostExchange>& ex, bool sse,
                                  const std::string& session_id) {
  HttpResponse r;
  if (!session_id.empty()) r.headers.emplace_back("Mcp-Session-Id", session_id);
  if (ex->complete()) {  // answered at once (initialize, ping, tools/list): one JSON body
    // Only responses are buffered by then (a message's replies come together, a batch's as one).
    const auto lines = ex->take_buffered();
    std::string body = lines.size() == 1 ? lines.front() : std::string();
    for (std::size_t i = 0; lines.size() > 1 && i < lines.size(); ++i)
      body += (i ? "," : "[") + lines[i] + (i + 1 == lines.size() ? "]" : "");
    r.body = std::move(body);
    return r;
  }
  r.content_type = sse ? "text/event-stream" : "application/json";
  r.headers.emplace_back("Cache-Control", "no-cache");
  r.stream = [ex](std::shared_ptr<net::StreamSink> sink) { ex->attach(std::move(sink)); };
  return r;
}

HttpResponse HttpEndpoint::get(const HttpRequest& req, const Auth& auth) {
  if (options_.stateless) {
    auto r = refuse(405,
                    "Method Not Allowed: this server is stateless and sends no "
                    "server-initiated messages");
    r.headers.emplace_back("Allow", "POST");
    return r;
  }
  if (!accepts(req.header("accept"), "text/event-stream"))
    return refuse(406,
                  "Not Acceptable: GET opens an SSE stream; Accept must list "
                  "text/event-stream");
  HttpResponse error;
  auto session = session_of(req, auth, error);
  if (!session) return error;
  if (session->has_stream())
    return refuse(409, "Conflict: this session already has a GET stream open");
  HttpResponse r;
  r.content_type = "text/event-stream";
  r.headers.emplace_back("Cache-Control", "no-cache");
  r.stream = [session](std::shared_ptr<net::StreamSink> sink) {
    // A comment first, so the client sees the stream open before any message.
    sink->write(": stream open\n\n");
    if (!session->open_stream(sink)) sink->close();
  };
  return r;
}

HttpResponse HttpEndpoint::remove(const HttpRequest& req, const Auth& auth) {
  if (options_.stateless) {
    auto r = refuse(405, "Method Not Allowed: this server is stateless and has no sessions");
    r.headers.emplace_back("Allow", "POST");
    return r;
  }
  HttpResponse error;
  auto session = session_of(req, auth, error);
  if (!session) return error;
  sessions_.remove(session->id());
  spdlog::info("session {}… ended by the client", session->id().substr(0, 8));
  retire(std::move(session));
  metrics_.set_sessions(sessions_.size());
  HttpResponse r;
  r.status = 200;
  r.content_type = "application/json";
  return r;
}

}  // namespace kubemcp::mcp
