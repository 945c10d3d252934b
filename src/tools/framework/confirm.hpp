#pragma once
// The protected-cluster gate: on a cluster configured `protected: true` every change is
// confirmed by the user before it is sent — through MCP elicitation when the client can ask,
// else by an explicit `confirm: true` the model sets after asking. Called only by
// Catalog::call, so no tool can skip it.
#include <boost/json/object.hpp>
#include <string>

#include "tools/framework/tool.hpp"

namespace kubemcp::tools {

// Returns when the change may go ahead; throws PolicyRefusal (nothing sent) when the user
// declined or cancelled, or when confirmation is missing.
void confirm_change(const Tool& tool, const boost::json::object& args, Context& ctx,
                    const fleet::ClusterConfig& cluster);

// The text shown to the user: cluster, tool, what it acts on and the dry-run summary.
std::string confirmation_message(const Tool& tool, const boost::json::object& args,
                                 const fleet::ClusterConfig& cluster, const std::string& preview);

}  // namespace kubemcp::tools
