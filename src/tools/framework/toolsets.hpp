#pragma once
// One function per tier, each defined in its folder's toolset.cpp (basic/, core/, extra/).
#include <vector>

#include "tools/framework/tool.hpp"

namespace kubemcp::tools {

std::vector<Tool> core_tools();   // core/toolset.cpp: the changes (scale, rollout, ...)
std::vector<Tool> basic_tools();  // basic/toolset.cpp: the read tools
std::vector<Tool> core_tools();   // core/toolset.cpp: apply, delete, ...
std::vector<Tool> extra_tools();  // extra/toolset.cpp: exec, cp, port-forward

}  // namespace kubemcp::tools
