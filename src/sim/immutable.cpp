#include "sim/immutable.hpp"

#include <boost/json.hpp>
#include <functional>
#include <map>
#include <set>

#include "sim/util.hpp"

namespace kubemcp::sim {
namespace json = boost::json;

namespace {

using Rule = std::function<void(const json::object&, const json::object&, FieldErrors&)>;
constexpr const char* kImmutable = "field is immutable";

const json::object kEmpty;
const json::object& sub(const json::object& o, std::string_view key) {
  const auto* p = obj_at(o, key);
  return p ? *p : kEmpty;
}
const json::value* at(const json::object& o, std::string_view key) {
  return o.if_contains(key);
}
bool same(const json::value* a, const json::value* b) {
  if (!a || !b) return a == b || (a ? a->is_null() : b->is_null());
  return *a == *b;
}

void selector_immutable(const json::object& old, const json::object& next, FieldErrors& errs) {
  const auto* a = at(sub(old, "spec"), "selector");
  const auto* b = at(sub(next, "spec"), "selector");
  if (same(a, b)) return;
  errs.invalid_shown("spec.selector",
                     b && b->is_object() ? go_label_selector(b->as_object()) : "\"null\"",
                     kImmutable);
}

// ValidatePodUpdate: only images, activeDeadlineSeconds, added tolerations and a negative
// grace period raised to 1 may change in a pod's spec.
void pod(const json::object& old, const json::object& next, FieldErrors& errs) {
  const auto& os = sub(old, "spec");
  json::object munged = sub(next, "spec");
  for (const char* list : {"containers", "initContainers"}) {
    const auto* oc = arr_at(os, list);
    auto* nc = munged.if_contains(list);
    if (!oc || !nc || !nc->is_array() || nc->as_array().size() != oc->size()) continue;
    for (size_t i = 0; i < oc->size(); ++i)
      if ((*oc)[i].is_object() && nc->as_array()[i].is_object()) {
        auto& c = nc->as_array()[i].as_object();
        if (const auto* img = (*oc)[i].as_object().if_contains("image")) {
          c["image"] = *img;
        } else {
          c.erase("image");
        }
      }
  }
  for (const char* f : {"activeDeadlineSeconds", "tolerations"}) {
    if (const auto* v = at(os, f)) {
      // Tolerations may only grow: the old ones must all still be there.
      bool grows = std::string_view(f) != "tolerations";
      if (!grows)
        if (const auto* nt = arr_at(munged, f)) {
          grows = true;
          for (const auto& t : v->as_array())
            grows = grows && std::find(nt->begin(), nt->end(), t) != nt->end();
        }
      if (grows) munged[f] = *v;
    } else if (std::string_view(f) == "activeDeadlineSeconds") {
      munged.erase(f);
    }
  }
  if (int_at(os, "terminationGracePeriodSeconds", 0) < 0 &&
      int_at(munged, "terminationGracePeriodSeconds") == 1)
    munged["terminationGracePeriodSeconds"] = os.at("terminationGracePeriodSeconds");
  if (munged == os) return;
  std::string changed;
  std::set<std::string> keys;
  for (const auto& [k, v] : munged) keys.insert(std::string(k));
  for (const auto& [k, v] : os) keys.insert(std::string(k));
  for (const auto& k : keys)
    if (!same(at(munged, k), at(os, k))) changed += (changed.empty() ? "" : ", ") + k;
  errs.forbidden(
      "spec",
      "pod updates may not change fields other than `spec.containers[*].image`,"
      "`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` "
      "(only additions to existing tolerations),`spec.terminationGracePeriodSeconds` "
      "(allow it to be set to 1 if it was previously negative)\n  core.PodSpec{ changed: " +
          changed + " }");
}

void workload(const json::object& old, const json::object& next, FieldErrors& errs) {
  selector_immutable(old, next, errs);
}

void statefulset(const json::object& old, const json::object& next, FieldErrors& errs) {
  selector_immutable(old, next, errs);
  json::object a = sub(old, "spec"), b = sub(next, "spec");
  for (const char* f : {"replicas", "ordinals", "template", "updateStrategy",
                        "persistentVolumeClaimRetentionPolicy", "minReadySeconds", "selector"}) {
    a.erase(f);
    b.erase(f);
  }
  if (a != b)
    errs.forbidden("spec",
                   "updates to statefulset spec for fields other than 'replicas', 'ordinals', "
                   "'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and "
                   "'minReadySeconds' are forbidden");
}

void job(const json::object& old, const json::object& next, FieldErrors& errs) {
  selector_immutable(old, next, errs);
  const auto& os = sub(old, "spec");
  const auto& ns = sub(next, "spec");
  if (!same(at(os, "completions"), at(ns, "completions")))
    errs.invalid("spec.completions", at(ns, "completions") ? *at(ns, "completions") : nullptr,
                 kImmutable);
  if (!same(at(os, "template"), at(ns, "template")))
    errs.invalid_shown("spec.template", "core.PodTemplateSpec{...}", kImmutable);
}

std::string go_strings(const json::array& a) {
  std::string out = "[]string{";
  for (size_t i = 0; i < a.size(); ++i)
    out += (i ? ", " : "") + go_quote(a[i].is_string() ? std::string(a[i].as_string()) : "");
  return out + "}";
}

void service(const json::object& old, const json::object& next, FieldErrors& errs) {
  const auto& os = sub(old, "spec");
  const auto& ns = sub(next, "spec");
  if (str_at(os, "type") == "ExternalName" || str_at(ns, "type") == "ExternalName") return;
  const auto* oips = arr_at(os, "clusterIPs");
  const auto* nips = arr_at(ns, "clusterIPs");
  if (oips && nips && !oips->empty() && !nips->empty() && (*oips)[0] != (*nips)[0])
    errs.invalid_shown("spec.clusterIPs[0]", go_strings(*nips), "may not change once set");
}

// ConfigMaps and Secrets marked immutable keep their data and the mark.
void immutable_data(const json::object& old, const json::object& next, FieldErrors& errs,
                    std::initializer_list<const char*> fields) {
  const auto* im = at(old, "immutable");
  if (!im || !im->is_bool() || !im->as_bool()) return;
  const auto* nim = at(next, "immutable");
  if (!nim || !nim->is_bool() || !nim->as_bool())
    errs.forbidden("immutable", "field is immutable when `immutable` is set");
  for (const char* f : fields)
    if (!same(at(old, f), at(next, f)))
      errs.forbidden(f, "field is immutable when `immutable` is set");
}

void configmap(const json::object& old, const json::object& next, FieldErrors& errs) {
  immutable_data(old, next, errs, {"data", "binaryData"});
}

void secret(const json::object& old, const json::object& next, FieldErrors& errs) {
  if (str_at(old, "type") != str_at(next, "type"))
    errs.invalid("type", json::string(str_at(next, "type")), kImmutable);
  immutable_data(old, next, errs, {"data"});
}

const std::map<std::string, Rule>& rules() {
  static const std::map<std::string, Rule> table{
      {"Pod", pod},
      {"Deployment", workload},
      {"ReplicaSet", workload},
      {"DaemonSet", workload},
      {"StatefulSet", statefulset},
      {"Job", job},
      {"Service", service},
      {"ConfigMap", configmap},
      {"Secret", secret},
  };
  return table;
}

}  // namespace

void carry_allocated(const ResourceType& t, const json::object& old, json::object& next) {
  // namespaceStrategy.PrepareForUpdate: spec.finalizers change only through the namespace
  // controller's finalize (the status is kept as for every kind with a status).
  if (t.kind == "Namespace" && t.group.empty()) {
    const auto& os = sub(old, "spec");
    auto& nsp = ensure_obj(next, "spec");
    if (os.contains("finalizers")) {
      nsp["finalizers"] = os.at("finalizers");
    } else {
      nsp.erase("finalizers");
    }
    return;
  }
  if (t.kind != "Service") return;
  const auto& os = sub(old, "spec");
  auto* nsv = next.if_contains("spec");
  if (!nsv || !nsv->is_object()) return;
  auto& ns = nsv->as_object();
  if (str_at(ns, "type") == "ExternalName") return;
  // PatchAllocatedValues: an update without cluster IPs keeps the allocated ones.
  if (str_at(ns, "clusterIP").empty() && os.contains("clusterIP")) {
    ns["clusterIP"] = os.at("clusterIP");
    if (os.contains("clusterIPs")) ns["clusterIPs"] = os.at("clusterIPs");
  }
  // ... and node ports, matched by port number, while the type still has them.
  if (str_at(ns, "type") != "NodePort" && str_at(ns, "type") != "LoadBalancer") return;
  const auto* op = arr_at(os, "ports");
  auto* np = ns.if_contains("ports");
  if (!op || !np || !np->is_array()) return;
  for (auto& p : np->as_array()) {
    if (!p.is_object() || int_at(p.as_object(), "nodePort") != 0) continue;
    for (const auto& q : *op)
      if (q.is_object() && int_at(q.as_object(), "port") == int_at(p.as_object(), "port") &&
          int_at(q.as_object(), "nodePort") != 0)
        p.as_object()["nodePort"] = q.as_object().at("nodePort");
  }
}

void validate_update(const ResourceType& t, const json::object& old, const json::object& next,
                     FieldErrors& errs) {
  if (t.custom) return;
  if (auto it = rules().find(t.kind); it != rules().end()) it->second(old, next, errs);
}

}  // namespace kubemcp::sim
