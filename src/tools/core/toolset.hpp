#pragma once
// The core tier: the tools that change objects. Each tool's record and handler live in its
// own file (apply.cpp, delete.cpp, scale.cpp, rollout.cpp); toolset.cpp lists them in the order
// clients see them.
#include "tools/framework/tool.hpp"

namespace kubemcp::tools {

Tool apply_tool();   // apply.cpp
Tool delete_tool();  // delete.cpp

namespace core {
Tool scale_tool();    // scale.cpp
Tool rollout_tool();  // rollout.cpp
}  // namespace core

}  // namespace kubemcp::tools
