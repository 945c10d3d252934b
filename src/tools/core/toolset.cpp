// The core tier, in listing order: tools that change a cluster. Each acts on one cluster, which
// the catalog's policy check chose (read-only refused, protected confirmed, audited), and checks
// the per-object policy lists (framework/object_policy.hpp) before anything is sent.
#include "tools/core/toolset.hpp"

#include "tools/framework/toolsets.hpp"

namespace kubemcp::tools {

std::vector<Tool> core_tools() {
  std::vector<Tool> tools;
  tools.push_back(apply_tool());
  tools.push_back(delete_tool());
  tools.push_back(core::scale_tool());
  tools.push_back(core::rollout_tool());
  return tools;
}

}  // namespace kubemcp::tools
