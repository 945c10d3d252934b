#pragma once
// The pods/eviction subresource (policy/v1 Eviction) and PodDisruptionBudget status, as the
// eviction REST handler and the disruption controller keep them
// (pkg/registry/core/pod/storage/eviction.go, pkg/controller/disruption).
#include <string>

#include "net/server_https.hpp"

namespace kubemcp::sim {

class Cluster;

// POST .../pods/NAME/eviction: deletes the pod unless a budget forbids it (429
// TooManyRequests with the budget's numbers in details.causes), gracefully as a DELETE does.
// A dry run (the query's or the body's deleteOptions) answers the same and changes nothing.
// Throws ApiError.
net::HttpResponse evict(Cluster& c, const std::string& ns, const std::string& pod,
                        const std::string& body, bool dry_run);

// Keeps every PodDisruptionBudget's status (currentHealthy, desiredHealthy, expectedPods,
// disruptionsAllowed, the DisruptionAllowed condition) computed as pods and budgets change.
void maintain_disruption_budgets(Cluster& c);

}  // namespace kubemcp::sim
