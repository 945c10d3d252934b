#pragma once
// The body of a DELETE answer as kube-apiserver's finalizeDelete writes it: the object for the
// kinds whose storage returns it (pods, services, ...) and for objects that stay behind with a
// deletionTimestamp (finalizers, foreground deletion); else a Status "Success" naming the
// object (details.kind is the resource, as upstream sets it).
#include <boost/json/object.hpp>

#include "sim/resources.hpp"

namespace kubemcp::sim {

boost::json::object delete_answer(const ResourceType& t, const boost::json::object& obj,
                                  bool stays);

}  // namespace kubemcp::sim
