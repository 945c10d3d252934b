#pragma once
// ResourceQuota as kube-apiserver's admission plugin and kube-controller-manager's quota
// controller keep it: creates that would exceed a quota's `hard` are 403 Forbidden
// ("exceeded quota: NAME, requested: ..., used: ..., limited: ..."), and every quota's
// status.hard and status.used follow the objects in its namespace.
#include <boost/json/object.hpp>
#include <string>

#include "sim/resources.hpp"

namespace kubemcp::sim {

class Cluster;

// Throws ApiError 403 when `body` (about to be created in `ns`) exceeds a quota there.
void admit_quota(Cluster& c, const ResourceType& t, const std::string& ns,
                 const boost::json::object& body);

// Keeps status.used of every ResourceQuota computed as objects come and go.
void maintain_quotas(Cluster& c);

// resource.Quantity's canonical text for a value: "2", "500m", "1536Mi", "1G".
std::string format_quantity(double value, bool binary);

}  // namespace kubemcp::sim
