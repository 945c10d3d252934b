// The core tier, in listing order: tools that change objects on one cluster, each passing the
// catalog's access check and the per-object policy lists (framework/object_policy.hpp).
#include "tools/core/toolset.hpp"

#include "tools/framework/toolsets.hpp"

namespace kubemcp::tools {

std::vector<Tool> core_tools() {
  std::vector<Tool> tools;
  tools.push_back(apply_tool());
  tools.push_back(delete_tool());
  return tools;
}

}  // namespace kubemcp::tools
