#pragma once
// The actions of k8s_rollout, each as kubectl does it, on one object already read.
#include <boost/json/object.hpp>
#include <chrono>
#include <cstdint>
#include <string>

#include "kube/resource_mapper.hpp"
#include "tools/framework/fanout.hpp"

namespace kubemcp::tools::core {

// One k8s_rollout call on one object.
struct Rollout {
  ClusterCall& call;
  kube::ResourceInfo resource;
  std::string ns;
  std::string name;
  boost::json::object object;  // as read before acting
  bool dry_run = false;
  std::int64_t to_revision = 0;
  std::chrono::seconds timeout{60};
};

// The action named `action` (status, history, undo, restart, pause, resume): its answer, or
// Refusal with kubectl's words when the kind does not allow it or the state forbids it.
std::string run_rollout_action(const std::string& action, Rollout& x);

// Whether the action only reads (status, history).
bool rollout_action_reads(const std::string& action);

}  // namespace kubemcp::tools::core
