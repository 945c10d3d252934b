#include "mcp/prompts.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <sstream>

#include "fleet/registry.hpp"
#include "kube/url.hpp"
#include "mcp/jsonrpc.hpp"
#include "mcp/rpc_fault.hpp"
#include "tools/framework/catalog.hpp"

namespace kubemcp::mcp {
namespace json = boost::json;
namespace {

std::string get(const PromptArgs& a, const std::string& key) {
  const auto it = a.find(key);
  return it == a.end() ? "" : it->second;
}

// `tool {"arg":"value",...}`: one call exactly as the model should make it.
std::string call(const char* tool, const json::object& args) {
  return std::string("`") + tool + " " + json::serialize(args) + "`";
}

// The namespace and cluster every call of a prompt carries (omitted when not given).
json::object where(const PromptArgs& a, json::object args = {}) {
  if (const auto ns = get(a, "namespace"); !ns.empty()) args["namespace"] = ns;
  if (const auto c = get(a, "cluster"); !c.empty()) args["cluster"] = c;
  return args;
}

std::string cluster_phrase(const PromptArgs& a, const fleet::Registry& registry) {
  if (const auto c = get(a, "cluster"); !c.empty()) return "cluster `" + c + "`";
  const auto* def = registry.default_cluster();
  return def ? "the default cluster (`" + def->name + "`)" : "the default cluster";
}

std::string namespace_phrase(const PromptArgs& a) {
  const auto ns = get(a, "namespace");
  return ns.empty() ? "the cluster's default namespace" : "namespace `" + ns + "`";
}

std::pair<std::string, std::string> split_workload(const std::string& w) {
  const auto slash = w.find('/');
  return {w.substr(0, slash), w.substr(slash + 1)};
}

std::string render_triage(const PromptArgs& a, const fleet::Registry& r) {
  std::ostringstream s;
  s << "Triage " << namespace_phrase(a) << " on " << cluster_phrase(a, r)
    << ": find what is broken, why, and what to do about it. Use the kubemcp tools in this "
       "order and do not skip a step.\n\n"
    << "1. Health: call " << call("k8s_health", where(a))
    << ". It lists failing pods with their reasons, workloads short of replicas, stuck rollouts "
       "and recent warnings, and suggests next calls.\n"
    << "2. Describe: for each failing pod or workload it reports, call "
    << call("k8s_describe", where(a, {{"resource", "pod"}, {"name", "<pod>"}}))
    << " (resource `deployment`, `statefulset`... for workloads) to read conditions, container "
       "states, exit codes and the object's events.\n"
    << "3. Logs: for each pod that crashes or reports errors, call "
    << call("k8s_logs", where(a, {{"pod", "<pod>"}, {"previous", true}, {"tail", 50}}))
    << " for the instance that crashed, and the same without `previous` for the running one.\n"
    << "4. Events: call "
    << call("k8s_get_events", where(a, {{"types", json::array{"Warning"}}, {"since", "1h"}}))
    << " for what the cluster itself reported (scheduling, image pulls, probes, OOM kills).\n\n"
    << "Then summarize in a short report: each problem with its evidence (the line of output "
       "that shows it), the likely root cause, the fix or the next thing to check, and what is "
       "healthy. Put the most urgent problem first. Change nothing without asking me.";
  return s.str();
}

std::string rollout_before(const PromptArgs& a, const std::string& kind, const std::string& name) {
  std::ostringstream s;
  s << "Before the change, record the baseline:\n"
    << "1. Call "
    << call("k8s_get", where(a, {{"resource", kind}, {"name", name}, {"output", "yaml"}}))
    << " and note metadata.generation, status.observedGeneration, the replicas (desired, ready, "
       "updated, available), each container's image, resources and probes.\n"
    << "2. Call " << call("k8s_describe", where(a, {{"resource", kind}, {"name", name}}))
    << " for its conditions and recent events.\n"
    << "3. Call " << call("k8s_health", where(a))
    << " so problems that exist already are not blamed on the change.\n";
  return s.str();
}

std::string rollout_after(const PromptArgs& a, const std::string& kind, const std::string& name) {
  const std::string w = kind + "/" + name;
  std::ostringstream s;
  s << "After the change, verify it:\n"
    << "1. Call "
    << call("k8s_get", where(a, {{"resource", kind}, {"name", name}, {"output", "yaml"}}))
    << " again: observedGeneration must equal generation, and updated, ready and available "
       "replicas must reach the desired count. Repeat a few times if it is still rolling.\n"
    << "2. Call " << call("k8s_describe", where(a, {{"resource", kind}, {"name", name}}))
    << " for a Progressing condition with reason ProgressDeadlineExceeded or new warnings.\n"
    << "3. Call " << call("k8s_logs", where(a, {{"resource", w}, {"since", "10m"}, {"tail", 50}}))
    << " and look for errors the new version logs.\n"
    << "4. Call " << call("k8s_get_events", where(a, {{"for", w}, {"since", "30m"}})) << " and "
    << call("k8s_health", where(a)) << ".\n";
  return s.str();
}

std::string render_rollout(const PromptArgs& a, const fleet::Registry& r) {
  const auto [kind, name] = split_workload(get(a, "workload"));
  const std::string phase = get(a, "phase");
  std::ostringstream s;
  s << "Review the rollout of " << kind << " `" << name << "` in " << namespace_phrase(a) << " on "
    << cluster_phrase(a, r) << ".";
  if (const auto change = get(a, "change"); !change.empty()) s << " The change: " << change << ".";
  s << "\n\n";
  if (phase != "after") s << rollout_before(a, kind, name) << "\n";
  if (phase != "before") s << rollout_after(a, kind, name) << "\n";
  s << (phase == "before"
            ? "Then give me the baseline in a few lines, and what to watch when the change lands."
            : "Then give a verdict — healthy, still rolling, or failed — with the evidence: what "
              "changed (images, replicas, configuration), what the new pods do, and, if it "
              "failed, whether to roll back. Change nothing without asking me.");
  return s.str();
}

std::string render_compare(const PromptArgs& a, const fleet::Registry&) {
  const auto [kind, name] = split_workload(get(a, "workload"));
  json::value clusters = "all";
  if (const auto c = get(a, "clusters"); !c.empty() && c != "all") {
    json::array list;
    std::stringstream ss(c);
    for (std::string item; std::getline(ss, item, ',');) list.push_back(json::string(item));
    clusters = std::move(list);
  }
  json::object base;
  if (const auto ns = get(a, "namespace"); !ns.empty()) base["namespace"] = ns;
  base["cluster"] = clusters;
  const auto with = [&](json::object extra) {
    for (auto& kv : base) extra[kv.key()] = kv.value();
    return extra;
  };
  std::ostringstream s;
  s << "Compare " << kind << " `" << name << "` in " << namespace_phrase(a) << " across "
    << (clusters.is_string() ? std::string("every cluster") : "clusters " + get(a, "clusters"))
    << ", and tell me what differs and whether it matters.\n\n"
    << "1. Call " << call("k8s_get", with({{"resource", kind}, {"name", name}, {"output", "yaml"}}))
    << " (one call answers for every cluster) and compare, cluster by cluster: replicas, each "
       "container's image and tag, env, resources, probes, volumes and labels. Ignore fields "
       "that always differ (uid, resourceVersion, timestamps, status counters).\n"
    << "2. Call " << call("k8s_describe", with({{"resource", kind}, {"name", name}}))
    << " for its conditions and events in each cluster.\n"
    << "3. For each ConfigMap it references, call "
    << call("k8s_get",
            with({{"resource", "configmap"}, {"name", "<configmap>"}, {"output", "yaml"}}))
    << " and compare the data. Secrets are masked; compare their keys and sizes only.\n\n"
    << "Then summarize as a table of the fields that differ (one column per cluster), and say "
       "which differences look intended (environment-specific) and which look like drift to fix.";
  return s.str();
}

std::string render_crashloop(const PromptArgs& a, const fleet::Registry& r) {
  std::string pod = get(a, "pod");
  std::ostringstream s;
  s << "Investigate why " << (pod.empty() ? "a pod" : "pod `" + pod + "`") << " in "
    << namespace_phrase(a) << " on " << cluster_phrase(a, r) << " is crash-looping.\n\n";
  int step = 1;
  if (pod.empty()) {
    s << step++ << ". Find it: call " << call("k8s_health", where(a))
      << " and take the pod in CrashLoopBackOff (the one with the most restarts).\n";
    pod = "<pod>";
  }
  s << step++ << ". Call " << call("k8s_describe", where(a, {{"resource", "pod"}, {"name", pod}}))
    << ": note the last state's reason (Error, OOMKilled, Completed), exit code, restart count, "
       "probes, resource limits and the events.\n";
  s << step++ << ". Call "
    << call("k8s_logs", where(a, {{"pod", pod}, {"previous", true}, {"tail", 100}}))
    << " for the output of the instance that crashed — the last lines usually name the cause.\n";
  s << step++ << ". Call " << call("k8s_logs", where(a, {{"pod", pod}, {"tail", 50}}))
    << " for the current instance, and "
    << call("k8s_get_events", where(a, {{"for", "pod/" + pod}}))
    << " for probe failures, OOM kills and back-off timing.\n";
  s << step++ << ". Call "
    << call("k8s_get", where(a, {{"resource", "pod"}, {"name", pod}, {"output", "yaml"}}))
    << " and follow metadata.ownerReferences to its workload; read that with "
    << call("k8s_get",
            where(a, {{"resource", "deployment"}, {"name", "<owner>"}, {"output", "yaml"}}))
    << " (or the owner's kind) for a recent change to image, command, env, config or limits.\n\n"
    << "Then state the root cause with the evidence (exit code, log lines, events), the fix, and "
       "how to confirm it worked. Change nothing without asking me.";
  return s.str();
}

std::vector<Prompt> make_prompts() {
  const PromptArgument cluster{"cluster", "Cluster name or alias (default: the default cluster).",
                               false, ArgKind::cluster};
  const PromptArgument ns{"namespace",
                          "Namespace (default: the cluster's default namespace), e.g. shop.", false,
                          ArgKind::namespace_};
  const PromptArgument workload{
      "workload",
      "The workload as kind/name, e.g. deployment/web or statefulset/db (a bare name "
      "means a deployment).",
      true, ArgKind::workload};
  return {
      {"triage_namespace",
       "Triage a namespace",
       "Find what is wrong in a namespace: health, then describe, logs and events of what fails, "
       "then a summary with causes and fixes.",
       {ns, cluster},
       {"k8s_health", "k8s_describe", "k8s_logs", "k8s_get_events"},
       render_triage},
      {"review_rollout",
       "Review a rollout",
       "Check a workload before a change (baseline) and after it (did the rollout succeed, what "
       "do the new pods do), ending with a verdict.",
       {workload,
        ns,
        cluster,
        {"phase", "before, after, or empty for both.", false, ArgKind::choice, {"before", "after"}},
        {"change", "What is changing, e.g. image web:1.28 (free text).", false, ArgKind::choice}},
       {"k8s_get", "k8s_describe", "k8s_logs", "k8s_get_events", "k8s_health"},
       render_rollout},
      {"compare_workload",
       "Compare a workload across clusters",
       "Find what differs in one workload between clusters (images, replicas, env, resources, "
       "config) and whether it is intended or drift.",
       {workload,
        ns,
        {"clusters",
         "Clusters to compare: \"all\" (default) or names/aliases separated by commas, "
         "e.g. stage,prod.",
         false, ArgKind::clusters}},
       {"k8s_get", "k8s_describe"},
       render_compare},
      {"investigate_crashloop",
       "Investigate a crash-looping pod",
       "Find why a pod is in CrashLoopBackOff: last state and exit code, the crashed instance's "
       "logs, events and the workload's recent changes.",
       {{"pod", "The pod's name (default: the most-restarted crash-looping pod k8s_health finds).",
         false, ArgKind::pod},
        ns,
        cluster},
       {"k8s_health", "k8s_describe", "k8s_logs", "k8s_get_events", "k8s_get"},
       render_crashloop},
  };
}

bool served(const Prompt& p, const tools::Catalog& catalog) {
  return std::all_of(p.tools.begin(), p.tools.end(),
                     [&](const std::string& t) { return catalog.find(t) != nullptr; });
}

[[noreturn]] void bad(const std::string& message) {
  throw RpcFault(code::invalid_params, message);
}

// "deployment/web", "sts/db" or "web" -> "deployment/web" / "statefulset/db".
std::string normalize_workload(const std::string& w) {
  static const std::map<std::string, std::string> kinds = {
      {"deployment", "deployment"},   {"deployments", "deployment"},   {"deploy", "deployment"},
      {"statefulset", "statefulset"}, {"statefulsets", "statefulset"}, {"sts", "statefulset"},
      {"daemonset", "daemonset"},     {"daemonsets", "daemonset"},     {"ds", "daemonset"}};
  const auto slash = w.find('/');
  const std::string kind = slash == std::string::npos ? "deployment" : w.substr(0, slash);
  const std::string name = slash == std::string::npos ? w : w.substr(slash + 1);
  const auto k = kinds.find(kind);
  if (k == kinds.end())
    bad("workload kind '" + kind +
        "' is not a deployment, statefulset or daemonset; example: "
        "deployment/web");
  if (const auto why = kube::check_name(name); !why.empty())
    bad("workload name '" + name + "': " + why);
  return k->second + "/" + name;
}

std::string resolve_clusters(const std::string& list, const fleet::Registry& registry) {
  if (list.empty() || list == "all") return "all";
  std::string out;
  std::stringstream ss(list);
  for (std::string item; std::getline(ss, item, ',');) {
    item.erase(0, item.find_first_not_of(' '));
    item.erase(item.find_last_not_of(' ') + 1);
    if (item.empty()) continue;
    const std::string name = registry.resolve(item).name;
    if (("," + out + ",").find("," + name + ",") == std::string::npos)
      out += (out.empty() ? "" : ",") + name;
  }
  if (out.find(',') == std::string::npos)
    bad("clusters needs at least two different clusters (or \"all\") to compare, got '" + list +
        "'");
  return out;
}

std::string check_value(const PromptArgument& arg, const std::string& v,
                        const fleet::Registry& registry) {
  try {
    switch (arg.kind) {
      case ArgKind::cluster:
        return registry.resolve(v).name;
      case ArgKind::clusters:
        return resolve_clusters(v, registry);
      case ArgKind::namespace_:
        if (const auto why = kube::check_namespace(v); !why.empty())
          bad("namespace '" + v + "': " + why);
        return v;
      case ArgKind::pod:
        if (const auto why = kube::check_name(v); !why.empty()) bad("pod '" + v + "': " + why);
        return v;
      case ArgKind::workload:
        return normalize_workload(v);
      case ArgKind::choice:
        if (!arg.choices.empty() &&
            std::find(arg.choices.begin(), arg.choices.end(), v) == arg.choices.end()) {
          std::string all;
          for (const auto& c : arg.choices) all += (all.empty() ? "" : ", ") + c;
          bad(arg.name + " must be one of " + all + ", not '" + v + "'");
        }
        return v;
    }
  } catch (const fleet::UnknownCluster& e) {
    bad(arg.name + ": " + e.what());
  }
  return v;
}

std::string names_of(const Prompt& p) {
  std::string out;
  for (const auto& a : p.arguments) out += (out.empty() ? "" : ", ") + a.name;
  return out;
}

}  // namespace

const std::vector<Prompt>& all_prompts() {
  static const std::vector<Prompt> prompts = make_prompts();
  return prompts;
}

const Prompt* find_prompt(const std::string& name) {
  for (const auto& p : all_prompts())
    if (p.name == name) return &p;
  return nullptr;
}

PromptArgs validate_arguments(const Prompt& prompt, const json::object& arguments,
                              const fleet::Registry& registry) {
  PromptArgs out;
  for (const auto& kv : arguments) {
    const auto it = std::find_if(prompt.arguments.begin(), prompt.arguments.end(),
                                 [&](const PromptArgument& a) { return a.name == kv.key(); });
    if (it == prompt.arguments.end())
      bad("prompt " + prompt.name + " has no argument '" + std::string(kv.key()) +
          "' (arguments: " + names_of(prompt) + ")");
    if (!kv.value().is_string()) bad("argument " + it->name + " must be a string");
    const std::string v(kv.value().get_string());
    if (!v.empty()) out[it->name] = check_value(*it, v, registry);
  }
  for (const auto& a : prompt.arguments)
    if (a.required && !out.count(a.name))
      bad("prompt " + prompt.name + " needs the argument '" + a.name + "': " + a.description);
  return out;
}

json::object list_prompts(const json::object& params, const tools::Catalog& catalog) {
  if (params.contains("cursor")) bad("invalid cursor: the prompt list has a single page");
  json::array list;
  for (const auto& p : all_prompts()) {
    if (!served(p, catalog)) continue;
    json::array args;
    for (const auto& a : p.arguments)
      args.push_back(
          json::object{{"name", a.name}, {"description", a.description}, {"required", a.required}});
    list.push_back(json::object{{"name", p.name},
                                {"title", p.title},
                                {"description", p.description},
                                {"arguments", std::move(args)}});
  }
  return json::object{{"prompts", std::move(list)}};
}

json::object get_prompt(const json::object& params, const tools::Catalog& catalog,
                        const fleet::Registry& registry) {
  const auto* name = params.if_contains("name");
  if (!name || !name->is_string()) bad("prompts/get needs the prompt's name");
  const Prompt* p = find_prompt(std::string(name->get_string()));
  if (!p || !served(*p, catalog)) {
    std::string known;
    for (const auto& q : all_prompts())
      if (served(q, catalog)) known += (known.empty() ? "" : ", ") + q.name;
    bad("Unknown prompt: " + std::string(name->get_string()) +
        " (prompts: " + (known.empty() ? "none with the tools served" : known) + ")");
  }
  json::object arguments;
  if (const auto* a = params.if_contains("arguments"); a && !a->is_null()) {
    if (!a->is_object()) bad("arguments must be an object of strings");
    arguments = a->get_object();
  }
  const PromptArgs args = validate_arguments(*p, arguments, registry);
  return json::object{
      {"description", p->description},
      {"messages",
       json::array{json::object{
           {"role", "user"},
           {"content", json::object{{"type", "text"}, {"text", p->render(args, registry)}}}}}}};
}

}  // namespace kubemcp::mcp
