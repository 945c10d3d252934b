#pragma once
// The pods/binding subresource (v1 Binding): what a scheduler POSTs to place a pod on a node
// (pkg/registry/core/pod/storage BindingREST). Sets spec.nodeName and PodScheduled=True.
#include <string>

#include "net/server_https.hpp"

namespace kubemcp::sim {

class Cluster;

// 201 Status Success; 409 pods/binding conflicts for a pod already placed or being deleted.
// With dry_run the answer is the same and nothing is written. Throws ApiError.
net::HttpResponse bind_pod(Cluster& c, const std::string& ns, const std::string& pod,
                           const std::string& body, bool dry_run);

}  // namespace kubemcp::sim
