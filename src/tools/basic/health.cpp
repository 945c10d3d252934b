// k8s_health: one-call triage of a namespace, several, or a whole cluster — failing pods
// with reasons, workloads short of replicas, stuck rollouts, nodes not ready and recent
// warnings — short, and ending with the next calls to make.
#include <boost/json.hpp>

#include "fleet/fleet.hpp"
#include "kube/builtin_resources.hpp"
#include "kube/discovery.hpp"
#include "kube/verbs.hpp"
#include "net/utf8.hpp"
#include "render/age.hpp"
#include "render/budget.hpp"
#include "render/events.hpp"
#include "render/text_table.hpp"
#include "tools/basic/health_rules.hpp"
#include "tools/basic/toolset.hpp"
#include "tools/framework/args.hpp"
#include "tools/framework/fanout.hpp"
#include "tools/framework/present.hpp"
#include "tools/framework/schema_parts.hpp"

namespace kubemcp::tools {
namespace json = boost::json;

namespace {

constexpr std::size_t kMaxRows = 25;

std::string section(const std::string& title, const std::vector<health::Finding>& found,
                    bool with_ns) {
  if (found.empty()) return {};
  std::vector<std::string> headers = {"OBJECT", "PROBLEM", "DETAIL"};
  if (with_ns) headers.insert(headers.begin(), "NAMESPACE");
  render::TextTable t(headers, 2);
  for (std::size_t i = 0; i < found.size() && i < kMaxRows; ++i) {
    std::vector<std::string> row = {found[i].object, found[i].problem, found[i].detail};
    if (with_ns) row.insert(row.begin(), found[i].namespace_);
    t.add_row(std::move(row));
  }
  std::string out = title + " (" + std::to_string(found.size()) + "):\n" + t.str();
  if (found.size() > kMaxRows)
    out += "[" + std::to_string(found.size() - kMaxRows) + " more not shown]\n";
  return out;
}

}  // namespace

static Result run_health(const json::object& args, Context& ctx) {
  std::vector<std::string> namespaces = arg_strings(args, "namespace");
  const bool whole_cluster = arg_bool(args, "all_namespaces");
  if (whole_cluster && !namespaces.empty())
    return Result::error("give namespace or all_namespaces=true, not both");
  std::chrono::seconds window = std::chrono::hours(1);
  if (const auto s = arg_string(args, "since"); !s.empty()) {
    const auto d = render::parse_duration(s);
    if (!d) return Result::error("since takes a duration like 30m or 2h; got '" + s + "'");
    window = *d;
  }
  json::object single_ns_args = args;
  single_ns_args.erase("namespace");  // fan_out reads `namespace` as one string

  auto answers = fan_out(ctx, single_ns_args, [&](ClusterCall& call) {
    ClusterAnswer a;
    std::vector<std::string> scopes = namespaces;
    if (scopes.empty()) scopes.push_back(whole_cluster ? "" : call.namespace_);
    std::vector<health::Finding> pods_bad, workloads_bad, nodes_bad;
    json::array warnings;
    std::size_t pod_count = 0, workload_count = 0;
    for (const auto& ns : scopes) {
      json::value pods =
          kube::list_all(call.client, kube::builtin("pods"), ns, {}, 20000, call.ctx.cancel);
      for (const auto& p : pods.at("items").as_array()) {
        ++pod_count;
        if (auto f = health::check_pod(p)) pods_bad.push_back(std::move(*f));
      }
      for (const auto& [res, kind] : {std::pair{"deployments", "Deployment"},
                                      {"statefulsets", "StatefulSet"},
                                      {"daemonsets", "DaemonSet"}}) {
        json::value list =
            kube::list_all(call.client, kube::builtin(res), ns, {}, 5000, call.ctx.cancel);
        for (const auto& w : list.at("items").as_array()) {
          ++workload_count;
          if (auto f = health::check_workload(w, kind)) workloads_bad.push_back(std::move(*f));
        }
      }
      kube::ListOptions warn;
      warn.field_selector = "type=Warning";
      json::value ev =
          kube::list_all(call.client, kube::builtin("events"), ns, warn, 5000, call.ctx.cancel);
      for (auto& e : ev.at("items").as_array()) warnings.push_back(std::move(e));
    }
    if (whole_cluster) {
      try {
        json::value nodes =
            kube::list_all(call.client, kube::builtin("nodes"), "", {}, 5000, call.ctx.cancel);
        for (const auto& n : nodes.at("items").as_array())
          if (auto f = health::check_node(n)) nodes_bad.push_back(std::move(*f));
      } catch (const kube::ApiError& e) {
        a.text += "(nodes not checked: " + e.message() + ")\n";
      }
    }
    const bool with_ns = whole_cluster || scopes.size() > 1;
    std::string scope_text = whole_cluster ? "all namespaces" : "namespace";
    if (!whole_cluster) {
      if (scopes.size() > 1) scope_text += "s";
      for (std::size_t i = 0; i < scopes.size(); ++i) scope_text += (i ? ", " : " ") + scopes[i];
    }
    a.text += "Health of " + call.cluster.name + ", " + scope_text + ": " +
              std::to_string(pod_count) + " pods, " + std::to_string(workload_count) +
              " workloads.\n";
    a.text += section("Pods with problems", pods_bad, with_ns);
    a.text += section("Workloads short of replicas or stuck", workloads_bad, with_ns);
    a.text += section("Nodes not ready", nodes_bad, false);

    render::EventFilter filter;
    filter.since = window;
    auto rows = render::fold_events(warnings, filter);
    if (!rows.empty()) {
      const std::size_t shown = std::min<std::size_t>(rows.size(), 10);
      render::TextTable t(
          with_ns
              ? std::vector<std::string>{"LAST SEEN", "NAMESPACE", "OBJECT", "REASON", "MESSAGE"}
              : std::vector<std::string>{"LAST SEEN", "OBJECT", "REASON", "MESSAGE"},
          2);
      for (std::size_t i = rows.size() - shown; i < rows.size(); ++i) {
        const auto& r = rows[i];
        std::string seen =
            render::age_of(r.last) + (r.count > 1 ? " (x" + std::to_string(r.count) + ")" : "");
        std::string msg = r.message.size() > 160
                              ? r.message.substr(0, net::utf8_cut(r.message, 157)) + "..."
                              : r.message;
        if (with_ns)
          t.add_row({seen, r.namespace_, r.object, r.reason, msg});
        else
          t.add_row({seen, r.object, r.reason, msg});
      }
      a.text += "Warning events in the last " + render::human_duration(window) + " (" +
                std::to_string(shown) + " of " + std::to_string(rows.size()) + ", newest last):\n" +
                t.str();
    }
    if (pods_bad.empty() && workloads_bad.empty() && nodes_bad.empty() && rows.empty()) {
      a.text +=
          "Healthy: every pod is running and ready (or completed), every workload has its "
          "replicas, and "
          "there were no warnings in the last " +
          render::human_duration(window) + ".\n";
    } else {
      std::vector<std::string> next;
      for (const auto* list : {&pods_bad, &workloads_bad, &nodes_bad})
        for (const auto& f : *list)
          if (next.size() < 5 && std::find(next.begin(), next.end(), f.next) == next.end())
            next.push_back(f.next);
      if (!next.empty()) {
        a.text += "Next:\n";
        for (const auto& n : next) a.text += "  " + n + "\n";
      }
    }
    a.data = json::object{{"pods", pod_count},
                          {"workloads", workload_count},
                          {"failing_pods", pods_bad.size()},
                          {"degraded_workloads", workloads_bad.size()},
                          {"nodes_not_ready", nodes_bad.size()},
                          {"warnings", rows.size()}};
    return a;
  });
  Result r = combine(answers, ctx.fleet.registry().settings().output_budget,
                     "Narrow to one namespace or one cluster.");
  json::object summary;
  for (const auto& a : answers)
    summary[a.cluster->name] = a.failed ? json::value(json::object{{"error", a.text}}) : a.data;
  r.structured = json::object{{"clusters", std::move(summary)}};
  return r;
}

Tool health_tool() {
  return parts::record(
      {.name = "k8s_health",
       .title = "Triage health",
       .description =
           "One-call triage, the first thing to run when something is wrong: pods not running or "
           "not ready with the reason (CrashLoopBackOff with restarts and last exit code, "
           "ImagePullBackOff, Pending with the scheduler's message, OOMKilled), workloads short of "
           "replicas, stuck rollouts, nodes not ready (all_namespaces), and recent Warning events; "
           "ends with the next calls to make. "
           "Example: {\"namespace\": \"shop\"} or {\"all_namespaces\": true, \"cluster\": "
           "\"all\"}.",
       .schema = parts::object_schema(
           {R"("namespace": {"type": ["string", "array"], "items": {"type": "string"}, "description": "A namespace or a list (default: the cluster's default namespace)."})",
            R"("all_namespaces": {"type": "boolean", "description": "The whole cluster, nodes included."})",
            R"("since": {"type": "string", "description": "Window for warning events (default 1h)."})",
            parts::kClusterMany})},
      run_health);
}

}  // namespace kubemcp::tools
