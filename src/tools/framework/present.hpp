#pragma once
// How answers are put before a model: per-cluster answers joined within the output budget,
// failures phrased as kubectl phrases them plus the next step to take, and objects made fit
// to show (noise dropped, Secret values masked).
#include <boost/json/value.hpp>
#include <exception>
#include <string>
#include <vector>

#include "tools/framework/fanout.hpp"
#include "tools/framework/tool.hpp"

namespace kubemcp::kube {
struct ResourceInfo;
}

namespace kubemcp::tools {

// Joins answers: a single cluster's text as is; several under "== CLUSTER ==" headings,
// failures in place; heal notes last. Each of N answers gets 1/N of `budget` so no cluster
// crowds out another (`how` says how to see more). An error only when every cluster failed.
Result combine(const std::vector<ClusterAnswer>& answers, std::size_t budget,
               const std::string& how);

// "Auto-heal: <what>.\n" (naming the cluster when several answered); empty when nothing healed.
std::string heal_note(const std::string& cluster, const std::string& healed, bool several);

// One cluster's answer as the call's result: its text (fitted to `budget` characters with
// `how` to see more, when budget > 0; the cut travels as Result::cut), then the heal note;
// an error when the cluster failed. Every tool that acts on one cluster ends here.
Result single_result(const ClusterAnswer& answer, std::size_t budget = 0,
                     const std::string& how = {});

// A failure as a user reads it: kubectl's wording plus what to do next.
std::string phrase_error(const std::exception_ptr& error, const std::string& cluster);

// Makes objects fit to show, in place: drops managedFields and the last-applied annotation and
// masks Secret values unless the cluster reveals them. Every object k8s_get prints as YAML or
// JSON, and every object read as an MCP resource, passes here.
void prepare_objects(boost::json::value& object_or_list, const fleet::ClusterConfig& cluster,
                     const kube::ResourceInfo& resource);

}  // namespace kubemcp::tools
