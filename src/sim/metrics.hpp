#pragma once
// metrics.k8s.io/v1beta1 (what `kubectl top` reads): PodMetrics and NodeMetrics computed from
// the running pods. Usage is simulated, deterministic per container and slowly varying, like
// the logs; node usage is the sum of its pods plus system overhead.
#include <map>
#include <string>

#include "net/server_https.hpp"

namespace kubemcp::sim {

class Cluster;
struct ResourceType;

net::HttpResponse metrics_request(Cluster& c, const ResourceType& t, const std::string& ns,
                                  const std::string& name, const std::string& method,
                                  const std::multimap<std::string, std::string>& query);

}  // namespace kubemcp::sim
