#pragma once
// The basic tier: the read tools. Each tool's record and handler live in its own file
// (clusters.cpp, get.cpp, ...); toolset.cpp lists them in the order clients see them.
#include <boost/json/object.hpp>
#include <vector>

#include "tools/framework/tool.hpp"

namespace kubemcp::tools {

Tool clusters_tool();
Tool get_tool();
Tool describe_tool();
Tool logs_tool();
Tool events_tool();
Tool health_tool();
Tool compare_tool();

// k8s_clusters' handler, also behind the kubemcp://clusters resource.
Result run_clusters(const boost::json::object& args, Context& ctx);

}  // namespace kubemcp::tools
