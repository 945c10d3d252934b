#pragma once
// Running a tool's work on clusters: on each cluster a call names (fan_out), concurrently on
// one shared pool, or on exactly one (on_one_cluster); each through the fleet's heal-and-retry
// wrapper, one cluster's failure phrased in its own answer.
#include <boost/json/object.hpp>
#include <cstdint>
#include <exception>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "fleet/cluster.hpp"
#include "tools/framework/tool.hpp"

namespace kubemcp::kube {
class Client;
struct ResourceInfo;
}  // namespace kubemcp::kube

namespace kubemcp::tools {

// One cluster's part of a read.
struct ClusterAnswer {
  const fleet::ClusterConfig* cluster = nullptr;
  std::string text;  // rendered answer, or the phrased error
  bool failed = false;
  std::string healed;       // what auto-heal did, if anything
  boost::json::value data;  // structured form, when the tool has one
};

// Everything a per-cluster read needs.
struct ClusterCall {
  const fleet::ClusterConfig& cluster;
  kube::Client& client;
  std::string namespace_;  // the argument, else the cluster's default namespace
  Context& ctx;
};

using ClusterFn = std::function<ClusterAnswer(ClusterCall&)>;

// Runs `fn` for each cluster named by args.cluster (a name, an alias, "all" or a list)
// concurrently, each through the fleet's heal-and-retry wrapper. One cluster's failure is
// reported in its answer and never fails the others.
std::vector<ClusterAnswer> fan_out(Context& ctx, const boost::json::object& args,
                                   const ClusterFn& fn);

// Runs `fn` for exactly one cluster (args.cluster must name one).
ClusterAnswer on_one_cluster(Context& ctx, const boost::json::object& args, const ClusterFn& fn,
                             bool idempotent = true);

// Runs `jobs` concurrently on the fan-out pool and waits for all (bounded threads, shared).
void run_parallel(std::vector<std::function<void()>>& jobs);

}  // namespace kubemcp::tools
