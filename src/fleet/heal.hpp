#pragma once
// Auto-heal (README.md, "Auto-heal"): when a call fails because the login expired (401, exec
// plugin failure) or the network dropped, run the cluster's login or network_heal
// command once, rebuild its connections and let the caller retry once.
//
// Single flight: calls that fail together on one cluster share one heal; a call whose
// failure predates a heal that already succeeded just retries. A failed heal is not
// run again for a cool-down, so fifty callers cannot start fifty logins. Every heal has a
// deadline (its command's timeout, the kill grace, wait_ready): a call waiting on another's
// heal gives up at that deadline with a clear error, so a heal that never ends cannot hold
// the workers of every call to that cluster.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "fleet/cluster.hpp"

namespace kubemcp::fleet {

enum class HealKind { login, network };

struct HealOptions {
  std::chrono::milliseconds login_timeout{std::chrono::seconds(120)};
  std::chrono::milliseconds network_timeout{std::chrono::seconds(60)};
  std::chrono::milliseconds cooldown{std::chrono::seconds(60)};
  std::chrono::milliseconds wait_ready{std::chrono::seconds(20)};  // after network_heal
  bool default_kube_login = true;  // `kube ALIAS` when no login is configured and kube is on PATH
};

// What happened, for the tool result's last line and for k8s_clusters.
struct HealRecord {
  std::chrono::system_clock::time_point at;
  HealKind kind = HealKind::login;
  std::string command;  // as run, e.g. "kube s"
  bool ok = false;
  std::string detail;  // how it ended ("exited with code 1", "timed out after 120s")
};

struct HealOutcome {
  bool retry = false;   // the caller should retry its request once
  std::string summary;  // "re-authenticated to stage with 'kube s' and retried"
  std::string error;    // when retry is false: what was tried and what to run by hand
};

class Healer {
 public:
  explicit Healer(HealOptions options = {});

  // Read before a call; pass it to heal() if the call fails.
  std::uint64_t epoch(const std::string& cluster, HealKind kind) const;

  // Heals `cluster` for a failure seen at `seen_epoch`. `reload` rebuilds the cluster's
  // connections after the command succeeded; `ready` (network only) answers whether the
  // cluster responds again and is polled until wait_ready.
  HealOutcome heal(const ClusterConfig& cluster, HealKind kind, std::uint64_t seen_epoch,
                   const std::function<void()>& reload, const std::function<bool()>& ready = {});

  // The login command used for a cluster: configured, else `kube ALIAS` when available.
  std::vector<std::string> login_command(const ClusterConfig& cluster) const;

  std::optional<HealRecord> last(const std::string& cluster) const;

 private:
  struct State {
    bool running = false;
    std::chrono::steady_clock::time_point deadline;  // of the running heal
    std::uint64_t epoch = 0;
    std::optional<std::chrono::steady_clock::time_point> failed_at;
    std::string failure;
  };
  State& state(const std::string& cluster, HealKind kind);
  std::chrono::milliseconds budget(HealKind kind) const;

  HealOptions options_;
  mutable std::mutex mutex_;
  std::condition_variable done_;
  std::map<std::pair<std::string, HealKind>, State> states_;
  std::map<std::string, HealRecord> last_;
};

std::string to_string(HealKind kind);

}  // namespace kubemcp::fleet
