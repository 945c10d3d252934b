#pragma once
// The core tier's tools (changes), one function per tool file.
#include "tools/framework/tool.hpp"

namespace kubemcp::tools::core {

Tool scale_tool();    // scale.cpp
Tool rollout_tool();  // rollout.cpp

}  // namespace kubemcp::tools::core
