#include "fleet/heal.hpp"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cstdlib>
#include <sstream>
#include <thread>

#include "fleet/command.hpp"
#include "net/subprocess.hpp"

namespace kubemcp::fleet {
namespace {

bool on_path(const std::string& program) {
  const char* path = std::getenv("PATH");
  if (!path) return false;
  std::stringstream dirs(path);
  for (std::string dir; std::getline(dirs, dir, ':');)
    if (!dir.empty() && ::access((dir.append("/") + program).c_str(), X_OK) == 0) return true;
  return false;
}

std::string seconds_text(std::chrono::milliseconds d) {
  return std::to_string(std::chrono::duration_cast<std::chrono::seconds>(d).count()) + "s";
}

}  // namespace

std::string to_string(HealKind kind) {
  return kind == HealKind::login ? "login" : "network_heal";
}

Healer::Healer(HealOptions options) : options_(options) {}

// The longest a heal can take: the command, ending its process group, re-reading the
// kubeconfig, and for network heals waiting for the cluster to answer.
std::chrono::milliseconds Healer::budget(HealKind kind) const {
  const auto command = kind == HealKind::login ? options_.login_timeout : options_.network_timeout;
  const auto ready = kind == HealKind::network ? options_.wait_ready : std::chrono::milliseconds(0);
  return command + net::kTerminateGrace + ready + std::chrono::seconds(2);
}

Healer::State& Healer::state(const std::string& cluster, HealKind kind) {
  return states_[{cluster, kind}];
}

std::uint64_t Healer::epoch(const std::string& cluster, HealKind kind) const {
  std::lock_guard lock(mutex_);
  const auto it = states_.find({cluster, kind});
  return it == states_.end() ? 0 : it->second.epoch;
}

std::vector<std::string> Healer::login_command(const ClusterConfig& c) const {
  if (!c.login.empty()) return c.login;
  if (options_.default_kube_login && !c.aliases.empty() && on_path("kube"))
    return {"kube", c.aliases.front()};
  return {};
}

std::optional<HealRecord> Healer::last(const std::string& cluster) const {
  std::lock_guard lock(mutex_);
  const auto it = last_.find(cluster);
  if (it == last_.end()) return std::nullopt;
  return it->second;
}

HealOutcome Healer::heal(const ClusterConfig& c, HealKind kind, std::uint64_t seen_epoch,
                         const std::function<void()>& reload, const std::function<bool()>& ready) {
  const std::vector<std::string> argv = kind == HealKind::login ? login_command(c) : c.network_heal;
  const std::string cmd = describe_command(argv);
  const std::string done_text =
      kind == HealKind::login
          ? "re-authenticated to " + c.name + " with '" + cmd + "' and retried"
          : "restored the network to " + c.name + " with '" + cmd + "' and retried";
  std::unique_lock lock(mutex_);
  State& st = state(c.name, kind);
  // Someone healed since this call began, or is healing now: share that heal, but only
  // until its deadline.
  while (st.running) {
    if (done_.wait_until(lock, st.deadline) == std::cv_status::timeout && st.running)
      return {false,
              {},
              to_string(kind) + " for " + c.name + " with '" + cmd +
                  "', started by another call, is still running after its " +
                  seconds_text(budget(kind)) + " deadline; not waiting any longer. Run `" + cmd +
                  "` by hand, then call again"};
  }
  if (st.epoch > seen_epoch) return {true, done_text, {}};

  if (argv.empty()) {
    if (kind == HealKind::login)
      return {false,
              {},
              "no login command is configured for cluster '" + c.name +
                  "'; log in by hand, or set `login: [your-login-command, args...]` for it in the "
                  "kubemcp config so kubemcp can re-authenticate by itself"};
    return {false,
            {},
            "cluster '" + c.name +
                "' cannot be reached and has no `network_heal` command "
                "configured; check the VPN or network, or set `network_heal: [command, args...]`"};
  }
  const auto now = std::chrono::steady_clock::now();
  if (st.failed_at && now - *st.failed_at < options_.cooldown) {
    const auto ago = std::chrono::duration_cast<std::chrono::milliseconds>(now - *st.failed_at);
    return {false,
            {},
            to_string(kind) + " for " + c.name + " with '" + cmd + "' failed " + seconds_text(ago) +
                " ago (" + st.failure + "); not retried during the " +
                seconds_text(options_.cooldown) + " cool-down. Run `" + cmd +
                "` by hand, then call again"};
  }
  st.running = true;
  st.deadline = std::chrono::steady_clock::now() + budget(kind);
  lock.unlock();

  spdlog::info("auto-heal: running {} for {}: {}", to_string(kind), c.name, cmd);
  const CommandResult r = run_command(
      argv, kind == HealKind::login ? options_.login_timeout : options_.network_timeout);
  bool ok = r.ok();
  std::string detail = ok ? "succeeded" : r.error;
  if (ok) {
    try {
      reload();
    } catch (const std::exception& e) {
      ok = false;
      detail = std::string("succeeded, but the kubeconfig could not be re-read: ") + e.what();
    }
  }
  if (ok && kind == HealKind::network && ready) {
    const auto deadline = std::chrono::steady_clock::now() + options_.wait_ready;
    bool up = false;
    while (!(up = ready()) && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(250));
    if (!up) {
      ok = false;
      detail = "succeeded, but " + c.name + " still did not answer within " +
               seconds_text(options_.wait_ready);
    }
  }
  // The command's output is never shown: a login may print tokens.
  spdlog::info("auto-heal: {} for {} {}", to_string(kind), c.name, detail);

  lock.lock();
  st.running = false;
  if (ok) {
    ++st.epoch;
    st.failed_at.reset();
  } else {
    st.failed_at = std::chrono::steady_clock::now();
    st.failure = detail;
  }
  last_[c.name] = HealRecord{std::chrono::system_clock::now(), kind, cmd, ok, detail};
  done_.notify_all();
  if (ok) return {true, done_text, {}};
  return {false,
          {},
          to_string(kind) + " for " + c.name + " with '" + cmd + "' " + detail + ". Run `" + cmd +
              "` by hand to see why, then call again"};
}

}  // namespace kubemcp::fleet
