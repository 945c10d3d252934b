// k8s_rollout: status (waits, with progress), history, undo, restart, pause and resume of
// deployments, statefulsets and daemonsets, like `kubectl rollout` — each action only for the
// kinds where kubectl allows it.
#include <boost/json.hpp>

#include "kube/discovery.hpp"
#include "kube/rest_client.hpp"
#include "kube/verbs.hpp"
#include "tools/core/change.hpp"
#include "tools/core/rollout_actions.hpp"
#include "tools/core/toolset.hpp"
#include "tools/framework/args.hpp"
#include "tools/framework/schema_parts.hpp"

namespace kubemcp::tools::core {
namespace json = boost::json;
namespace {

std::string run_on(ClusterCall& call, const json::object& args, bool dry_run) {
  const auto ref = object_ref(args, "k8s_rollout");
  auto r = call.client.discovery().resolve(ref.resource, call.ctx.cancel);
  const std::string ns = r.namespaced ? call.namespace_ : "";
  if (!rollout_action_reads(arg_string(args, "action"))) require_allowed(call, r, ns, ref.name);
  json::value object = kube::get(call.client, r, ns, ref.name, call.ctx.cancel);
  Rollout x{.call = call,
            .resource = std::move(r),
            .ns = ns,
            .name = ref.name,
            .object = std::move(object.as_object()),
            .dry_run = dry_run,
            .to_revision = arg_int(args, "to_revision").value_or(0),
            .timeout = std::chrono::seconds(arg_int(args, "timeout").value_or(60))};
  return run_rollout_action(arg_string(args, "action"), x);
}

Result run_rollout(const json::object& args, Context& ctx) {
  const std::string action = arg_string(args, "action");
  const bool reads = rollout_action_reads(action);
  if (reads && arg_bool(args, "dry_run"))
    return Result::error("dry_run applies to changes; " + action + " only reads.");
  // Reads may be repeated after a heal; a change is sent at most once.
  return on_target(
      ctx, args, [&](ClusterCall& call) { return run_on(call, args, arg_bool(args, "dry_run")); },
      reads);
}

// For a protected cluster's confirmation: the same action as a server-side dry run.
std::string preview_rollout(const json::object& args, Context& ctx) {
  return on_target(ctx, args, [&](ClusterCall& call) { return run_on(call, args, true); }).text;
}

}  // namespace

Tool rollout_tool() {
  Tool t = parts::record(
      {.name = "k8s_rollout",
       .title = "Manage rollouts",
       .description =
           "Manage the rollout of a deployment, statefulset or daemonset, like `kubectl rollout`. "
           "`action=status` waits up to `timeout` seconds (default 60; 0: look once) with progress "
           "notifications and ends with success, the stuck reason (e.g. the progress deadline) "
           "or the pods that hold it up; history lists revisions with change-cause and images "
           "(`to_revision` shows one); undo rolls back to the previous revision or "
           "`to_revision`; restart replaces every pod; pause and resume (deployments only) stop "
           "and continue a rollout. The status and history actions only read. Example: "
           "{\"action\": "
           "\"status\", \"resource\": \"deployment/web\", \"namespace\": \"shop\", \"cluster\": "
           "\"stage\"}.",
       .schema = parts::object_schema(
           {R"("action": {"type": "string", "enum": ["status", "history", "undo", "restart", "pause", "resume"], "description": "What to do."})",
            R"("resource": {"type": "string", "minLength": 1, "description": "deployment, statefulset or daemonset (short names work), or type/name."})",
            R"("name": {"type": "string", "description": "Object name (or give resource as type/name)."})",
            R"("to_revision": {"type": "integer", "minimum": 0, "description": "undo: the revision to roll back to (default: the previous one). history: show this revision's pod template."})",
            R"("timeout": {"type": "integer", "minimum": 0, "maximum": 1800, "description": "status: seconds to wait for the rollout to finish (default 60; 0: look once)."})",
            parts::kNamespace, parts::kClusterOne, parts::kDryRun, parts::kConfirm}),
       .required = R"(["action", "resource"])",
       .tier = Tier::core,
       .annotations = parts::kDestructive},
      run_rollout);
  t.preview = preview_rollout;
  t.reads_only = [](const json::object& args) {
    return rollout_action_reads(arg_string(args, "action"));
  };
  return t;
}

}  // namespace kubemcp::tools::core
