#include "tools/framework/catalog.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/json.hpp>
#include <optional>
#include <sstream>
#include <stdexcept>

#include "fleet/audit.hpp"
#include "fleet/fleet.hpp"
#include "net/utf8.hpp"
#include "render/budget.hpp"
#include "tools/framework/args.hpp"
#include "tools/framework/confirm.hpp"
#include "tools/framework/schema.hpp"
#include "tools/framework/target_args.hpp"
#include "tools/framework/toolsets.hpp"

namespace kubemcp::tools {
namespace json = boost::json;

const char* to_string(Tier tier) {
  switch (tier) {
    case Tier::basic:
      return "basic";
    case Tier::core:
      return "core";
    case Tier::extra:
      return "extra";
  }
  return "?";
}

json::object schema(std::string_view text) {
  return json::parse(text).as_object();
}

std::set<Tier> parse_tiers(const std::string& list) {
  std::set<Tier> out;
  std::stringstream ss(list);
  for (std::string t; std::getline(ss, t, ',');) {
    if (t == "basic")
      out.insert(Tier::basic);
    else if (t == "core")
      out.insert(Tier::core);
    else if (t == "extra")
      out.insert(Tier::extra);
    else if (!t.empty())
      throw std::invalid_argument("unknown tier '" + t + "'; tiers are basic, core, extra");
  }
  if (out.empty()) throw std::invalid_argument("--tiers needs at least one of basic, core, extra");
  return out;
}

std::vector<Tool> all_tools() {
  std::vector<Tool> tools = basic_tools();
  for (auto& t : core_tools()) tools.push_back(std::move(t));
  for (auto& t : extra_tools()) tools.push_back(std::move(t));
  return tools;
}

Catalog::Catalog(CatalogOptions options) : Catalog(all_tools(), std::move(options)) {}

Catalog::Catalog(std::vector<Tool> tools, CatalogOptions options) {
  for (auto& t : tools) {
    if (!options.tiers.count(t.tier)) continue;
    if (options.read_only && !t.annotations.read_only) continue;
    tools_.push_back(std::move(t));
  }
}

const Tool* Catalog::find(const std::string& name) const {
  for (const auto& t : tools_)
    if (t.name == name) return &t;
  return nullptr;
}

namespace {

// The one access check every tool passes: a tool that changes anything (not readOnlyHint)
// acts on exactly one cluster, which must be read-write. Returns that cluster.
const fleet::ClusterConfig& writable_cluster(const Tool& tool, const json::object& args,
                                             Context& ctx) {
  const json::value* arg = args.if_contains("cluster");
  if (arg && !arg->is_string())
    throw fleet::UnknownCluster(
        tool.name + " changes one cluster at a time; pass one name or alias as `cluster`");
  const std::string name = arg ? std::string(arg->get_string()) : "";
  if (name == "all")
    throw fleet::UnknownCluster(tool.name +
                                " changes one cluster at a time; \"all\" is for read tools");
  const auto& cluster = ctx.fleet.registry().resolve(name);
  if (cluster.access == fleet::Access::read_only)
    throw PolicyRefusal(
        tool.name + " refused: cluster '" + cluster.name + "' is read-only (access: read-only in " +
        ctx.fleet.registry().source() + "). Set " +
        (cluster.service_account_dir.empty() ? "`access: read-write` for it"
                                             : "`in_cluster: {access: read-write}`") +
        " in the kubemcp config to allow changes.");
  return cluster;
}

// The clusters a call would touch, as names: `cluster` (a name, a list or "all"; absent: the
// default), or `clusters` for a tool that takes several (absent: all of them).
std::vector<std::string> clusters_touched(const Tool& tool, const json::object& args,
                                          const fleet::Registry& registry) {
  const json::value all("all");
  const json::value* arg = args.if_contains("cluster");
  if (!arg) arg = args.if_contains("clusters");
  const auto* props = tool.input_schema.if_contains("properties");
  if (!arg && props && props->is_object() && props->get_object().contains("clusters")) arg = &all;
  std::vector<std::string> names;
  for (const auto* c : registry.resolve_many(arg)) names.push_back(c->name);
  return names;
}

// A caller held to some clusters or to reads (an HTTP token's limits) is refused before
// anything is sent. Throws PolicyRefusal.
void check_caller(const Tool& tool, const json::object& args, bool changes, Context& ctx) {
  const Caller* caller = ctx.caller;
  if (!caller) return;
  if (changes && caller->read_only)
    throw PolicyRefusal(tool.name + " refused: the caller '" + caller->name +
                        "' is read-only (its token is marked read-only in the token file), so it "
                        "may call read tools only; ask for a token without read-only to change "
                        "anything.");
  if (caller->clusters.empty()) return;
  for (const auto& name : clusters_touched(tool, args, ctx.fleet.registry())) {
    if (std::find(caller->clusters.begin(), caller->clusters.end(), name) != caller->clusters.end())
      continue;
    std::string allowed;
    for (const auto& c : caller->clusters) allowed += (allowed.empty() ? "" : ", ") + c;
    throw PolicyRefusal(tool.name + " refused: the caller '" + caller->name +
                        "' may not use cluster '" + name + "' (its token is limited to " + allowed +
                        "); pass `cluster` as one of those.");
  }
}

// The arguments the policy gate checks: `cluster` set to the one the tool's arguments imply
// (a port-forward's id), when they imply one; nullopt: the arguments as given (not copied: a
// manifest can be large). A `cluster` naming another cluster is refused.
std::optional<json::object> with_implied_cluster(const Tool& tool, const json::object& args,
                                                 const fleet::Registry& registry) {
  const std::string implied = tool.implied_cluster ? tool.implied_cluster(args) : "";
  if (implied.empty()) return std::nullopt;
  if (const auto* arg = args.if_contains("cluster"); arg && arg->is_string()) {
    const auto& named = registry.resolve(std::string(arg->get_string()));
    if (named.name != implied)
      throw PolicyRefusal(tool.name + " refused: what it acts on is on cluster '" + implied +
                          "', not '" + named.name + "'; omit `cluster` or pass '" + implied + "'.");
  }
  json::object gated = args;
  gated["cluster"] = implied;
  return gated;
}

std::string first_line(const std::string& text) {
  return text.substr(0, text.find('\n'));
}

}  // namespace

Result Catalog::call(const Tool& tool, const json::value& args, Context& ctx) const {
  if (auto err = validate_arguments(tool.input_schema, args))
    return Result::error("Invalid arguments for " + tool.name + ": " + *err +
                         ". See the tool's input schema for its arguments.");
  const auto& object = args.as_object();
  if (auto err = check_target_arguments(object); !err.empty())
    return Result::error("Invalid arguments for " + tool.name + ": " + err +
                         ". Nothing was sent to any cluster.");
  // A change tool's call that only reads (k8s_rollout status) passes as a read.
  const bool changes = !tool.annotations.read_only && !(tool.reads_only && tool.reads_only(object));
  const fleet::ClusterConfig* target = nullptr;
  Result result;
  bool handled = false;  // the handler returned (it may still report an error)
  try {
    const auto implied = with_implied_cluster(tool, object, ctx.fleet.registry());
    const json::object& gated = implied ? *implied : object;
    check_caller(tool, gated, changes, ctx);
    if (changes) {
      target = &writable_cluster(tool, gated, ctx);
      ctx.target = target;
      // A dry run changes nothing, so a protected cluster lets it through unasked.
      if (target->protected_ && !arg_bool(object, "dry_run"))
        confirm_change(tool, object, ctx, *target);
    }
    result = tool.handler(object, ctx);
    handled = true;
  } catch (const PolicyRefusal& e) {
    result = Result::error(e.what());
  } catch (const fleet::UnknownCluster& e) {
    result = Result::error(e.what());
  } catch (const std::exception& e) {
    // Handlers phrase their own errors; this is the last line for the unexpected, and
    // messages never carry credentials because no layer puts them there.
    spdlog::warn("tool {} failed: {}", tool.name, e.what());
    result = Result::error(tool.name + " failed: " + e.what());
  }
  // Logs and exec output are any bytes; what the client gets is valid UTF-8 (U+FFFD instead).
  result.text = net::to_valid_utf8(result.text);
  if (result.cut && ctx.log)
    ctx.log("info", tool.name + " output was cut to the budget" +
                        (result.cut_note.empty() ? "" : ": " + result.cut_note));
  // An error without an API status is a refusal or a failure to reach the cluster.
  const bool reached = handled && (!result.is_error || result.api_status);
  if (changes) audit(tool, object, ctx, target, result, reached);
  return result;
}

// Every change (or refused attempt) is audited, with its arguments redacted.
void Catalog::audit(const Tool& tool, const json::object& args, Context& ctx,
                    const fleet::ClusterConfig* target, const Result& result, bool reached) const {
  fleet::AuditEntry e;
  e.tool = tool.name;
  e.args = args;
  e.verbatim = tool.audit_verbatim;
  e.dry_run = arg_bool(args, "dry_run");
  if (ctx.caller) e.principal = ctx.caller->name;
  e.api_status = result.api_status;
  // A refusal reads "error: TOOL refused: ..." (or "... not run: the user declined ...").
  e.outcome = (result.is_error ? "error: " : "ok: ") + first_line(result.text);
  const auto* arg = args.if_contains("cluster");
  if (!target) {  // refused early: name the cluster it was aimed at, when that name is valid
    try {
      target = &ctx.fleet.registry().resolve(
          arg && arg->is_string() ? std::string(arg->get_string()) : "");
    } catch (const fleet::UnknownCluster&) {
      e.cluster = arg ? json::serialize(*arg) : "";
    }
  }
  if (target) {
    e.cluster = target->name;
    const auto who = ctx.fleet.identity(*target, reached);
    e.identity = who.name;
    e.identity_source = who.source;
  }
  ctx.fleet.audit().record(e);
}

json::object Catalog::describe(const Tool& t) {
  json::object o;
  o["name"] = t.name;
  o["title"] = t.title;
  o["description"] = t.description;
  o["inputSchema"] = t.input_schema;
  if (t.output_schema) o["outputSchema"] = *t.output_schema;
  o["annotations"] = json::object{{"title", t.title},
                                  {"readOnlyHint", t.annotations.read_only},
                                  {"destructiveHint", t.annotations.destructive},
                                  {"idempotentHint", t.annotations.idempotent},
                                  {"openWorldHint", t.annotations.open_world}};
  return o;
}

}  // namespace kubemcp::tools
