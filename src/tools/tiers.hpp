#pragma once
// The tier files: each returns its tools as declarative records beside their handlers.
#include <vector>

#include "tools/tool.hpp"

namespace kubemcp::tools {

std::vector<Tool> basic_tools();  // basic.cpp: read tools

}  // namespace kubemcp::tools
