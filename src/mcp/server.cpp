#include "mcp/server.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <cstdint>
#include <optional>

#include "fleet/fleet.hpp"
#include "mcp/completion.hpp"
#include "mcp/prompts.hpp"
#include "mcp/resources.hpp"
#include "mcp/rpc_fault.hpp"
#include "mcp/subscriptions.hpp"
#include "net/base64.hpp"
#include "net/utf8.hpp"
#include "tools/catalog.hpp"

namespace kubemcp::mcp {
namespace json = boost::json;
namespace {

// RFC 5424 severities as MCP names them, lowest first.
constexpr std::array<std::string_view, 8> kLogLevels = {"debug", "info",     "notice", "warning",
                                                        "error", "critical", "alert",  "emergency"};

int log_level_index(std::string_view level) {
  const auto it = std::find(kLogLevels.begin(), kLogLevels.end(), level);
  return it == kLogLevels.end() ? -1 : static_cast<int>(it - kLogLevels.begin());
}

// A protocol fault raised inside a handler; becomes a JSON-RPC error.
struct RpcError {
  int code;
  std::string message;
};

std::string encode_cursor(std::size_t offset) {
  return net::base64_encode("tools:" + std::to_string(offset));
}

std::size_t decode_cursor(const json::value& v) {
  if (!v.is_string()) throw RpcError{code::invalid_params, "cursor must be a string"};
  const auto text = net::base64_decode(v.get_string());
  if (!text || text->rfind("tools:", 0) != 0)
    throw RpcError{code::invalid_params,
                   "invalid cursor; pass nextCursor from a previous tools/list"};
  try {
    return std::stoul(text->substr(6));
  } catch (const std::exception&) {
    throw RpcError{code::invalid_params,
                   "invalid cursor; pass nextCursor from a previous tools/list"};
  }
}

// The in-flight key of a request id, the same for every spelling of one number (1, 1.0, 1e0)
// so that notifications/cancelled finds its call; a string id never matches a number.
std::optional<std::string> id_key(const json::value& id) {
  if (id.is_string()) return "s:" + std::string(id.get_string());
  if (id.is_int64()) return "n:" + std::to_string(id.get_int64());
  if (id.is_uint64()) return "n:" + std::to_string(id.get_uint64());
  if (id.is_double()) {
    const double d = id.get_double();
    if (d >= -9.2e18 && d <= 9.2e18 && d == static_cast<double>(static_cast<std::int64_t>(d)))
      return "n:" + std::to_string(static_cast<std::int64_t>(d));
  }
  return std::nullopt;
}

}  // namespace

Server::Server(const tools::Catalog& catalog, fleet::Fleet& fleet, Send send, ServerOptions options)
    : catalog_(catalog),
      fleet_(fleet),
      send_(std::move(send)),
      options_(std::move(options)),
      subscriptions_(std::make_unique<Subscriptions>(
          fleet, options_.watch_hub ? options_.watch_hub : std::make_shared<WatchHub>(), send_,
          fleet.registry().settings().max_watches)),
      completer_(std::make_unique<Completer>(fleet)),
      pool_(std::make_unique<WorkerPool>(options_.workers)) {}

Server::~Server() {
  finish();
  pool_.reset();
}

std::size_t Server::in_flight() const {
  std::lock_guard lock(mutex_);
  return in_flight_.size();
}

void Server::handle_line(std::string_view line) {
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
  if (line.empty()) return;
  Parsed p = parse_message(line);
  if (p.failure) {
    spdlog::debug("bad message: {}", p.failure->message);
    send_(make_error(p.failure->id, p.failure->code, p.failure->message));
    return;
  }
  Message& m = *p.message;
  switch (m.kind) {
    case Message::Kind::request:
      handle_request(m);
      break;
    case Message::Kind::notification:
      handle_notification(m);
      break;
    case Message::Kind::response:
      break;  // we send no requests yet; nothing awaits a response
  }
}

void Server::handle_request(Message& m) {
  try {
    if (m.method == "initialize") {
      send_(make_result(m.id, initialize(m.params)));
      return;
    }
    if (m.method == "ping") {
      send_(make_result(m.id, json::object{}));
      return;
    }
    if (!initialize_seen_)
      throw RpcError{code::invalid_request, "Server not initialized: send initialize first"};
    if (m.method == "tools/list") {
      send_(make_result(m.id, list_tools(m.params)));
    } else if (m.method == "tools/call") {
      start_tool_call(m);
    } else if (m.method == "logging/setLevel") {
      set_log_level(m.params);
      send_(make_result(m.id, json::object{}));
    } else if (handle_surface(m)) {
      // prompts/*, resources/*, completion/complete (see handle_surface)
    } else {
      throw RpcError{code::method_not_found, "Method not found: " + m.method};
    }
  } catch (const RpcError& e) {
    send_(make_error(m.id, e.code, e.message));
  } catch (const std::exception& e) {
    spdlog::error("{} failed: {}", m.method, e.what());
    send_(make_error(m.id, code::internal_error, std::string("Internal error: ") + e.what()));
  }
}

void Server::handle_notification(const Message& m) {
  if (m.method == "notifications/cancelled") {
    const auto* id = m.params.if_contains("requestId");
    const auto key = id ? id_key(*id) : std::nullopt;
    if (!key) return;
    net::CancelPtr token;
    {
      std::lock_guard lock(mutex_);
      if (auto it = in_flight_.find(*key); it != in_flight_.end()) token = it->second;
    }
    if (token) {
      spdlog::info("cancelling request {}", json::serialize(*id));
      token->cancel();
    } else {
      spdlog::debug("cancellation of {}: no such call in flight", json::serialize(*id));
    }
  } else if (m.method == "notifications/initialized") {
    spdlog::debug("client initialized");
  }
  // Other notifications need no action and never get a reply.
}

json::value Server::initialize(const json::object& params) {
  std::string requested;
  if (const auto* v = params.if_contains("protocolVersion"); v && v->is_string())
    requested = std::string(v->get_string());
  const auto supported = std::find_if(std::begin(kSupportedVersions), std::end(kSupportedVersions),
                                      [&](const char* s) { return requested == s; });
  protocol_version_ =
      supported != std::end(kSupportedVersions) ? requested : std::end(kSupportedVersions)[-1];
  initialize_seen_ = true;
  std::string client = "unknown client";
  if (const auto* info = params.if_contains("clientInfo"); info && info->is_object())
    if (const auto* n = info->get_object().if_contains("name"); n && n->is_string())
      client = std::string(n->get_string());
  spdlog::info("initialize from {} (asked {}, speaking {})", client,
               requested.empty() ? "nothing" : requested, protocol_version_);
  return json::object{
      {"protocolVersion", protocol_version_},
      {"capabilities",
       json::object{{"tools", json::object{{"listChanged", false}}},
                    {"logging", json::object{}},
                    {"prompts", json::object{{"listChanged", false}}},
                    {"resources", json::object{{"subscribe", true}, {"listChanged", false}}},
                    {"completions", json::object{}}}},
      {"serverInfo", json::object{{"name", options_.name},
                                  {"title", "kubemcp — Kubernetes across clusters"},
                                  {"version", options_.version}}},
      {"instructions",
       "Tools for several Kubernetes clusters. Call k8s_clusters first to see the cluster names, "
       "aliases and which are read-only; pass `cluster` to choose one."}};
}

json::value Server::list_tools(const json::object& params) {
  std::size_t offset = 0;
  if (const auto* c = params.if_contains("cursor")) offset = decode_cursor(*c);
  const auto& all = catalog_.tools();
  if (offset > all.size())
    throw RpcError{code::invalid_params, "cursor is past the end of the list"};
  json::array page;
  const std::size_t end = std::min(all.size(), offset + options_.page_size);
  for (std::size_t i = offset; i < end; ++i) page.push_back(tools::Catalog::describe(all[i]));
  json::object result{{"tools", std::move(page)}};
  if (end < all.size()) result["nextCursor"] = encode_cursor(end);
  return result;
}

void Server::set_log_level(const json::object& params) {
  const auto* level = params.if_contains("level");
  if (!level || !level->is_string() || log_level_index(level->get_string()) < 0)
    throw RpcError{code::invalid_params,
                   "level must be one of debug, info, notice, warning, error, critical, alert, "
                   "emergency"};
  client_log_level_ = log_level_index(level->get_string());
}

void Server::client_log(const std::string& level, const std::string& message) {
  const int min = client_log_level_.load();
  const int at = log_level_index(level);
  if (min < 0 || at < min) return;
  send_(make_notification(
      "notifications/message",
      json::object{
          {"level", level}, {"logger", "kubemcp"}, {"data", net::to_valid_utf8(message)}}));
}

void Server::start_tool_call(Message& m) {
  const auto* name = m.params.if_contains("name");
  if (!name || !name->is_string())
    throw RpcError{code::invalid_params, "tools/call needs a tool name"};
  const tools::Tool* tool = catalog_.find(std::string(name->get_string()));
  if (!tool) {
    std::string known;
    for (const auto& t : catalog_.tools()) {
      if (!known.empty()) known += ", ";
      known += t.name;
    }
    throw RpcError{code::invalid_params,
                   "Unknown tool: " + std::string(name->get_string()) + " (tools: " + known + ")"};
  }
  json::value args = json::object{};
  if (const auto* a = m.params.if_contains("arguments"); a && !a->is_null()) args = *a;
  json::value progress_token = nullptr;
  if (const auto* meta = m.params.if_contains("_meta"); meta && meta->is_object())
    if (const auto* t = meta->get_object().if_contains("progressToken")) progress_token = *t;

  const std::string key = *id_key(m.id);  // requests always have a string or integer id
  auto cancel = std::make_shared<net::CancelToken>();
  {
    std::lock_guard lock(mutex_);
    if (in_flight_.size() >= options_.max_pending)
      throw RpcError{code::server_busy, "Server busy: " + std::to_string(in_flight_.size()) +
                                            " tool calls are already pending (the limit); "
                                            "retry when some have finished"};
    if (!in_flight_.emplace(key, cancel).second)
      throw RpcError{code::invalid_request,
                     "request id " + json::serialize(m.id) + " is already in use"};
  }
  pool_->post([this, tool, args = std::move(args), id = m.id, key, cancel,
               progress_token = std::move(progress_token)]() mutable {
    if (cancel->cancelled()) {  // cancelled while queued: never started
      spdlog::info("request {} cancelled before it started", key);
      std::lock_guard lock(mutex_);
      in_flight_.erase(key);
      idle_.notify_all();
      return;
    }
    auto last_progress = std::make_shared<double>(-1);
    auto progress_mutex = std::make_shared<std::mutex>();
    tools::Context ctx{
        fleet_, cancel,
        [&, last_progress, progress_mutex](double progress, std::optional<double> total,
                                           const std::string& message) {
          if (progress_token.is_null() || cancel->cancelled()) return;
          std::lock_guard lock(*progress_mutex);
          if (progress <= *last_progress) return;  // progress must increase
          *last_progress = progress;
          json::object p{{"progressToken", progress_token}, {"progress", progress}};
          if (total) p["total"] = *total;
          if (!message.empty()) p["message"] = message;
          send_(make_notification("notifications/progress", std::move(p)));
        },
        [this](const std::string& level, const std::string& message) {
          client_log(level, message);
        }};
    tools::Result r = catalog_.call(*tool, args, ctx);
    if (!cancel->cancelled()) {
      json::object result{
          {"content", json::array{json::object{{"type", "text"}, {"text", std::move(r.text)}}}},
          {"isError", r.is_error}};
      if (r.structured) result["structuredContent"] = std::move(*r.structured);
      send_(make_result(id, std::move(result)));
    } else {
      spdlog::info("request {} cancelled; no response sent", key);
    }
    std::lock_guard lock(mutex_);
    in_flight_.erase(key);
    idle_.notify_all();
  });
}

void Server::finish() {
  std::unique_lock lock(mutex_);
  if (!idle_.wait_for(lock, options_.shutdown_grace, [&] { return in_flight_.empty(); })) {
    spdlog::warn("input closed; cancelling {} call(s) still running", in_flight_.size());
    for (auto& [_, token] : in_flight_) token->cancel();
    idle_.wait(lock, [&] { return in_flight_.empty(); });
  }
  lock.unlock();
  subscriptions_->stop_all();  // no watch outlives the session
}

// --- Prompts, resources, subscriptions and completion --------------------------------------

bool Server::handle_surface(Message& m) {
  const auto& p = m.params;
  try {
    if (m.method == "prompts/list") {
      send_(make_result(m.id, list_prompts(p, catalog_)));
    } else if (m.method == "prompts/get") {
      send_(make_result(m.id, get_prompt(p, catalog_, fleet_.registry())));
    } else if (m.method == "resources/list") {
      send_(make_result(m.id, list_resources(p)));
    } else if (m.method == "resources/templates/list") {
      send_(make_result(m.id, list_resource_templates(p)));
    } else if (m.method == "resources/read") {
      run_async(m, [this, p](const net::CancelPtr& c) { return read_resource(p, fleet_, c); });
    } else if (m.method == "resources/subscribe") {
      run_async(m, [this, p](const net::CancelPtr& c) {
        subscriptions_->subscribe(p, c);
        return json::object{};
      });
    } else if (m.method == "resources/unsubscribe") {
      subscriptions_->unsubscribe(p);
      send_(make_result(m.id, json::object{}));
    } else if (m.method == "completion/complete") {
      run_async(m, [this, p](const net::CancelPtr&) { return completer_->complete(p); });
    } else {
      return false;
    }
  } catch (const RpcFault& f) {
    throw RpcError{f.code, f.what()};
  }
  return true;
}

void Server::run_async(Message& m, std::function<json::value(const net::CancelPtr&)> work) {
  const std::string key = *id_key(m.id);
  auto cancel = std::make_shared<net::CancelToken>();
  {
    std::lock_guard lock(mutex_);
    if (in_flight_.size() >= options_.max_pending)
      throw RpcError{code::server_busy, "Server busy: " + std::to_string(in_flight_.size()) +
                                            " requests are already pending (the limit); retry "
                                            "when some have finished"};
    if (!in_flight_.emplace(key, cancel).second)
      throw RpcError{code::invalid_request,
                     "request id " + json::serialize(m.id) + " is already in use"};
  }
  pool_->post([this, work = std::move(work), id = m.id, key, cancel, method = m.method] {
    if (!cancel->cancelled()) {
      std::string line;
      try {
        line = make_result(id, work(cancel));
      } catch (const RpcFault& f) {
        line = make_error(id, f.code, f.what());
      } catch (const std::exception& e) {
        spdlog::error("{} failed: {}", method, e.what());
        line = make_error(id, code::internal_error, std::string("Internal error: ") + e.what());
      }
      if (!cancel->cancelled()) send_(line);
    }
    std::lock_guard lock(mutex_);
    in_flight_.erase(key);
    idle_.notify_all();
  });
}

}  // namespace kubemcp::mcp
