#include "sim/validate_kinds.hpp"

#include <boost/json.hpp>
#include <functional>
#include <map>
#include <set>

#include "sim/cron_spec.hpp"
#include "sim/util.hpp"
#include "sim/validate_names.hpp"

namespace kubemcp::sim {
namespace json = boost::json;

namespace {

using Rule = std::function<void(const json::object& obj, FieldErrors& errs)>;

const json::object kEmpty;
const json::object& sub(const json::object& o, std::string_view key) {
  const auto* p = obj_at(o, key);
  return p ? *p : kEmpty;
}
std::string idx(const std::string& path, size_t i) {
  return path + "[" + std::to_string(i) + "]";
}
bool is_int(const json::value* v) {
  return v && (v->is_int64() || v->is_uint64());
}

// apimachinery ValidateNonnegativeField.
void nonnegative(const json::object& o, std::string_view key, const std::string& path,
                 FieldErrors& errs) {
  const auto* v = o.if_contains(key);
  if (is_int(v) && int_at(o, key) < 0)
    errs.invalid(path, int_at(o, key), "must be greater than or equal to 0");
}

void one_of(const json::object& o, std::string_view key, const std::string& path,
            const std::vector<std::string>& allowed, FieldErrors& errs) {
  const auto* v = o.if_contains(key);
  if (!v || !v->is_string()) return;
  for (const auto& a : allowed)
    if (v->as_string() == a) return;
  errs.not_supported(path, *v, allowed);
}

// ---- Pod specs -------------------------------------------------------------------------------
void container_ports(const json::object& c, const std::string& path, FieldErrors& errs) {
  const auto* ports = arr_at(c, "ports");
  if (!ports) return;
  std::set<std::string> names;
  for (size_t i = 0; i < ports->size(); ++i) {
    if (!(*ports)[i].is_object()) continue;
    const auto& p = (*ports)[i].as_object();
    std::string pp = idx(path, i);
    if (std::string name = str_at(p, "name"); !name.empty()) {
      auto msgs = port_name(name);
      for (const auto& m : msgs) errs.invalid(pp + ".name", json::string(name), m);
      if (msgs.empty() && !names.insert(name).second)
        errs.duplicate(pp + ".name", json::string(name));
    }
    int64_t port = int_at(p, "containerPort");
    if (port == 0) {
      errs.required(pp + ".containerPort");
    } else if (port < 1 || port > 65535) {
      errs.invalid(pp + ".containerPort", port, "must be between 1 and 65535, inclusive");
    }
    one_of(p, "protocol", pp + ".protocol", {"SCTP", "TCP", "UDP"}, errs);
  }
}

void pod_spec(const json::object& spec, const std::string& path, FieldErrors& errs) {
  one_of(spec, "restartPolicy", path + ".restartPolicy", {"Always", "OnFailure", "Never"}, errs);
  for (const char* list : {"initContainers", "containers"})
    if (const auto* cs = arr_at(spec, list))
      for (size_t i = 0; i < cs->size(); ++i)
        if ((*cs)[i].is_object())
          container_ports((*cs)[i].as_object(), idx(path + "." + list, i) + ".ports", errs);
  if (const auto* v = spec.if_contains("activeDeadlineSeconds"); is_int(v)) {
    int64_t n = int_at(spec, "activeDeadlineSeconds");
    if (n < 1 || n > 2147483647)
      errs.invalid(path + ".activeDeadlineSeconds", n,
                   "must be between 1 and 2147483647, inclusive");
  }
  nonnegative(spec, "terminationGracePeriodSeconds", path + ".terminationGracePeriodSeconds", errs);
}

// A workload's pod template: labels and the pod spec; `restart` the policies it allows.
void pod_template(const json::object& tmpl, const std::string& path,
                  const std::vector<std::string>& restart, FieldErrors& errs) {
  validate_object_meta(sub(tmpl, "metadata"), NameRule::Subdomain, path + ".metadata", errs, false);
  const auto& spec = sub(tmpl, "spec");
  pod_spec(spec, path + ".spec", errs);
  std::string policy = str_at(spec, "restartPolicy");
  bool allowed = false;
  for (const auto& r : restart) allowed = allowed || policy == r;
  if (!policy.empty() && !allowed)
    errs.not_supported(path + ".spec.restartPolicy", json::string(policy), restart);
}

// ---- Deployment strategy (ValidateDeploymentStrategy, ValidateRollingUpdateDeployment) -------
std::string int_or_string_shown(const json::value& v) {
  if (v.is_string())
    return "intstr.IntOrString{Type:1, IntVal:0, StrVal:" + go_quote(std::string(v.as_string())) +
           "}";
  return "intstr.IntOrString{Type:0, IntVal:" + std::to_string(v.is_int64() ? v.as_int64() : 0) +
         ", StrVal:\"\"}";
}

// The numeric value of an int-or-percent; nullopt for a malformed percent.
std::optional<int64_t> int_or_percent(const json::value& v, bool& percent) {
  percent = v.is_string();
  if (!percent) return v.is_int64() ? v.as_int64() : 0;
  std::string s(v.as_string());
  if (s.size() < 2 || s.back() != '%' || s.find_first_not_of("0123456789") != s.size() - 1)
    return std::nullopt;
  return std::strtoll(s.c_str(), nullptr, 10);
}

void rolling_update(const json::object& ru, const std::string& path, FieldErrors& errs) {
  int64_t values[2] = {0, 0};
  const char* keys[2] = {"maxUnavailable", "maxSurge"};
  for (int k = 0; k < 2; ++k) {
    const auto* v = ru.if_contains(keys[k]);
    if (!v) continue;
    bool percent = false;
    auto n = int_or_percent(*v, percent);
    std::string fp = path + "." + keys[k];
    if (!n) {
      errs.invalid_shown(fp, int_or_string_shown(*v),
                         "a valid percent string must be a numeric string followed by an ending "
                         "'%' (e.g. '1%' or '93%', regex used for validation is '[0-9]+%')");
    } else if (!percent && *n < 0) {
      errs.invalid(fp, *n, "must be greater than or equal to 0");
    }
    values[k] = n.value_or(0);
  }
  const auto* mu = ru.if_contains("maxUnavailable");
  if (values[0] == 0 && values[1] == 0)
    errs.invalid_shown(path + ".maxUnavailable",
                       mu ? int_or_string_shown(*mu) : int_or_string_shown(json::value(0)),
                       "may not be 0 when `maxSurge` is 0");
  bool percent = false;
  if (mu && int_or_percent(*mu, percent) && percent && values[0] > 100)
    errs.invalid_shown(path + ".maxUnavailable", int_or_string_shown(*mu),
                       "must not be greater than 100%");
}

void deployment_strategy(const json::object& spec, FieldErrors& errs) {
  const auto* strategy = obj_at(spec, "strategy");
  if (!strategy) return;
  std::string type = str_at(*strategy, "type");
  const auto* ru = obj_at(*strategy, "rollingUpdate");
  if (type == "Recreate") {
    if (strategy->contains("rollingUpdate"))
      errs.forbidden("spec.strategy.rollingUpdate",
                     "may not be specified when strategy `type` is 'Recreate'");
  } else if (type == "RollingUpdate") {
    if (!ru) {
      errs.required("spec.strategy.rollingUpdate", "this should be defaulted and never be nil");
    } else {
      rolling_update(*ru, "spec.strategy.rollingUpdate", errs);
    }
  } else {
    errs.not_supported("spec.strategy", json::string(type), {"Recreate", "RollingUpdate"});
  }
}

void deployment(const json::object& obj, FieldErrors& errs) {
  const auto& spec = sub(obj, "spec");
  for (const char* k : {"replicas", "minReadySeconds", "revisionHistoryLimit"})
    nonnegative(spec, k, std::string("spec.") + k, errs);
  if (const auto* pd = spec.if_contains("progressDeadlineSeconds"); is_int(pd)) {
    nonnegative(spec, "progressDeadlineSeconds", "spec.progressDeadlineSeconds", errs);
    if (int_at(spec, "progressDeadlineSeconds") <= int_at(spec, "minReadySeconds"))
      errs.invalid("spec.progressDeadlineSeconds", int_at(spec, "progressDeadlineSeconds"),
                   "must be greater than minReadySeconds");
  }
  deployment_strategy(spec, errs);
  pod_template(sub(spec, "template"), "spec.template", {"Always"}, errs);
}

void replicated(const json::object& obj, FieldErrors& errs) {
  const auto& spec = sub(obj, "spec");
  for (const char* k : {"replicas", "minReadySeconds", "revisionHistoryLimit"})
    nonnegative(spec, k, std::string("spec.") + k, errs);
  pod_template(sub(spec, "template"), "spec.template", {"Always"}, errs);
}

// ---- Jobs ------------------------------------------------------------------------------------
void job_spec(const json::object& spec, const std::string& path, FieldErrors& errs) {
  for (const char* k : {"parallelism", "completions", "activeDeadlineSeconds", "backoffLimit",
                        "ttlSecondsAfterFinished"})
    nonnegative(spec, k, path + "." + k, errs);
  const auto& tmpl = sub(spec, "template");
  pod_template(tmpl, path + ".template", {"OnFailure", "Never"}, errs);
  // Defaulting makes an unset policy "Always", which a Job refuses (pods must end).
  if (str_at(sub(tmpl, "spec"), "restartPolicy").empty())
    errs.not_supported(path + ".template.spec.restartPolicy", json::string("Always"),
                       {"OnFailure", "Never"});
}

void job(const json::object& obj, FieldErrors& errs) {
  job_spec(sub(obj, "spec"), "spec", errs);
}

void cronjob(const json::object& obj, FieldErrors& errs) {
  std::string name = str_at(sub(obj, "metadata"), "name");
  if (name.size() > 52)
    errs.invalid("metadata.name", json::string(name), "must be no more than 52 characters");
  const auto& spec = sub(obj, "spec");
  if (std::string sched = str_at(spec, "schedule"); !sched.empty()) {
    if (sched.find("TZ") != std::string::npos) {
      errs.invalid("spec.schedule", json::string(sched),
                   "cannot use TZ or CRON_TZ in schedule, use timeZone field instead");
    } else if (auto e = cron_schedule_error(sched)) {
      errs.invalid("spec.schedule", json::string(sched), *e);
    }
  }
  for (const char* k :
       {"startingDeadlineSeconds", "successfulJobsHistoryLimit", "failedJobsHistoryLimit"})
    nonnegative(spec, k, std::string("spec.") + k, errs);
  one_of(spec, "concurrencyPolicy", "spec.concurrencyPolicy", {"Allow", "Forbid", "Replace"}, errs);
  if (const auto* jt = obj_at(spec, "jobTemplate"))
    job_spec(sub(*jt, "spec"), "spec.jobTemplate.spec", errs);
}

// ---- Services --------------------------------------------------------------------------------
void service_port(const json::object& p, const std::string& path, bool require_name,
                  std::set<std::string>& names, FieldErrors& errs) {
  std::string name = str_at(p, "name");
  if (require_name && name.empty()) {
    errs.required(path + ".name");
  } else if (!name.empty()) {
    for (const auto& m : dns1123_label(name)) errs.invalid(path + ".name", json::string(name), m);
    if (!names.insert(name).second) errs.duplicate(path + ".name", json::string(name));
  }
  int64_t port = int_at(p, "port");
  if (port < 1 || port > 65535)
    errs.invalid(path + ".port", port, "must be between 1 and 65535, inclusive");
  one_of(p, "protocol", path + ".protocol", {"SCTP", "TCP", "UDP"}, errs);
}

void service(const json::object& obj, FieldErrors& errs) {
  const auto& spec = sub(obj, "spec");
  std::string type = str_at(spec, "type");
  one_of(spec, "type", "spec.type", {"ClusterIP", "ExternalName", "LoadBalancer", "NodePort"},
         errs);
  if (type == "ExternalName" && str_at(spec, "externalName").empty())
    errs.required("spec.externalName");
  const auto* ports = arr_at(spec, "ports");
  if (!ports) return;
  std::set<std::string> names;
  for (size_t i = 0; i < ports->size(); ++i) {
    if (!(*ports)[i].is_object()) continue;
    const auto& p = (*ports)[i].as_object();
    std::string pp = idx("spec.ports", i);
    service_port(p, pp, ports->size() > 1, names, errs);
    int64_t node_port = int_at(p, "nodePort");
    if (node_port == 0) continue;
    if (type == "ClusterIP") {
      errs.forbidden(pp + ".nodePort", "may not be used when `type` is 'ClusterIP'");
    } else if ((type == "NodePort" || type == "LoadBalancer") &&
               (node_port < 30000 || node_port > 32767)) {
      errs.invalid(pp + ".nodePort", node_port,
                   "provided port is not in the valid range. The range of valid ports is "
                   "30000-32767");
    }
  }
}

// ---- ConfigMaps and Secrets ------------------------------------------------------------------
void data_keys(const json::object& obj, const char* field, FieldErrors& errs) {
  if (const auto* data = obj_at(obj, field))
    for (const auto& [k, v] : *data)
      for (const auto& m : config_map_key(std::string(k)))
        errs.invalid(std::string(field) + "[" + std::string(k) + "]", json::string(k), m);
}

void configmap(const json::object& obj, FieldErrors& errs) {
  data_keys(obj, "data", errs);
  data_keys(obj, "binaryData", errs);
}

void secret(const json::object& obj, FieldErrors& errs) {
  data_keys(obj, "data", errs);
  const auto& data = sub(obj, "data");
  std::string type = str_at(obj, "type");
  auto need = [&](const char* key) {
    if (!data.contains(key)) errs.required(std::string("data[") + key + "]");
  };
  if (type == "kubernetes.io/tls") {
    need("tls.crt");
    need("tls.key");
  } else if (type == "kubernetes.io/dockerconfigjson") {
    need(".dockerconfigjson");
  } else if (type == "kubernetes.io/dockercfg") {
    need(".dockercfg");
  } else if (type == "kubernetes.io/service-account-token") {
    if (str_at(sub(sub(obj, "metadata"), "annotations"), "kubernetes.io/service-account.name")
            .empty())
      errs.required("metadata.annotations[kubernetes.io/service-account.name]");
  }
}

void pod(const json::object& obj, FieldErrors& errs) {
  pod_spec(sub(obj, "spec"), "spec", errs);
}

const std::map<std::string, Rule>& rules() {
  static const std::map<std::string, Rule> table{
      {"Pod", pod},
      {"Deployment", deployment},
      {"ReplicaSet", replicated},
      {"StatefulSet", replicated},
      {"DaemonSet", replicated},
      {"Job", job},
      {"CronJob", cronjob},
      {"Service", service},
      {"ConfigMap", configmap},
      {"Secret", secret},
  };
  return table;
}

// ---- Decoding --------------------------------------------------------------------------------
struct Int32Field {
  const char* kind;
  const char* path;     // dotted, under the object
  const char* go_type;  // the Go struct the decoder names
};

const Int32Field kInt32Fields[] = {
    {"Deployment", "spec.replicas", "DeploymentSpec.spec.replicas"},
    {"ReplicaSet", "spec.replicas", "ReplicaSetSpec.spec.replicas"},
    {"StatefulSet", "spec.replicas", "StatefulSetSpec.spec.replicas"},
    {"Job", "spec.parallelism", "JobSpec.spec.parallelism"},
    {"Job", "spec.completions", "JobSpec.spec.completions"},
    {"Job", "spec.backoffLimit", "JobSpec.spec.backoffLimit"},
    {"Service", "spec.ports", nullptr},
};

std::string json_type_name(const json::value& v) {
  if (v.is_string()) return "string";
  if (v.is_bool()) return "bool";
  if (v.is_array()) return "array";
  if (v.is_object()) return "object";
  return "number " + json::serialize(v);
}

// Go's encoding/json message for a value that does not fit an int32 field.
std::optional<std::string> int32_error(const json::value& v, const std::string& go_field) {
  if (v.is_null()) return std::nullopt;
  bool fits = (v.is_int64() && v.as_int64() >= INT32_MIN && v.as_int64() <= INT32_MAX) ||
              (v.is_uint64() && v.as_uint64() <= INT32_MAX);
  if (fits) return std::nullopt;
  return "json: cannot unmarshal " + json_type_name(v) + " into Go struct field " + go_field +
         " of type int32";
}

ApiError cannot_handle(const std::string& kind, const std::string& version,
                       const std::string& why) {
  return bad_request(kind + " in version " + go_quote(version) + " cannot be handled as a " + kind +
                     ": " + why);
}

// Go's base64.StdEncoding: the index of the first byte it refuses, or -1 when all is well.
long base64_error_at(std::string_view s) {
  auto b64 = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '/';
  };
  size_t n = 0, pad = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '\r' || c == '\n') continue;
    if (c == '=') {
      if (n % 4 < 2) return static_cast<long>(i);
      ++pad;
    } else if (!b64(c) || pad > 0) {
      return static_cast<long>(i);
    }
    ++n;
  }
  if (n % 4 != 0) return static_cast<long>(s.size() - (n % 4 == 1 ? 1 : 0));
  return -1;
}

}  // namespace

void validate_kind_rules(const ResourceType& t, const json::object& obj, FieldErrors& errs) {
  if (t.custom) return;
  if (auto it = rules().find(t.kind); it != rules().end()) it->second(obj, errs);
}

void check_decodable(const ResourceType& t, const json::object& obj) {
  if (t.custom) return;
  for (const auto& f : kInt32Fields) {
    if (t.kind != f.kind || !f.go_type) continue;
    if (const auto* v = path_at(obj, f.path))
      if (auto e = int32_error(*v, f.go_type)) throw cannot_handle(t.kind, t.version, *e);
  }
  if (t.kind != "Secret") return;
  if (const auto* data = obj_at(obj, "data"))
    for (const auto& [k, v] : *data) {
      if (v.is_null()) continue;
      if (!v.is_string())
        throw cannot_handle(t.kind, t.version,
                            "json: cannot unmarshal " + json_type_name(v) +
                                " into Go struct field Secret.data of type []uint8");
      if (long at = base64_error_at(v.as_string()); at >= 0)
        throw cannot_handle(t.kind, t.version,
                            "illegal base64 data at input byte " + std::to_string(at));
    }
}

void validate_scale(const std::string& name, const json::object& scale) {
  const auto& spec = sub(scale, "spec");
  if (const auto* v = spec.if_contains("replicas"))
    if (auto e = int32_error(*v, "ScaleSpec.spec.replicas")) throw cannot_handle("Scale", "v1", *e);
  FieldErrors errs;
  nonnegative(spec, "replicas", "spec.replicas", errs);
  errs.raise("Scale", "autoscaling", name);
}

}  // namespace kubemcp::sim
