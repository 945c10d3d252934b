#include "sim/validation.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "sim/field_errors.hpp"
#include "sim/selectors.hpp"
#include "sim/util.hpp"
#include "sim/validate_kinds.hpp"
#include "sim/validate_names.hpp"

namespace kubemcp::sim {
namespace json = boost::json;

namespace {

using Fields = std::set<std::string>;

const Fields kMeta{"name",
                   "generateName",
                   "namespace",
                   "selfLink",
                   "uid",
                   "resourceVersion",
                   "generation",
                   "creationTimestamp",
                   "deletionTimestamp",
                   "deletionGracePeriodSeconds",
                   "labels",
                   "annotations",
                   "ownerReferences",
                   "finalizers",
                   "managedFields"};
const Fields kContainer{"name",
                        "image",
                        "command",
                        "args",
                        "workingDir",
                        "ports",
                        "envFrom",
                        "env",
                        "resources",
                        "resizePolicy",
                        "restartPolicy",
                        "volumeMounts",
                        "volumeDevices",
                        "livenessProbe",
                        "readinessProbe",
                        "startupProbe",
                        "lifecycle",
                        "terminationMessagePath",
                        "terminationMessagePolicy",
                        "imagePullPolicy",
                        "securityContext",
                        "stdin",
                        "stdinOnce",
                        "tty"};
const Fields kPodSpec{"volumes",
                      "initContainers",
                      "containers",
                      "ephemeralContainers",
                      "restartPolicy",
                      "terminationGracePeriodSeconds",
                      "activeDeadlineSeconds",
                      "dnsPolicy",
                      "nodeSelector",
                      "serviceAccountName",
                      "serviceAccount",
                      "automountServiceAccountToken",
                      "nodeName",
                      "hostNetwork",
                      "hostPID",
                      "hostIPC",
                      "shareProcessNamespace",
                      "securityContext",
                      "imagePullSecrets",
                      "hostname",
                      "subdomain",
                      "affinity",
                      "schedulerName",
                      "tolerations",
                      "hostAliases",
                      "priorityClassName",
                      "priority",
                      "dnsConfig",
                      "readinessGates",
                      "runtimeClassName",
                      "enableServiceLinks",
                      "preemptionPolicy",
                      "overhead",
                      "topologySpreadConstraints",
                      "setHostnameAsFQDN",
                      "os",
                      "hostUsers",
                      "schedulingGates",
                      "resourceClaims",
                      "resources"};
const Fields kTemplate{"metadata", "spec"};

struct KindSpec {
  const char* kind;
  Fields top;
  Fields spec;  // empty: spec not checked
};

const std::vector<KindSpec>& kinds() {
  static const Fields obj{"apiVersion", "kind", "metadata", "spec", "status"};
  static const std::vector<KindSpec> k = {
      {"Pod", obj, kPodSpec},
      {"Deployment",
       obj,
       {"replicas", "selector", "template", "strategy", "minReadySeconds", "revisionHistoryLimit",
        "paused", "progressDeadlineSeconds"}},
      {"ReplicaSet", obj, {"replicas", "minReadySeconds", "selector", "template"}},
      {"StatefulSet",
       obj,
       {"replicas", "selector", "template", "volumeClaimTemplates", "serviceName",
        "podManagementPolicy", "updateStrategy", "revisionHistoryLimit", "minReadySeconds",
        "persistentVolumeClaimRetentionPolicy", "ordinals"}},
      {"DaemonSet",
       obj,
       {"selector", "template", "updateStrategy", "minReadySeconds", "revisionHistoryLimit"}},
      {"Job",
       obj,
       {"parallelism", "completions", "activeDeadlineSeconds", "podFailurePolicy", "successPolicy",
        "backoffLimit", "backoffLimitPerIndex", "maxFailedIndexes", "selector", "manualSelector",
        "template", "ttlSecondsAfterFinished", "completionMode", "suspend", "podReplacementPolicy",
        "managedBy"}},
      {"CronJob",
       obj,
       {"schedule", "timeZone", "startingDeadlineSeconds", "concurrencyPolicy", "suspend",
        "jobTemplate", "successfulJobsHistoryLimit", "failedJobsHistoryLimit"}},
      {"Service",
       obj,
       {"ports",
        "selector",
        "clusterIP",
        "clusterIPs",
        "type",
        "externalIPs",
        "sessionAffinity",
        "loadBalancerIP",
        "loadBalancerSourceRanges",
        "externalName",
        "externalTrafficPolicy",
        "healthCheckNodePort",
        "publishNotReadyAddresses",
        "sessionAffinityConfig",
        "ipFamilies",
        "ipFamilyPolicy",
        "allocateLoadBalancerNodePorts",
        "loadBalancerClass",
        "internalTrafficPolicy",
        "trafficDistribution"}},
      {"ConfigMap", {"apiVersion", "kind", "metadata", "data", "binaryData", "immutable"}, {}},
      {"Secret", {"apiVersion", "kind", "metadata", "data", "stringData", "type", "immutable"}, {}},
      {"Namespace", obj, {"finalizers"}},
      {"ServiceAccount",
       {"apiVersion", "kind", "metadata", "secrets", "imagePullSecrets",
        "automountServiceAccountToken"},
       {}},
  };
  return k;
}

class Checker {
 public:
  Checker(FieldValidation fv, std::vector<std::string>* warnings) : fv_(fv), warnings_(warnings) {}

  // Unknown fields are dropped (the typed decoder never sees them) and reported as the mode
  // asks; with Keep (the simulator's own writes) they stay.
  void unknown(json::object& o, const Fields& allowed, const std::string& path) {
    if (fv_ == FieldValidation::Keep) return;
    for (auto it = o.begin(); it != o.end();) {
      std::string k(it->key());
      if (allowed.count(k)) {
        ++it;
        continue;
      }
      unknown_.push_back("unknown field \"" + path + k + "\"");
      it = o.erase(it);
    }
  }
  void unknown_at(json::object& o, const char* key, const Fields& allowed,
                  const std::string& path) {
    if (auto* v = o.if_contains(key); v && v->is_object()) unknown(v->as_object(), allowed, path);
  }

  void pod_spec(json::object& spec, const std::string& path) {
    unknown(spec, kPodSpec, path + ".");
    const auto* cs = arr_at(spec, "containers");
    if (!cs || cs->empty()) errs_.required(path + ".containers");
    for (const char* list : {"containers", "initContainers"}) {
      auto* arr = spec.if_contains(list);
      if (!arr || !arr->is_array()) continue;
      for (size_t i = 0; i < arr->as_array().size(); ++i) {
        std::string cp = path + "." + list + "[" + std::to_string(i) + "]";
        auto& cv = arr->as_array()[i];
        if (!cv.is_object()) {
          errs_.invalid(cp, cv, "must be an object");
          continue;
        }
        unknown(cv.as_object(), kContainer, cp + ".");
        const auto& c = cv.as_object();
        container_name(c, cp + ".name");
        if (str_at(c, "image").empty()) errs_.required(cp + ".image");
      }
    }
  }

  // Container names become directory names in the simulator: kube-apiserver's rule keeps
  // "/" and ".." out.
  void container_name(const json::object& c, const std::string& field) {
    const std::string name = str_at(c, "name");
    if (name.empty()) return errs_.required(field);
    for (const auto& e : dns1123_label(name)) errs_.invalid(field, json::string(name), e);
  }

  // Only the names, where the rest of a pod template is not checked (CronJob).
  void container_names(const json::object& spec, const std::string& path) {
    for (const char* list : {"containers", "initContainers"})
      if (const auto* arr = arr_at(spec, list))
        for (size_t i = 0; i < arr->size(); ++i)
          if ((*arr)[i].is_object())
            container_name((*arr)[i].as_object(),
                           path + "." + list + "[" + std::to_string(i) + "].name");
  }

  void workload(json::object& spec, bool needs_selector, const std::string& kind) {
    auto* tv = spec.if_contains("template");
    if (!tv || !tv->is_object()) {
      errs_.required("spec.template");
      return;
    }
    auto& tmpl = tv->as_object();
    unknown(tmpl, kTemplate, "spec.template.");
    unknown_at(tmpl, "metadata", kMeta, "spec.template.metadata.");
    if (auto* ps = tmpl.if_contains("spec"); ps && ps->is_object()) {
      pod_spec(ps->as_object(), "spec.template.spec");
    } else {
      errs_.required("spec.template.spec.containers");
    }
    const auto* sel = obj_at(spec, "selector");
    if (!sel) {
      if (needs_selector) errs_.required("spec.selector");
      return;
    }
    auto selector = LabelSelector::from_json(*sel);
    if (selector.empty()) {
      errs_.invalid("spec.selector", json::string("null"),
                    "empty selector is invalid for " + lower(kind));
      return;
    }
    const auto* md = obj_at(tmpl, "metadata");
    const auto* labels = md ? obj_at(*md, "labels") : nullptr;
    if (!selector.matches(labels))
      errs_.invalid_shown("spec.template.metadata.labels",
                          labels ? go_map(*labels) : "map[string]string(nil)",
                          "`selector` does not match template `labels`");
  }

  // The 400 for unknown fields under Strict; warnings under Warn.
  void decode_outcome(const ResourceType& t) {
    if (unknown_.empty()) return;
    if (fv_ == FieldValidation::Strict) {
      std::string msg = t.kind + " in version \"" + t.version + "\" cannot be handled as a " +
                        t.kind + ": strict decoding error: ";
      for (size_t i = 0; i < unknown_.size(); ++i) msg += (i ? ", " : "") + unknown_[i];
      throw ApiError(400, "BadRequest", msg);
    }
    if (fv_ == FieldValidation::Warn && warnings_)
      for (const auto& u : unknown_) warnings_->push_back(u);
  }

  FieldErrors& errors() { return errs_; }

 private:
  static std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  }
  // Go's %v of a map[string]string, as the selector error prints the template labels.
  static std::string go_map(const json::object& m) {
    std::vector<std::pair<std::string, std::string>> kv;
    for (const auto& [k, v] : m)
      kv.emplace_back(std::string(k), v.is_string() ? std::string(v.as_string()) : "");
    std::sort(kv.begin(), kv.end());
    std::string out = "map[string]string{";
    for (size_t i = 0; i < kv.size(); ++i)
      out += (i ? ", " : "") + go_quote(kv[i].first) + ":" + go_quote(kv[i].second);
    return out + "}";
  }

  FieldValidation fv_;
  std::vector<std::string>* warnings_;
  std::vector<std::string> unknown_;
  FieldErrors errs_;
};

const KindSpec* spec_of(const std::string& kind) {
  for (const auto& k : kinds())
    if (kind == k.kind) return &k;
  return nullptr;
}

// Required fields and selector agreement, per kind.
void structural(const ResourceType& t, json::object& obj, Checker& c) {
  auto* sv = obj.if_contains("spec");
  json::object* spec = sv && sv->is_object() ? &sv->as_object() : nullptr;
  const std::string& k = t.kind;
  if (k == "Pod") {
    if (!spec) return c.errors().required("spec.containers");
    c.pod_spec(*spec, "spec");
  } else if (k == "Deployment" || k == "ReplicaSet" || k == "StatefulSet" || k == "DaemonSet") {
    if (!spec) return c.errors().required("spec.selector");
    c.workload(*spec, true, k);
  } else if (k == "Job") {
    if (spec) c.workload(*spec, false, k);
  } else if (k == "CronJob") {
    if (!spec || str_at(*spec, "schedule").empty()) c.errors().required("spec.schedule");
    const json::object* pod = spec ? obj_at(*spec, "jobTemplate") : nullptr;
    for (const char* key : {"spec", "template", "spec"}) pod = pod ? obj_at(*pod, key) : nullptr;
    if (pod) c.container_names(*pod, "spec.jobTemplate.spec.template.spec");
  } else if (k == "Service" && spec) {
    if (!arr_at(*spec, "ports") && str_at(*spec, "type") != "ExternalName" &&
        str_at(*spec, "clusterIP") != "None")
      c.errors().required("spec.ports");
  }
}

}  // namespace

void validate_object(const ResourceType& t, json::object& obj, FieldValidation fv,
                     std::vector<std::string>* warnings) {
  if (t.custom) return;
  Checker c(fv, warnings);
  if (const KindSpec* ks = spec_of(t.kind)) {
    c.unknown(obj, ks->top, "");
    c.unknown_at(obj, "metadata", kMeta, "metadata.");
    if (!ks->spec.empty() && t.kind != "Pod") c.unknown_at(obj, "spec", ks->spec, "spec.");
  }
  structural(t, obj, c);
  c.decode_outcome(t);
  check_decodable(t, obj);
  std::string name;
  if (const auto* md = obj_at(obj, "metadata")) {
    name = str_at(*md, "name");
    validate_object_meta(*md, name_rule_of(t.kind), "metadata", c.errors());
  }
  validate_kind_rules(t, obj, c.errors());
  c.errors().raise(t, name);
}

}  // namespace kubemcp::sim
