#include "net/subprocess.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <sstream>
#include <thread>

extern char** environ;

namespace kubemcp::net {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// After the program exits, how long its output may stay open (something it left behind).
constexpr milliseconds kDrain{500};
constexpr milliseconds kTick{50};

// argv[0] as execve needs it: searched on PATH like execvp, but here, before fork.
std::string resolve(const std::string& program) {
  if (program.find('/') != std::string::npos) return program;
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "/usr/local/bin:/usr/bin:/bin");
  for (std::string dir; std::getline(dirs, dir, ':');) {
    std::string candidate = (dir.empty() ? "." : dir) + "/" + program;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return {};
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
  std::vector<char*> p;
  p.reserve(strings.size() + 1);
  for (auto& s : strings) p.push_back(s.data());
  p.push_back(nullptr);
  return p;
}

void close_fd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

// Every descriptor above 2 becomes close-on-exec; nothing of ours reaches the program.
void cloexec_from_3() {
#ifdef SYS_close_range
  if (::syscall(SYS_close_range, 3U, ~0U, 4U /* CLOSE_RANGE_CLOEXEC */) == 0) return;
#endif
  rlimit nofile{};
  const long max = ::getrlimit(RLIMIT_NOFILE, &nofile) == 0 && nofile.rlim_cur != RLIM_INFINITY
                       ? static_cast<long>(nofile.rlim_cur)
                       : 65536;
  for (long fd = 3; fd < max; ++fd) ::fcntl(static_cast<int>(fd), F_SETFD, FD_CLOEXEC);
}

int set_limit(int resource, long value) {
  if (value < 0) return 0;
  rlimit r{static_cast<rlim_t>(value), static_cast<rlim_t>(value)};
  rlimit old{};
  // An unprivileged process cannot raise its hard limit: keep a lower one.
  if (::getrlimit(resource, &old) == 0 && old.rlim_max != RLIM_INFINITY &&
      old.rlim_max < r.rlim_max)
    r.rlim_cur = r.rlim_max = old.rlim_max;
  return ::setrlimit(resource, &r) == 0 ? 0 : errno;
}

// Points `fd` at `target`, keeping it open across exec.
int move_to(int fd, int target) {
  if (fd == target) return ::fcntl(fd, F_SETFD, 0) == 0 ? 0 : errno;
  return ::dup2(fd, target) == target ? 0 : errno;
}

struct ChildPlan {
  const SpawnOptions* options;
  const char* path;
  char* const* argv;
  char* const* envp;
  int in, out, err, report;
};

// Between fork and exec: system calls only.
[[noreturn]] void child_main(const ChildPlan& p) {
  int e = 0;
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  for (int s = 1; s < NSIG; ++s)
    if (s != SIGKILL && s != SIGSTOP) ::signal(s, SIG_DFL);
  if (::setpgid(0, 0) != 0) e = errno;
  if (!e) e = move_to(p.in, 0);
  if (!e) e = move_to(p.out, 1);
  if (!e) e = move_to(p.err, 2);
  const ResourceLimits& l = p.options->limits;
  if (!e) e = set_limit(RLIMIT_NPROC, l.processes);
  if (!e) e = set_limit(RLIMIT_FSIZE, l.file_size);
  if (!e) e = set_limit(RLIMIT_CPU, l.cpu_seconds);
  if (!e) e = set_limit(RLIMIT_AS, l.memory);
  if (!e && p.options->in_child) e = p.options->in_child();
  if (!e) {
    cloexec_from_3();
    ::execve(p.path, p.argv, p.envp);
    e = errno;
  }
  [[maybe_unused]] auto n = ::write(p.report, &e, sizeof e);
  ::_exit(127);
}

struct Pipes {
  std::array<int, 2> in{-1, -1}, out{-1, -1}, err{-1, -1}, report{-1, -1};
  int devnull = -1;
  ~Pipes() {
    for (auto* pair : {&in, &out, &err, &report})
      for (int& fd : *pair) close_fd(fd);
    close_fd(devnull);
  }
};

void open_pipes(const SpawnOptions& o, Pipes& p) {
  auto make = [](std::array<int, 2>& fds) {
    if (::pipe2(fds.data(), O_CLOEXEC) != 0)
      throw SpawnError(std::string("cannot create a pipe: ") + std::strerror(errno), errno);
  };
  make(p.report);
  make(p.out);
  if (!o.merge_stderr) make(p.err);
  if (o.pipe_stdin) {
    make(p.in);
  } else {
    p.devnull = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (p.devnull < 0)
      throw SpawnError(std::string("cannot open /dev/null: ") + std::strerror(errno), errno);
  }
}

}  // namespace

Child spawn(const SpawnOptions& o) {
  if (o.argv.empty()) throw SpawnError("empty command", EINVAL);
  const std::string path = resolve(o.argv[0]);
  if (path.empty()) throw SpawnError("cannot run '" + o.argv[0] + "': not found on PATH", ENOENT);
  std::vector<std::string> args = o.argv;
  std::vector<std::string> env;
  if (o.env) {
    env = *o.env;
  } else {
    for (char** e = environ; e && *e; ++e) env.emplace_back(*e);
  }
  auto argv = pointers(args);
  auto envp = pointers(env);
  Pipes p;
  open_pipes(o, p);
  ChildPlan plan{&o,
                 path.c_str(),
                 argv.data(),
                 envp.data(),
                 o.pipe_stdin ? p.in[0] : p.devnull,
                 p.out[1],
                 o.merge_stderr ? p.out[1] : p.err[1],
                 p.report[1]};
  const pid_t pid = ::fork();
  if (pid < 0) throw SpawnError(std::string("fork failed: ") + std::strerror(errno), errno);
  if (pid == 0) child_main(plan);
  ::setpgid(pid, pid);  // also here, so that the group exists before anyone signals it
  close_fd(p.report[1]);
  int child_errno = 0;
  ssize_t got;
  while ((got = ::read(p.report[0], &child_errno, sizeof child_errno)) < 0 && errno == EINTR) {
  }
  if (got > 0) {
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    throw SpawnError("cannot run '" + o.argv[0] + "': " + std::strerror(child_errno), child_errno);
  }
  Child c{pid, -1, -1, -1};
  std::swap(c.stdin_fd, p.in[1]);
  std::swap(c.stdout_fd, p.out[0]);
  std::swap(c.stderr_fd, p.err[0]);
  return c;
}

int terminate_group(pid_t pid, milliseconds grace, bool reaped) {
  int status = -1;
  auto reap = [&](int flags) {
    int st = 0;
    if (!reaped && ::waitpid(pid, &st, flags) == pid) {
      reaped = true;
      status = st;
    }
  };
  ::kill(-pid, SIGTERM);
  ::kill(-pid, SIGCONT);  // a stopped process cannot act on SIGTERM
  const auto deadline = Clock::now() + grace;
  bool gone = false;
  while (Clock::now() < deadline) {
    reap(WNOHANG);
    if (reaped && ::kill(-pid, 0) != 0) {
      gone = true;
      break;
    }
    std::this_thread::sleep_for(milliseconds(20));
  }
  if (!gone) ::kill(-pid, SIGKILL);
  const auto last = Clock::now() + milliseconds(1000);
  while (!reaped && Clock::now() < last) {
    reap(WNOHANG);
    if (!reaped) std::this_thread::sleep_for(milliseconds(10));
  }
  if (!reaped)  // stuck in the kernel: someone must still reap it, but not us, now
    std::thread([pid] {
      int st = 0;
      while (::waitpid(pid, &st, 0) < 0 && errno == EINTR) {
      }
    }).detach();
  return status;
}

namespace {

struct Reader {
  int* fd;
  std::string* text;
};

void read_some(Reader r, std::size_t max_output, bool& truncated) {
  char buf[8192];
  const ssize_t got = ::read(*r.fd, buf, sizeof buf);
  if (got < 0 && (errno == EINTR || errno == EAGAIN)) return;
  if (got <= 0) {
    close_fd(*r.fd);
    return;
  }
  const std::size_t room = max_output > r.text->size() ? max_output - r.text->size() : 0;
  const std::size_t n = static_cast<std::size_t>(got);
  if (n > room) truncated = true;
  r.text->append(buf, std::min(n, room));
}

void record_status(RunResult& r, int status) {
  if (status == -1) return;
  if (WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) r.signal = WTERMSIG(status);
}

}  // namespace

RunResult run(const SpawnOptions& o, milliseconds timeout, std::size_t max_output) {
  RunResult r;
  Child c;
  try {
    c = spawn(o);
  } catch (const SpawnError& e) {
    r.error = e.what();
    return r;
  }
  r.started = true;
  close_fd(c.stdin_fd);
  std::array<Reader, 2> readers{Reader{&c.stdout_fd, &r.out}, Reader{&c.stderr_fd, &r.err}};
  const auto deadline = Clock::now() + timeout;
  std::optional<Clock::time_point> exited_at;
  int status = -1;
  bool leftovers = false;
  for (;;) {
    if (!exited_at && ::waitpid(c.pid, &status, WNOHANG) == c.pid) exited_at = Clock::now();
    const bool open = c.stdout_fd >= 0 || c.stderr_fd >= 0;
    if (exited_at && !open) break;
    const auto now = Clock::now();
    if (now >= deadline) {
      r.timed_out = true;
      break;
    }
    if (exited_at && now - *exited_at >= kDrain) {
      leftovers = true;
      break;
    }
    const auto left = std::chrono::duration_cast<milliseconds>(deadline - now);
    pollfd fds[2];
    int n = 0;
    for (const auto& rd : readers)
      if (*rd.fd >= 0) fds[n++] = {*rd.fd, POLLIN, 0};
    if (::poll(fds, n, static_cast<int>(std::min(left, kTick).count())) <= 0) continue;
    for (int i = 0; i < n; ++i)
      if (fds[i].revents & (POLLIN | POLLHUP | POLLERR))
        for (auto& rd : readers)
          if (*rd.fd == fds[i].fd) read_some(rd, max_output, r.truncated);
  }
  close_fd(c.stdout_fd);
  close_fd(c.stderr_fd);
  if (r.timed_out || leftovers) {
    const int st = terminate_group(c.pid, kTerminateGrace, exited_at.has_value());
    if (!exited_at) status = st;
  }
  record_status(r, status);
  return r;
}

}  // namespace kubemcp::net
