// k8s_port_forward: start, list and stop port-forwards from 127.0.0.1 to a pod, or to a ready
// pod of a workload or service (its port mapped as kubectl maps it, named ports included).
// Forwards outlive the call in the process's registry (forwards.hpp); under `kubemcp call`
// a start keeps forwarding until Ctrl-C or its ttl.
#include "kube/port_forward.hpp"

#include <boost/json.hpp>

#include "fleet/fleet.hpp"
#include "render/age.hpp"
#include "render/text_table.hpp"
#include "tools/extra/forwards.hpp"
#include "tools/extra/pod_target.hpp"
#include "tools/extra/toolset.hpp"
#include "tools/framework/args.hpp"
#include "tools/framework/fanout.hpp"
#include "tools/framework/present.hpp"
#include "tools/framework/schema_parts.hpp"

namespace kubemcp::tools {
namespace json = boost::json;
namespace {

// The pod port a mapping's remote side reaches: through the Service's ports for a service
// target, else the number or the containers' named port.
int pod_port(const extra::PodTarget& t, const std::string& remote) {
  const bool service = t.via.starts_with("service/");
  return service ? extra::service_target_port(t.owner, t.pod, remote)
                 : extra::container_port(t.pod, remote);
}

std::string phase_of(const json::value& pod) {
  const auto* status = pod.as_object().if_contains("status");
  const auto* phase =
      status && status->is_object() ? status->get_object().if_contains("phase") : nullptr;
  return phase && phase->is_string() ? std::string(phase->get_string()) : "Unknown";
}

std::string uid_of(const json::value& pod) {
  const auto* uid = pod.at("metadata").as_object().if_contains("uid");
  return uid && uid->is_string() ? std::string(uid->get_string()) : std::string();
}

// Opens one listener for `mapping` and registers it; returns its "Forwarding ..." line.
std::string open_forward(ClusterCall& call, const extra::PodTarget& target,
                         const extra::PortMapping& mapping, int port,
                         std::optional<std::chrono::seconds> ttl, std::vector<std::string>& ids) {
  auto client = call.client.shared_from_this();
  auto pf =
      kube::PortForward::start(client, call.namespace_, target.name,
                               static_cast<std::uint16_t>(port), mapping.local, call.ctx.cancel);
  const std::string remote = mapping.remote == std::to_string(port)
                                 ? mapping.remote
                                 : mapping.remote + " (pod port " + std::to_string(port) + ")";
  const std::string what = (target.via.empty() ? "" : target.via + " -> ") + "pod/" + target.name;
  const auto& settings = call.ctx.fleet.registry().settings();
  ids.push_back(extra::Forwards::instance().add(
      pf, client, {call.cluster.name, call.namespace_, what, uid_of(target.pod), remote}, ttl,
      settings.max_port_forwards));
  return "Forwarding 127.0.0.1:" + std::to_string(pf->local_port()) + " -> " + call.namespace_ +
         "/" + what + ":" + remote + " (id " + ids.back() + ")\n";
}

Result start(const json::object& args, Context& ctx) {
  const auto& settings = ctx.fleet.registry().settings();
  const std::string pod_arg = arg_string(args, "pod");
  if (pod_arg.empty())
    return Result::error("action start needs `pod`: a pod name, service/NAME or deployment/NAME");
  std::vector<extra::PortMapping> mappings;
  try {
    for (const auto& p : arg_strings(args, "ports"))
      mappings.push_back(extra::parse_port_mapping(p));
  } catch (const std::invalid_argument& e) {
    return Result::error(e.what());
  }
  if (mappings.empty())
    return Result::error("action start needs `ports`, e.g. \"8080:80\" or \":80\" for a free port");
  std::optional<std::chrono::seconds> ttl;
  if (const auto t = arg_int(args, "ttl")) ttl = std::chrono::seconds(*t);
  auto& forwards = extra::Forwards::instance();
  ClusterAnswer a = on_one_cluster(ctx, args, [&](ClusterCall& call) {
    forwards.check_room(settings.max_port_forwards);
    auto target = extra::resolve_pod(call.client, call.namespace_, pod_arg, ctx.cancel);
    extra::require_pod_allowed(call.cluster, call.namespace_, target.name);
    if (const auto phase = phase_of(target.pod); phase != "Running")  // kubectl's words
      throw std::invalid_argument(
          "unable to forward port because pod is not running. Current status=" + phase);
    // Every mapping is checked before the first listener opens.
    std::vector<int> ports;
    for (const auto& m : mappings) ports.push_back(pod_port(target, m.remote));
    ClusterAnswer answer;
    std::vector<std::string> ids;
    try {  // all or nothing: a mapping that cannot listen stops those opened before it
      for (std::size_t i = 0; i < mappings.size(); ++i)
        answer.text += open_forward(call, target, mappings[i], ports[i], ttl, ids);
    } catch (...) {
      for (const auto& id : ids) forwards.stop(id);
      throw;
    }
    answer.text += ttl ? "It stops after " + render::human_duration(*ttl) +
                             ", or with {\"action\": \"stop\", \"id\": \"...\"}.\n"
                       : "It runs until {\"action\": \"stop\", \"id\": \"...\"} or the server "
                         "exits; {\"action\": \"list\"} shows its traffic.\n";
    return answer;
  });
  return single_result(a);
}

Result list() {
  const auto rows = extra::Forwards::instance().list();
  if (rows.empty()) return Result::ok("No port-forwards are running.\n");
  render::TextTable table({"ID", "CLUSTER", "NAMESPACE", "TARGET", "LOCAL", "REMOTE", "CONNECTIONS",
                           "BYTES OUT", "BYTES IN", "AGE", "TTL", "STATE"});
  std::string errors;
  for (const auto& r : rows) {
    table.add_row(
        {r.id, r.info.cluster, r.info.ns, r.info.target, r.local, r.info.remote,
         std::to_string(r.connections_open) + " open/" + std::to_string(r.connections_total),
         std::to_string(r.bytes_to_pod), std::to_string(r.bytes_from_pod),
         render::human_duration(r.age), r.ttl_left ? render::human_duration(*r.ttl_left) : "-",
         r.state});
    if (!r.last_error.empty()) errors += r.id + " last error: " + r.last_error + "\n";
  }
  return Result::ok(table.str() + errors +
                    "BYTES OUT: sent to the pod; BYTES IN: received from it. A broken forward "
                    "no longer listens; stop it and start a new one.\n");
}

Result stop(const json::object& args) {
  const std::string id = arg_string(args, "id");
  if (id.empty()) return Result::error("action stop needs `id` (from start or list)");
  if (!extra::Forwards::instance().stop(id))
    return Result::error("no port-forward '" + id +
                         "' is running; {\"action\": \"list\"} shows "
                         "those that are");
  return Result::ok("Stopped " + id + ": its port is closed and its connections ended.\n");
}

Result run_port_forward(const json::object& args, Context& ctx) {
  const std::string action = arg_string(args, "action");
  if (action == "start") return start(args, ctx);
  if (action == "list") return list();
  return stop(args);  // the schema allows nothing else
}

}  // namespace

Tool port_forward_tool() {
  Tool t = parts::record(
      {.name = "k8s_port_forward",
       .title = "Forward local ports to a pod",
       .description =
           "Start, list or stop port-forwards from 127.0.0.1 to a pod, like `kubectl "
           "port-forward`. `pod` is a pod name, service/NAME (its port mapped to the pod's target "
           "port) or a workload such as deployment/web (one ready pod of it). `ports` is "
           "\"LOCAL:REMOTE\" (\"8080:80\"), \":REMOTE\" for a free local port, or a list. A "
           "forward runs until stopped, its `ttl` (seconds) ends or the server exits; `list` "
           "shows connections, bytes each way and whether it broke. Example: {\"action\": "
           "\"start\", \"pod\": \"service/web\", \"ports\": \":80\", \"namespace\": \"shop\", "
           "\"ttl\": 600}.",
       .schema = parts::object_schema(
           {R"("action": {"type": "string", "enum": ["start", "list", "stop"], "description": "start a forward, list them, or stop one."})",
            R"("pod": {"type": "string", "description": "start: pod name, service/NAME, or KIND/NAME of a workload (deployment/web)."})",
            R"("ports": {"type": ["string", "array"], "items": {"type": "string"}, "description": "start: LOCAL:REMOTE (8080:80), :REMOTE for a free local port, or a list; REMOTE may be a port name."})",
            R"("ttl": {"type": "integer", "minimum": 1, "description": "start: seconds until the forward stops by itself."})",
            R"("id": {"type": "string", "description": "stop: the forward's id (from start or list)."})",
            parts::kNamespace, parts::kClusterOne, parts::kConfirm}),
       .required = R"(["action"])",
       .tier = Tier::extra,
       .annotations =
           {.read_only = false, .destructive = false, .idempotent = false, .open_world = true}},
      run_port_forward);
  // list only reads this process's forwards, never a cluster: it passes as a read, so a read-only
  // cluster named (or defaulted to) does not refuse it and nothing is audited.
  t.reads_only = [](const json::object& args) { return arg_string(args, "action") == "list"; };
  // stop acts on the cluster its forward runs on: that cluster's policy decides, whatever the
  // default cluster's access is.
  t.implied_cluster = [](const json::object& args) {
    return arg_string(args, "action") == "stop"
               ? extra::Forwards::instance().cluster_of(arg_string(args, "id"))
               : std::string();
  };
  return t;
}

void hold_port_forwards(const net::CancelPtr& cancel) {
  extra::Forwards::instance().wait_until_none(cancel);
  extra::Forwards::instance().stop_all();
}

void stop_port_forwards() {
  extra::Forwards::instance().stop_all();
}

}  // namespace kubemcp::tools
