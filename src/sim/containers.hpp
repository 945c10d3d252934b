#pragma once
// Which container a pod subresource request (log, exec, attach) addresses, as the pod
// registry's streamLocation works it out (pkg/registry/core/pod/strategy.go).
#include <boost/json/object.hpp>
#include <string>

namespace kubemcp::sim {

// `requested` when the pod has such a container (init and ephemeral ones included); the only
// container when none is requested. Throws ApiError 400 otherwise, naming the choices.
std::string choose_container(const boost::json::object& pod, const std::string& requested);

}  // namespace kubemcp::sim
