#include "kube/builtin_resources.hpp"

#include <map>
#include <stdexcept>
#include <string>

namespace kubemcp::kube {

const ResourceInfo& builtin(std::string_view resource) {
  static const std::map<std::string, ResourceInfo, std::less<>> known = [] {
    std::map<std::string, ResourceInfo, std::less<>> m;
    const auto add = [&](const char* group, const char* plural, const char* kind, bool namespaced) {
      ResourceInfo r;
      r.group = group;
      r.version = "v1";
      r.resource = plural;
      r.kind = kind;
      r.namespaced = namespaced;
      m.emplace(plural, std::move(r));
    };
    add("", "pods", "Pod", true);
    add("", "events", "Event", true);
    add("", "nodes", "Node", false);
    add("", "namespaces", "Namespace", false);
    add("apps", "deployments", "Deployment", true);
    add("apps", "statefulsets", "StatefulSet", true);
    add("apps", "daemonsets", "DaemonSet", true);
    add("apps", "replicasets", "ReplicaSet", true);
    return m;
  }();
  const auto it = known.find(resource);
  if (it == known.end())
    throw std::out_of_range("not a built-in resource: " + std::string(resource));
  return it->second;
}

}  // namespace kubemcp::kube
