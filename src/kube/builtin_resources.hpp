#pragma once
// Built-in resources every conformant cluster serves at these versions (pods, events,
// nodes, the apps workloads). Callers that address them directly skip a discovery round
// trip; anything else is resolved through Discovery.
#include <string_view>

#include "kube/resource_mapper.hpp"

namespace kubemcp::kube {

// "pods", "events", "nodes", "namespaces", "deployments", "statefulsets", "daemonsets",
// "replicasets". Throws std::out_of_range for any other name (a programming error).
const ResourceInfo& builtin(std::string_view resource);

}  // namespace kubemcp::kube
