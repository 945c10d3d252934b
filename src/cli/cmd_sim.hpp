#pragma once
#include <string>
#include <vector>

namespace kubemcp::cli {
// `kubemcp sim ...`; args are the words after `sim`.
int run_sim_command(const std::vector<std::string>& args);
}  // namespace kubemcp::cli
