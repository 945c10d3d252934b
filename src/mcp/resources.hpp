#pragma once
// MCP resources: `k8s://clusters` (the fleet as JSON, no credentials) and one Kubernetes object
// by URI — `k8s://{cluster}/{namespace}/{resource}/{name}` for namespaced objects and
// `k8s://{cluster}/{resource}/{name}` for cluster-scoped ones — read as YAML, stripped and
// masked exactly as k8s_get prints it.
#include <boost/json/object.hpp>
#include <string>
#include <string_view>

#include "kube/resource_mapper.hpp"
#include "net/cancel.hpp"

namespace kubemcp::fleet {
class Fleet;
struct ClusterConfig;
}  // namespace kubemcp::fleet

namespace kubemcp::mcp {

inline constexpr const char* kClustersUri = "k8s://clusters";
inline constexpr const char* kNamespacedTemplate = "k8s://{cluster}/{namespace}/{resource}/{name}";
inline constexpr const char* kClusterScopedTemplate = "k8s://{cluster}/{resource}/{name}";

// A parsed URI. `fleet` for k8s://clusters; otherwise an object (namespace empty in the
// cluster-scoped form). Only the syntax and the naming rules are checked here.
struct ResourceUri {
  bool fleet = false;
  std::string cluster, namespace_, resource, name;
};

// Throws RpcFault (-32602) saying what is wrong and showing the forms that work.
ResourceUri parse_resource_uri(std::string_view uri);

// An object URI resolved against its cluster: the canonical cluster, the resource's mapping
// (its scope checked against the URI's form).
struct ResolvedObject {
  const fleet::ClusterConfig* cluster = nullptr;
  kube::ResourceInfo resource;
  std::string namespace_, name;
  // "stage/deployments.apps/shop/web": the same object whatever alias or short name named it.
  std::string key() const;
};

// Resolves the cluster (name or alias) and the resource type (through discovery, with the
// fleet's auto-heal). Throws RpcFault: -32602 for an unknown cluster or type or a scope that
// does not match the URI's form, -32603 when the cluster cannot be asked.
ResolvedObject resolve_object(fleet::Fleet& fleet, const ResourceUri& uri,
                              const net::CancelPtr& cancel);

// The results of resources/list and resources/templates/list.
boost::json::object list_resources(const boost::json::object& params);
boost::json::object list_resource_templates(const boost::json::object& params);

// The result of resources/read. Throws RpcFault: -32602 for a bad URI, -32002 when the object
// does not exist, -32603 when the cluster fails (the message is the tools' phrasing).
boost::json::object read_resource(const boost::json::object& params, fleet::Fleet& fleet,
                                  const net::CancelPtr& cancel);

}  // namespace kubemcp::mcp
