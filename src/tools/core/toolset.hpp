#pragma once
// The core tier: the tools that change objects. Each tool's record and handler live in its
// own file (apply.cpp, delete.cpp, ...); toolset.cpp lists them in the order clients see them.
#include "tools/framework/tool.hpp"

namespace kubemcp::tools {

Tool apply_tool();
Tool delete_tool();

}  // namespace kubemcp::tools
