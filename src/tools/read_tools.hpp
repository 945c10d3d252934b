#pragma once
// Handlers of the basic tier's read tools (their records live in basic.cpp).
#include <boost/json/object.hpp>

#include "tools/tool.hpp"

namespace kubemcp::tools {

Result run_get(const boost::json::object& args, Context& ctx);
Result run_describe(const boost::json::object& args, Context& ctx);
Result run_logs(const boost::json::object& args, Context& ctx);
Result run_events(const boost::json::object& args, Context& ctx);
Result run_health(const boost::json::object& args, Context& ctx);
Result run_clusters(const boost::json::object& args, Context& ctx);

}  // namespace kubemcp::tools
