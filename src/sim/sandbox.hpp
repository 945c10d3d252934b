#pragma once
// Container processes of the simulator run for real, but only inside a bubblewrap sandbox
// whose root is the container's own directory (busybox-static and a few files), with network,
// PID, IPC and UTS namespaces unshared and every capability dropped: a command in a simulated
// pod cannot see or change the host's files.
#include <sys/types.h>

#include <string>
#include <vector>

namespace kubemcp::sim {

// Creates (once) and returns the root directory of a container under `base`.
std::string container_root(const std::string& base, const std::string& ns, const std::string& pod,
                           const std::string& container, const std::string& image);

struct SandboxProcess {
  pid_t pid = -1;
  int stdin_fd = -1, stdout_fd = -1, stderr_fd = -1;
};

// Starts argv inside the sandbox rooted at `root`. Throws std::runtime_error when bwrap or
// busybox is missing.
SandboxProcess spawn_sandboxed(const std::string& root, const std::string& hostname,
                               const std::vector<std::string>& argv);

}  // namespace kubemcp::sim
