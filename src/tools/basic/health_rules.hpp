#pragma once
// Triage rules for k8s_health, as pure functions over API objects so they can be tested
// without a cluster.
#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <vector>

namespace kubemcp::tools::health {

struct Finding {
  std::string object;  // "pod/api-5d9c-x", "deployment/api"
  std::string namespace_;
  std::string problem;  // "CrashLoopBackOff", "Pending", "1/3 available"
  std::string detail;   // restarts, last exit, scheduler message
  std::string next;     // the next call to make
};

// A pod that is not running and ready (or succeeded), with the reason; nullopt if healthy.
std::optional<Finding> check_pod(const boost::json::value& pod);

// Deployments, StatefulSets, DaemonSets short of replicas or stuck in a rollout.
std::optional<Finding> check_workload(const boost::json::value& workload, const std::string& kind);

// A node whose Ready condition is not True, or that is cordoned.
std::optional<Finding> check_node(const boost::json::value& node);

}  // namespace kubemcp::tools::health
