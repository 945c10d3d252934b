#pragma once
// Runs a configured command (login, network_heal) the safe way: argv with no shell,
// stdin from /dev/null, output captured (bounded), killed at the timeout.
#include <chrono>
#include <string>
#include <vector>

namespace kubemcp::fleet {

struct CommandResult {
  bool started = false;  // false: not found or not executable (see `error`)
  bool timed_out = false;
  int exit_code = -1;  // valid when it exited; -1 when killed by a signal
  std::string output;  // stdout and stderr interleaved, at most 64 KiB
  std::string error;   // why it did not start, or how it ended, for messages

  bool ok() const { return started && !timed_out && exit_code == 0; }
};

CommandResult run_command(const std::vector<std::string>& argv, std::chrono::milliseconds timeout);

// "kube s" — argv joined for messages (the argv is configuration, not a credential).
std::string describe_command(const std::vector<std::string>& argv);

}  // namespace kubemcp::fleet
