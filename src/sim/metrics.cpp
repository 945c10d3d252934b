#include "sim/metrics.hpp"

#include <boost/json.hpp>
#include <functional>

#include "sim/cluster.hpp"
#include "sim/selectors.hpp"
#include "sim/util.hpp"

namespace kubemcp::sim {
namespace json = boost::json;

namespace {

struct Usage {
  int64_t millicores = 0;
  int64_t kib = 0;
};

Usage container_usage(const std::string& pod, const std::string& container, int64_t now) {
  uint64_t h = std::hash<std::string>{}(pod + "/" + container);
  uint64_t jitter = std::hash<std::string>{}(pod + container + std::to_string(now / 60));
  Usage u;
  u.millicores = static_cast<int64_t>(h % 240 + 1 + jitter % 10);
  u.kib = static_cast<int64_t>((h >> 16) % 500 + 8) * 1024 + static_cast<int64_t>(jitter % 2048);
  return u;
}

std::string cpu(int64_t m) {
  return std::to_string(m * 1000000) + "n";
}
std::string mem(int64_t kib) {
  return std::to_string(kib) + "Ki";
}

bool running(const json::object& pod) {
  const auto* st = obj_at(pod, "status");
  return st && str_at(*st, "phase") == "Running";
}

json::object pod_metrics(const json::object& pod, int64_t now, Usage* total) {
  const auto& md = *obj_at(pod, "metadata");
  json::array containers;
  if (const auto* st = obj_at(pod, "status"))
    if (const auto* css = arr_at(*st, "containerStatuses"))
      for (const auto& cs : *css) {
        if (!cs.is_object()) continue;
        const auto* state = obj_at(cs.as_object(), "state");
        if (!state || !obj_at(*state, "running")) continue;
        std::string cname = str_at(cs.as_object(), "name");
        Usage u = container_usage(str_at(md, "name"), cname, now);
        if (total) {
          total->millicores += u.millicores;
          total->kib += u.kib;
        }
        containers.push_back(json::object{
            {"name", cname},
            {"usage", json::object{{"cpu", cpu(u.millicores)}, {"memory", mem(u.kib)}}}});
      }
  json::object labels = obj_at(md, "labels") ? *obj_at(md, "labels") : json::object{};
  return {{"kind", "PodMetrics"},
          {"apiVersion", "metrics.k8s.io/v1beta1"},
          {"metadata", json::object{{"name", str_at(md, "name")},
                                    {"namespace", str_at(md, "namespace")},
                                    {"creationTimestamp", rfc3339(now)},
                                    {"labels", labels}}},
          {"timestamp", rfc3339(now - 5)},
          {"window", "10.5s"},
          {"containers", containers}};
}

net::HttpResponse respond(int status, const json::object& body) {
  net::HttpResponse r;
  r.status = status;
  r.body = json::serialize(body);
  return r;
}

}  // namespace

net::HttpResponse metrics_request(Cluster& c, const ResourceType& t, const std::string& ns,
                                  const std::string& name, const std::string& method,
                                  const std::multimap<std::string, std::string>& query) {
  if (method != "GET")
    return respond(
        405, status_object(405, "MethodNotAllowed",
                           "the server does not allow this method on the requested resource"));
  std::string label_text;
  if (auto it = query.find("labelSelector"); it != query.end()) label_text = it->second;
  LabelSelector sel;
  try {
    sel = LabelSelector::parse(label_text);
  } catch (const std::invalid_argument& e) {
    return respond(400, status_object(400, "BadRequest", e.what()));
  }
  int64_t now = now_unix();
  auto pods_t = c.registry().find("", "v1", "pods");
  if (t.plural == "pods") {
    auto match = [&](const json::object& p) {
      const auto* md = obj_at(p, "metadata");
      return running(p) && (name.empty() || str_at(*md, "name") == name) &&
             sel.matches(obj_at(*md, "labels"));
    };
    auto page = c.store().list(*pods_t, ns, match, 0, "");
    if (!name.empty()) {
      if (page.items.empty())
        return respond(
            404, status_object(
                     404, "NotFound", "podmetrics.metrics.k8s.io \"" + name + "\" not found",
                     json::object{{"name", name}, {"group", "metrics.k8s.io"}, {"kind", "pods"}}));
      return respond(200, pod_metrics(*page.items[0], now, nullptr));
    }
    json::array items;
    for (const auto& p : page.items) {
      // Like metrics-server: a pod without a running container has no metrics yet.
      json::object m = pod_metrics(*p, now, nullptr);
      if (!m.at("containers").as_array().empty()) items.push_back(std::move(m));
    }
    return respond(200, json::object{{"kind", "PodMetricsList"},
                                     {"apiVersion", "metrics.k8s.io/v1beta1"},
                                     {"metadata", json::object{}},
                                     {"items", items}});
  }
  // nodes
  auto nodes_t = c.registry().find("", "v1", "nodes");
  std::map<std::string, Usage> per_node;
  for (const auto& p : c.store()
                           .list(
                               *pods_t, "", [](const json::object& p) { return running(p); }, 0, "")
                           .items) {
    const auto* spec = obj_at(*p, "spec");
    pod_metrics(*p, now, &per_node[spec ? str_at(*spec, "nodeName") : ""]);
  }
  json::array items;
  for (const auto& n : c.store().list(*nodes_t, "", nullptr, 0, "").items) {
    const auto& md = *obj_at(*n, "metadata");
    std::string nn = str_at(md, "name");
    if (!name.empty() && nn != name) continue;
    if (!sel.matches(obj_at(md, "labels"))) continue;
    Usage u = per_node[nn];
    u.millicores += 150;  // kubelet, container runtime, system daemons
    u.kib += 900 * 1024;
    json::object labels = obj_at(md, "labels") ? *obj_at(md, "labels") : json::object{};
    items.push_back(json::object{
        {"kind", "NodeMetrics"},
        {"apiVersion", "metrics.k8s.io/v1beta1"},
        {"metadata",
         json::object{{"name", nn}, {"creationTimestamp", rfc3339(now)}, {"labels", labels}}},
        {"timestamp", rfc3339(now - 5)},
        {"window", "20.05s"},
        {"usage", json::object{{"cpu", cpu(u.millicores)}, {"memory", mem(u.kib)}}}});
  }
  if (!name.empty()) {
    if (items.empty())
      return respond(
          404, status_object(
                   404, "NotFound", "nodemetrics.metrics.k8s.io \"" + name + "\" not found",
                   json::object{{"name", name}, {"group", "metrics.k8s.io"}, {"kind", "nodes"}}));
    return respond(200, items[0].as_object());
  }
  return respond(200, json::object{{"kind", "NodeMetricsList"},
                                   {"apiVersion", "metrics.k8s.io/v1beta1"},
                                   {"metadata", json::object{}},
                                   {"items", items}});
}

}  // namespace kubemcp::sim
