#include "sim/sandbox.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <stdexcept>

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
  std::string cmd = busybox + " --list";
  if (FILE* f = ::popen(cmd.c_str(), "r")) {
    char line[128];
    while (std::fgets(line, sizeof line, f)) {
      std::string a(line);
      while (!a.empty() && (a.back() == '\n' || a.back() == '\r')) a.pop_back();
      if (!a.empty() && a.find('/') == std::string::npos) applets.push_back(a);
    }
    ::pclose(f);
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

}  // namespace

std::string container_root(const std::string& base, const std::string& ns, const std::string& pod,
                           const std::string& container, const std::string& image) {
  fs::path root = fs::path(base) / ns / pod / container;
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
  return root.string();
}

SandboxProcess spawn_sandboxed(const std::string& root, const std::string& hostname,
                               const std::vector<std::string>& argv) {
  const char* bwrap = find_tool({"/usr/bin/bwrap", "/bin/bwrap"});
  if (!bwrap) throw std::runtime_error("bubblewrap (bwrap) is not installed");
  std::vector<std::string> args{bwrap,
                                "--unshare-ipc",
                                "--unshare-pid",
                                "--unshare-net",
                                "--unshare-uts",
                                "--unshare-cgroup-try",
                                "--hostname",
                                hostname,
                                "--cap-drop",
                                "ALL",
                                "--die-with-parent",
                                "--bind",
                                root,
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
  args.insert(args.end(), argv.begin(), argv.end());
  std::array<int, 2> in{}, out{}, err{};
  if (::pipe2(in.data(), O_CLOEXEC) || ::pipe2(out.data(), O_CLOEXEC) ||
      ::pipe2(err.data(), O_CLOEXEC))
    throw std::runtime_error("pipe failed");
  std::vector<char*> cargv;
  for (auto& a : args) cargv.push_back(a.data());
  cargv.push_back(nullptr);
  pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    ::dup2(in[0], 0);
    ::dup2(out[1], 1);
    ::dup2(err[1], 2);
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);  // the simulator blocks SIGINT/SIGTERM
    ::execv(cargv[0], cargv.data());
    ::_exit(127);
  }
  ::close(in[0]);
  ::close(out[1]);
  ::close(err[1]);
  return SandboxProcess{pid, in[1], out[0], err[0]};
}

}  // namespace kubemcp::sim
