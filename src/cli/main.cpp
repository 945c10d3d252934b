#include <string>
#include <vector>

#include "cli/cmd_sim.hpp"

int main(int argc, char** argv) {
  if (argc >= 2 && std::string(argv[1]) == "sim")
    return kubemcp::cli::run_sim_command(std::vector<std::string>(argv + 2, argv + argc));
  return 0;
}
