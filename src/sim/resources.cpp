#include "sim/resources.hpp"

#include <algorithm>
#include <mutex>
#include <stdexcept>

namespace kubemcp::sim {
namespace json = boost::json;

namespace {

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

ResourcePtr make(std::string group, std::string version, std::string plural, std::string singular,
                 std::string kind, bool namespaced, std::vector<std::string> shorts,
                 std::vector<std::string> cats, bool status = false, bool scale = false,
                 std::vector<std::string> extra = {}) {
  auto r = std::make_shared<ResourceType>();
  r->group = std::move(group);
  r->version = std::move(version);
  r->plural = std::move(plural);
  r->singular = std::move(singular);
  r->kind = std::move(kind);
  r->namespaced = namespaced;
  r->short_names = std::move(shorts);
  r->categories = std::move(cats);
  r->has_status = status;
  r->has_scale = scale;
  r->extra_subresources = std::move(extra);
  return r;
}

ResourcePtr create_only(ResourcePtr r) {
  std::const_pointer_cast<ResourceType>(r)->verbs = {"create"};
  return r;
}

}  // namespace

Registry::Registry() {
  const std::vector<std::string> all{"all"};
  types_ = {
      make("", "v1", "pods", "pod", "Pod", true, {"po"}, all, true, false,
           {"log", "exec", "attach", "portforward", "binding", "eviction", "ephemeralcontainers"}),
      make("", "v1", "services", "service", "Service", true, {"svc"}, all, true),
      make("", "v1", "configmaps", "configmap", "ConfigMap", true, {"cm"}, {}),
      make("", "v1", "secrets", "secret", "Secret", true, {}, {}),
      make("", "v1", "serviceaccounts", "serviceaccount", "ServiceAccount", true, {"sa"}, {}),
      make("", "v1", "namespaces", "namespace", "Namespace", false, {"ns"}, {}, true),
      make("", "v1", "nodes", "node", "Node", false, {"no"}, {}, true),
      make("", "v1", "events", "event", "Event", true, {"ev"}, {}),
      make("", "v1", "endpoints", "endpoints", "Endpoints", true, {"ep"}, {}),
      make("discovery.k8s.io", "v1", "endpointslices", "endpointslice", "EndpointSlice", true, {},
           {}),
      make("", "v1", "persistentvolumeclaims", "persistentvolumeclaim", "PersistentVolumeClaim",
           true, {"pvc"}, {}, true),
      make("", "v1", "persistentvolumes", "persistentvolume", "PersistentVolume", false, {"pv"}, {},
           true),
      make("", "v1", "resourcequotas", "resourcequota", "ResourceQuota", true, {"quota"}, {}, true),
      make("", "v1", "limitranges", "limitrange", "LimitRange", true, {"limits"}, {}),
      make("apps", "v1", "deployments", "deployment", "Deployment", true, {"deploy"}, all, true,
           true),
      make("apps", "v1", "replicasets", "replicaset", "ReplicaSet", true, {"rs"}, all, true, true),
      make("apps", "v1", "statefulsets", "statefulset", "StatefulSet", true, {"sts"}, all, true,
           true),
      make("apps", "v1", "daemonsets", "daemonset", "DaemonSet", true, {"ds"}, all, true),
      make("apps", "v1", "controllerrevisions", "controllerrevision", "ControllerRevision", true,
           {}, {}),
      make("batch", "v1", "jobs", "job", "Job", true, {}, all, true),
      make("batch", "v1", "cronjobs", "cronjob", "CronJob", true, {"cj"}, all, true),
      make("autoscaling", "v2", "horizontalpodautoscalers", "horizontalpodautoscaler",
           "HorizontalPodAutoscaler", true, {"hpa"}, all, true),
      make("networking.k8s.io", "v1", "ingresses", "ingress", "Ingress", true, {"ing"}, {}, true),
      make("networking.k8s.io", "v1", "ingressclasses", "ingressclass", "IngressClass", false, {},
           {}),
      make("networking.k8s.io", "v1", "networkpolicies", "networkpolicy", "NetworkPolicy", true,
           {"netpol"}, {}),
      make("policy", "v1", "poddisruptionbudgets", "poddisruptionbudget", "PodDisruptionBudget",
           true, {"pdb"}, {}, true),
      make("rbac.authorization.k8s.io", "v1", "roles", "role", "Role", true, {}, {}),
      make("rbac.authorization.k8s.io", "v1", "rolebindings", "rolebinding", "RoleBinding", true,
           {}, {}),
      make("rbac.authorization.k8s.io", "v1", "clusterroles", "clusterrole", "ClusterRole", false,
           {}, {}),
      make("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "clusterrolebinding",
           "ClusterRoleBinding", false, {}, {}),
      make("storage.k8s.io", "v1", "storageclasses", "storageclass", "StorageClass", false, {"sc"},
           {}),
      make("coordination.k8s.io", "v1", "leases", "lease", "Lease", true, {}, {}),
      // Served from the running pods (sim/metrics.cpp), read-only.
      make("metrics.k8s.io", "v1beta1", "pods", "", "PodMetrics", true, {}, {}),
      make("metrics.k8s.io", "v1beta1", "nodes", "", "NodeMetrics", false, {}, {}),
      make("apiextensions.k8s.io", "v1", "customresourcedefinitions", "customresourcedefinition",
           "CustomResourceDefinition", false, {"crd", "crds"}, {"api-extensions"}, true),
      // Create-only, answered from the request's user (sim/reviews.cpp), never stored.
      create_only(make("authentication.k8s.io", "v1", "selfsubjectreviews", "selfsubjectreview",
                       "SelfSubjectReview", false, {}, {})),
      create_only(make("authorization.k8s.io", "v1", "selfsubjectaccessreviews",
                       "selfsubjectaccessreview", "SelfSubjectAccessReview", false, {}, {})),
      create_only(make("authorization.k8s.io", "v1", "selfsubjectrulesreviews",
                       "selfsubjectrulesreview", "SelfSubjectRulesReview", false, {}, {})),
  };
}

ResourcePtr Registry::find(const std::string& group, const std::string& version,
                           const std::string& name) const {
  std::string n = lower(name);
  std::shared_lock lock(mu_);
  for (const auto& t : types_) {
    if (t->group != group) continue;
    if (!version.empty() && t->version != version) continue;
    if (t->plural == n || t->singular == n || lower(t->kind) == n ||
        std::find(t->short_names.begin(), t->short_names.end(), n) != t->short_names.end())
      return t;
  }
  return nullptr;
}

ResourcePtr Registry::find_kind(const std::string& api_version, const std::string& kind) const {
  std::shared_lock lock(mu_);
  for (const auto& t : types_)
    if (t->group_version() == api_version && t->kind == kind) return t;
  return nullptr;
}

std::vector<ResourcePtr> Registry::all() const {
  std::shared_lock lock(mu_);
  return types_;
}

std::vector<std::pair<std::string, std::vector<std::string>>> Registry::groups() const {
  std::shared_lock lock(mu_);
  std::vector<std::pair<std::string, std::vector<std::string>>> out;
  for (const auto& t : types_) {
    auto it = std::find_if(out.begin(), out.end(), [&](auto& g) { return g.first == t->group; });
    if (it == out.end()) {
      out.push_back({t->group, {t->version}});
    } else if (std::find(it->second.begin(), it->second.end(), t->version) == it->second.end()) {
      it->second.push_back(t->version);
    }
  }
  return out;
}

uint64_t Registry::generation() const {
  std::shared_lock lock(mu_);
  return generation_;
}

std::vector<ResourcePtr> Registry::add_crd(const json::object& crd) {
  auto str = [](const json::object& o, const char* k) -> std::string {
    auto* v = o.if_contains(k);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
  };
  const auto* spec = crd.if_contains("spec");
  if (!spec || !spec->is_object()) throw std::invalid_argument("spec: Required value");
  const auto& s = spec->as_object();
  std::string group = str(s, "group");
  const auto* names = s.if_contains("names");
  if (group.empty()) throw std::invalid_argument("spec.group: Required value");
  if (!names || !names->is_object()) throw std::invalid_argument("spec.names: Required value");
  const auto& nm = names->as_object();
  std::string plural = str(nm, "plural"), kind = str(nm, "kind");
  if (plural.empty()) throw std::invalid_argument("spec.names.plural: Required value");
  if (kind.empty()) throw std::invalid_argument("spec.names.kind: Required value");
  std::string singular = str(nm, "singular");
  if (singular.empty()) singular = lower(kind);
  std::vector<std::string> shorts, cats;
  if (auto* v = nm.if_contains("shortNames"); v && v->is_array())
    for (auto& x : v->as_array())
      if (x.is_string()) shorts.emplace_back(x.as_string());
  if (auto* v = nm.if_contains("categories"); v && v->is_array())
    for (auto& x : v->as_array())
      if (x.is_string()) cats.emplace_back(x.as_string());
  bool namespaced = str(s, "scope") != "Cluster";
  const auto* versions = s.if_contains("versions");
  if (!versions || !versions->is_array() || versions->as_array().empty())
    throw std::invalid_argument("spec.versions: Required value");

  std::vector<ResourcePtr> added;
  for (const auto& v : versions->as_array()) {
    if (!v.is_object()) continue;
    const auto& vo = v.as_object();
    if (auto* served = vo.if_contains("served"); served && served->is_bool() && !served->as_bool())
      continue;
    auto r = make(group, str(vo, "name"), plural, singular, kind, namespaced, shorts, cats);
    auto rt = std::const_pointer_cast<ResourceType>(r);
    rt->custom = true;
    if (auto* sub = vo.if_contains("subresources"); sub && sub->is_object()) {
      rt->has_status = sub->as_object().contains("status");
      rt->has_scale = sub->as_object().contains("scale");
    }
    if (auto* cols = vo.if_contains("additionalPrinterColumns"); cols && cols->is_array()) {
      for (const auto& c : cols->as_array()) {
        if (!c.is_object()) continue;
        PrinterColumn pc;
        pc.name = str(c.as_object(), "name");
        pc.type = str(c.as_object(), "type");
        pc.json_path = str(c.as_object(), "jsonPath");
        pc.description = str(c.as_object(), "description");
        if (auto* p = c.as_object().if_contains("priority"); p && p->is_int64())
          pc.priority = static_cast<int>(p->as_int64());
        rt->printer_columns.push_back(pc);
      }
    }
    // selectableFields (1.32, beta): ".spec.color" makes "spec.color" a field label.
    if (auto* sf = vo.if_contains("selectableFields"); sf && sf->is_array())
      for (const auto& f : sf->as_array())
        if (f.is_object())
          if (auto p = str(f.as_object(), "jsonPath"); p.size() > 1 && p[0] == '.')
            rt->selectable_fields.push_back(p.substr(1));
    added.push_back(r);
  }
  std::unique_lock lock(mu_);
  types_.erase(std::remove_if(types_.begin(), types_.end(),
                              [&](const ResourcePtr& t) {
                                return t->custom && t->group == group && t->plural == plural;
                              }),
               types_.end());
  types_.insert(types_.end(), added.begin(), added.end());
  ++generation_;
  return added;
}

std::vector<ResourcePtr> Registry::remove_crd(const std::string& crd_name) {
  std::unique_lock lock(mu_);
  std::vector<ResourcePtr> removed;
  auto it = std::remove_if(types_.begin(), types_.end(), [&](const ResourcePtr& t) {
    return t->custom && t->plural + "." + t->group == crd_name;
  });
  removed.assign(it, types_.end());
  types_.erase(it, types_.end());
  ++generation_;
  return removed;
}

}  // namespace kubemcp::sim
