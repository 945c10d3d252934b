#pragma once
// Container processes of the simulator run for real, but only inside a bubblewrap sandbox
// whose root is the container's own directory (busybox-static and a few files), with every
// namespace unshared (user, mount, PID, network, IPC, UTS, cgroup), every capability dropped,
// a new session (no TIOCSTI into the user's terminal), an empty environment, no descriptor of
// the simulator, and limits on processes, file size, CPU time and memory: a command in a
// simulated pod cannot see or change the host's files, and a fork bomb stays inside.
// The root directory is resolved and must lie below the sandbox directory.
#include <sys/types.h>

#include <string>
#include <vector>

namespace kubemcp::sim {

// Creates (once) and returns the root directory of a container under `base`. Throws
// std::runtime_error when a name is not a plain directory name or the result resolves
// outside `base`.
std::string container_root(const std::string& base, const std::string& ns, const std::string& pod,
                           const std::string& container, const std::string& image);

// The uid a container's processes run as on the host: ours, or, when the simulator runs as
// root, one of its own (RLIMIT_NPROC does not hold for uid 0), which owns its root directory.
uid_t sandbox_uid(const std::string& root);

struct SandboxProcess {
  pid_t pid = -1;  // bwrap, leader of its process group
  int stdin_fd = -1, stdout_fd = -1, stderr_fd = -1;
};

// Starts argv inside the sandbox rooted at `root`. Throws std::runtime_error when bwrap or
// busybox is missing.
SandboxProcess spawn_sandboxed(const std::string& root, const std::string& hostname,
                               const std::vector<std::string>& argv);

}  // namespace kubemcp::sim
