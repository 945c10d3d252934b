#pragma once
// The extra tier: exec, cp and port-forward over the client's WebSocket streams. Each tool's
// record and handler live in its own file; toolset.cpp lists them.
#include "tools/framework/tool.hpp"

namespace kubemcp::tools {

Tool exec_tool();
Tool cp_tool();
Tool port_forward_tool();

// Under `kubemcp call k8s_port_forward action=start`: keeps forwarding until every forward has
// stopped (ttl) or `cancel` fires (Ctrl-C), then stops them all.
void hold_port_forwards(const net::CancelPtr& cancel);
// Stops every port-forward of the process (the server's exit).
void stop_port_forwards();

}  // namespace kubemcp::tools
