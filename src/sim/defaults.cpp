#include "sim/defaults.hpp"

#include <boost/json.hpp>
#include <functional>
#include <map>
#include <set>

#include "sim/field_errors.hpp"
#include "sim/selectors.hpp"
#include "sim/util.hpp"

namespace kubemcp::sim {
namespace json = boost::json;

namespace {

constexpr const char* kTokenPath = "/var/run/secrets/kubernetes.io/serviceaccount";

std::string random_suffix(size_t n) {
  static const char* chars = "bcdfghjklmnpqrstvwxz2456789";
  std::string hex = random_hex(n);
  std::string out;
  for (size_t i = 0; i < n; ++i) out += chars[static_cast<unsigned char>(hex[i * 2]) % 27];
  return out;
}

void set_default(json::object& o, std::string_view key, json::value v) {
  if (!o.contains(key)) o[key] = std::move(v);
}

// Every container of a spec, init containers first.
void each_container(json::object& spec, const std::function<void(json::object&)>& fn) {
  for (const char* list : {"initContainers", "containers"})
    if (auto* cs = spec.if_contains(list); cs && cs->is_array())
      for (auto& c : cs->as_array())
        if (c.is_object()) fn(c.as_object());
}

// SetDefaults_Probe and SetDefaults_HTTPGetAction.
void default_probe(json::object& probe) {
  set_default(probe, "timeoutSeconds", 1);
  set_default(probe, "periodSeconds", 10);
  set_default(probe, "successThreshold", 1);
  set_default(probe, "failureThreshold", 3);
  if (auto* get = probe.if_contains("httpGet"); get && get->is_object())
    set_default(get->as_object(), "scheme", "HTTP");
}

// SetDefaults_{Secret,ConfigMap,DownwardAPI,Projected}VolumeSource: mode 0644.
void default_volume(json::object& vol) {
  for (const char* source : {"secret", "configMap", "downwardAPI", "projected"})
    if (auto* s = vol.if_contains(source); s && s->is_object())
      set_default(s->as_object(), "defaultMode", 420);
  if (auto* hp = vol.if_contains("hostPath"); hp && hp->is_object())
    set_default(hp->as_object(), "type", "");
}

json::object api_access_volume(const std::string& name) {
  return {
      {"name", name},
      {"projected",
       json::object{
           {"defaultMode", 420},
           {"sources",
            json::array{
                json::object{{"serviceAccountToken",
                              json::object{{"expirationSeconds", 3607}, {"path", "token"}}}},
                json::object{{"configMap", json::object{{"name", "kube-root-ca.crt"},
                                                        {"items", json::array{json::object{
                                                                      {"key", "ca.crt"},
                                                                      {"path", "ca.crt"}}}}}}},
                json::object{
                    {"downwardAPI",
                     json::object{{"items", json::array{json::object{
                                                {"path", "namespace"},
                                                {"fieldRef",
                                                 json::object{{"apiVersion", "v1"},
                                                              {"fieldPath",
                                                               "metadata.namespace"}}}}}}}}}}}}}};
}

// ServiceAccount admission: the account defaults to "default" and, unless automount is off,
// its token, CA and namespace are mounted into every container.
void service_account(json::object& spec) {
  std::string sa = str_at(spec, "serviceAccountName");
  if (sa.empty()) sa = str_at(spec, "serviceAccount");
  if (sa.empty()) sa = "default";
  spec["serviceAccountName"] = sa;
  spec["serviceAccount"] = sa;
  if (const auto* am = spec.if_contains("automountServiceAccountToken");
      am && am->is_bool() && !am->as_bool())
    return;
  bool mounted = false;
  each_container(spec, [&](json::object& c) {
    if (const auto* ms = arr_at(c, "volumeMounts"))
      for (const auto& m : *ms)
        if (m.is_object() && str_at(m.as_object(), "mountPath") == kTokenPath) mounted = true;
  });
  if (mounted) return;
  std::string vol = "kube-api-access-" + random_suffix(5);
  auto& vols = spec["volumes"];
  if (!vols.is_array()) vols = json::array{};
  vols.as_array().push_back(api_access_volume(vol));
  each_container(spec, [&](json::object& c) {
    auto& ms = c["volumeMounts"];
    if (!ms.is_array()) ms = json::array{};
    ms.as_array().push_back(
        json::object{{"name", vol}, {"readOnly", true}, {"mountPath", kTokenPath}});
  });
}

// DefaultTolerationSeconds admission.
void default_tolerations(json::object& spec) {
  auto& tols = spec["tolerations"];
  if (!tols.is_array()) tols = json::array{};
  for (const char* key : {"node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"}) {
    bool present = false;
    for (const auto& t : tols.as_array())
      if (t.is_object() && str_at(t.as_object(), "key") == key &&
          (str_at(t.as_object(), "effect").empty() ||
           str_at(t.as_object(), "effect") == "NoExecute"))
        present = true;
    if (!present)
      tols.as_array().push_back(json::object{{"key", key},
                                             {"operator", "Exists"},
                                             {"effect", "NoExecute"},
                                             {"tolerationSeconds", 300}});
  }
}

// SetDefaults_Pod: a limit with no request makes the request equal to the limit.
void requests_from_limits(json::object& spec) {
  each_container(spec, [](json::object& c) {
    auto* res = c.if_contains("resources");
    if (!res || !res->is_object()) return;
    const auto* lp = obj_at(res->as_object(), "limits");
    if (!lp || lp->empty()) return;
    // A copy: adding "requests" may rehash the object the limits live in.
    const json::object limits = *lp;
    auto& requests = ensure_obj(res->as_object(), "requests");
    for (const auto& [k, v] : limits)
      if (!requests.contains(k)) requests[k] = v;
  });
}

void pod_on_create(json::object& pod) {
  auto& spec = ensure_obj(pod, "spec");
  default_pod_spec_fields(spec);
  service_account(spec);
  set_default(spec, "enableServiceLinks", true);
  default_tolerations(spec);
  set_default(spec, "priority", 0);
  set_default(spec, "preemptionPolicy", "PreemptLowerPriority");
  requests_from_limits(spec);
  std::string qos = qos_class(spec);  // before "status" is added: that may move `spec`
  ensure_obj(pod, "status")["qosClass"] = qos;
}

// ---- Services: node ports ----------------------------------------------------------------------
void service_on_create(json::object& svc, Store& store, const Registry& registry) {
  auto& spec = ensure_obj(svc, "spec");
  std::string type = str_at(spec, "type");
  if (type != "ExternalName") {
    set_default(spec, "internalTrafficPolicy", "Cluster");
    set_default(spec, "ipFamilies", json::array{"IPv4"});
    set_default(spec, "ipFamilyPolicy", "SingleStack");
  }
  if (type != "NodePort" && type != "LoadBalancer") return;
  set_default(spec, "externalTrafficPolicy", "Cluster");
  if (type == "LoadBalancer") set_default(spec, "allocateLoadBalancerNodePorts", true);
  auto* ports = spec.if_contains("ports");
  if (!ports || !ports->is_array()) return;
  std::set<int64_t> taken;
  auto services = registry.find("", "v1", "services");
  for (const auto& s : store.list(*services, "", nullptr, 0, "").items)
    if (const auto* sspec = obj_at(*s, "spec"))
      if (const auto* sp = arr_at(*sspec, "ports"))
        for (const auto& p : *sp)
          if (p.is_object() && int_at(p.as_object(), "nodePort") > 0)
            taken.insert(int_at(p.as_object(), "nodePort"));
  FieldErrors errs;
  auto& arr = ports->as_array();
  for (size_t i = 0; i < arr.size(); ++i) {
    if (!arr[i].is_object()) continue;
    auto& p = arr[i].as_object();
    int64_t np = int_at(p, "nodePort");
    if (np > 0) {
      if (!taken.insert(np).second)
        errs.invalid("spec.ports[" + std::to_string(i) + "].nodePort", np,
                     "provided port is already allocated");
      continue;
    }
    // The allocator picks a random free port of the range.
    int64_t start = 30000 + static_cast<int64_t>(std::stoul(random_hex(2), nullptr, 16) % 2768);
    for (int64_t k = 0; k < 2768; ++k) {
      int64_t candidate = 30000 + (start - 30000 + k) % 2768;
      if (taken.insert(candidate).second) {
        p["nodePort"] = candidate;
        break;
      }
    }
  }
  errs.raise("Service", "", str_at(*obj_at(svc, "metadata"), "name"));
}

// ---- Jobs: the generated selector --------------------------------------------------------------
void job_on_create(json::object& job) {
  auto& spec = ensure_obj(job, "spec");
  if (const auto* ms = spec.if_contains("manualSelector"); ms && ms->is_bool() && ms->as_bool())
    return;
  const auto& md = *obj_at(job, "metadata");
  std::string uid = str_at(md, "uid"), name = str_at(md, "name");
  auto& labels = ensure_obj(ensure_obj(ensure_obj(spec, "template"), "metadata"), "labels");
  json::object expected{{"controller-uid", uid},
                        {"job-name", name},
                        {"batch.kubernetes.io/controller-uid", uid},
                        {"batch.kubernetes.io/job-name", name}};
  for (const auto& [k, v] : expected) labels[k] = v;
  if (!spec.contains("selector")) {
    spec["selector"] =
        json::object{{"matchLabels", json::object{{"batch.kubernetes.io/controller-uid", uid}}}};
    return;
  }
  const auto* sel = obj_at(spec, "selector");
  if (sel && LabelSelector::from_json(*sel).matches(&expected)) return;
  FieldErrors errs;
  errs.invalid_shown("spec.selector", sel ? go_label_selector(*sel) : "\"null\"",
                     "`selector` not auto-generated");
  errs.raise("Job", "batch", name);
}

// namespaceStrategy.PrepareForCreate: Active, and the `kubernetes` finalizer the namespace
// controller removes once the namespace is emptied (kept with any others the author set).
void namespace_on_create(json::object& ns) {
  ns["status"] = json::object{{"phase", "Active"}};
  auto& spec = ensure_obj(ns, "spec");
  auto* fins = spec.if_contains("finalizers");
  if (!fins || !fins->is_array()) fins = &(spec["finalizers"] = json::array{});
  for (const auto& f : fins->as_array())
    if (f.is_string() && f.as_string() == "kubernetes") return;
  fins->as_array().emplace_back("kubernetes");
}

}  // namespace

void default_pod_spec_fields(json::object& spec) {
  each_container(spec, [](json::object& c) {
    for (const char* probe : {"livenessProbe", "readinessProbe", "startupProbe"})
      if (auto* p = c.if_contains(probe); p && p->is_object()) default_probe(p->as_object());
  });
  if (auto* vols = spec.if_contains("volumes"); vols && vols->is_array())
    for (auto& v : vols->as_array())
      if (v.is_object()) default_volume(v.as_object());
}

std::string qos_class(const json::object& spec) {
  bool any = false, guaranteed = true;
  for (const char* list : {"initContainers", "containers"}) {
    const auto* cs = arr_at(spec, list);
    if (!cs) continue;
    for (const auto& cv : *cs) {
      if (!cv.is_object()) continue;
      const auto* res = obj_at(cv.as_object(), "resources");
      const auto* req = res ? obj_at(*res, "requests") : nullptr;
      const auto* lim = res ? obj_at(*res, "limits") : nullptr;
      for (const char* r : {"cpu", "memory"}) {
        const json::value* rq = req ? req->if_contains(r) : nullptr;
        const json::value* lm = lim ? lim->if_contains(r) : nullptr;
        any = any || rq || lm;
        if (!lm || (rq && *rq != *lm)) guaranteed = false;
      }
    }
  }
  if (!any) return "BestEffort";
  return guaranteed ? "Guaranteed" : "Burstable";
}

// Status fields without omitempty in k8s.io/api: Go writes their zero value from the moment
// the object exists, before any controller has looked at it, and clients generated from the
// OpenAPI spec (where they are `required`) reject an object without them.
void zero_status_fields(const ResourceType& t, json::object& obj) {
  static const std::map<std::string, std::vector<const char*>> fields{
      {"ReplicaSet", {"replicas"}},
      {"StatefulSet", {"replicas", "availableReplicas"}},
      {"DaemonSet",
       {"currentNumberScheduled", "numberMisscheduled", "desiredNumberScheduled", "numberReady"}},
      {"HorizontalPodAutoscaler", {"desiredReplicas"}},
      {"PodDisruptionBudget",
       {"disruptionsAllowed", "currentHealthy", "desiredHealthy", "expectedPods"}},
  };
  // A kind with a status subresource has a status struct: written as {} at the least.
  if (t.has_status && !obj.contains("status")) obj["status"] = json::object{};
  auto it = fields.find(t.kind);
  if (it == fields.end()) return;
  json::value& st = obj["status"];
  if (!st.is_object()) st = json::object{};
  for (const char* f : it->second) set_default(st.as_object(), f, 0);
}

void default_on_create(const ResourceType& t, json::object& obj, Store& store,
                       const Registry& registry) {
  if (t.custom) return;
  zero_status_fields(t, obj);
  if (t.kind == "Pod") {
    pod_on_create(obj);
  } else if (t.kind == "Service") {
    service_on_create(obj, store, registry);
  } else if (t.kind == "Job") {
    job_on_create(obj);
  } else if (t.kind == "Namespace" && t.group.empty()) {
    namespace_on_create(obj);
  }
}

}  // namespace kubemcp::sim
