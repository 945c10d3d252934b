// k8s_exec: runs a command in a container over the exec WebSocket (v5 channel protocol, else
// v4) and returns its stdout, stderr and exit code, each cut to its share of the output budget.
// No shell unless the caller runs one; the call's cancellation closes the stream.
#include "kube/exec.hpp"

#include <boost/json.hpp>

#include "fleet/fleet.hpp"
#include "tools/extra/exec_output.hpp"
#include "tools/extra/pod_target.hpp"
#include "tools/extra/toolset.hpp"
#include "tools/framework/args.hpp"
#include "tools/framework/fanout.hpp"
#include "tools/framework/present.hpp"
#include "tools/framework/schema_parts.hpp"

namespace kubemcp::tools {
namespace json = boost::json;
namespace {

constexpr std::int64_t kDefaultTimeout = 30;
// What the lines around the streams (pod, container, exit code, notes) may take of the budget.
constexpr std::size_t kFrameRoom = 600;

std::string status_line(const extra::PodTarget& t, const std::string& ns,
                        const std::string& container, const kube::ExecResult& r,
                        std::int64_t timeout) {
  std::string where = "pod " + ns + "/" + t.name + (t.via.empty() ? "" : " (" + t.via + ")") +
                      ", container " + container;
  if (r.timed_out)
    return "Timed out after " + std::to_string(timeout) + " s in " + where +
           ": the stream was closed (the API server ends the command with it; a command that "
           "ignores that may still run in the container). Raise `timeout` or make the command "
           "shorter.\n";
  if (r.exit_code < 0) return "The command could not run in " + where + ": " + r.failure + "\n";
  return "Ran in " + where + ": exit code " + std::to_string(r.exit_code) + "\n";
}

Result run_exec(const json::object& args, Context& ctx) {
  const auto& settings = ctx.fleet.registry().settings();
  kube::ExecOptions o;
  o.command = arg_strings(args, "command");
  if (o.command.empty())
    return Result::error(
        "k8s_exec needs `command`, a list of strings such as [\"ls\", \"-l\"] "
        "(no shell: use [\"sh\", \"-c\", \"...\"] for pipes)");
  const std::int64_t timeout = arg_int(args, "timeout").value_or(kDefaultTimeout);
  if (timeout < 1 || static_cast<std::uint64_t>(timeout) > settings.exec_timeout_max)
    return Result::error("timeout must be between 1 and " +
                         std::to_string(settings.exec_timeout_max) +
                         " seconds (exec_timeout_max in the kubemcp config)");
  o.timeout = std::chrono::seconds(timeout);
  if (const auto* in = args.if_contains("stdin"); in && in->is_string())
    o.stdin_data = std::string(in->get_string());
  // Each stream's start and end are each held up to the whole budget, never more: a 10 MB
  // output costs a few budgets of memory.
  const std::size_t room =
      settings.output_budget > 2 * kFrameRoom ? settings.output_budget - kFrameRoom : kFrameRoom;
  o.max_output = room;
  o.max_tail = room;
  const std::string pod_arg = arg_string(args, "pod");
  bool failed_to_run = false;
  std::string cut_note;
  ClusterAnswer a = on_one_cluster(
      ctx, args,
      [&](ClusterCall& call) {
        auto target = extra::resolve_pod(call.client, call.namespace_, pod_arg, ctx.cancel);
        extra::require_pod_allowed(call.cluster, call.namespace_, target.name);
        o.container = extra::pick_container(target.pod, arg_string(args, "container"));
        const auto r = kube::exec(call.client, call.namespace_, target.name, o, ctx.cancel);
        failed_to_run = r.timed_out || r.exit_code < 0;
        ClusterAnswer answer;
        answer.text = status_line(target, call.namespace_, o.container, r, timeout) +
                      extra::show_streams({"stdout", r.stdout_data, r.stdout_bytes, r.stdout_tail},
                                          {"stderr", r.stderr_data, r.stderr_bytes, r.stderr_tail},
                                          room, &cut_note);
        return answer;
      },
      /*idempotent=*/false);
  Result r = single_result(a);
  r.is_error = a.failed || failed_to_run;
  r.cut = !cut_note.empty();
  r.cut_note = cut_note;
  return r;
}

}  // namespace

Tool exec_tool() {
  Tool t = parts::record(
      {.name = "k8s_exec",
       .title = "Run a command in a container",
       .description =
           "Run a command in a container like `kubectl exec` and return its stdout, stderr and "
           "exit code (a non-zero exit code is reported, not an error). `command` is a list of "
           "strings run without a shell; use [\"sh\", \"-c\", \"...\"] for pipes. `pod` is a pod "
           "name or a workload (deployment/web, statefulset/db): one ready pod of it is used and "
           "named. `stdin` is sent and then closed. A stream longer than its share of the output "
           "budget shows its start and its end (where errors usually are), saying how much was "
           "left out between. Example: {\"pod\": \"deployment/web\", \"namespace\": \"shop\", "
           "\"command\": "
           "[\"sh\", \"-c\", \"ls -l /etc | head\"]}.",
       .schema = parts::object_schema(
           {R"("pod": {"type": "string", "description": "Pod name, or KIND/NAME of a workload (deployment/web, statefulset/db) to use one of its ready pods."})",
            R"("container": {"type": "string", "description": "Container (default: the pod's default-container annotation, else the first)."})",
            R"("command": {"type": "array", "items": {"type": "string"}, "minItems": 1, "description": "The command and its arguments, run without a shell."})",
            R"("stdin": {"type": "string", "description": "Text sent to the command's stdin, which is then closed."})",
            R"("timeout": {"type": "integer", "minimum": 1, "description": "Seconds before the stream is closed (default 30; at most exec_timeout_max from the config, default 300)."})",
            parts::kNamespace, parts::kClusterOne, parts::kConfirm}),
       .required = R"(["pod", "command"])",
       .tier = Tier::extra,
       .annotations =
           {.read_only = false, .destructive = true, .idempotent = false, .open_world = true}},
      run_exec);
  t.audit_verbatim = {"command"};
  return t;
}

}  // namespace kubemcp::tools
