#pragma once
// The per-cluster allow/deny lists for changes (`namespaces`, `kinds`; deny wins), checked in
// this one place by every tool that changes objects, for every object, before anything is sent.
#include <string>
#include <string_view>

#include "fleet/cluster.hpp"

namespace kubemcp::tools {

// What one change would touch. `namespace_` is empty for cluster-scoped objects; a Namespace
// object (group "", kind Namespace) is checked against the namespace lists by its `name`.
struct ObjectRef {
  std::string_view namespace_;
  std::string_view group;
  std::string_view kind;
  std::string_view name;
};

// "" when the cluster's lists allow the change; else the reason, naming the list to edit:
// "namespace 'kube-system' is denied on cluster 'stage' (namespaces.deny: kube-system)".
std::string check_object_allowed(const fleet::ClusterConfig& cluster, const ObjectRef& object);

// `*` matches any run of characters; everything else matches itself.
bool glob_match(std::string_view pattern, std::string_view text);

}  // namespace kubemcp::tools
