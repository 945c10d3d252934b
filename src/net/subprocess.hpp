#pragma once
// Starting other programs, the one way kubemcp does it (login, network_heal, exec credential
// plugins, the simulator's sandboxes): argv with no shell, its own process group, signals
// reset, and nothing of ours inherited — every descriptor above 2 is made close-on-exec in the
// child. That covers Asio's sockets (boost/asio/detail/impl/socket_ops.ipp opens them without
// SOCK_CLOEXEC) and spdlog's log file (fopen without O_CLOEXEC). run() adds a deadline, after
// which the whole group gets SIGTERM and then SIGKILL, and caps what it keeps of the output.
// No Asio here: plain POSIX.
#include <sys/types.h>

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace kubemcp::net {

// setrlimit() values for the child; a negative value leaves that limit as it is.
struct ResourceLimits {
  long processes = -1;    // RLIMIT_NPROC (tasks of the child's real uid)
  long file_size = -1;    // RLIMIT_FSIZE, bytes
  long cpu_seconds = -1;  // RLIMIT_CPU, per process
  long memory = -1;       // RLIMIT_AS, bytes per process
};

struct SpawnOptions {
  std::vector<std::string> argv;                // argv[0] is searched on PATH unless it has '/'
  std::optional<std::vector<std::string>> env;  // "K=V" entries; nullopt: our environment
  bool pipe_stdin = false;                      // false: stdin is /dev/null
  bool merge_stderr = false;                    // stderr goes into the stdout pipe
  ResourceLimits limits;
  // Runs in the child right before exec, after the limits. Only system calls are safe here
  // (the parent has threads); returns 0 or an errno value, which fails the spawn.
  std::function<int()> in_child;
};

struct Child {
  pid_t pid = -1;  // also the process group id
  int stdin_fd = -1, stdout_fd = -1, stderr_fd = -1;
};

// Why a program could not be started ("cannot run 'kube': No such file or directory").
class SpawnError : public std::runtime_error {
 public:
  SpawnError(const std::string& what, int code) : std::runtime_error(what), code_(code) {}
  int code() const { return code_; }  // errno

 private:
  int code_;
};

// Starts the program. The caller owns the returned descriptors and must reap `pid`.
Child spawn(const SpawnOptions& options);

// Ends the process group of `pid` (SIGTERM, then SIGKILL after `grace`) and reaps `pid`
// unless `reaped` is set. Returns its wait status when this call reaped it, else -1.
int terminate_group(pid_t pid, std::chrono::milliseconds grace, bool reaped = false);

// How long a process group gets between SIGTERM and SIGKILL.
inline constexpr std::chrono::milliseconds kTerminateGrace{2000};

struct RunResult {
  bool started = false;  // false: see `error`
  bool timed_out = false;
  bool truncated = false;  // more output than max_output; the rest was discarded
  int exit_code = -1;      // when it exited
  int signal = 0;          // when a signal ended it
  std::string out, err;    // err stays empty with merge_stderr
  std::string error;       // why it did not start
};

// Runs to completion: output is read until the program exits and its output closes, or until
// `timeout`; then its process group is ended. When the program has exited but something it
// left behind still holds the output open, that is ended too after a short drain.
RunResult run(const SpawnOptions& options, std::chrono::milliseconds timeout,
              std::size_t max_output);

}  // namespace kubemcp::net
