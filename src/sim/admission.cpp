#include "sim/admission.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <functional>
#include <vector>

#include "sim/cluster.hpp"
#include "sim/quota.hpp"
#include "sim/util.hpp"

namespace kubemcp::sim {
namespace json = boost::json;

namespace {

// A plugin may change the object (mutating admission) or refuse it with an ApiError.
using Plugin =
    std::function<void(Cluster&, const ResourceType&, const std::string& ns, json::object& body)>;

// The name admission reports: the object's name, else its generateName prefix.
std::string admitted_name(const json::object& body) {
  const auto* md = obj_at(body, "metadata");
  if (!md) return "";
  std::string name = str_at(*md, "name");
  return name.empty() ? str_at(*md, "generateName") : name;
}

// plugin/pkg/admission/serviceaccount: the pod's service account must exist.
void service_account(Cluster& c, const std::string& ns, const json::object& pod) {
  const auto* spec = obj_at(pod, "spec");
  std::string sa = spec ? str_at(*spec, "serviceAccountName") : "";
  if (sa.empty() && spec) sa = str_at(*spec, "serviceAccount");
  if (sa.empty()) sa = "default";
  auto sas = c.registry().find("", "v1", "serviceaccounts");
  if (c.store().get(*sas, ns, sa)) return;
  throw ApiError(403, "Forbidden",
                 "pods \"" + admitted_name(pod) + "\" is forbidden: error looking up service " +
                     "account " + ns + "/" + sa + ": serviceaccount \"" + sa + "\" not found",
                 json::object{{"name", admitted_name(pod)}, {"kind", "pods"}});
}

void resource_quota(Cluster& c, const ResourceType& t, const std::string& ns, json::object& body) {
  admit_quota(c, t, ns, body);
}

// plugin/pkg/admission/limitranger: a namespace's Container defaults fill in what a container
// leaves out, and the pod says so in its kubernetes.io/limit-ranger annotation.
void limit_ranger(Cluster& c, const std::string& ns, json::object& pod) {
  auto ranges = c.registry().find("", "v1", "limitranges");
  json::object requests, limits;
  for (const auto& lr : c.store().list(*ranges, ns, nullptr, 0, "").items) {
    const auto* spec = obj_at(*lr, "spec");
    if (const auto* ls = spec ? arr_at(*spec, "limits") : nullptr)
      for (const auto& l : *ls) {
        if (!l.is_object() || str_at(l.as_object(), "type") != "Container") continue;
        if (const auto* d = obj_at(l.as_object(), "defaultRequest"))
          for (const auto& [k, v] : *d) requests[k] = v;
        if (const auto* d = obj_at(l.as_object(), "default"))
          for (const auto& [k, v] : *d) limits[k] = v;
      }
  }
  if (requests.empty() && limits.empty()) return;
  std::vector<std::string> notes;
  auto fill = [&](json::object& res, const char* field, const json::object& defaults) {
    std::vector<std::string> set;
    auto& have = ensure_obj(res, field);
    for (const auto& [k, v] : defaults)
      if (!have.contains(k)) {
        have[k] = v;
        set.emplace_back(k);
      }
    if (have.empty()) res.erase(field);
    std::sort(set.begin(), set.end());
    std::string out;
    for (const auto& s : set) out += (out.empty() ? "" : ", ") + s;
    return out;
  };
  auto& spec = ensure_obj(pod, "spec");
  for (const char* list : {"initContainers", "containers"}) {
    auto* cs = spec.if_contains(list);
    if (!cs || !cs->is_array()) continue;
    std::string prefix = std::string(list) == "containers" ? "container " : "init container ";
    for (auto& cv : cs->as_array()) {
      if (!cv.is_object()) continue;
      auto& res = ensure_obj(cv.as_object(), "resources");
      std::string name = str_at(cv.as_object(), "name");
      std::string lim = fill(res, "limits", limits);
      std::string req = fill(res, "requests", requests);
      if (!req.empty()) notes.push_back(req + " request for " + prefix + name);
      if (!lim.empty()) notes.push_back(lim + " limit for " + prefix + name);
    }
  }
  if (notes.empty()) return;
  std::string all;
  for (const auto& n : notes) all += (all.empty() ? "" : "; ") + n;
  ensure_obj(ensure_obj(pod, "metadata"), "annotations")["kubernetes.io/limit-ranger"] =
      "LimitRanger plugin set: " + all;
}

// In the order kube-apiserver runs them; keyed by group/plural (ResourceType::key()), "*" for
// every resource.
const std::vector<std::pair<std::string, Plugin>>& plugins() {
  static const std::vector<std::pair<std::string, Plugin>> p{
      {"*",
       [](Cluster& c, const ResourceType& t, const std::string& ns, json::object& b) {
         if (!t.namespaced) return;
         auto nst = c.registry().find("", "v1", "namespaces");
         check_namespace_active(t, c.store().get(*nst, "", ns).get(), b);
       }},
      {"/pods", [](Cluster& c, const ResourceType&, const std::string& ns,
                   json::object& b) { limit_ranger(c, ns, b); }},
      {"/pods", [](Cluster& c, const ResourceType&, const std::string& ns,
                   json::object& b) { service_account(c, ns, b); }},
      {"*", resource_quota}};
  return p;
}

}  // namespace

// kube-apiserver's NamespaceLifecycle plugin: nothing new goes into a namespace being deleted.
void check_namespace_active(const ResourceType& t, const json::object* ns_obj,
                            const json::object& obj) {
  const auto* st = ns_obj ? obj_at(*ns_obj, "status") : nullptr;
  if (!st || str_at(*st, "phase") != "Terminating") return;
  const auto* md = obj_at(obj, "metadata");
  std::string name = md ? str_at(*md, "name") : "";
  if (name.empty() && md) name = str_at(*md, "generateName");
  std::string ns = str_at(*obj_at(*ns_obj, "metadata"), "name");
  std::string why =
      "unable to create new content in namespace " + ns + " because it is being terminated";
  json::object details{{"name", name}};
  if (!t.group.empty()) details["group"] = t.group;
  details["kind"] = t.plural;
  details["causes"] =
      json::array{json::object{{"reason", "NamespaceTerminating"},
                               {"message", "namespace " + ns + " is being terminated"},
                               {"field", "metadata.namespace"}}};
  std::string who = name.empty() ? qualified(t) : qualified(t) + " \"" + name + "\"";
  throw ApiError(403, "Forbidden", who + " is forbidden: " + why, std::move(details));
}

void admit_create(Cluster& c, const ResourceType& t, const std::string& ns, json::object& body) {
  for (const auto& [key, plugin] : plugins())
    if (key == "*" || key == t.key()) plugin(c, t, ns, body);
}

void bootstrap_new_namespaces(Cluster& c) {
  c.objects().add_listener([&c](const ResourceType& t, const std::string& type, const ObjPtr& obj) {
    if (t.kind != "Namespace" || type != "ADDED" || !t.group.empty()) return;
    std::string ns = str_at(*obj_at(*obj, "metadata"), "name");
    WriteOptions opts;
    opts.validate = false;
    auto make = [&](const char* plural, json::object o) {
      try {
        c.objects().create(*c.registry().find("", "v1", plural), ns, std::move(o), opts);
      } catch (const ApiError&) {
        // Already there (created with the namespace by its author).
      }
    };
    make("serviceaccounts", json::object{{"metadata", json::object{{"name", "default"}}}});
    make("configmaps", json::object{{"metadata", json::object{{"name", "kube-root-ca.crt"}}},
                                    {"data", json::object{{"ca.crt", c.ca().cert_pem}}}});
  });
}

}  // namespace kubemcp::sim
