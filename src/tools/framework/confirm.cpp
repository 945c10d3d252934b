#include "tools/framework/confirm.hpp"

#include <boost/json.hpp>

#include "fleet/audit.hpp"
#include "fleet/fleet.hpp"
#include "tools/framework/args.hpp"
#include "tools/framework/catalog.hpp"

namespace kubemcp::tools {
namespace json = boost::json;
namespace {

// What the call acts on, from its arguments (data-carrying values redacted as in the audit).
std::string arguments_line(const json::object& args) {
  json::object shown = fleet::Audit::redact(args);
  shown.erase("confirm");
  shown.erase("cluster");
  std::string out;
  for (const auto& kv : shown) {
    if (!out.empty()) out += ", ";
    out += std::string(kv.key()) + "=" +
           (kv.value().is_string() ? std::string(kv.value().get_string())
                                   : json::serialize(kv.value()));
  }
  return out.empty() ? "(no arguments)" : out;
}

// A dry run of the change when the tool offers one; a failed preview is said, not fatal.
std::string preview_of(const Tool& tool, const json::object& args, Context& ctx) {
  if (!tool.preview) return {};
  try {
    return tool.preview(args, ctx);
  } catch (const std::exception& e) {
    return std::string("dry run failed: ") + e.what();
  }
}

// The one-field form the user answers: a yes/no the client renders as a checkbox.
json::object confirm_schema() {
  return json::object{
      {"type", "object"},
      {"properties",
       json::object{{"confirm", json::object{{"type", "boolean"},
                                             {"title", "Run this change"},
                                             {"description", "Check to let kubemcp send it."},
                                             {"default", false}}}}},
      {"required", json::array{"confirm"}}};
}

std::string protected_by(const fleet::ClusterConfig& cluster, Context& ctx) {
  return "cluster '" + cluster.name + "' is protected (protected: true in " +
         ctx.fleet.registry().source() + ")";
}

}  // namespace

std::string confirmation_message(const Tool& tool, const json::object& args,
                                 const fleet::ClusterConfig& cluster, const std::string& preview) {
  std::string m = "Confirm a change on protected cluster '" + cluster.name + "'.\n" +
                  "Tool: " + tool.name + "\n" + "Arguments: " + arguments_line(args) + "\n";
  if (!preview.empty()) m += "Dry run: " + preview + "\n";
  return m + "Accept to send it; decline or cancel to change nothing.";
}

void confirm_change(const Tool& tool, const json::object& args, Context& ctx,
                    const fleet::ClusterConfig& cluster) {
  if (!ctx.can_elicit || !ctx.elicit) {
    // The model may only set `confirm` after the user said yes; the refusal tells it so and
    // shows what the change would do, so it can ask.
    if (arg_bool(args, "confirm")) return;
    const std::string preview = preview_of(tool, args, ctx);
    throw PolicyRefusal(tool.name + " refused: " + protected_by(cluster, ctx) +
                        ", so every change needs the user's confirmation and this client cannot "
                        "ask the user (no MCP elicitation). Show the user what will change, and "
                        "when they agree call again with `confirm: true`. Nothing was changed." +
                        (preview.empty() ? "" : "\nDry run: " + preview));
  }
  // The client can ask: the user decides, whatever `confirm` says.
  const auto answer = ctx.elicit(
      confirmation_message(tool, args, cluster, preview_of(tool, args, ctx)), confirm_schema());
  using A = Elicited::Action;
  if (answer.action == A::accept) {
    const auto* yes = answer.content.if_contains("confirm");
    if (yes && yes->is_bool() && yes->get_bool()) return;
    throw PolicyRefusal(tool.name + " not run: the user did not check the confirmation for " +
                        protected_by(cluster, ctx) + ". Nothing was changed.");
  }
  if (!answer.error.empty())
    throw PolicyRefusal(tool.name + " refused: " + protected_by(cluster, ctx) +
                        " and asking the user failed (" + answer.error + "). Nothing was changed.");
  throw PolicyRefusal(tool.name + " not run: the user " +
                      (answer.action == A::decline ? "declined" : "cancelled") + " the change on " +
                      protected_by(cluster, ctx) + ". Nothing was changed.");
}

}  // namespace kubemcp::tools
