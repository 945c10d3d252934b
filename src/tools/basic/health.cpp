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

namespace {

// What one cluster's triage found, before it is put into words.
struct Report {
  std::string scope;  // "namespace shop", "namespaces shop, monitoring", "all namespaces"
  bool with_ns = false;
  std::size_t pods = 0, workloads = 0;
  std::vector<health::Finding> pods_bad, workloads_bad, nodes_bad;
  std::vector<render::EventRow> warnings;  // folded, oldest first
  std::string nodes_unchecked;             // why nodes were not checked, if they were not
};

Report survey(ClusterCall& call, std::chrono::seconds window) {
  Report r;
  const std::vector<std::string> scopes =
      call.all_namespaces ? std::vector<std::string>{""} : call.namespaces;
  json::array warnings;
  for (const auto& ns : scopes) {
    json::value pods =
        kube::list_all(call.client, kube::builtin("pods"), ns, {}, 20000, call.ctx.cancel);
    for (const auto& p : pods.at("items").as_array()) {
      ++r.pods;
      if (auto f = health::check_pod(p)) r.pods_bad.push_back(std::move(*f));
    }
    for (const auto& [res, kind] : {std::pair{"deployments", "Deployment"},
                                    {"statefulsets", "StatefulSet"},
                                    {"daemonsets", "DaemonSet"}}) {
      json::value list =
          kube::list_all(call.client, kube::builtin(res), ns, {}, 5000, call.ctx.cancel);
      for (const auto& w : list.at("items").as_array()) {
        ++r.workloads;
        if (auto f = health::check_workload(w, kind)) r.workloads_bad.push_back(std::move(*f));
      }
    }
    kube::ListOptions warn;
    warn.field_selector = "type=Warning";
    json::value ev =
        kube::list_all(call.client, kube::builtin("events"), ns, warn, 5000, call.ctx.cancel);
    for (auto& e : ev.at("items").as_array()) warnings.push_back(std::move(e));
  }
  if (call.all_namespaces) {
    try {
      json::value nodes =
          kube::list_all(call.client, kube::builtin("nodes"), "", {}, 5000, call.ctx.cancel);
      for (const auto& n : nodes.at("items").as_array())
        if (auto f = health::check_node(n)) r.nodes_bad.push_back(std::move(*f));
    } catch (const kube::ApiError& e) {
      r.nodes_unchecked = e.message();
    }
  }
  r.with_ns = call.all_namespaces || scopes.size() > 1;
  r.scope = call.all_namespaces ? "all namespaces" : scopes.size() > 1 ? "namespaces" : "namespace";
  for (std::size_t i = 0; !call.all_namespaces && i < scopes.size(); ++i)
    r.scope += (i ? ", " : " ") + scopes[i];
  render::EventFilter filter;
  filter.since = window;
  r.warnings = render::fold_events(warnings, filter);
  return r;
}

std::string warnings_text(const Report& r, std::chrono::seconds window) {
  if (r.warnings.empty()) return {};
  const std::size_t shown = std::min<std::size_t>(r.warnings.size(), 10);
  render::TextTable t(
      r.with_ns ? std::vector<std::string>{"LAST SEEN", "NAMESPACE", "OBJECT", "REASON", "MESSAGE"}
                : std::vector<std::string>{"LAST SEEN", "OBJECT", "REASON", "MESSAGE"},
      2);
  for (std::size_t i = r.warnings.size() - shown; i < r.warnings.size(); ++i) {
    const auto& w = r.warnings[i];
    std::string seen =
        render::age_of(w.last) + (w.count > 1 ? " (x" + std::to_string(w.count) + ")" : "");
    std::string msg = w.message.size() > 160
                          ? w.message.substr(0, net::utf8_cut(w.message, 157)) + "..."
                          : w.message;
    if (r.with_ns)
      t.add_row({seen, w.namespace_, w.object, w.reason, msg});
    else
      t.add_row({seen, w.object, w.reason, msg});
  }
  return "Warning events in the last " + render::human_duration(window) + " (" +
         std::to_string(shown) + " of " + std::to_string(r.warnings.size()) + ", newest last):\n" +
         t.str();
}

// The report in words. When several clusters answered, each suggested call names its cluster:
// without it the call would go to the default cluster.
std::string report_text(const Report& r, const std::string& cluster, bool several,
                        std::chrono::seconds window) {
  std::string text;
  if (!r.nodes_unchecked.empty()) text += "(nodes not checked: " + r.nodes_unchecked + ")\n";
  text += "Health of " + cluster + ", " + r.scope + ": " + std::to_string(r.pods) + " pods, " +
          std::to_string(r.workloads) + " workloads.\n";
  text += section("Pods with problems", r.pods_bad, r.with_ns);
  text += section("Workloads short of replicas or stuck", r.workloads_bad, r.with_ns);
  text += section("Nodes not ready", r.nodes_bad, false);
  text += warnings_text(r, window);
  if (r.pods_bad.empty() && r.workloads_bad.empty() && r.nodes_bad.empty() && r.warnings.empty())
    return text +
           "Healthy: every pod is running and ready (or completed), every workload has its "
           "replicas, and there were no warnings in the last " +
           render::human_duration(window) + ".\n";
  std::vector<std::string> next;
  for (const auto* list : {&r.pods_bad, &r.workloads_bad, &r.nodes_bad})
    for (const auto& f : *list)
      if (next.size() < 5 && std::find(next.begin(), next.end(), f.next) == next.end())
        next.push_back(f.next);
  if (next.empty()) return text;
  text += "Next:\n";
  for (const auto& n : next) text += "  " + n + (several ? " cluster=" + cluster : "") + "\n";
  return text;
}

json::object summary_of(const Report& r) {
  return {{"pods", r.pods},
          {"workloads", r.workloads},
          {"failing_pods", r.pods_bad.size()},
          {"degraded_workloads", r.workloads_bad.size()},
          {"nodes_not_ready", r.nodes_bad.size()},
          {"warnings", r.warnings.size()}};
}

}  // namespace

static Result run_health(const json::object& args, Context& ctx) {
  if (arg_bool(args, "all_namespaces") && !arg_strings(args, "namespace").empty())
    return Result::error("give namespace or all_namespaces=true, not both");
  std::chrono::seconds window = std::chrono::hours(1);
  if (const auto s = arg_string(args, "since"); !s.empty()) {
    const auto d = render::parse_duration(s);
    if (!d) return Result::error("since takes a duration like 30m or 2h; got '" + s + "'");
    window = *d;
  }
  const auto reports = fan_out_as<Report>(
      ctx, args,
      std::function<Report(ClusterCall&)>([&](ClusterCall& call) { return survey(call, window); }));
  const bool several = reports.size() > 1;
  std::vector<ClusterAnswer> answers;
  json::object summary;
  for (const auto& r : reports) {
    ClusterAnswer a;
    a.cluster = r.cluster;
    a.failed = r.failed;
    a.healed = r.healed;
    a.text = r.failed ? r.error : report_text(r.value, r.cluster->name, several, window);
    summary[r.cluster->name] =
        r.failed ? json::value(json::object{{"error", r.error}}) : json::value(summary_of(r.value));
    answers.push_back(std::move(a));
  }
  Result result = combine(answers, ctx.fleet.registry().settings().output_budget,
                          "Narrow to one namespace or one cluster.");
  result.structured = json::object{{"clusters", std::move(summary)}};
  return result;
}

Tool health_tool() {
  return parts::record(
      {.name = "k8s_health",
       .title = "Triage health",
       .description =
           "Triage health in one call; run it first when something is wrong. It reports pods not "
           "running or not ready with the reason (CrashLoopBackOff with restarts and last exit "
           "code, ImagePullBackOff, Pending with the scheduler's message, OOMKilled), workloads "
           "short of replicas, stuck rollouts, nodes not ready (all_namespaces) and recent Warning "
           "events, and ends with the next calls to make. "
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
