// Normalization for k8s_compare: tables of what the API server and controllers write, removed
// by path, so only intended differences remain.
#include "tools/basic/compare_normalize.hpp"

#include <boost/json.hpp>
#include <string_view>

#include "net/json_access.hpp"

namespace kubemcp::tools::compare {
namespace json = boost::json;

namespace {

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= path.size()) {
    const auto dot = path.find('.', start);
    const auto end = dot == std::string_view::npos ? path.size() : dot;
    if (end > start) parts.emplace_back(path.substr(start, end - start));
    if (dot == std::string_view::npos) break;
    // Label and annotation keys hold dots ("kubectl.kubernetes.io/..."): the rest is one key.
    if (parts.size() == 2 && parts[0] == "metadata" &&
        (parts[1] == "annotations" || parts[1] == "labels")) {
      if (dot + 1 < path.size()) parts.emplace_back(path.substr(dot + 1));
      break;
    }
    start = dot + 1;
  }
  return parts;
}

// Removes the field at `parts` (a "[]" part means every item of an array) when `when` says
// so; empty maps left behind are removed too so `{}` never shows up as a difference.
template <typename Pred>
void remove_at(json::value& v, const std::vector<std::string>& parts, std::size_t i, Pred when) {
  if (i >= parts.size()) return;
  if (parts[i] == "[]") {
    if (auto* arr = v.if_array())
      for (auto& item : *arr) remove_at(item, parts, i + 1, when);
    return;
  }
  auto* obj = v.if_object();
  if (!obj) return;
  auto* child = obj->if_contains(parts[i]);
  if (!child) return;
  if (i + 1 == parts.size()) {
    if (when(*child)) obj->erase(parts[i]);
    return;
  }
  remove_at(*child, parts, i + 1, when);
  if (child->is_object() && child->as_object().empty()) obj->erase(parts[i]);
}

void remove_path(json::value& v, std::string_view path) {
  remove_at(v, split_path(path), 0, [](const json::value&) { return true; });
}

void remove_default(json::value& v, std::string_view path, const json::value& def) {
  remove_at(v, split_path(path), 0, [&](const json::value& x) { return x == def; });
}

// Written by the API server or controllers on every object.
constexpr const char* kNoise[] = {
    "status",
    "metadata.uid",
    "metadata.resourceVersion",
    "metadata.generation",
    "metadata.creationTimestamp",
    "metadata.managedFields",
    "metadata.selfLink",
    "metadata.namespace",  // compared across namespaces named differently per cluster
    "metadata.annotations.kubectl.kubernetes.io/last-applied-configuration",
    "metadata.annotations.deployment.kubernetes.io/revision",
    "metadata.annotations.deprecated.daemonset.template.generation",
    // Addresses each cluster assigns to a Service.
    "spec.clusterIP",
    "spec.clusterIPs",
    "spec.ipFamilies",
    "spec.ipFamilyPolicy",
};

// Fields equal to the API's defaults (pkg/apis/*/v1/defaults.go); a pod template sits under
// spec.template.spec (workloads) or spec.jobTemplate.spec.template.spec (CronJobs).
struct Default {
  std::string path;
  json::value value;
};
const std::vector<Default>& defaults() {
  static const std::vector<Default> table = [] {
    std::vector<Default> t = {
        {"spec.progressDeadlineSeconds", 600},
        {"spec.revisionHistoryLimit", 10},
        {"spec.strategy", json::parse(R"({"type":"RollingUpdate","rollingUpdate":)"
                                      R"({"maxSurge":"25%","maxUnavailable":"25%"}})")},
        {"spec.podManagementPolicy", "OrderedReady"},
        {"spec.updateStrategy",
         json::parse(R"({"type":"RollingUpdate","rollingUpdate":{"partition":0}})")},
        {"spec.updateStrategy",
         json::parse(
             R"({"type":"RollingUpdate","rollingUpdate":{"maxSurge":0,"maxUnavailable":1}})")},
        {"spec.updateStrategy", json::parse(R"({"type":"RollingUpdate"})")},
        {"spec.persistentVolumeClaimRetentionPolicy",
         json::parse(R"({"whenDeleted":"Retain","whenScaled":"Retain"})")},
        {"spec.concurrencyPolicy", "Allow"},
        {"spec.suspend", false},
        {"spec.successfulJobsHistoryLimit", 3},
        {"spec.failedJobsHistoryLimit", 1},
        {"spec.sessionAffinity", "None"},
        {"spec.type", "ClusterIP"},
        {"spec.internalTrafficPolicy", "Cluster"},
        {"spec.ports.[].protocol", "TCP"},
        {"spec.template.metadata.creationTimestamp", nullptr},
    };
    // HorizontalPodAutoscaler (autoscaling/v2 SetDefaults_HorizontalPodAutoscaler): minReplicas
    // 1 and CPU at 80% when no metric is given. A `behavior` that is set gets every unset field
    // of both rules filled in (scale-down's stabilization window stays unset: the controller's
    // flag decides it), so a behavior spelling out only defaults equals no behavior at all.
    // policy/v1 (PodDisruptionBudget) and networking/v1 Ingress have no defaults to model.
    const std::vector<Default> hpa = {
        {"spec.minReplicas", 1},
        {"spec.metrics",
         json::parse(R"([{"type":"Resource","resource":{"name":"cpu",)"
                     R"("target":{"type":"Utilization","averageUtilization":80}}}])")},
        {"spec.behavior.scaleUp.stabilizationWindowSeconds", 0},
        {"spec.behavior.scaleUp.selectPolicy", "Max"},
        {"spec.behavior.scaleUp.policies",
         json::parse(R"([{"type":"Pods","value":4,"periodSeconds":15},)"
                     R"({"type":"Percent","value":100,"periodSeconds":15}])")},
        {"spec.behavior.scaleDown.selectPolicy", "Max"},
        {"spec.behavior.scaleDown.policies",
         json::parse(R"([{"type":"Percent","value":100,"periodSeconds":15}])")},
    };
    t.insert(t.end(), hpa.begin(), hpa.end());
    for (const char* pod : {"spec.template.spec.", "spec.jobTemplate.spec.template.spec."}) {
      const std::string p = pod;
      for (const auto& d : std::vector<Default>{
               {"restartPolicy", "Always"},
               {"dnsPolicy", "ClusterFirst"},
               {"schedulerName", "default-scheduler"},
               {"terminationGracePeriodSeconds", 30},
               {"securityContext", json::object{}},
               {"containers.[].terminationMessagePath", "/dev/termination-log"},
               {"containers.[].terminationMessagePolicy", "File"},
               {"containers.[].imagePullPolicy", "IfNotPresent"},
               {"containers.[].resources", json::object{}},
               {"containers.[].ports.[].protocol", "TCP"},
               {"enableServiceLinks", true},
               {"volumes.[].configMap.defaultMode", 420},
               {"volumes.[].secret.defaultMode", 420},
               {"volumes.[].projected.defaultMode", 420},
               {"volumes.[].downwardAPI.defaultMode", 420},
           })
        t.push_back({p + d.path, d.value});
      // Probe defaults (SetDefaults_Probe, SetDefaults_HTTPGetAction) for every probe kind.
      for (const char* probe : {"livenessProbe", "readinessProbe", "startupProbe"})
        for (const auto& d : std::vector<Default>{{"timeoutSeconds", 1},
                                                  {"periodSeconds", 10},
                                                  {"successThreshold", 1},
                                                  {"failureThreshold", 3},
                                                  {"httpGet.scheme", "HTTP"}})
          t.push_back({p + "containers.[]." + probe + "." + d.path, d.value});
    }
    return t;
  }();
  return table;
}

std::string annotation(const json::object& o, const char* key) {
  const auto* md = o.if_contains("metadata");
  const auto* ann = md && md->is_object() ? md->as_object().if_contains("annotations") : nullptr;
  const auto* v = ann && ann->is_object() ? ann->as_object().if_contains(key) : nullptr;
  return v && v->is_string() ? std::string(v->as_string()) : "";
}

std::string field(const json::object& o, const char* a, const char* b = nullptr) {
  const auto* v = o.if_contains(a);
  if (v && b) v = v->is_object() ? v->as_object().if_contains(b) : nullptr;
  return v && v->is_string() ? std::string(v->as_string()) : "";
}

}  // namespace

bool made_by_cluster(const json::object& o) {
  const auto kind = field(o, "kind");
  const auto name = field(o, "metadata", "name");
  if (kind == "ConfigMap") return name == "kube-root-ca.crt";
  if (kind == "ServiceAccount") return name == "default";
  if (kind == "Secret")
    return field(o, "type") == "kubernetes.io/service-account-token" &&
           annotation(o, "kubernetes.io/service-account.name") == "default";
  return false;
}

void mask_secret_values(const std::vector<json::object*>& copies) {
  const json::object* reference = nullptr;
  for (auto* c : copies)
    if (c && !reference) reference = c;
  if (!reference) return;
  for (const char* section : {"data", "stringData"}) {
    const auto* ref_section = reference->if_contains(section);
    // Decide every copy's markers before the reference itself is overwritten.
    std::vector<std::pair<json::value*, bool>> marks;
    for (auto* c : copies) {
      if (!c) continue;
      auto* s = c->if_contains(section);
      if (!s || !s->is_object()) continue;
      for (auto& [key, value] : s->as_object()) {
        const json::value* ref = ref_section && ref_section->is_object()
                                     ? ref_section->as_object().if_contains(key)
                                     : nullptr;
        marks.emplace_back(&value, ref && *ref == value);
      }
    }
    for (auto& [value, same] : marks) *value = same ? kSecretSame : kSecretDiffers;
  }
}

namespace {

// A Service port's targetPort defaults to its port (SetDefaults_Service): equal means unset.
void drop_default_target_ports(json::value& v) {
  auto* ports = v.is_object() ? v.as_object().if_contains("spec") : nullptr;
  ports = ports && ports->is_object() ? ports->as_object().if_contains("ports") : nullptr;
  if (!ports || !ports->is_array()) return;
  for (auto& p : ports->as_array()) {
    if (!p.is_object()) continue;
    auto& port = p.as_object();
    const auto* target = port.if_contains("targetPort");
    const auto* number = port.if_contains("port");
    if (target && number && *target == *number) port.erase("targetPort");
  }
}

}  // namespace

json::value normalize(const json::value& object, const std::vector<std::string>& ignore) {
  json::value v = object;
  for (const char* p : kNoise) remove_path(v, p);
  for (const auto& d : defaults()) remove_default(v, d.path, d.value);
  if (v.is_object() && net::str_at(v.as_object(), "kind") == "Service")
    drop_default_target_ports(v);
  for (const auto& p : ignore) remove_path(v, p);
  return v;
}

namespace {

// "a.b[x].c" -> {"a", "b", "[x]", "c"}; a default's "a.[].c" -> {"a", "[]", "c"}.
std::vector<std::string> tokens(std::string_view path) {
  std::vector<std::string> out;
  std::string cur;
  for (std::size_t i = 0; i < path.size(); ++i) {
    const char c = path[i];
    if (c == '.' || c == '[') {
      if (!cur.empty()) out.push_back(std::move(cur));
      cur.clear();
      if (c == '[') {
        const auto close = path.find(']', i);
        if (close == std::string_view::npos) break;
        out.emplace_back(path.substr(i, close - i + 1));
        i = close;
      }
      continue;
    }
    cur += c;
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

// Walks `rest` into a default value: object keys, "[i]" indexes and "[name]" named items.
const json::value* descend(const json::value* v, const std::vector<std::string>& rest,
                           std::size_t i) {
  for (; v && i < rest.size(); ++i) {
    const std::string& t = rest[i];
    if (t.front() != '[') {
      v = v->is_object() ? v->as_object().if_contains(t) : nullptr;
      continue;
    }
    const auto* arr = v->if_array();
    if (!arr) return nullptr;
    const std::string key = t.substr(1, t.size() - 2);
    const json::value* found = nullptr;
    for (std::size_t k = 0; k < arr->size() && !found; ++k) {
      const auto* item = (*arr)[k].if_object();
      const auto* name = item ? item->if_contains("name") : nullptr;
      if (key == std::to_string(k) || (name && name->is_string() && name->as_string() == key))
        found = &(*arr)[k];
    }
    v = found;
  }
  return v;
}

}  // namespace

std::optional<std::string> default_value(std::string_view path) {
  const auto want = tokens(path);
  for (const auto& d : defaults()) {
    const auto have = tokens(d.path);
    if (have.size() > want.size()) continue;
    bool match = true;
    for (std::size_t i = 0; i < have.size() && match; ++i)
      match = have[i] == want[i] || (have[i] == "[]" && want[i].front() == '[');
    if (!match) continue;
    const json::value* v = descend(&d.value, want, have.size());
    if (!v || v->is_object() || v->is_array()) continue;
    return v->is_string() ? std::string(v->as_string()) : json::serialize(*v);
  }
  return std::nullopt;
}

}  // namespace kubemcp::tools::compare
