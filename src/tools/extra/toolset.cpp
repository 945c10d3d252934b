// The extra tier, in listing order: each changes or reaches into one cluster (never read-only),
// so the catalog refuses them on read-only clusters and audits every call.
#include "tools/extra/toolset.hpp"

#include "tools/framework/toolsets.hpp"

namespace kubemcp::tools {

std::vector<Tool> extra_tools() {
  std::vector<Tool> tools;
  tools.push_back(exec_tool());
  tools.push_back(cp_tool());
  tools.push_back(port_forward_tool());
  return tools;
}

}  // namespace kubemcp::tools
