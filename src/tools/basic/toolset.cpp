// The basic tier, in listing order: all read-only, all take `cluster` (one or, for most, many).
#include "tools/basic/toolset.hpp"

#include "tools/framework/toolsets.hpp"

namespace kubemcp::tools {

std::vector<Tool> basic_tools() {
  std::vector<Tool> tools;
  tools.push_back(clusters_tool());
  tools.push_back(get_tool());
  tools.push_back(describe_tool());
  tools.push_back(logs_tool());
  tools.push_back(events_tool());
  tools.push_back(health_tool());
  tools.push_back(compare_tool());
  return tools;
}

}  // namespace kubemcp::tools
