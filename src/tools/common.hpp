#pragma once
// What the tool handlers share: reading arguments, fanning a read out over clusters,
// and phrasing failures the way kubectl does, with the next step to take.
#include <boost/json/object.hpp>
#include <cstdint>
#include <exception>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "fleet/cluster.hpp"
#include "tools/tool.hpp"

namespace kubemcp::kube {
class Client;
struct ResourceInfo;
}  // namespace kubemcp::kube

namespace kubemcp::tools {

std::string arg_string(const boost::json::object& args, const char* key,
                       const std::string& fallback = "");
bool arg_bool(const boost::json::object& args, const char* key, bool fallback = false);
std::optional<std::int64_t> arg_int(const boost::json::object& args, const char* key);
std::vector<std::string> arg_strings(const boost::json::object& args, const char* key);

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

// Joins answers: a single cluster's text as is; several under "== CLUSTER ==" headings,
// failures in place; heal notes last. Each of N answers gets 1/N of `budget` so no cluster
// crowds out another (`how` says how to see more). An error only when every cluster failed.
Result combine(const std::vector<ClusterAnswer>& answers, std::size_t budget,
               const std::string& how);

// A failure as a user reads it: kubectl's wording plus what to do next.
std::string phrase_error(const std::exception_ptr& error, const std::string& cluster);

// A built-in resource the tools address directly (pods, events, deployments...), without a
// discovery round trip: these exist on every cluster at these versions.
const kube::ResourceInfo& builtin(
    const std::string& name);  // "pods", "events", "nodes",
                               // "deployments", "statefulsets", "daemonsets"

// Makes objects fit to show, in place: drops managedFields and the last-applied annotation and
// masks Secret values unless the cluster reveals them. Every object k8s_get prints as YAML or
// JSON, and every object read as an MCP resource, passes here.
void prepare_objects(boost::json::value& object_or_list, const fleet::ClusterConfig& cluster,
                     const kube::ResourceInfo& resource);

// Runs `jobs` concurrently on the fan-out pool and waits for all (bounded threads, shared).
void run_parallel(std::vector<std::function<void()>>& jobs);

}  // namespace kubemcp::tools
