#include "sim/objects.hpp"

#include <yaml-cpp/yaml.h>

#include <boost/json.hpp>
#include <cstdlib>

#include "net/base64.hpp"
#include "net/json_limits.hpp"
#include "sim/admission.hpp"
#include "sim/apply.hpp"
#include "sim/crd_schema.hpp"
#include "sim/defaults.hpp"
#include "sim/field_errors.hpp"
#include "sim/immutable.hpp"
#include "sim/patch.hpp"
#include "sim/selectors.hpp"
#include "sim/util.hpp"
#include "sim/validate_kinds.hpp"
#include "sim/validate_names.hpp"
#include "sim/validation.hpp"

namespace kubemcp::sim {
namespace json = boost::json;

namespace {

json::value yaml_to_json(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Map: {
      json::object o;
      for (const auto& kv : n) o[kv.first.as<std::string>()] = yaml_to_json(kv.second);
      return o;
    }
    case YAML::NodeType::Sequence: {
      json::array a;
      for (const auto& x : n) a.push_back(yaml_to_json(x));
      return a;
    }
    case YAML::NodeType::Scalar: {
      const std::string& s = n.Scalar();
      if (n.Tag() == "!") return json::string(s);  // quoted: always a string
      if (s == "null" || s == "~" || s == "Null" || s == "NULL") return nullptr;
      if (s == "true" || s == "True" || s == "TRUE") return true;
      if (s == "false" || s == "False" || s == "FALSE") return false;
      if (!s.empty() && s.find_first_not_of("-+0123456789") == std::string::npos &&
          s.find_first_of("0123456789") != std::string::npos) {
        char* end = nullptr;
        long long v = std::strtoll(s.c_str(), &end, 10);
        if (end && *end == '\0') return v;
      }
      if (!s.empty() && s.find_first_not_of("-+0123456789.eE") == std::string::npos &&
          s.find_first_of("0123456789") != std::string::npos) {
        char* end = nullptr;
        double v = std::strtod(s.c_str(), &end);
        if (end && *end == '\0') return v;
      }
      return json::string(s);
    }
    default:
      return nullptr;
  }
}

bool valid_name(const std::string& n) {
  if (n.empty() || n.size() > 253) return false;
  for (char c : n)
    if (!(std::islower(static_cast<unsigned char>(c)) ||
          std::isdigit(static_cast<unsigned char>(c)) || c == '-' || c == '.'))
      return false;
  return std::isalnum(static_cast<unsigned char>(n.front())) &&
         std::isalnum(static_cast<unsigned char>(n.back()));
}

std::string random_suffix(size_t n) {
  static const char* chars = "bcdfghjklmnpqrstvwxz2456789";
  std::string hex = random_hex(n);
  std::string out;
  for (size_t i = 0; i < n; ++i) out += chars[static_cast<unsigned char>(hex[i * 2]) % 27];
  return out;
}

std::string cluster_ip() {
  std::string h = random_hex(2);
  return "10.96." + std::to_string(std::strtol(h.substr(0, 2).c_str(), nullptr, 16) % 250 + 1) +
         "." + std::to_string(std::strtol(h.substr(2, 2).c_str(), nullptr, 16) % 250 + 2);
}

void default_containers(json::object& pod_spec) {
  for (const char* field : {"containers", "initContainers"}) {
    auto* cs = pod_spec.if_contains(field);
    if (!cs || !cs->is_array()) continue;
    for (auto& c : cs->as_array()) {
      if (!c.is_object()) continue;
      auto& co = c.as_object();
      if (!co.contains("imagePullPolicy")) {
        std::string image = str_at(co, "image");
        auto slash = image.rfind('/');
        bool tagged = image.find(':', slash == std::string::npos ? 0 : slash) != std::string::npos;
        co["imagePullPolicy"] = (!tagged || image.ends_with(":latest")) ? "Always" : "IfNotPresent";
      }
      if (!co.contains("terminationMessagePath"))
        co["terminationMessagePath"] = "/dev/termination-log";
      if (!co.contains("terminationMessagePolicy")) co["terminationMessagePolicy"] = "File";
      if (!co.contains("resources")) co["resources"] = json::object{};
      if (auto* ports = co.if_contains("ports"); ports && ports->is_array())
        for (auto& p : ports->as_array())
          if (p.is_object() && !p.as_object().contains("protocol"))
            p.as_object()["protocol"] = "TCP";
    }
  }
  if (!pod_spec.contains("restartPolicy")) pod_spec["restartPolicy"] = "Always";
  if (!pod_spec.contains("dnsPolicy")) pod_spec["dnsPolicy"] = "ClusterFirst";
  if (!pod_spec.contains("schedulerName")) pod_spec["schedulerName"] = "default-scheduler";
  if (!pod_spec.contains("terminationGracePeriodSeconds"))
    pod_spec["terminationGracePeriodSeconds"] = 30;
  if (!pod_spec.contains("securityContext")) pod_spec["securityContext"] = json::object{};
  default_pod_spec_fields(pod_spec);
}

// A template's ObjectMeta is a struct value in Go, written even when empty: as kube-apiserver
// 1.32 sends it, with the zero creationTimestamp as null.
void template_metadata(json::object& tmpl) {
  if (!tmpl.contains("metadata")) tmpl["metadata"] = json::object{{"creationTimestamp", nullptr}};
}

// The defaulting the API server applies on create (a useful subset of pkg/apis/*/defaults.go).
void apply_defaults(const ResourceType& t, json::object& obj) {
  const std::string& k = t.kind;
  auto& md = ensure_obj(obj, "metadata");
  if (k == "Namespace") {
    // Create sets phase and finalizers (defaults.cpp), updates keep them (immutable.cpp).
    ensure_obj(md, "labels")["kubernetes.io/metadata.name"] = str_at(md, "name");
  } else if (k == "Pod") {
    default_containers(ensure_obj(obj, "spec"));
    auto& st = ensure_obj(obj, "status");
    if (!st.contains("phase")) st["phase"] = "Pending";
    if (!st.contains("qosClass")) st["qosClass"] = "BestEffort";
  } else if (k == "Deployment" || k == "ReplicaSet" || k == "StatefulSet" || k == "DaemonSet" ||
             k == "Job") {
    auto& spec = ensure_obj(obj, "spec");
    if (k != "DaemonSet" && k != "Job" && !spec.contains("replicas")) spec["replicas"] = 1;
    if (k == "StatefulSet") {
      if (!spec.contains("updateStrategy"))
        spec["updateStrategy"] = json::object{{"type", "RollingUpdate"},
                                              {"rollingUpdate", json::object{{"partition", 0}}}};
      if (!spec.contains("podManagementPolicy")) spec["podManagementPolicy"] = "OrderedReady";
      if (!spec.contains("revisionHistoryLimit")) spec["revisionHistoryLimit"] = 10;
      // SetDefaults_PersistentVolumeClaim runs on the claim templates too.
      if (auto* vcts = spec.if_contains("volumeClaimTemplates"); vcts && vcts->is_array())
        for (auto& v : vcts->as_array())
          if (v.is_object() && !v.as_object().contains("status"))
            v.as_object()["status"] = json::object{{"phase", "Pending"}};
    }
    if (k == "DaemonSet") {
      if (!spec.contains("updateStrategy"))
        spec["updateStrategy"] =
            json::object{{"type", "RollingUpdate"},
                         {"rollingUpdate", json::object{{"maxUnavailable", 1}, {"maxSurge", 0}}}};
      if (!spec.contains("revisionHistoryLimit")) spec["revisionHistoryLimit"] = 10;
    }
    if (k == "Deployment") {
      auto& strategy = ensure_obj(spec, "strategy");
      if (!strategy.contains("type")) strategy["type"] = "RollingUpdate";
      if (str_at(strategy, "type") == "RollingUpdate") {
        auto& ru = ensure_obj(strategy, "rollingUpdate");
        if (!ru.contains("maxUnavailable")) ru["maxUnavailable"] = "25%";
        if (!ru.contains("maxSurge")) ru["maxSurge"] = "25%";
      }
      if (!spec.contains("revisionHistoryLimit")) spec["revisionHistoryLimit"] = 10;
      if (!spec.contains("progressDeadlineSeconds")) spec["progressDeadlineSeconds"] = 600;
    }
    if (k == "Job") {
      if (!spec.contains("parallelism")) spec["parallelism"] = 1;
      if (!spec.contains("backoffLimit")) spec["backoffLimit"] = 6;
      if (!spec.contains("completions")) spec["completions"] = 1;
    }
    auto& tmpl = ensure_obj(spec, "template");
    template_metadata(tmpl);
    default_containers(ensure_obj(tmpl, "spec"));
  } else if (k == "CronJob") {
    auto& spec = ensure_obj(obj, "spec");
    if (!spec.contains("suspend")) spec["suspend"] = false;
    if (!spec.contains("concurrencyPolicy")) spec["concurrencyPolicy"] = "Allow";
    auto& job_template = ensure_obj(spec, "jobTemplate");
    template_metadata(job_template);
    auto& jt = ensure_obj(ensure_obj(job_template, "spec"), "template");
    template_metadata(jt);
    default_containers(ensure_obj(jt, "spec"));
  } else if (k == "Service") {
    auto& spec = ensure_obj(obj, "spec");
    if (!spec.contains("type")) spec["type"] = "ClusterIP";
    if (str_at(spec, "type") != "ExternalName" && !spec.contains("clusterIP")) {
      std::string ip = cluster_ip();
      spec["clusterIP"] = ip;
      spec["clusterIPs"] = json::array{json::string(ip)};
    }
    if (!spec.contains("sessionAffinity")) spec["sessionAffinity"] = "None";
    if (auto* ports = spec.if_contains("ports"); ports && ports->is_array())
      for (auto& p : ports->as_array()) {
        if (!p.is_object()) continue;
        auto& po = p.as_object();
        if (!po.contains("protocol")) po["protocol"] = "TCP";
        if (!po.contains("targetPort") && po.contains("port")) po["targetPort"] = po["port"];
      }
    if (!obj.contains("status")) obj["status"] = json::object{{"loadBalancer", json::object{}}};
  } else if (k == "Secret") {
    if (!obj.contains("type")) obj["type"] = "Opaque";
  }
  if (k == "Secret") {
    // stringData is write-only: merged into data, base64-encoded.
    if (auto* sdp = obj.if_contains("stringData"); sdp && sdp->is_object()) {
      json::object sd = sdp->as_object();
      auto& data = ensure_obj(obj, "data");
      for (const auto& [key, v] : sd)
        if (v.is_string()) data[key] = net::base64_encode(std::string(v.as_string()));
      obj.erase("stringData");
    }
  }
}

// Typed decoding in the real API server drops JSON nulls (zero values); clients such as
// `kubectl rollout undo` send templates with "creationTimestamp": null and rely on that.
void drop_nulls(json::value& v) {
  if (v.is_object()) {
    auto& o = v.as_object();
    for (auto it = o.begin(); it != o.end();) {
      if (it->value().is_null()) {
        it = o.erase(it);
      } else {
        drop_nulls(it->value());
        ++it;
      }
    }
  } else if (v.is_array()) {
    for (auto& x : v.as_array()) drop_nulls(x);
  }
}

void drop_nulls_in_spec(const ResourceType& t, json::object& obj) {
  if (t.custom) return;
  for (auto& [k, v] : obj)
    if (k == "spec" || k == "metadata" || k == "template") drop_nulls(v);
}

bool spec_changed(const json::object& a, const json::object& b) {
  for (const auto* o : {&a, &b})
    for (const auto& [k, v] : *o) {
      if (k == "metadata" || k == "status" || k == "apiVersion" || k == "kind") continue;
      const json::value* x = a.if_contains(k);
      const json::value* y = b.if_contains(k);
      if (!x || !y || *x != *y) return true;
    }
  return false;
}

}  // namespace

json::value parse_body(const std::string& body, bool yaml_allowed) {
  size_t i = body.find_first_not_of(" \t\r\n");
  if (i == std::string::npos) throw bad_request("the request body is empty");
  if (body[i] == '{' || body[i] == '[' || !yaml_allowed) {
    boost::system::error_code ec;
    json::value v = net::parse_kube_json(body, ec);
    if (ec) {
      if (!yaml_allowed)
        throw bad_request("the body of the request was not valid JSON: " + ec.message());
    } else {
      return v;
    }
  }
  try {
    return yaml_to_json(YAML::Load(body));
  } catch (const YAML::Exception& e) {
    throw bad_request(std::string("error converting YAML to JSON: ") + e.what());
  }
}

void Objects::add_listener(Listener l) {
  const std::lock_guard lock(listeners_mu_);
  auto next = std::make_shared<std::vector<Listener>>(*listeners_);
  next->push_back(std::move(l));
  listeners_ = std::move(next);
}

void Objects::notify(const ResourceType& t, const std::string& type, const ObjPtr& obj) {
  std::shared_ptr<const std::vector<Listener>> snapshot;
  {
    const std::lock_guard lock(listeners_mu_);
    snapshot = listeners_;
  }
  for (const auto& l : *snapshot) l(t, type, obj);
}

json::object Objects::scale_of(const ResourceType& t, const json::object& obj) {
  const auto* md = obj_at(obj, "metadata");
  json::object m;
  for (const char* k : {"name", "namespace", "uid", "resourceVersion", "creationTimestamp"})
    if (md && md->contains(k)) m[k] = md->at(k);
  const auto* spec = obj_at(obj, "spec");
  const auto* status = obj_at(obj, "status");
  std::string selector;
  if (spec)
    if (const auto* sel = obj_at(*spec, "selector"))
      selector = LabelSelector::from_json(*sel).to_string();
  json::object st{{"replicas", status ? int_at(*status, "replicas") : 0}};
  if (!selector.empty()) st["selector"] = selector;
  (void)t;
  return {{"kind", "Scale"},
          {"apiVersion", "autoscaling/v1"},
          {"metadata", m},
          {"spec", json::object{{"replicas", spec ? int_at(*spec, "replicas", 1) : 1}}},
          {"status", st}};
}

static void check_crd(const ResourceType& t, const std::string& name, const json::object& obj) {
  if (t.kind != "CustomResourceDefinition") return;
  Registry probe;
  try {
    probe.add_crd(obj);
  } catch (const std::invalid_argument& e) {
    throw invalid(t, name, "spec", e.what());
  }
  const auto* spec = obj_at(obj, "spec");
  std::string expect = str_at(*obj_at(*spec, "names"), "plural") + "." + str_at(*spec, "group");
  if (name != expect)
    throw invalid(t, name, "metadata.name", "must be spec.names.plural+\".\"+spec.group");
}

static void crd_status(json::object& crd) {
  const auto* spec = obj_at(crd, "spec");
  json::object names = spec && obj_at(*spec, "names") ? *obj_at(*spec, "names") : json::object{};
  if (!names.contains("singular")) {
    std::string s = str_at(names, "kind");
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    names["singular"] = s;
  }
  if (!names.contains("listKind")) names["listKind"] = str_at(names, "kind") + "List";
  std::string now = now_rfc3339();
  json::array stored;
  if (const auto* vs = spec ? arr_at(*spec, "versions") : nullptr)
    for (const auto& v : *vs)
      if (v.is_object()) {
        const auto* st = v.as_object().if_contains("storage");
        if (st && st->is_bool() && st->as_bool()) stored.push_back(v.as_object().at("name"));
      }
  crd["status"] = json::object{
      {"acceptedNames", names},
      {"conditions", json::array{json::object{{"type", "NamesAccepted"},
                                              {"status", "True"},
                                              {"reason", "NoConflicts"},
                                              {"message", "no conflicts found"},
                                              {"lastTransitionTime", now}},
                                 json::object{{"type", "Established"},
                                              {"status", "True"},
                                              {"reason", "InitialNamesAccepted"},
                                              {"message", "the initial names have been accepted"},
                                              {"lastTransitionTime", now}}}},
      {"storedVersions", stored}};
}

void Objects::after_crd_change(const std::string& type, const ObjPtr& crd) {
  if (type == "DELETED") {
    for (const auto& t : reg_.remove_crd(str_at(*obj_at(*crd, "metadata"), "name")))
      store_.drop(*t);
  } else {
    reg_.add_crd(*crd);
  }
}

ObjPtr Objects::create(const ResourceType& t, const std::string& ns, json::object obj,
                       const WriteOptions& opts) {
  auto ns_type = reg_.find("", "v1", "namespaces");
  if (t.namespaced) check_namespace_active(t, store_.get(*ns_type, "", ns).get(), obj);
  // Keys are added to obj before taking a reference into it: inserting may move its values.
  obj["apiVersion"] = t.group_version();
  obj["kind"] = t.kind;
  bool has_spec = obj.contains("spec");
  auto& md = ensure_obj(obj, "metadata");
  std::string name = str_at(md, "name");
  if (name.empty()) {
    std::string gen = str_at(md, "generateName");
    if (gen.empty())
      throw invalid(t, "", "metadata.name", "Required value: name or generateName is required");
    name = gen + random_suffix(5);
    md["name"] = name;
  }
  // Validation words name errors per kind; unvalidated (internal) writes still get the
  // subdomain rule, as names become file names in the sandbox.
  if (!opts.validate && !valid_name(name))
    throw invalid(
        t, name, "metadata.name",
        "Invalid value: \"" + name +
            "\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric "
            "characters, '-' or '.', and must start and end with an alphanumeric character");
  if (t.namespaced) {
    std::string body_ns = str_at(md, "namespace");
    if (!body_ns.empty() && body_ns != ns)
      throw bad_request(
          "the namespace of the provided object does not match the namespace sent on "
          "the request");
    md["namespace"] = ns;
    if (!store_.get(*ns_type, "", ns)) throw not_found(*ns_type, ns);
  } else {
    md.erase("namespace");
  }
  md["uid"] = new_uid();
  if (!opts.keep_creation_timestamp || str_at(md, "creationTimestamp").empty())
    md["creationTimestamp"] = now_rfc3339();
  md.erase("resourceVersion");
  md.erase("managedFields");
  md.erase("deletionTimestamp");
  if (has_spec || t.custom) md["generation"] = 1;
  drop_nulls_in_spec(t, obj);
  apply_defaults(t, obj);
  default_on_create(t, obj, store_, reg_);
  check_crd(t, name, obj);
  if (opts.validate) validate_object(t, obj, opts.field_validation, opts.warnings);
  check_custom(t, obj, opts);
  if (t.kind == "CustomResourceDefinition") crd_status(obj);
  ApplyOptions ao{opts.field_manager, t.group_version(), false, t.has_status, now_rfc3339()};
  if (!opts.field_manager.empty()) record_update(obj, nullptr, ao);
  auto result = store_.upsert(
      t, ns, name,
      [&](const json::object* cur) -> std::optional<json::object> {
        if (cur) throw already_exists(t, name);
        return obj;
      },
      opts.dry_run);
  if (!opts.dry_run) {
    if (t.kind == "CustomResourceDefinition") after_crd_change("ADDED", result);
    notify(t, "ADDED", result);
  }
  return result;
}

// decodeLiveOrNew of the field manager: managedFields in a request replace the live ones when
// they decode; [] or [{}] resets them (an empty array here); absent or undecodable: nullopt,
// the live ones stay.
static std::optional<json::array> requested_managed_fields(const json::object& md) {
  const auto* mf = md.if_contains("managedFields");
  if (!mf || !mf->is_array()) return std::nullopt;
  const auto& arr = mf->as_array();
  if (arr.empty() || (arr.size() == 1 && arr[0].is_object() && arr[0].as_object().empty()))
    return json::array{};
  for (const auto& e : arr) {
    if (!e.is_object()) return std::nullopt;
    const auto& o = e.as_object();
    if (str_at(o, "manager").empty() || str_at(o, "fieldsType") != "FieldsV1" ||
        !obj_at(o, "fieldsV1"))
      return std::nullopt;
  }
  return arr;
}

// Carries identity and server-owned fields from `cur` into `next` and applies the rules of the
// target subresource; bumps generation on spec changes.
static json::object finish_update(const ResourceType& t, const json::object& cur, json::object next,
                                  const std::string& subresource, const WriteOptions& opts,
                                  bool keep_managed_fields = false) {
  const auto& cmd = *obj_at(cur, "metadata");
  auto& nmd = ensure_obj(next, "metadata");
  std::string name = str_at(cmd, "name");
  if (!str_at(nmd, "name").empty() && str_at(nmd, "name") != name)
    throw bad_request("the name of the object (" + str_at(nmd, "name") +
                      ") does not match the name on the URL (" + name + ")");
  std::string body_ns = str_at(nmd, "namespace");
  if (t.namespaced && !body_ns.empty() && body_ns != str_at(cmd, "namespace"))
    throw bad_request(
        "the namespace of the provided object does not match the namespace sent on the request");
  std::string rv = str_at(nmd, "resourceVersion");
  if (!rv.empty() && rv != str_at(cmd, "resourceVersion"))
    throw conflict(t, name,
                   "the object has been modified; please apply your changes to the latest "
                   "version and try again");
  const std::string sent_uid = str_at(nmd, "uid");
  // The managed fields the request sets (kubectl's client-side to server-side apply upgrade
  // rewrites them with a JSON patch); the status subresource keeps the live ones.
  std::optional<json::array> asked_managed;
  if (subresource.empty() && !keep_managed_fields) asked_managed = requested_managed_fields(nmd);
  json::object result;
  if (subresource == "status") {
    result = cur;
    if (auto* st = next.if_contains("status")) result["status"] = *st;
  } else {
    result = std::move(next);
    for (const char* k : {"name", "namespace", "uid", "creationTimestamp", "generation",
                          "deletionTimestamp", "managedFields"}) {
      auto& rmd = ensure_obj(result, "metadata");
      if (keep_managed_fields && std::string_view(k) == "managedFields") continue;
      if (cmd.contains(k)) {
        rmd[k] = cmd.at(k);
      } else {
        rmd.erase(k);
      }
    }
    result["apiVersion"] = t.group_version();
    result["kind"] = t.kind;
    if (t.has_status) {
      if (auto* st = cur.if_contains("status")) {
        result["status"] = *st;
      } else {
        result.erase("status");
      }
    }
    drop_nulls_in_spec(t, result);
    // As the API server: decode, default, then validate (update rules, then the object's).
    carry_allocated(t, cur, result);
    apply_defaults(t, result);
    if (opts.validate) {
      FieldErrors update_errs;
      if (!sent_uid.empty() && sent_uid != str_at(cmd, "uid"))
        update_errs.invalid("metadata.uid", json::string(sent_uid), "field is immutable");
      validate_update(t, cur, result, update_errs);
      update_errs.raise(t, name);
      validate_object(t, result, opts.field_validation, opts.warnings);
    }
    if (spec_changed(cur, result) && cmd.contains("generation"))
      ensure_obj(result, "metadata")["generation"] = int_at(cmd, "generation") + 1;
  }
  json::object base = cur;  // whose ownership the write starts from
  if (asked_managed) {
    auto& bmd = ensure_obj(base, "metadata");
    auto& rmd = ensure_obj(result, "metadata");
    if (asked_managed->empty()) {
      bmd.erase("managedFields");
      rmd.erase("managedFields");
    } else {
      bmd["managedFields"] = *asked_managed;
      rmd["managedFields"] = *asked_managed;
    }
  }
  ApplyOptions ao{opts.field_manager, t.group_version(), false, t.has_status, now_rfc3339()};
  if (!opts.field_manager.empty()) record_update(result, &base, ao);
  return result;
}

ObjPtr Objects::update(const ResourceType& t, const std::string& ns, const std::string& name,
                       json::object obj, const std::string& subresource, const WriteOptions& opts) {
  // Custom resources allow no unconditional update (AllowUnconditionalUpdate is false).
  if (t.custom && subresource != "scale" && opts.validate) {
    const auto* md = obj_at(obj, "metadata");
    if (!md || str_at(*md, "resourceVersion").empty()) {
      FieldErrors errs;
      errs.invalid_shown("metadata.resourceVersion", "0x0", "must be specified for an update");
      errs.raise(t, name);
    }
  }
  if (subresource != "scale") check_crd(t, name, obj);
  auto result = store_.upsert(
      t, ns, name,
      [&](const json::object* cur) -> std::optional<json::object> {
        if (!cur) throw not_found(t, name);
        if (subresource == "scale") {
          validate_scale(name, obj);
          json::object next = *cur;
          const auto* spec = obj_at(obj, "spec");
          ensure_obj(next, "spec")["replicas"] = spec ? int_at(*spec, "replicas") : 0;
          auto& nmd = ensure_obj(next, "metadata");
          if (const auto* md = obj_at(obj, "metadata"); md && md->contains("resourceVersion"))
            nmd["resourceVersion"] = md->at("resourceVersion");
          return finish_update(t, *cur, std::move(next), "", opts);
        }
        // A PUT carrying a uid makes it a precondition (DefaultUpdatedObjectInfo), checked by
        // storage before validation: 409, where a patch changing it is a 422.
        const auto* bmd = obj_at(obj, "metadata");
        std::string body_uid = bmd ? str_at(*bmd, "uid") : "";
        std::string cur_uid = str_at(*obj_at(*cur, "metadata"), "uid");
        if (!body_uid.empty() && body_uid != cur_uid)
          throw conflict(t, name,
                         "Precondition failed: UID in precondition: " + body_uid +
                             ", UID in object meta: " + cur_uid);
        auto next = finish_update(t, *cur, std::move(obj), subresource, opts);
        if (subresource.empty()) check_custom(t, next, opts);
        return next;
      },
      opts.dry_run);
  if (!opts.dry_run) {
    if (t.kind == "CustomResourceDefinition") after_crd_change("MODIFIED", result);
    notify(t, "MODIFIED", result);
    finish_pending_delete(t, result);
  }
  return result;
}

ObjPtr Objects::patch(const ResourceType& t, const std::string& ns, const std::string& name,
                      PatchType type, const std::string& body, const std::string& subresource,
                      const WriteOptions& opts, bool& created) {
  created = false;
  json::value p = parse_body(body, type == PatchType::Apply);
  if (type == PatchType::Strategic && t.custom)
    throw ApiError(415, "UnsupportedMediaType",
                   "strategic merge patch is not supported for custom resources; use a JSON merge "
                   "patch or JSON patch");
  if (type == PatchType::Json && !p.is_array())
    throw bad_request("json patch: the patch must be a JSON array of operations");
  if (type != PatchType::Json && !p.is_object())
    throw bad_request("the patch must be a JSON object");
  if (type == PatchType::Apply) {
    const auto& cfg = p.as_object();
    if (str_at(cfg, "apiVersion").empty() || str_at(cfg, "kind").empty())
      throw bad_request("apiVersion and kind must be set in an apply configuration");
    const auto* md = obj_at(cfg, "metadata");
    if (!md || str_at(*md, "name") != name)
      throw bad_request("metadata.name in the apply configuration must match the name in the URL");
    if (opts.field_manager.empty())
      throw bad_request("PATCH, application/apply-patch+yaml requires fieldManager to be set");
  }
  // Server-side apply of an object that does not exist creates it.
  if (type == PatchType::Apply && subresource.empty() && !store_.get(t, ns, name)) {
    ApplyOptions ao{opts.field_manager, t.group_version(), opts.force, t.has_status, now_rfc3339()};
    json::object obj = apply_config(nullptr, p.as_object(), ao);
    json::object managed = *obj_at(obj, "metadata");
    try {
      WriteOptions wo = opts;
      wo.field_manager.clear();
      auto ptr = create(t, ns, obj, wo);
      created = true;
      // create() resets managedFields; restore the Apply ownership.
      if (opts.dry_run) return ptr;
      return mutate(t, ns, name, [&](json::object& o) {
        if (managed.contains("managedFields"))
          ensure_obj(o, "metadata")["managedFields"] = managed.at("managedFields");
        return true;
      });
    } catch (const ApiError& e) {
      if (e.code != 409) throw;  // lost a create race: fall through to apply onto it
    }
  }
  auto result = store_.upsert(
      t, ns, name,
      [&](const json::object* cur) -> std::optional<json::object> {
        if (!cur) throw not_found(t, name);
        json::value base =
            subresource == "scale" ? json::value(scale_of(t, *cur)) : json::value(*cur);
        json::value patched;
        switch (type) {
          case PatchType::Merge:
            patched = merge_patch(base, p);
            break;
          case PatchType::Json:
            patched = json_patch(base, p.as_array());
            break;
          case PatchType::Strategic:
            patched = strategic_merge(base, p);
            break;
          case PatchType::Apply: {
            ApplyOptions ao{opts.field_manager, t.group_version(), opts.force,
                            t.has_status && subresource.empty(), now_rfc3339()};
            patched = apply_config(&base.as_object(), p.as_object(), ao);
            break;
          }
        }
        if (!patched.is_object()) throw bad_request("the patched object is not an object");
        if (subresource == "scale") {
          validate_scale(name, patched.as_object());
          json::object next = *cur;
          const auto* spec = obj_at(patched.as_object(), "spec");
          ensure_obj(next, "spec")["replicas"] = spec ? int_at(*spec, "replicas") : 0;
          return finish_update(t, *cur, std::move(next), "", opts);
        }
        WriteOptions wo = opts;
        if (type == PatchType::Apply) wo.field_manager.clear();  // ownership already recorded
        auto next = finish_update(t, *cur, std::move(patched.as_object()), subresource, wo,
                                  type == PatchType::Apply);
        if (subresource.empty()) check_custom(t, next, opts);
        return next;
      },
      opts.dry_run);
  if (!opts.dry_run) {
    if (t.kind == "CustomResourceDefinition") after_crd_change("MODIFIED", result);
    notify(t, "MODIFIED", result);
    finish_pending_delete(t, result);
  }
  return result;
}

ObjPtr Objects::mutate(const ResourceType& t, const std::string& ns, const std::string& name,
                       const std::function<bool(json::object&)>& fn) {
  bool changed = false;
  auto result =
      store_.upsert(t, ns, name, [&](const json::object* cur) -> std::optional<json::object> {
        if (!cur) return std::nullopt;
        json::object copy = *cur;
        if (!fn(copy)) return std::nullopt;
        changed = true;
        return copy;
      });
  if (changed) notify(t, "MODIFIED", result);
  return result;
}

void Objects::check_custom(const ResourceType& t, json::object& obj, const WriteOptions& opts) {
  if (!t.custom || !opts.validate) return;
  auto crds = reg_.find("apiextensions.k8s.io", "v1", "customresourcedefinitions");
  auto crd = crds ? store_.get(*crds, "", t.plural + "." + t.group) : nullptr;
  if (!crd) return;
  if (const auto* schema = crd_schema_of(*crd, t.version))
    validate_custom_resource(t, obj, *schema, opts.field_validation, opts.warnings);
  // ObjectMeta's rules hold for custom resources too: the name is a DNS-1123 subdomain, labels
  // and annotations keep their syntax (apiextensions-apiserver's customResourceStrategy).
  if (const auto* md = obj_at(obj, "metadata")) {
    FieldErrors errs;
    validate_object_meta(*md, NameRule::Subdomain, "metadata", errs);
    errs.raise(t, str_at(*md, "name"));
  }
}

}  // namespace kubemcp::sim
