#include "sim/discovery.hpp"

#include <boost/json.hpp>

namespace kubemcp::sim {
namespace json = boost::json;

namespace {

json::array strings(const std::vector<std::string>& v) {
  json::array a;
  for (const auto& s : v) a.push_back(json::string(s));
  return a;
}

json::object sub(const std::string& name, bool ns, const std::string& kind,
                 std::vector<std::string> verbs, const std::string& group = "",
                 const std::string& version = "") {
  json::object o{{"name", name}, {"singularName", ""}, {"namespaced", ns}};
  if (!group.empty() || !version.empty()) {
    o["group"] = group;
    o["version"] = version;
  }
  o["kind"] = kind;
  o["verbs"] = strings(verbs);
  return o;
}

}  // namespace

json::object version_info() {
  return {{"major", "1"},
          {"minor", "32"},
          {"gitVersion", "v1.32.2"},
          {"gitCommit", "67a30c0adcf52bd3f56ff0893ce19966be12991f"},
          {"gitTreeState", "clean"},
          {"buildDate", "2025-02-12T21:19:47Z"},
          {"goVersion", "go1.23.6"},
          {"compiler", "gc"},
          {"platform", "linux/amd64"}};
}

json::object api_versions(const std::string& server_address) {
  return {
      {"kind", "APIVersions"},
      {"versions", json::array{"v1"}},
      {"serverAddressByClientCIDRs",
       json::array{json::object{{"clientCIDR", "0.0.0.0/0"}, {"serverAddress", server_address}}}}};
}

static json::object group_entry(const std::string& name, const std::vector<std::string>& versions) {
  json::array vs;
  for (const auto& v : versions)
    vs.push_back(json::object{{"groupVersion", name + "/" + v}, {"version", v}});
  return {{"name", name},
          {"versions", vs},
          {"preferredVersion", json::object{{"groupVersion", name + "/" + versions.front()},
                                            {"version", versions.front()}}}};
}

json::object api_group_list(const Registry& reg) {
  json::array groups;
  for (const auto& [name, versions] : reg.groups())
    if (!name.empty()) groups.push_back(group_entry(name, versions));
  return {{"kind", "APIGroupList"}, {"apiVersion", "v1"}, {"groups", groups}};
}

std::optional<json::object> api_group(const Registry& reg, const std::string& group) {
  for (const auto& [name, versions] : reg.groups())
    if (name == group && !name.empty()) {
      json::object g = group_entry(name, versions);
      g["kind"] = "APIGroup";
      g["apiVersion"] = "v1";
      return g;
    }
  return std::nullopt;
}

std::optional<json::object> api_resource_list(const Registry& reg, const std::string& group,
                                              const std::string& version) {
  const std::vector<std::string> all_verbs{"create", "delete", "deletecollection", "get",
                                           "list",   "patch",  "update",           "watch"};
  json::array resources;
  bool found = false;
  for (const auto& t : reg.all()) {
    if (t->group != group || t->version != version) continue;
    found = true;
    bool ro = t->group == "metrics.k8s.io";
    json::object r{{"name", t->plural},
                   {"singularName", t->singular},
                   {"namespaced", t->namespaced},
                   {"kind", t->kind},
                   {"verbs", strings(ro                  ? std::vector<std::string>{"get", "list"}
                                     : !t->verbs.empty() ? t->verbs
                                                         : all_verbs)}};
    if (!t->short_names.empty()) r["shortNames"] = strings(t->short_names);
    if (!t->categories.empty()) r["categories"] = strings(t->categories);
    resources.push_back(std::move(r));
    if (t->has_status)
      resources.push_back(
          sub(t->plural + "/status", t->namespaced, t->kind, {"get", "patch", "update"}));
    if (t->has_scale)
      resources.push_back(sub(t->plural + "/scale", t->namespaced, "Scale",
                              {"get", "patch", "update"}, "autoscaling", "v1"));
    for (const auto& s : t->extra_subresources) {
      if (s == "log")
        resources.push_back(sub("pods/log", true, "Pod", {"get"}));
      else if (s == "exec")
        resources.push_back(sub("pods/exec", true, "PodExecOptions", {"create", "get"}));
      else if (s == "attach")
        resources.push_back(sub("pods/attach", true, "PodAttachOptions", {"create", "get"}));
      else if (s == "portforward")
        resources.push_back(
            sub("pods/portforward", true, "PodPortForwardOptions", {"create", "get"}));
      else if (s == "binding")
        resources.push_back(sub("pods/binding", true, "Binding", {"create"}));
      else if (s == "eviction")
        resources.push_back(sub("pods/eviction", true, "Eviction", {"create"}, "policy", "v1"));
      else if (s == "ephemeralcontainers")
        resources.push_back(
            sub("pods/ephemeralcontainers", true, "Pod", {"get", "patch", "update"}));
    }
  }
  if (!found) return std::nullopt;
  return json::object{{"kind", "APIResourceList"},
                      {"apiVersion", "v1"},
                      {"groupVersion", group.empty() ? version : group + "/" + version},
                      {"resources", resources}};
}

json::object aggregated_discovery(const Registry& reg, bool core) {
  const std::vector<std::string> all_verbs{"create", "delete", "deletecollection", "get",
                                           "list",   "patch",  "update",           "watch"};
  auto gvk = [](const std::string& g, const std::string& v, const std::string& k) {
    return json::object{{"group", g}, {"version", v}, {"kind", k}};
  };
  json::array items;
  auto types = reg.all();
  for (const auto& [group, versions] : reg.groups()) {
    if (group.empty() != core) continue;
    json::array vs;
    for (const auto& version : versions) {
      json::array resources;
      for (const auto& t : types) {
        if (t->group != group || t->version != version) continue;
        json::array subs;
        auto sub = [&](const char* name, json::object kind, std::vector<std::string> verbs) {
          subs.push_back(json::object{
              {"subresource", name}, {"responseKind", kind}, {"verbs", strings(verbs)}});
        };
        if (t->has_status) sub("status", gvk(group, version, t->kind), {"get", "patch", "update"});
        if (t->has_scale)
          sub("scale", gvk("autoscaling", "v1", "Scale"), {"get", "patch", "update"});
        for (const auto& x : t->extra_subresources) {
          if (x == "log")
            sub("log", gvk("", "v1", "Pod"), {"get"});
          else if (x == "exec")
            sub("exec", gvk("", "v1", "PodExecOptions"), {"create", "get"});
          else if (x == "attach")
            sub("attach", gvk("", "v1", "PodAttachOptions"), {"create", "get"});
          else if (x == "portforward")
            sub("portforward", gvk("", "v1", "PodPortForwardOptions"), {"create", "get"});
          else if (x == "binding")
            sub("binding", gvk("", "v1", "Binding"), {"create"});
          else if (x == "eviction")
            sub("eviction", gvk("policy", "v1", "Eviction"), {"create"});
          else if (x == "ephemeralcontainers")
            sub("ephemeralcontainers", gvk("", "v1", "Pod"), {"get", "patch", "update"});
        }
        bool ro = t->group == "metrics.k8s.io";
        json::object r{{"resource", t->plural},
                       {"responseKind", gvk(group, version, t->kind)},
                       {"scope", t->namespaced ? "Namespaced" : "Cluster"},
                       {"singularResource", t->singular},
                       {"verbs", strings(ro ? std::vector<std::string>{"get", "list"}
                                         : !t->verbs.empty() ? t->verbs
                                                             : all_verbs)}};
        if (!t->short_names.empty()) r["shortNames"] = strings(t->short_names);
        if (!t->categories.empty()) r["categories"] = strings(t->categories);
        if (!subs.empty()) r["subresources"] = std::move(subs);
        resources.push_back(std::move(r));
      }
      vs.push_back(
          json::object{{"version", version}, {"resources", resources}, {"freshness", "Current"}});
    }
    json::object md{{"creationTimestamp", nullptr}};
    if (!group.empty()) md["name"] = group;
    items.push_back(json::object{{"metadata", md}, {"versions", vs}});
  }
  return {{"kind", "APIGroupDiscoveryList"},
          {"apiVersion", "apidiscovery.k8s.io/v2"},
          {"metadata", json::object{}},
          {"items", items}};
}

}  // namespace kubemcp::sim
