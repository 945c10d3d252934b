#pragma once
// Runs a configured command (login, network_heal) the safe way (net/subprocess.hpp): argv
// with no shell, stdin from /dev/null, no descriptor of ours inherited, output captured
// (bounded). At the timeout its whole process group gets SIGTERM, then SIGKILL; a background
// child that keeps the output open after the command exited is ended the same way.
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
