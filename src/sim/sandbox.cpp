#include "sim/sandbox.hpp"

#include <dirent.h>
#include <grp.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <stdexcept>

#include "net/subprocess.hpp"

namespace kubemcp::sim {
namespace fs = std::filesystem;

namespace {

const char* find_tool(std::initializer_list<const char*> paths) {
  for (const char* p : paths)
    if (::access(p, X_OK) == 0) return p;
  return nullptr;
}

std::vector<std::string> busybox_applets(const std::string& busybox) {
  static std::mutex mu;
  static std::vector<std::string> applets;
  std::lock_guard lock(mu);
  if (!applets.empty()) return applets;
  net::SpawnOptions options;
  options.argv = {busybox, "--list"};
  options.env = std::vector<std::string>{};
  const auto r = net::run(options, std::chrono::seconds(10), std::size_t{1} << 20);
  std::stringstream lines(r.out);
  for (std::string a; std::getline(lines, a);) {
    while (!a.empty() && a.back() == '\r') a.pop_back();
    if (!a.empty() && a.find('/') == std::string::npos) applets.push_back(a);
  }
  return applets;
}

void write(const fs::path& p, const std::string& content) {
  fs::create_directories(p.parent_path());
  std::ofstream(p) << content;
}

// Image-flavoured files so that exploring a pod finds what its image would ship.
void flavour(const fs::path& root, const std::string& pod, const std::string& image) {
  if (image.find("nginx") != std::string::npos) {
    write(root / "usr/share/nginx/html/index.html",
          "<!DOCTYPE html>\n<html><head><title>Welcome to nginx!</title></head>\n"
          "<body><h1>Welcome to nginx!</h1><p>Served by " +
              pod + ".</p></body></html>\n");
    write(root / "etc/nginx/nginx.conf",
          "worker_processes auto;\nevents { worker_connections 1024; }\n"
          "http {\n  server {\n    listen 80;\n    root /usr/share/nginx/html;\n  }\n}\n");
  } else if (image.find("postgres") != std::string::npos) {
    write(root / "var/lib/postgresql/data/PG_VERSION", "16\n");
    write(root / "var/lib/postgresql/data/postgresql.conf",
          "max_connections = 100\nshared_buffers = 128MB\n");
  } else {
    write(root / "app/config.yaml", "server:\n  port: 8080\nlog:\n  level: info\n");
    write(root / "app/VERSION",
          image.substr(image.rfind(':') == std::string::npos ? 0 : image.rfind(':') + 1) + "\n");
  }
}

// A directory name taken from an object: one plain component, nothing that walks elsewhere.
bool plain_component(const std::string& s) {
  return !s.empty() && s != "." && s != ".." && s.find('/') == std::string::npos &&
         s.find('\0') == std::string::npos;
}

// True when `p` is `base` or below it (both canonical).
bool within(const fs::path& p, const fs::path& base) {
  auto [b, _] = std::mismatch(base.begin(), base.end(), p.begin(), p.end());
  return b == base.end();
}

constexpr uid_t kSandboxUidBase = 2000000000;
constexpr long kSandboxTasks = 256;                    // processes and threads at once
constexpr long kSandboxFileSize = 256L * 1024 * 1024;  // largest file it may write
constexpr long kSandboxCpuSeconds = 300;               // per process
constexpr long kSandboxMemory = 1024L * 1024 * 1024;   // address space per process

// Tasks (threads included) whose real uid is `uid`, as RLIMIT_NPROC counts them.
long tasks_of(uid_t uid) {
  long n = 0;
  DIR* proc = ::opendir("/proc");
  if (!proc) return 0;
  while (dirent* e = ::readdir(proc)) {
    if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
    std::ifstream status(std::string("/proc/") + e->d_name + "/status");
    long real = -1, threads = 0;
    for (std::string line; std::getline(status, line);) {
      if (line.starts_with("Uid:")) real = std::strtol(line.c_str() + 4, nullptr, 10);
      if (line.starts_with("Threads:")) threads = std::strtol(line.c_str() + 8, nullptr, 10);
    }
    if (real == static_cast<long>(uid)) n += threads;
  }
  ::closedir(proc);
  return n;
}

void chown_tree(const fs::path& root, uid_t uid) {
  ::lchown(root.c_str(), uid, uid);
  for (const auto& e : fs::recursive_directory_iterator(root)) ::lchown(e.path().c_str(), uid, uid);
}

// Run as root: in a mount namespace of its own, the container root is bound over /tmp (a path
// anyone may walk, unlike the simulator's 0700 state directory), then the child becomes the
// container's uid before bwrap runs. System calls only: this runs between fork and exec.
int become_container_user(const char* root, uid_t uid) {
  if (::unshare(CLONE_NEWNS) != 0) return errno;
  if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) return errno;
  if (::mount(root, "/tmp", nullptr, MS_BIND | MS_REC, nullptr) != 0) return errno;
  if (::setgroups(0, nullptr) != 0) return errno;
  if (::setresgid(uid, uid, uid) != 0) return errno;
  if (::setresuid(uid, uid, uid) != 0) return errno;
  return 0;
}

}  // namespace

uid_t sandbox_uid(const std::string& root) {
  if (::geteuid() != 0) return ::getuid();
  std::uint32_t h = 2166136261u;  // FNV-1a: a stable uid per container
  for (unsigned char ch : root) h = (h ^ ch) * 16777619u;
  return kSandboxUidBase + h % 1000000;
}

std::string container_root(const std::string& base, const std::string& ns, const std::string& pod,
                           const std::string& container, const std::string& image) {
  for (const auto* part : {&ns, &pod, &container})
    if (!plain_component(*part))
      throw std::runtime_error("refusing to create a sandbox for \"" + *part +
                               "\": not a plain directory name");
  fs::create_directories(base);
  const fs::path top = fs::canonical(base);
  fs::path root = top;
  for (const auto* part : {&ns, &pod, &container}) {  // checked before anything is created in it
    fs::create_directory(root / *part);
    root = fs::canonical(root / *part);
    if (!within(root, top))
      throw std::runtime_error("refusing sandbox root " + root.string() + ": it resolves outside " +
                               top.string());
  }
  if (fs::exists(root / "bin/busybox")) return root.string();
  const char* busybox = find_tool({"/bin/busybox", "/usr/bin/busybox"});
  if (!busybox) throw std::runtime_error("busybox-static is not installed");
  fs::create_directories(root / "bin");
  for (const char* d : {"etc", "tmp", "root", "var/log", "proc", "dev", "usr/bin", "sbin"})
    fs::create_directories(root / d);
  fs::permissions(root / "tmp", fs::perms::all | fs::perms::sticky_bit);
  fs::copy_file(busybox, root / "bin/busybox", fs::copy_options::overwrite_existing);
  for (const auto& a : busybox_applets(busybox)) {
    std::error_code ec;
    if (a != "busybox") fs::create_symlink("busybox", root / "bin" / a, ec);
  }
  write(root / "etc/passwd",
        "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n");
  write(root / "etc/group", "root:x:0:\nnogroup:x:65534:\n");
  write(root / "etc/hostname", pod + "\n");
  write(root / "etc/hosts", "127.0.0.1\tlocalhost\n::1\tlocalhost\n");
  write(root / "etc/os-release", "NAME=\"kubemcp simulated container\"\nID=busybox\n");
  flavour(root, pod, image);
  // Its uid owns it, so that root inside the user namespace (that uid outside) may write.
  if (::geteuid() == 0) chown_tree(root, sandbox_uid(root.string()));
  return root.string();
}

SandboxProcess spawn_sandboxed(const std::string& root, const std::string& hostname,
                               const std::vector<std::string>& argv) {
  const char* bwrap = find_tool({"/usr/bin/bwrap", "/bin/bwrap"});
  if (!bwrap) throw std::runtime_error("bubblewrap (bwrap) is not installed");
  const bool as_root = ::geteuid() == 0;
  const uid_t uid = sandbox_uid(root);
  net::SpawnOptions o;
  o.argv = {bwrap,
            "--new-session",  // no controlling terminal: no TIOCSTI into the user's
            "--die-with-parent",
            "--unshare-all",  // user, mount, pid, net, ipc, uts, cgroup
            "--unshare-user",
            "--disable-userns",
            "--uid",
            "0",
            "--gid",
            "0",
            "--hostname",
            hostname,
            "--cap-drop",
            "ALL",
            "--bind",
            as_root ? "/tmp" : root,  // see become_container_user
            "/",
            "--proc",
            "/proc",
            "--dev",
            "/dev",
            "--chdir",
            "/",
            "--clearenv",
            "--setenv",
            "PATH",
            "/bin:/sbin:/usr/bin",
            "--setenv",
            "HOME",
            "/root",
            "--setenv",
            "HOSTNAME",
            hostname,
            "--"};
  o.argv.insert(o.argv.end(), argv.begin(), argv.end());
  o.env = std::vector<std::string>{};
  o.pipe_stdin = true;
  // RLIMIT_NPROC holds for any uid but 0 (the kernel exempts root even inside a user
  // namespace), hence the container's own uid when the simulator runs as root.
  o.limits = {tasks_of(uid) + kSandboxTasks, kSandboxFileSize, kSandboxCpuSeconds, kSandboxMemory};
  if (as_root) o.in_child = [r = root.c_str(), uid] { return become_container_user(r, uid); };
  try {
    const net::Child c = net::spawn(o);
    return SandboxProcess{c.pid, c.stdin_fd, c.stdout_fd, c.stderr_fd};
  } catch (const net::SpawnError& e) {
    throw std::runtime_error(std::string("cannot start the sandbox: ") + e.what());
  }
}

}  // namespace kubemcp::sim
