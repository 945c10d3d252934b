#include "tools/extra/pod_target.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <charconv>
#include <optional>
#include <stdexcept>

#include "kube/builtin_resources.hpp"
#include "kube/discovery.hpp"
#include "kube/rest_client.hpp"
#include "kube/verbs.hpp"
#include "tools/framework/object_policy.hpp"

namespace kubemcp::tools::extra {
namespace json = boost::json;
namespace {

const json::object* obj(const json::value& v, std::string_view key) {
  if (!v.is_object()) return nullptr;
  const auto* x = v.as_object().if_contains(key);
  return x && x->is_object() ? &x->get_object() : nullptr;
}
const json::object* obj(const json::object* o, std::string_view key) {
  if (!o) return nullptr;
  const auto* x = o->if_contains(key);
  return x && x->is_object() ? &x->get_object() : nullptr;
}
const json::array* arr(const json::object* o, std::string_view key) {
  if (!o) return nullptr;
  const auto* x = o->if_contains(key);
  return x && x->is_array() ? &x->get_array() : nullptr;
}
std::string str(const json::object* o, std::string_view key) {
  if (!o) return {};
  const auto* x = o->if_contains(key);
  return x && x->is_string() ? std::string(x->get_string()) : std::string();
}

// "app=web,tier=front" from a workload's matchLabels or a Service's plain selector map.
std::string selector_of(const json::value& owner, const std::string& what) {
  const auto* sel = obj(obj(owner, "spec"), "selector");
  if (!sel) throw std::invalid_argument(what + " has no pod selector");
  const json::object* labels = sel;
  if (const auto* ml = sel->if_contains("matchLabels"); ml && ml->is_object())
    labels = &ml->get_object();
  std::string out;
  for (const auto& kv : *labels)
    if (kv.value().is_string())
      out += (out.empty() ? "" : ",") + std::string(kv.key()) + "=" +
             std::string(kv.value().get_string());
  if (out.empty()) throw std::invalid_argument(what + " has no matchLabels to find its pods by");
  return out;
}

// Why a pod is not ready, in a word kubectl would show (its phase, or "terminating").
std::string pod_state(const json::value& pod) {
  if (obj(pod, "metadata") && obj(pod, "metadata")->contains("deletionTimestamp"))
    return "Terminating";
  const std::string phase = str(obj(pod, "status"), "phase");
  return phase.empty() ? "Unknown" : phase + (phase == "Running" ? " (not ready)" : "");
}

std::optional<int> as_port(std::string_view s) {
  int n = 0;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (ec != std::errc() || p != s.data() + s.size() || n < 1 || n > 65535) return std::nullopt;
  return n;
}

}  // namespace

std::pair<std::string, std::string> split_kind_name(std::string_view value) {
  const auto slash = value.find('/');
  if (slash == std::string_view::npos) return {"", std::string(value)};
  return {std::string(value.substr(0, slash)), std::string(value.substr(slash + 1))};
}

bool pod_ready(const json::value& pod) {
  if (obj(pod, "metadata") && obj(pod, "metadata")->contains("deletionTimestamp")) return false;
  const auto* status = obj(pod, "status");
  if (str(status, "phase") != "Running") return false;
  if (const auto* conds = arr(status, "conditions"))
    for (const auto& c : *conds)
      if (c.is_object() && str(&c.get_object(), "type") == "Ready")
        return str(&c.get_object(), "status") == "True";
  return false;
}

void require_pod_allowed(const fleet::ClusterConfig& cluster, std::string_view ns,
                         std::string_view pod) {
  const auto why = check_object_allowed(cluster, {ns, "", "Pod", pod});
  if (!why.empty()) throw std::invalid_argument(why + ". Nothing was run or copied.");
}

PodTarget resolve_pod(kube::Client& client, const std::string& ns, const std::string& pod_arg,
                      const net::CancelPtr& cancel) {
  auto [kind, name] = split_kind_name(pod_arg);
  const auto& pods = kube::builtin("pods");
  PodTarget t;
  const kube::ResourceInfo r = kind.empty() ? pods : client.discovery().resolve(kind, cancel);
  if (r.kind == "Pod") {
    t.pod = kube::get(client, pods, ns, name, cancel);
    t.name = name;
    return t;
  }
  t.owner = kube::get(client, r, ns, name, cancel);
  std::string word = r.singular;
  if (word.empty())
    for (char c : r.kind) word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  t.via = word + "/" + name;
  kube::ListOptions o;
  o.label_selector = selector_of(t.owner, t.via);
  json::value list = kube::list(client, pods, ns, o, cancel);
  auto& items = list.as_object().at("items").as_array();
  std::sort(items.begin(), items.end(), [](const json::value& a, const json::value& b) {
    return str(obj(a, "metadata"), "name") < str(obj(b, "metadata"), "name");
  });
  std::string states;
  for (auto& p : items) {
    const std::string pname = str(obj(p, "metadata"), "name");
    if (pod_ready(p)) {
      t.name = pname;
      t.pod = std::move(p);
      return t;
    }
    states += (states.empty() ? "" : ", ") + pname + " " + pod_state(p);
  }
  throw std::invalid_argument(
      t.via + " in namespace " + ns + " has no ready pod" +
      (states.empty() ? " (its selector " + o.label_selector + " matches none)" : ": " + states) +
      ". Check it with k8s_get pods or k8s_describe, or name a pod.");
}

std::string pick_container(const json::value& pod, const std::string& wanted) {
  std::vector<std::string> names;
  if (const auto* list = arr(obj(pod, "spec"), "containers"))
    for (const auto& c : *list)
      if (c.is_object()) names.push_back(str(&c.get_object(), "name"));
  if (names.empty()) throw std::invalid_argument("the pod has no containers");
  const std::string pod_name = str(obj(pod, "metadata"), "name");
  if (!wanted.empty()) {
    if (std::find(names.begin(), names.end(), wanted) != names.end()) return wanted;
    std::string known;
    for (const auto& n : names) known += (known.empty() ? "" : ", ") + n;
    throw std::invalid_argument("container '" + wanted + "' is not in pod " + pod_name +
                                " (containers: " + known + ")");
  }
  if (const auto* ann = obj(obj(pod, "metadata"), "annotations")) {
    const std::string d = str(ann, "kubectl.kubernetes.io/default-container");
    if (!d.empty() && std::find(names.begin(), names.end(), d) != names.end()) return d;
  }
  return names.front();
}

int container_port(const json::value& pod, const std::string& port) {
  if (auto n = as_port(port)) return *n;
  std::string declared;
  if (const auto* list = arr(obj(pod, "spec"), "containers"))
    for (const auto& c : *list)
      if (const auto* ports = c.is_object() ? arr(&c.get_object(), "ports") : nullptr)
        for (const auto& p : *ports) {
          if (!p.is_object()) continue;
          const std::string pname = str(&p.get_object(), "name");
          const auto* num = p.get_object().if_contains("containerPort");
          if (pname == port && num && num->is_int64()) return static_cast<int>(num->as_int64());
          if (!pname.empty()) declared += (declared.empty() ? "" : ", ") + pname;
        }
  throw std::invalid_argument("pod " + str(obj(pod, "metadata"), "name") +
                              " declares no port named '" + port + "'" +
                              (declared.empty() ? "" : " (named ports: " + declared + ")"));
}

int service_target_port(const json::value& service, const json::value& pod,
                        const std::string& port) {
  const auto* ports = arr(obj(service, "spec"), "ports");
  const std::string svc = str(obj(service, "metadata"), "name");
  std::string known;
  if (ports)
    for (const auto& p : *ports) {
      if (!p.is_object()) continue;
      const auto& po = p.get_object();
      const auto* num = po.if_contains("port");
      const std::string number = num && num->is_int64() ? std::to_string(num->as_int64()) : "";
      known += (known.empty() ? "" : ", ") + number;
      if (number != port && str(&po, "name") != port) continue;
      const auto* target = po.if_contains("targetPort");
      if (!target && num && num->is_int64()) return static_cast<int>(num->as_int64());
      if (!target) continue;
      if (target->is_int64()) return static_cast<int>(target->as_int64());
      if (target->is_string()) return container_port(pod, std::string(target->get_string()));
    }
  throw std::invalid_argument("service " + svc + " has no port " + port +
                              (known.empty() ? "" : " (ports: " + known + ")"));
}

}  // namespace kubemcp::tools::extra
