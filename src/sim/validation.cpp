#include "sim/validation.hpp"

#include <boost/json.hpp>
#include <cstdio>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "sim/selectors.hpp"
#include "sim/util.hpp"

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

// [a-z0-9]([-a-z0-9]*[a-z0-9])? without std::regex (which recurses per character).
bool is_label(std::string_view v) {
  auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (v.empty() || !alnum(v.front()) || !alnum(v.back())) return false;
  for (char c : v)
    if (!alnum(c) && c != '-') return false;
  return true;
}

bool is_subdomain(std::string_view v) {
  for (std::size_t start = 0;;) {
    const std::size_t dot = v.find('.', start);
    if (!is_label(v.substr(start, dot == std::string_view::npos ? dot : dot - start))) return false;
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

// k8s.io/apimachinery/pkg/util/validation: IsDNS1123Label, word for word.
std::vector<std::string> dns1123_label_errors(const std::string& v) {
  std::vector<std::string> errs;
  if (v.size() > 63) errs.push_back("must be no more than 63 characters");
  if (!is_label(v))
    errs.push_back(is_subdomain(v)
                       ? "must not contain dots"
                       : "a lowercase RFC 1123 label must consist of lower case alphanumeric "
                         "characters or '-', and must start and end with an alphanumeric "
                         "character (e.g. 'my-name',  or '123-abc', regex used for validation is "
                         "'[a-z0-9]([-a-z0-9]*[a-z0-9])?')");
  return errs;
}

// A string as Go's %q prints it in field errors (enough of it for names).
std::string go_quote(const std::string& v) {
  std::string out = "\"";
  for (unsigned char c : v) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c < 0x20 || c == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

class Checker {
 public:
  void unknown(const json::object& o, const Fields& allowed, const std::string& path) {
    for (const auto& [k, v] : o)
      if (!allowed.count(std::string(k)))
        unknown_.push_back("unknown field \"" + path + std::string(k) + "\"");
  }
  void required(const std::string& field) { invalid_.push_back({field, "Required value"}); }
  void invalid(const std::string& field, const std::string& why) {
    invalid_.push_back({field, why});
  }

  void pod_spec(const json::object& spec, const std::string& path, bool strict) {
    if (strict) unknown(spec, kPodSpec, path + ".");
    const auto* cs = arr_at(spec, "containers");
    if (!cs || cs->empty()) required(path + ".containers");
    for (const char* list : {"containers", "initContainers"}) {
      const auto* arr = arr_at(spec, list);
      if (!arr) continue;
      for (size_t i = 0; i < arr->size(); ++i) {
        std::string cp = path + "." + list + "[" + std::to_string(i) + "]";
        if (!(*arr)[i].is_object()) {
          invalid(cp, "Invalid value: must be an object");
          continue;
        }
        const auto& c = (*arr)[i].as_object();
        if (strict) unknown(c, kContainer, cp + ".");
        container_name(c, cp + ".name");
        if (str_at(c, "image").empty()) required(cp + ".image");
      }
    }
  }

  // Container names become directory names in the simulator: kube-apiserver's rule keeps
  // "/" and ".." out.
  void container_name(const json::object& c, const std::string& field) {
    const std::string name = str_at(c, "name");
    if (name.empty()) return required(field);
    for (const auto& e : dns1123_label_errors(name))
      invalid(field, "Invalid value: " + go_quote(name) + ": " + e);
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

  void workload(const json::object& spec, bool strict, bool needs_selector) {
    const auto* tmpl = obj_at(spec, "template");
    if (!tmpl) {
      required("spec.template");
      return;
    }
    if (strict) unknown(*tmpl, kTemplate, "spec.template.");
    if (const auto* md = obj_at(*tmpl, "metadata"); md && strict)
      unknown(*md, kMeta, "spec.template.metadata.");
    if (const auto* ps = obj_at(*tmpl, "spec")) {
      pod_spec(*ps, "spec.template.spec", strict);
    } else {
      required("spec.template.spec.containers");
    }
    const auto* sel = obj_at(spec, "selector");
    if (!sel) {
      if (needs_selector) required("spec.selector");
      return;
    }
    auto selector = LabelSelector::from_json(*sel);
    if (selector.empty()) {
      invalid("spec.selector", "Invalid value: \"null\": empty selector is invalid for deployment");
      return;
    }
    const auto* md = obj_at(*tmpl, "metadata");
    const auto* labels = md ? obj_at(*md, "labels") : nullptr;
    if (!selector.matches(labels)) {
      std::string shown = labels ? json::serialize(*labels) : "null";
      invalid("spec.template.metadata.labels",
              "Invalid value: " + shown + ": `selector` does not match template `labels`");
    }
  }

  void raise(const ResourceType& t, const json::object& obj) {
    std::string name;
    if (const auto* md = obj_at(obj, "metadata")) name = str_at(*md, "name");
    if (!unknown_.empty()) {
      std::string msg = t.kind + " in version \"" + t.version + "\" cannot be handled as a " +
                        t.kind + ": strict decoding error: ";
      for (size_t i = 0; i < unknown_.size(); ++i) msg += (i ? ", " : "") + unknown_[i];
      throw ApiError(400, "BadRequest", msg);
    }
    if (invalid_.empty()) return;
    std::string kind = t.group.empty() ? t.kind : t.kind + "." + t.group;
    std::string msg = kind + " \"" + name + "\" is invalid: ";
    json::array causes;
    if (invalid_.size() > 1) msg += "[";
    for (size_t i = 0; i < invalid_.size(); ++i) {
      msg += (i ? ", " : "") + invalid_[i].first + ": " + invalid_[i].second;
      causes.push_back(
          json::object{{"reason", invalid_[i].second.starts_with("Required") ? "FieldValueRequired"
                                                                             : "FieldValueInvalid"},
                       {"message", invalid_[i].second},
                       {"field", invalid_[i].first}});
    }
    if (invalid_.size() > 1) msg += "]";
    json::object details{{"name", name}, {"kind", t.kind}, {"causes", causes}};
    if (!t.group.empty()) details["group"] = t.group;
    throw ApiError(422, "Invalid", msg, details);
  }

 private:
  std::vector<std::string> unknown_;
  std::vector<std::pair<std::string, std::string>> invalid_;
};

}  // namespace

void validate_object(const ResourceType& t, const json::object& obj, bool strict) {
  if (t.custom) return;
  const KindSpec* ks = nullptr;
  for (const auto& k : kinds())
    if (t.kind == k.kind) ks = &k;
  if (!ks) return;
  Checker c;
  if (strict) {
    c.unknown(obj, ks->top, "");
    if (const auto* md = obj_at(obj, "metadata")) c.unknown(*md, kMeta, "metadata.");
  }
  const auto* spec = obj_at(obj, "spec");
  if (spec && strict && !ks->spec.empty() && t.kind != "Pod") c.unknown(*spec, ks->spec, "spec.");
  const std::string& k = t.kind;
  if (k == "Pod") {
    if (!spec) {
      c.required("spec.containers");
    } else {
      c.pod_spec(*spec, "spec", strict);
    }
  } else if (k == "Deployment" || k == "ReplicaSet" || k == "StatefulSet" || k == "DaemonSet") {
    if (!spec) {
      c.required("spec.selector");
    } else {
      c.workload(*spec, strict, true);
    }
  } else if (k == "Job") {
    if (spec) c.workload(*spec, strict, false);
  } else if (k == "CronJob") {
    if (!spec || str_at(*spec, "schedule").empty()) c.required("spec.schedule");
    const json::object* pod = spec ? obj_at(*spec, "jobTemplate") : nullptr;
    for (const char* key : {"spec", "template", "spec"}) pod = pod ? obj_at(*pod, key) : nullptr;
    if (pod) c.container_names(*pod, "spec.jobTemplate.spec.template.spec");
  } else if (k == "Service" && spec) {
    std::string type = str_at(*spec, "type");
    if (const auto* ports = arr_at(*spec, "ports")) {
      for (size_t i = 0; i < ports->size(); ++i) {
        const auto& p = (*ports)[i];
        int64_t port = p.is_object() ? int_at(p.as_object(), "port") : 0;
        if (port < 1 || port > 65535)
          c.invalid("spec.ports[" + std::to_string(i) + "].port",
                    port == 0 ? "Required value"
                              : "Invalid value: " + std::to_string(port) +
                                    ": must be between 1 and 65535, inclusive");
      }
    } else if (type != "ExternalName" && str_at(*spec, "clusterIP") != "None") {
      c.required("spec.ports");
    }
  }
  c.raise(t, obj);
}

}  // namespace kubemcp::sim
