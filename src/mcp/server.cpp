#include "mcp/server.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <cmath>
#include <cstdint>
#include <optional>

#include "fleet/fleet.hpp"
#include "mcp/completion.hpp"
#include "mcp/outgoing.hpp"
#include "mcp/prompts.hpp"
#include "mcp/resources.hpp"
#include "mcp/rpc_fault.hpp"
#include "mcp/shaping.hpp"
#include "mcp/subscriptions.hpp"
#include "net/base64.hpp"
#include "net/utf8.hpp"
#include "tools/framework/catalog.hpp"

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

bool is_whole(const json::value& v) {
  if (v.is_int64() || v.is_uint64()) return true;
  return v.is_double() && std::isfinite(v.get_double()) &&
         std::trunc(v.get_double()) == v.get_double();
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

// initialize's params as the schema requires them (InitializeRequestParams).
void validate_initialize(const json::object& params) {
  const auto* v = params.if_contains("protocolVersion");
  if (!v || !v->is_string())
    throw RpcError{code::invalid_params,
                   "initialize needs params.protocolVersion, a string such as \"2025-11-25\""};
  const auto* caps = params.if_contains("capabilities");
  if (!caps || !caps->is_object())
    throw RpcError{code::invalid_params,
                   "initialize needs params.capabilities, an object ({} when the client has none)"};
  const auto* info = params.if_contains("clientInfo");
  const auto* o = info ? info->if_object() : nullptr;
  const auto is_string = [&](const char* key) {
    const auto* x = o ? o->if_contains(key) : nullptr;
    return x && x->is_string();
  };
  if (!is_string("name") || !is_string("version"))
    throw RpcError{code::invalid_params,
                   "initialize needs params.clientInfo with a name and a version (strings)"};
}

// The tool call's `_meta.progressToken`: null when absent, else a string or an integer.
json::value progress_token_of(const json::object& params) {
  const auto* meta = params.if_contains("_meta");
  if (!meta || meta->is_null()) return nullptr;
  if (!meta->is_object()) throw RpcError{code::invalid_params, "_meta must be an object"};
  const auto* t = meta->get_object().if_contains("progressToken");
  if (!t) return nullptr;
  if (!t->is_string() && !is_whole(*t))
    throw RpcError{code::invalid_params, "_meta.progressToken must be a string or an integer"};
  return *t;
}

// Collects the responses to one batch and sends them as one array when the last is in.
class BatchReplies {
 public:
  explicit BatchReplies(std::function<void(const std::string&)> send) : send_(std::move(send)) {}
  // A slot for one more reply (call before the batch is sealed).
  std::function<void(std::string)> slot(std::shared_ptr<BatchReplies> self) {
    std::lock_guard lock(mutex_);
    const std::size_t i = lines_.size();
    lines_.emplace_back();
    ++pending_;
    return [self = std::move(self), i](std::string line) { self->fill(i, std::move(line)); };
  }
  // No more slots: sends now if every reply is already in.
  void seal() { fill(std::nullopt, {}); }

 private:
  void fill(std::optional<std::size_t> i, std::string line) {
    std::string out;
    {
      std::lock_guard lock(mutex_);
      if (i) lines_[*i] = std::move(line);
      if (--pending_ > 0) return;
      for (const auto& l : lines_) {
        if (l.empty()) continue;  // a cancelled call gets no response
        out += out.empty() ? "[" : ",";
        out += l;
      }
    }
    if (!out.empty()) send_(out + "]");
  }
  std::function<void(const std::string&)> send_;
  std::mutex mutex_;
  std::vector<std::string> lines_;
  std::size_t pending_ = 1;  // the seal
};

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
      outgoing_(std::make_unique<OutgoingRequests>(send_)),
      pool_(options_.pool ? nullptr : std::make_unique<net::WorkerPool>(options_.workers)) {
  register_methods();
}

Server::~Server() {
  finish();
  pool_.reset();
}

// The methods answered at once. initialize and tools/call (which runs on the worker pool)
// are handled in handle_request; every other method is one line here.
void Server::register_methods() {
  methods_["ping"] = [](const json::object&) -> json::value { return json::object{}; };
  methods_["tools/list"] = [this](const json::object& p) { return list_tools(p); };
  methods_["logging/setLevel"] = [this](const json::object& p) -> json::value {
    set_log_level(p);
    return json::object{};
  };
}

// What initialize advertises; a module that adds methods adds its capability here.
json::object Server::capabilities() const {
  json::object caps;
  caps["tools"] = json::object{{"listChanged", false}};
  caps["logging"] = json::object{};
  caps["prompts"] = json::object{{"listChanged", false}};
  caps["resources"] = json::object{{"subscribe", true}, {"listChanged", false}};
  // completion/complete exists in every version; its capability only from 2025-03-26 on.
  if (std::string_view(session_.version.version) != "2024-11-05")
    caps["completions"] = json::object{};
  return caps;
}

std::size_t Server::in_flight() const {
  std::lock_guard lock(mutex_);
  return in_flight_.size();
}

void Server::handle_line(std::string_view line) {
  handle_line(line, send_, nullptr);
}

void Server::handle_line(std::string_view line, const Send& related,
                         std::shared_ptr<const tools::Caller> caller) {
  const Route route{related, std::move(caller)};
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
  if (line.empty()) return;
  ParseFailure failure;
  auto v = parse_json(line, failure);
  if (!v) {
    spdlog::debug("bad message: {}", failure.message);
    related(make_error(nullptr, failure.code, failure.message));
    return;
  }
  if (!v->is_array()) {
    handle_value(
        std::move(*v),
        [related](std::string l) {
          if (!l.empty()) related(l);
        },
        route);
  } else if (initialize_seen_ && session_.version.accepts_batches) {
    handle_batch(std::move(v->get_array()), route);
  } else {
    const auto refused = batch_refused();
    related(make_error(nullptr, refused.code, refused.message));
  }
}

void Server::handle_batch(json::array batch, const Route& route) {
  if (batch.empty()) {
    route.related(make_error(nullptr, code::invalid_request, "Invalid Request: empty batch"));
    return;
  }
  auto replies = std::make_shared<BatchReplies>(route.related);
  for (auto& v : batch) {
    auto reply = replies->slot(replies);
    if (!handle_value(std::move(v), reply, route)) reply("");
  }
  replies->seal();
}

bool Server::handle_value(json::value v, const Reply& reply, const Route& route) {
  Parsed p = read_message(std::move(v));
  if (p.failure) {
    spdlog::debug("bad message: {}", p.failure->message);
    if (p.failure->silent) return false;
    reply(make_error(p.failure->id, p.failure->code, p.failure->message));
    return true;
  }
  Message& m = *p.message;
  switch (m.kind) {
    case Message::Kind::request:
      handle_request(m, reply, route);
      return true;
    case Message::Kind::notification:
      handle_notification(m);
      return false;
    case Message::Kind::response:
      // An answer to one of our requests (elicitation); anything else is ignored.
      if (!outgoing_->deliver(m.id, std::move(m.result), m.is_error))
        spdlog::debug("response {} answers no request of ours", json::serialize(m.id));
      return false;
  }
  return false;
}

void Server::handle_request(Message& m, const Reply& reply, const Route& route) {
  try {
    if (m.method == "initialize") {
      reply(make_result(m.id, initialize(m.params)));
      return;
    }
    if (!initialize_seen_ && m.method != "ping")
      throw RpcError{code::invalid_request, "Server not initialized: send initialize first"};
    if (handle_surface(m, reply)) return;  // prompts/*, resources/*, completion/complete
    if (m.method == "tools/call") {
      start_tool_call(m, reply, route);
      return;
    }
    const auto method = methods_.find(m.method);
    if (method == methods_.end())
      throw RpcError{code::method_not_found, "Method not found: " + m.method};
    reply(make_result(m.id, method->second(m.params)));
  } catch (const RpcError& e) {
    reply(make_error(m.id, e.code, e.message));
  } catch (const std::exception& e) {
    spdlog::error("{} failed: {}", m.method, e.what());
    reply(make_error(m.id, code::internal_error, std::string("Internal error: ") + e.what()));
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
  if (initialize_seen_)
    throw RpcError{code::invalid_request,
                   "Invalid Request: this session is already initialized (protocol version " +
                       std::string(session_.version.version) +
                       "); initialize is sent once per session"};
  validate_initialize(params);
  const std::string requested(params.at("protocolVersion").get_string());
  session_ = session_features(requested, params.at("capabilities").get_object());
  initialize_seen_ = true;
  const auto& client = params.at("clientInfo").get_object();
  spdlog::info("initialize from {} {} (asked {}, speaking {})",
               std::string(client.at("name").get_string()),
               std::string(client.at("version").get_string()), requested, session_.version.version);
  json::object server_info{{"name", options_.name}, {"version", options_.version}};
  if (session_.version.has_title) server_info["title"] = "kubemcp — Kubernetes across clusters";
  return json::object{
      {"protocolVersion", session_.version.version},
      {"capabilities", capabilities()},
      {"serverInfo", std::move(server_info)},
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
  for (std::size_t i = offset; i < end; ++i)
    page.push_back(tool_for_version(all[i], session_.version));
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

void Server::client_log(const std::string& level, const std::string& message, const Send& via) {
  const int min = client_log_level_.load();
  const int at = log_level_index(level);
  if (min < 0 || at < min) return;
  via(make_notification(
      "notifications/message",
      json::object{
          {"level", level}, {"logger", "kubemcp"}, {"data", net::to_valid_utf8(message)}}));
}

void Server::start_tool_call(Message& m, const Reply& reply, const Route& route) {
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
  if (!args.is_object())
    throw RpcError{code::invalid_params,
                   "arguments must be an object of the tool's arguments by name; see the tool's "
                   "input schema (tools/list)"};
  json::value progress_token = progress_token_of(m.params);

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
  pool().post([this, tool, args = std::move(args), id = m.id, key, cancel,
               progress_token = std::move(progress_token), reply, route]() {
    if (cancel->cancelled()) {  // cancelled while queued: never started
      spdlog::info("request {} cancelled before it started", key);
      reply("");
    } else {
      auto result = run_tool_call(*tool, args, key, cancel, progress_token, route);
      reply(result ? make_result(id, std::move(*result)) : std::string());
    }
    call_done(key);
  });
}

// Runs one call on a worker: its result, or nothing when it was cancelled.
std::optional<json::object> Server::run_tool_call(const tools::Tool& tool, const json::value& args,
                                                  const std::string& key,
                                                  const net::CancelPtr& cancel,
                                                  const json::value& progress_token,
                                                  const Route& route) {
  auto last_progress = std::make_shared<double>(-1);
  auto progress_mutex = std::make_shared<std::mutex>();
  tools::Context ctx{fleet_, cancel,
                     [&, last_progress, progress_mutex](
                         double progress, std::optional<double> total, const std::string& message) {
                       if (progress_token.is_null() || cancel->cancelled()) return;
                       std::lock_guard lock(*progress_mutex);
                       if (progress <= *last_progress) return;  // progress must increase
                       *last_progress = progress;
                       json::object p{{"progressToken", progress_token}, {"progress", progress}};
                       if (total) p["total"] = *total;
                       if (!message.empty()) p["message"] = message;
                       route.related(make_notification("notifications/progress", std::move(p)));
                     },
                     [this, &route](const std::string& level, const std::string& message) {
                       client_log(level, message, route.related);
                     },
                     session_.can_elicit()};
  ctx.pool = &pool();  // tool calls and their fan-out share one bounded pool
  ctx.caller = route.caller.get();
  if (ctx.can_elicit)
    ctx.elicit = [this, cancel, &route](const std::string& message, const json::object& schema) {
      return elicit(message, schema, cancel, route.related);
    };
  tools::Result r = catalog_.call(tool, args, ctx);
  if (cancel->cancelled()) {
    spdlog::info("request {} cancelled; no response sent", key);
    return std::nullopt;
  }
  return call_result_for_version(std::move(r), session_.version);
}

void Server::call_done(const std::string& key) {
  std::lock_guard lock(mutex_);
  in_flight_.erase(key);
  idle_.notify_all();
}

tools::Elicited Server::elicit(const std::string& message, const json::object& schema,
                               const net::CancelPtr& cancel, const Send& via) {
  using End = OutgoingRequests::Answer::End;
  auto answer = outgoing_->request("elicitation/create",
                                   json::object{{"message", message}, {"requestedSchema", schema}},
                                   cancel, via);
  tools::Elicited out;
  if (answer.end == End::error) {
    const auto* m =
        answer.value.is_object() ? answer.value.get_object().if_contains("message") : nullptr;
    out.error = "the client answered elicitation/create with an error" +
                (m && m->is_string() ? ": " + std::string(m->get_string()) : std::string());
  } else if (answer.end == End::closed) {
    out.error = "the session ended before the user answered";
  } else if (answer.end == End::result && answer.value.is_object()) {
    const auto& r = answer.value.get_object();
    const auto* action = r.if_contains("action");
    const std::string a = action && action->is_string() ? std::string(action->get_string()) : "";
    if (a == "accept") out.action = tools::Elicited::Action::accept;
    if (a == "decline") out.action = tools::Elicited::Action::decline;
    if (const auto* c = r.if_contains("content"); c && c->is_object())
      out.content = c->get_object();
    if (a != "accept" && a != "decline" && a != "cancel")
      out.error = "the client's answer has no valid action (accept, decline or cancel)";
  }
  return out;  // cancelled: action stays cancel
}

void Server::finish() {
  outgoing_->close();  // the input has ended: no answer to our requests can come any more
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

bool Server::handle_surface(Message& m, const Reply& reply) {
  const auto& p = m.params;
  try {
    if (m.method == "prompts/list") {
      reply(make_result(
          m.id, listing_for_version(list_prompts(p, catalog_), "prompts", session_.version)));
    } else if (m.method == "prompts/get") {
      reply(make_result(m.id, get_prompt(p, catalog_, fleet_.registry())));
    } else if (m.method == "resources/list") {
      reply(
          make_result(m.id, listing_for_version(list_resources(p), "resources", session_.version)));
    } else if (m.method == "resources/templates/list") {
      reply(make_result(m.id, listing_for_version(list_resource_templates(p), "resourceTemplates",
                                                  session_.version)));
    } else if (m.method == "resources/read") {
      run_async(m, reply,
                [this, p](const net::CancelPtr& c) { return read_resource(p, fleet_, c); });
    } else if (m.method == "resources/subscribe") {
      run_async(m, reply, [this, p](const net::CancelPtr& c) {
        subscriptions_->subscribe(p, c);
        return json::object{};
      });
    } else if (m.method == "resources/unsubscribe") {
      subscriptions_->unsubscribe(p);
      reply(make_result(m.id, json::object{}));
    } else if (m.method == "completion/complete") {
      run_async(m, reply, [this, p](const net::CancelPtr&) { return completer_->complete(p); });
    } else {
      return false;
    }
  } catch (const RpcFault& f) {
    throw RpcError{f.code, f.what()};
  }
  return true;
}

void Server::run_async(Message& m, const Reply& reply,
                       std::function<json::value(const net::CancelPtr&)> work) {
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
  pool().post([this, work = std::move(work), id = m.id, key, cancel, method = m.method, reply] {
    std::string line;
    if (!cancel->cancelled()) {
      try {
        line = make_result(id, work(cancel));
      } catch (const RpcFault& f) {
        line = make_error(id, f.code, f.what());
      } catch (const std::exception& e) {
        spdlog::error("{} failed: {}", method, e.what());
        line = make_error(id, code::internal_error, std::string("Internal error: ") + e.what());
      }
      if (cancel->cancelled()) line.clear();
    }
    reply(line);  // an empty line: cancelled, no response
    call_done(key);
  });
}

}  // namespace kubemcp::mcp
