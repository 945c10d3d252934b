#include "sim/endpoints.hpp"

#include <boost/json.hpp>

#include "net/json_access.hpp"
#include "sim/cluster.hpp"
#include "sim/selectors.hpp"
#include "sim/util.hpp"

namespace kubemcp::sim {
namespace json = boost::json;

namespace {

using net::obj_or_empty;

bool ready(const json::object& pod) {
  if (const auto* conds = arr_at(obj_or_empty(pod, "status"), "conditions"))
    for (const auto& c : *conds)
      if (c.is_object() && str_at(c.as_object(), "type") == "Ready")
        return str_at(c.as_object(), "status") == "True";
  return false;
}

// A Service port's target on a pod: a number, or a named container port.
int64_t target_port(const json::object& port, const json::object& pod) {
  const auto* tp = port.if_contains("targetPort");
  if (!tp) return int_at(port, "port");
  if (tp->is_int64()) return tp->as_int64();
  std::string name = tp->is_string() ? std::string(tp->as_string()) : "";
  if (const auto* cs = arr_at(obj_or_empty(pod, "spec"), "containers"))
    for (const auto& c : *cs)
      if (const auto* ps = c.is_object() ? arr_at(c.as_object(), "ports") : nullptr)
        for (const auto& p : *ps)
          if (p.is_object() && str_at(p.as_object(), "name") == name)
            return int_at(p.as_object(), "containerPort");
  return int_at(port, "port");
}

// Writes `desired` (metadata name/namespace/labels, and the rest) unless it is already so.
void put(Cluster& c, const ResourceType& t, const std::string& ns, const std::string& name,
         json::object desired) {
  auto same = [&](const json::object& cur) {
    for (const auto& [k, v] : desired)
      if (k != "metadata" && (!cur.contains(k) || cur.at(k) != v)) return false;
    return desired.contains("subsets") || !cur.contains("subsets");
  };
  if (auto cur = c.store().get(t, ns, name)) {
    if (same(*cur)) return;
    c.objects().mutate(t, ns, name, [&](json::object& x) {
      for (const auto& [k, v] : desired)
        if (k != "metadata") x[k] = v;
      if (!desired.contains("subsets")) x.erase("subsets");
      return true;
    });
    return;
  }
  WriteOptions opts;
  opts.validate = false;
  try {
    c.objects().create(t, ns, std::move(desired), opts);
  } catch (const ApiError&) {
    // Created meanwhile by another write; the next change reconciles it.
  }
}

std::string slice_name(const json::object& svc) {
  const auto& md = obj_or_empty(svc, "metadata");
  return str_at(md, "name") + "-" + str_at(md, "uid").substr(0, 5);
}

void reconcile(Cluster& c, const std::string& ns, const json::object& svc) {
  const auto& spec = obj_or_empty(svc, "spec");
  const auto& selector = obj_or_empty(spec, "selector");
  if (selector.empty()) return;  // no selector: the Service's author manages its endpoints
  std::string name = str_at(obj_or_empty(svc, "metadata"), "name");
  json::object sel_json{{"matchLabels", selector}};
  auto sel = LabelSelector::from_json(sel_json);
  auto pods_t = c.registry().find("", "v1", "pods");
  auto pods = c.store()
                  .list(
                      *pods_t, ns,
                      [&](const json::object& p) {
                        return !str_at(obj_or_empty(p, "status"), "podIP").empty() &&
                               sel.matches(obj_at(obj_or_empty(p, "metadata"), "labels"));
                      },
                      0, "")
                  .items;
  json::array addrs, not_ready, slice_eps, ep_ports, slice_ports;
  for (const auto& p : pods) {
    const auto& md = obj_or_empty(*p, "metadata");
    json::object ref{{"kind", "Pod"},
                     {"namespace", ns},
                     {"name", str_at(md, "name")},
                     {"uid", str_at(md, "uid")}};
    std::string ip = str_at(obj_or_empty(*p, "status"), "podIP");
    std::string node = str_at(obj_or_empty(*p, "spec"), "nodeName");
    json::object addr{{"ip", ip}, {"nodeName", node}, {"targetRef", ref}};
    (ready(*p) ? addrs : not_ready).push_back(addr);
    bool r = ready(*p);
    slice_eps.push_back(json::object{
        {"addresses", json::array{ip}},
        {"conditions", json::object{{"ready", r}, {"serving", r}, {"terminating", false}}},
        {"nodeName", node},
        {"targetRef", ref}});
  }
  if (const auto* ports = arr_at(spec, "ports"))
    for (const auto& pv : *ports) {
      if (!pv.is_object()) continue;
      const auto& port = pv.as_object();
      int64_t target = pods.empty() ? int_at(port, "port") : target_port(port, *pods.front());
      json::object ep{
          {"port", target},
          {"protocol", str_at(port, "protocol").empty() ? "TCP" : str_at(port, "protocol")}};
      if (!str_at(port, "name").empty()) ep["name"] = str_at(port, "name");
      ep_ports.push_back(ep);
      slice_ports.push_back(ep);
    }
  json::object subset;
  if (!addrs.empty()) subset["addresses"] = addrs;
  if (!not_ready.empty()) subset["notReadyAddresses"] = not_ready;
  subset["ports"] = ep_ports;
  json::object endpoints{
      {"metadata",
       json::object{{"name", name},
                    {"labels", obj_or_empty(obj_or_empty(svc, "metadata"), "labels")}}}};
  if (!pods.empty()) endpoints["subsets"] = json::array{subset};
  put(c, *c.registry().find("", "v1", "endpoints"), ns, name, std::move(endpoints));
  json::object slice{
      {"metadata", json::object{{"name", slice_name(svc)},
                                {"labels", json::object{{"kubernetes.io/service-name", name},
                                                        {"endpointslice.kubernetes.io/managed-by",
                                                         "endpointslice-controller.k8s.io"}}}}},
      {"addressType", "IPv4"},
      {"endpoints", slice_eps},
      {"ports", slice_ports}};
  put(c, *c.registry().find("discovery.k8s.io", "v1", "endpointslices"), ns, slice_name(svc),
      std::move(slice));
}

void forget(Cluster& c, const std::string& ns, const json::object& svc) {
  if (obj_or_empty(obj_or_empty(svc, "spec"), "selector").empty()) return;
  for (auto [t, name] :
       {std::pair{c.registry().find("", "v1", "endpoints"),
                  str_at(obj_or_empty(svc, "metadata"), "name")},
        {c.registry().find("discovery.k8s.io", "v1", "endpointslices"), slice_name(svc)}}) {
    try {
      c.objects().remove(*t, ns, name, "Background", false);
    } catch (const ApiError&) {
      // Already gone.
    }
  }
}

void reconcile_namespace(Cluster& c, const std::string& ns) {
  auto svcs = c.registry().find("", "v1", "services");
  for (const auto& s : c.store().list(*svcs, ns, nullptr, 0, "").items) reconcile(c, ns, *s);
}

}  // namespace

void maintain_endpoints(Cluster& c) {
  auto svcs = c.registry().find("", "v1", "services");
  for (const auto& s : c.store().list(*svcs, "", nullptr, 0, "").items)
    reconcile(c, str_at(obj_or_empty(*s, "metadata"), "namespace"), *s);
  c.objects().add_listener([&c](const ResourceType& t, const std::string& type, const ObjPtr& obj) {
    if (!t.group.empty() || (t.kind != "Pod" && t.kind != "Service")) return;
    std::string ns = str_at(obj_or_empty(*obj, "metadata"), "namespace");
    if (t.kind == "Service" && type == "DELETED") {
      forget(c, ns, *obj);
      return;
    }
    reconcile_namespace(c, ns);
  });
}

}  // namespace kubemcp::sim
