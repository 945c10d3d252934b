#pragma once
// Where the scheduler may put a pod: kube-scheduler's default filter plugins in their order
// (NodeUnschedulable, NodeName, TaintToleration, NodeAffinity, NodeResourcesFit), and its
// FitError text when no node fits ("0/3 nodes are available: 1 node(s) were unschedulable,
// 2 Insufficient cpu. preemption: ...").
#include <string>
#include <vector>

#include "sim/store.hpp"

namespace kubemcp::sim {

struct Placement {
  std::vector<ObjPtr> fit;  // nodes that pass every filter
  std::string message;      // when none does: why, as the scheduler words it
};

// `placed` are the pods already bound to nodes (their requests use up the nodes).
Placement place(const boost::json::object& pod, const std::vector<ObjPtr>& nodes,
                const std::vector<ObjPtr>& placed);

// "250m" → 0.25, "2" → 2; "128Mi" → 134217728 (resource.Quantity, decimal and binary suffixes).
double quantity(const std::string& q);

}  // namespace kubemcp::sim
