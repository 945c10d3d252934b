#include "sim/exec.hpp"

#include <poll.h>
#include <signal.h>
#include <sys/eventfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <deque>
#include <mutex>
#include <thread>

#include "sim/cluster.hpp"
#include "sim/containers.hpp"
#include "sim/sandbox.hpp"
#include "sim/util.hpp"

namespace kubemcp::sim {
namespace json = boost::json;

namespace {

net::HttpResponse status_response(const ApiError& e) {
  net::HttpResponse r;
  r.status = e.code;
  r.body = json::serialize(status_object(e.code, e.reason, e.what(), e.details));
  return r;
}

std::string shell_words(const std::vector<std::string>& argv) {
  std::string s = "[";
  for (size_t i = 0; i < argv.size(); ++i) s += (i ? " " : "") + argv[i];
  return s + "]";
}

class ExecSession : public std::enable_shared_from_this<ExecSession> {
 public:
  ExecSession(std::string root, std::string host, std::vector<std::string> argv, bool want_stdin)
      : root_(std::move(root)),
        host_(std::move(host)),
        argv_(std::move(argv)),
        want_stdin_(want_stdin) {
    wake_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  }
  ~ExecSession() {
    if (wake_ >= 0) ::close(wake_);
  }

  void open(std::shared_ptr<net::MessageChannel> ch) {
    ch_ = std::move(ch);
    try {
      proc_ = spawn_sandboxed(root_, host_, argv_);
    } catch (const std::exception& e) {
      send_status(status_object(500, "InternalError", e.what()));
      ch_->close(1000);
      return;
    }
    if (!want_stdin_) close_stdin();
    std::thread([self = shared_from_this()] { self->run(); }).detach();
  }

  void input(const std::string& m) {
    if (m.empty()) return;
    unsigned char channel = static_cast<unsigned char>(m[0]);
    {
      std::lock_guard lock(mu_);
      if (channel == 0 && want_stdin_) {
        queue_.push_back(m.substr(1));
      } else if (channel == 255 && m.size() > 1 && m[1] == 0) {
        eof_ = true;  // v5: the client closed stdin
      } else {
        return;  // resize (4) and anything else: accepted, nothing to do without a TTY
      }
    }
    wake();
  }

  void peer_gone() {
    {
      std::lock_guard lock(mu_);
      gone_ = true;
    }
    wake();
  }

 private:
  void wake() {
    uint64_t one = 1;
    [[maybe_unused]] auto n = ::write(wake_, &one, sizeof one);
  }
  void close_stdin() {
    if (proc_.stdin_fd >= 0) ::close(proc_.stdin_fd);
    proc_.stdin_fd = -1;
  }
  void send_status(const json::object& st) {
    ch_->send_binary(std::string(1, '\x03') + json::serialize(st));
  }

  void run() {
    std::string pending;  // stdin bytes not yet written
    bool out_open = true, err_open = true;
    char buf[32768];
    while (out_open || err_open) {
      bool gone;
      {
        std::lock_guard lock(mu_);
        while (!queue_.empty()) {
          pending += queue_.front();
          queue_.pop_front();
        }
        gone = gone_;
        if (eof_ && pending.empty() && proc_.stdin_fd >= 0) close_stdin();
      }
      if (gone) {
        // bwrap's group; --die-with-parent and the PID namespace take everything inside.
        ::kill(-proc_.pid, SIGKILL);
        break;
      }
      pollfd fds[4];
      int n = 0;
      int out_i = -1, err_i = -1, in_i = -1;
      if (out_open) {
        out_i = n;
        fds[n++] = {proc_.stdout_fd, POLLIN, 0};
      }
      if (err_open) {
        err_i = n;
        fds[n++] = {proc_.stderr_fd, POLLIN, 0};
      }
      if (!pending.empty() && proc_.stdin_fd >= 0) {
        in_i = n;
        fds[n++] = {proc_.stdin_fd, POLLOUT, 0};
      }
      int wake_i = n;
      fds[n++] = {wake_, POLLIN, 0};
      if (::poll(fds, n, 1000) < 0) continue;
      if (fds[wake_i].revents & POLLIN) {
        uint64_t v;
        [[maybe_unused]] auto r = ::read(wake_, &v, sizeof v);
      }
      if (in_i >= 0 && (fds[in_i].revents & (POLLOUT | POLLERR | POLLHUP))) {
        ssize_t w =
            ::write(proc_.stdin_fd, pending.data(), std::min<size_t>(pending.size(), 65536));
        if (w > 0) {
          pending.erase(0, w);
        } else {
          pending.clear();
          close_stdin();
        }
      }
      for (auto [idx, fd, chan, open] : {std::tuple{out_i, proc_.stdout_fd, '\x01', &out_open},
                                         std::tuple{err_i, proc_.stderr_fd, '\x02', &err_open}}) {
        if (idx < 0 || !(fds[idx].revents & (POLLIN | POLLHUP | POLLERR))) continue;
        ssize_t r = ::read(fd, buf, sizeof buf);
        if (r <= 0) {
          *open = false;
        } else {
          ch_->send_binary(std::string(1, chan) + std::string(buf, r));
        }
      }
    }
    close_stdin();
    ::close(proc_.stdout_fd);
    ::close(proc_.stderr_fd);
    int wstatus = 0;
    ::waitpid(proc_.pid, &wstatus, 0);
    int code = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 128 + WTERMSIG(wstatus);
    if (code == 0) {
      send_status(json::object{{"metadata", json::object{}}, {"status", "Success"}});
    } else {
      send_status(json::object{
          {"metadata", json::object{}},
          {"status", "Failure"},
          {"message", "command terminated with non-zero exit code: error executing command " +
                          shell_words(argv_) + ", exit code " + std::to_string(code)},
          {"reason", "NonZeroExitCode"},
          {"details", json::object{{"causes", json::array{json::object{
                                                  {"reason", "ExitCode"},
                                                  {"message", std::to_string(code)}}}}}}});
    }
    ch_->close(1000);
  }

  std::string root_, host_;
  std::vector<std::string> argv_;
  bool want_stdin_;
  SandboxProcess proc_;
  std::shared_ptr<net::MessageChannel> ch_;
  int wake_ = -1;
  std::mutex mu_;
  std::deque<std::string> queue_;
  bool eof_ = false, gone_ = false;
};

bool truthy(const std::string& v) {
  return v == "true" || v == "1" || v == "True";
}

}  // namespace

net::HttpResponse exec_request(Cluster& c, const std::string& ns, const std::string& pod_name,
                               const std::multimap<std::string, std::string>& query,
                               const net::HttpRequest& req) {
  try {
    std::string upgrade = req.header("upgrade");
    for (auto& ch : upgrade) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (upgrade.find("websocket") == std::string::npos)
      throw ApiError(400, "BadRequest",
                     "Upgrade request required: this simulated API server streams exec, attach "
                     "and port-forward over WebSocket (v5.channel.k8s.io, v4.channel.k8s.io) "
                     "only; SPDY is not supported");
    std::string offered = req.header("sec-websocket-protocol");
    std::string proto;
    for (const char* p : {"v5.channel.k8s.io", "v4.channel.k8s.io"})
      if (offered.find(p) != std::string::npos) {
        proto = p;
        break;
      }
    if (proto.empty())
      throw ApiError(400, "BadRequest",
                     "unsupported WebSocket subprotocol \"" + offered +
                         "\": use v5.channel.k8s.io or v4.channel.k8s.io");
    auto pods = c.registry().find("", "v1", "pods");
    auto pod = c.store().get(*pods, ns, pod_name);
    if (!pod) throw not_found(*pods, pod_name);
    std::vector<std::string> argv;
    std::string container;
    bool want_stdin = false;
    for (const auto& [k, v] : query) {
      if (k == "command") argv.push_back(v);
      if (k == "container") container = v;
      if (k == "stdin") want_stdin = truthy(v);
    }
    if (argv.empty()) throw bad_request("you must specify at least 1 command");
    container = choose_container(*pod, container);
    const auto* spec = obj_at(*pod, "spec");
    const json::object* cspec = nullptr;
    if (const auto* containers = spec ? arr_at(*spec, "containers") : nullptr)
      for (const auto& x : *containers)
        if (x.is_object() && str_at(x.as_object(), "name") == container) cspec = &x.as_object();
    // Init containers have finished by the time a pod runs: nothing to exec into.
    if (!cspec)
      throw bad_request("unable to upgrade connection: container not found (\"" + container +
                        "\")");
    bool running = false;
    if (const auto* st = obj_at(*pod, "status"))
      if (const auto* css = arr_at(*st, "containerStatuses"))
        for (const auto& cs : *css)
          if (cs.is_object() && str_at(cs.as_object(), "name") == container) {
            const auto* state = obj_at(cs.as_object(), "state");
            running = state && obj_at(*state, "running");
          }
    if (!running)
      throw bad_request("unable to upgrade connection: container not found (\"" + container +
                        "\")");
    std::string root =
        container_root(c.sandbox_dir(), ns, pod_name, container, str_at(*cspec, "image"));
    auto session = std::make_shared<ExecSession>(root, pod_name, argv, want_stdin);
    net::HttpResponse r;
    r.upgrade = std::make_shared<net::UpgradeHandler>();
    r.upgrade->subprotocol = proto;
    Scheduler* sched = &c.scheduler();
    int cut_ms = c.faults().cut_streams_after_ms.load();
    r.upgrade->on_open = [session, sched, cut_ms](std::shared_ptr<net::MessageChannel> ch) {
      if (cut_ms > 0)  // injected fault: the stream breaks mid-way
        sched->after(std::chrono::milliseconds(cut_ms), [ch] { ch->close(1011); });
      session->open(std::move(ch));
    };
    r.upgrade->on_message = [session](std::string m) { session->input(m); };
    r.upgrade->on_close = [session] { session->peer_gone(); };
    return r;
  } catch (const ApiError& e) {
    return status_response(e);
  } catch (const std::exception& e) {
    return status_response(ApiError(500, "InternalError", e.what()));
  }
}

}  // namespace kubemcp::sim
