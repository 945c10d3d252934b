// k8s_compare: what differs between clusters in one namespace (its name may differ per
// cluster). Each cluster is read concurrently; objects are normalized (compare_normalize) and
// put side by side (compare_summary). Read-only; Secret values never leave this file, only
// whether they equal the reference cluster's.
#include <algorithm>
#include <boost/json.hpp>
#include <set>

#include "fleet/fleet.hpp"
#include "kube/discovery.hpp"
#include "kube/verbs.hpp"
#include "render/budget.hpp"
#include "tools/basic/compare_normalize.hpp"
#include "tools/basic/compare_summary.hpp"
#include "tools/basic/toolset.hpp"
#include "tools/framework/args.hpp"
#include "tools/framework/fanout.hpp"
#include "tools/framework/present.hpp"
#include "tools/framework/schema_parts.hpp"

namespace kubemcp::tools {
namespace json = boost::json;

namespace {

// The workloads and their configuration: what a promotion carries from cluster to cluster.
constexpr const char* kDefaultResources[] = {"deployments",
                                             "statefulsets",
                                             "daemonsets",
                                             "cronjobs",
                                             "services",
                                             "ingresses",
                                             "configmaps",
                                             "secrets",
                                             "horizontalpodautoscalers",
                                             "poddisruptionbudgets"};

struct Request {
  std::vector<std::string> resources;  // empty: kDefaultResources
  std::string name;
  std::string selector;
  std::vector<std::string> ignore;
  const json::object* namespaces = nullptr;  // cluster -> namespace, when given as a map
  std::string namespace_;                    // when given as one name
};

// One cluster's objects as read ("Kind/name" -> raw object), before normalization.
struct Read {
  std::string namespace_;
  std::map<std::string, json::value> objects;
};

std::string namespace_for(const Request& q, ClusterCall& call) {
  if (q.namespaces)
    for (const auto& [key, ns] : *q.namespaces)
      if (call.cluster.answers_to(std::string(key)) && ns.is_string())
        return std::string(ns.as_string());
  return q.namespace_.empty() ? call.namespace_ : q.namespace_;
}

// A key of the namespace map that names no configured cluster (a typo would otherwise silently
// compare that cluster's default namespace); "" when every key names one. Keys for clusters
// this call does not compare are fine: one map can serve every call.
std::string unknown_namespace_key(const Request& q,
                                  const std::vector<const fleet::ClusterConfig*>& clusters) {
  if (!q.namespaces) return "";
  for (const auto& entry : *q.namespaces) {
    // A plain variable, not a structured binding: clang 14 (the fuzz tree) cannot capture one.
    const std::string key(entry.key());
    if (std::none_of(clusters.begin(), clusters.end(),
                     [&](const auto* c) { return c->answers_to(key); }))
      return key;
  }
  return "";
}

std::vector<kube::ResourceInfo> resources_for(const Request& q, ClusterCall& call) {
  std::vector<kube::ResourceInfo> out;
  if (!q.resources.empty()) {
    for (const auto& r : q.resources)
      for (auto& info : call.client.discovery().resolve_many(r, call.ctx.cancel))
        out.push_back(std::move(info));
    return out;
  }
  // A default kind the cluster does not serve is simply not compared.
  const auto mapper = call.client.discovery().mapper(call.ctx.cancel);
  for (const char* r : kDefaultResources)
    if (const auto c = mapper->candidates(r); !c.empty() && c.front()->resource == r)
      out.push_back(*c.front());
  return out;
}

Read read_cluster(const Request& q, ClusterCall& call) {
  Read read;
  read.namespace_ = namespace_for(q, call);
  kube::ListOptions o;
  o.label_selector = q.selector;
  for (const auto& r : resources_for(q, call)) {
    auto list = kube::list_all(call.client, r, r.namespaced ? read.namespace_ : "", o, 5000,
                               call.ctx.cancel);
    for (auto& item : list.as_object().at("items").as_array()) {
      auto& obj = item.as_object();
      obj["kind"] = r.kind;  // list items carry no kind
      obj["apiVersion"] = r.api_version();
      const auto& name = obj.at("metadata").at("name").as_string();
      if (!q.name.empty() && name != q.name) continue;
      if (compare::made_by_cluster(obj)) continue;
      read.objects[r.kind + "/" + std::string(name)] = std::move(item);
    }
  }
  return read;
}

// The sides to show: Secret values replaced by markers against the reference cluster first,
// then every object normalized.
std::vector<compare::Side> sides_of(std::vector<ClusterResult<Read>>& answers, const Request& q) {
  std::set<std::string> secrets;
  for (auto& a : answers)
    for (auto& [key, _] : a.value.objects)
      if (key.rfind("Secret/", 0) == 0) secrets.insert(key);
  for (const auto& key : secrets) {
    std::vector<json::object*> copies;
    for (auto& a : answers) {
      auto it = a.value.objects.find(key);
      copies.push_back(a.failed || it == a.value.objects.end() ? nullptr : &it->second.as_object());
    }
    compare::mask_secret_values(copies);
  }
  std::vector<compare::Side> sides;
  for (auto& a : answers) {
    compare::Side s{a.cluster->name, a.value.namespace_, a.failed, a.error, {}};
    for (auto& [key, obj] : a.value.objects) s.objects[key] = compare::normalize(obj, q.ignore);
    sides.push_back(std::move(s));
  }
  return sides;
}

}  // namespace

static Result run_compare(const json::object& args, Context& ctx) {
  json::object fan_args;  // fan_out reads `cluster`; compare's default is every cluster
  fan_args["cluster"] = args.contains("clusters") ? args.at("clusters") : json::value("all");
  const auto clusters = ctx.fleet.registry().resolve_many(&fan_args.at("cluster"));
  if (clusters.size() < 2)
    return Result::error(
        "k8s_compare needs two or more clusters; name them in `clusters` "
        "(or \"all\"), e.g. [\"stage\", \"production\"]");
  Request q;
  q.resources = arg_strings(args, "resource");
  q.name = arg_string(args, "name");
  q.selector = arg_string(args, "selector");
  q.ignore = arg_strings(args, "ignore");
  if (const auto* ns = args.if_contains("namespace")) {
    if (ns->is_object()) q.namespaces = &ns->as_object();
    if (ns->is_string()) q.namespace_ = std::string(ns->as_string());
  }
  const json::value all("all");
  if (auto bad = unknown_namespace_key(q, ctx.fleet.registry().resolve_many(&all)); !bad.empty())
    return Result::error("`namespace` maps '" + bad +
                         "', which is no configured cluster; map each cluster's name or "
                         "alias to its namespace, e.g. {\"stage\": \"shop-stage\"}");
  const bool as_diff = arg_string(args, "output", "summary") == "diff";
  if (!as_diff && args.contains("continue"))
    return Result::error(
        "`continue` resumes a cut diff; add output=\"diff\" or drop `continue` for the summary");
  auto answers = fan_out_as<Read>(
      ctx, fan_args,
      std::function<Read(ClusterCall&)>([&](ClusterCall& call) { return read_cluster(q, call); }));
  const auto sides = sides_of(answers, q);
  const std::size_t budget = ctx.fleet.registry().settings().output_budget;
  std::string text, page_note;
  if (as_diff) {
    // Whole objects per page; the next call resumes at the first object not shown.
    const auto page = compare::diff_page(sides, arg_string(args, "continue"), budget);
    text = page.text;
    if (page.remaining > 0)
      page_note = "[cut: " + std::to_string(page.shown) + " differing object(s) shown, " +
                  std::to_string(page.remaining) +
                  " more] Call again with the same arguments and continue=\"" + page.next_key +
                  "\" to see the rest.\n";
  } else {
    text = compare::summary(sides);
  }
  std::string notes;
  bool all_failed = true;
  for (const auto& a : answers) {
    notes += heal_note(a.cluster->name, a.healed, true);
    all_failed = all_failed && a.failed;
  }
  const auto fitted = render::fit_to_budget(
      text, budget, "Narrow with resource, name, selector or ignore, or use output=summary.");
  Result r = Result::ok(fitted.text + page_note + notes);
  r.is_error = all_failed;
  r.cut = fitted.cut || !page_note.empty();
  r.cut_note = fitted.cut ? fitted.note : page_note;
  return r;
}

Tool compare_tool() {
  return parts::record(
      {.name = "k8s_compare",
       .title = "Compare clusters",
       .description =
           "Show what differs in a namespace between clusters (e.g. stage and production): "
           "objects are normalized (status, server-set metadata, API defaults and objects each "
           "cluster makes for itself left out) and compared to the first cluster. The summary "
           "has a row per object and a column per cluster naming the fields that differ (image, "
           "replicas, resources, config keys), then counts; output=diff gives a unified diff of "
           "each differing object. Secrets are compared by key names and whether values are equal; "
           "no value is ever shown. Example: {\"clusters\": [\"stage\", \"production\"], "
           "\"namespace\": "
           "{\"stage\": \"shop-stage\", \"production\": \"shop\"}}.",
       .schema = parts::object_schema({
           R"("clusters": {"type": ["string", "array"], "items": {"type": "string"},
  "description": "Two or more cluster names or aliases, or \"all\" (default: every configured cluster). The first is the reference."})",
           R"("namespace": {"type": ["string", "object"], "additionalProperties": {"type": "string"},
  "description": "Namespace, or a map cluster -> namespace when the names differ. Default: each cluster's default namespace."})",
           R"("resource": {"type": ["string", "array"], "items": {"type": "string"},
  "description": "Resource types to compare (default: deployments, statefulsets, daemonsets, cronjobs, services, ingresses, configmaps, secrets, HPAs, PDBs)."})",
           R"("name": {"type": "string", "description": "Only objects of this name."})",
           R"("selector": {"type": "string", "description": "Label selector, e.g. app=web."})",
           R"("ignore": {"type": ["string", "array"], "items": {"type": "string"},
  "description": "Field paths to leave out, e.g. [\"metadata.labels.team\", \"spec.replicas\"]."})",
           R"("output": {"type": "string", "enum": ["summary", "diff"], "description": "summary (default) or diff."})",
           R"("continue": {"type": "string", "description": "diff: the object to resume from, as a cut diff gave it (Kind/name)."})",
       }),
       .tier = Tier::basic,
       .annotations = parts::kRead},
      run_compare);
}

}  // namespace kubemcp::tools
