#pragma once
// The tool record: everything a client sees of a tool (name, title, description, input
// schema, annotations) declared next to the handler that runs it.
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "net/cancel.hpp"

namespace kubemcp::net {
class WorkerPool;
}
namespace kubemcp::fleet {
class Fleet;
struct ClusterConfig;
}  // namespace kubemcp::fleet

namespace kubemcp::tools {

enum class Tier { basic, core, extra };
const char* to_string(Tier tier);

// MCP tool annotations; all four are always sent explicitly.
struct Annotations {
  bool read_only = true;
  bool destructive = false;
  bool idempotent = true;
  bool open_world = true;
};

struct Result {
  std::string text;
  bool is_error = false;
  std::optional<boost::json::value> structured;
  // The text already is `structured` serialized (k8s_get output=json): a client that cannot
  // take structuredContent needs no second copy of it.
  bool text_is_structured = false;
  // The answer was cut to the output budget; `cut_note` is the "[cut: ...]" line that says what
  // was left out and how to get it. The catalog tells the client's log from this flag, never by
  // searching the text.
  bool cut = false;
  std::string cut_note;
  // A change's HTTP status from the API server (200, 409, ...), for the audit log; unset when
  // no request was answered.
  std::optional<int> api_status = std::nullopt;

  static Result ok(std::string text) {
    return {std::move(text), false, std::nullopt, false, false, {}};
  }
  static Result error(std::string text) {
    return {std::move(text), true, std::nullopt, false, false, {}};
  }
};

// The user's answer to an MCP elicitation (elicitation/create).
struct Elicited {
  enum class Action { accept, decline, cancel } action = Action::cancel;
  boost::json::object content;  // the form's values when accepted
  std::string error;            // set when the client failed the request (action is cancel)
};

// Who is calling, when the transport authenticated the caller (MCP over HTTP with tokens):
// its name goes to the audit log, and the catalog holds it to its limits.
struct Caller {
  std::string name;
  bool read_only = false;             // only calls that change nothing
  std::vector<std::string> clusters;  // the clusters it may touch (names); empty: every one
};

// What a handler may use while it runs. Progress and log go to the MCP client when it
// asked for them; both are safe to call from any thread and cheap when nobody listens.
struct Context {
  fleet::Fleet& fleet;
  net::CancelPtr cancel;
  std::function<void(double progress, std::optional<double> total, const std::string& message)>
      progress;
  // level: an MCP log level ("debug", "info", "notice", "warning", "error", ...).
  std::function<void(const std::string& level, const std::string& message)> log;
  // The session may ask the user (MCP elicitation): its protocol version and the client's
  // capabilities both have it.
  bool can_elicit = false;
  // Asks the user through the client (set when can_elicit): `message` and a flat form schema
  // (MCP's requestedSchema). Blocks until the answer, the call's cancellation (cancel) or the
  // session's end (cancel).
  std::function<Elicited(const std::string& message, const boost::json::object& schema)> elicit =
      nullptr;
  // For a tool that changes something: the one cluster the catalog's policy check resolved and
  // allowed. Handlers act on this one and never resolve `cluster` again. Null for reads.
  const fleet::ClusterConfig* target = nullptr;
  // The pool the call runs on; its fan-out runs there too (net/worker_pool.hpp says why that
  // cannot deadlock). Null: the process's shared pool.
  net::WorkerPool* pool = nullptr;
  // The authenticated caller; null when the transport has none (stdio, `kubemcp call`).
  const Caller* caller = nullptr;

  bool cancelled() const { return cancel && cancel->cancelled(); }
};

using Handler = std::function<Result(const boost::json::object& args, Context& ctx)>;
// What a change would do, for the user asked to confirm it on a protected cluster (a
// server-side dry run where the tool can make one); runs with ctx.target set.
using Preview = std::function<std::string(const boost::json::object& args, Context& ctx)>;
// For a tool that changes things only with some arguments (k8s_rollout status reads): true
// when this call only reads, so the catalog treats it as a read.
using ReadsOnly = std::function<bool(const boost::json::object& args)>;
// For a change tool whose arguments can name what it acts on without `cluster` (a port-forward's
// id knows its cluster): that cluster's name, which the policy gate checks instead of
// `cluster` or the default; empty when the arguments imply none.
using ImpliedCluster = std::function<std::string(const boost::json::object& args)>;

struct Tool {
  std::string name;
  std::string title;
  std::string description;
  boost::json::object input_schema;
  std::optional<boost::json::object> output_schema;
  Annotations annotations;
  Tier tier = Tier::basic;
  Preview preview = nullptr;       // optional: shown when a protected cluster asks the user
  ReadsOnly reads_only = nullptr;  // optional: calls of a change tool that only read
  ImpliedCluster implied_cluster = nullptr;  // optional: the cluster the arguments imply
  Handler handler;
  // Top-level arguments the audit log records as given although their key would be redacted
  // (k8s_exec's `command`); everything else is redacted as Audit::redact does.
  std::vector<std::string> audit_verbatim;
};

// Parses a schema written as a JSON literal in a tier file; a malformed literal is a
// programming error caught by the catalog's unit test.
boost::json::object schema(std::string_view json_text);

}  // namespace kubemcp::tools
