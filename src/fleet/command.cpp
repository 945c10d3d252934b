#include "fleet/command.hpp"

#include "net/subprocess.hpp"

namespace kubemcp::fleet {
namespace {
constexpr std::size_t kMaxOutput = std::size_t{64} * 1024;
}

std::string describe_command(const std::vector<std::string>& argv) {
  std::string out;
  for (const auto& a : argv) {
    if (!out.empty()) out += ' ';
    out += a.find(' ') == std::string::npos ? a : "'" + a + "'";
  }
  return out;
}

CommandResult run_command(const std::vector<std::string>& argv, std::chrono::milliseconds timeout) {
  net::SpawnOptions options;
  options.argv = argv;
  options.merge_stderr = true;
  const net::RunResult run = net::run(options, timeout, kMaxOutput);
  CommandResult r;
  r.started = run.started;
  r.timed_out = run.timed_out;
  r.output = run.out;
  if (!run.started) {
    r.error = run.error;
  } else if (run.timed_out) {
    r.error = "timed out after " + std::to_string(timeout.count() / 1000) + "s";
  } else if (run.signal != 0) {
    r.error = "killed by signal " + std::to_string(run.signal);
  } else {
    r.exit_code = run.exit_code;
    if (r.exit_code != 0) r.error = "exited with code " + std::to_string(r.exit_code);
  }
  return r;
}

}  // namespace kubemcp::fleet
