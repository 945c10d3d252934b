#pragma once
// The live side of the registry: one kube::Client per cluster (created on first use and
// shared by every call), the healer, and the wrapper every cluster call goes through so
// that an expired login or a dropped network is healed once and the call retried once.
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

#include "fleet/audit.hpp"
#include "fleet/heal.hpp"
#include "fleet/registry.hpp"
#include "kube/errors.hpp"
#include "kube/rest_client.hpp"

namespace kubemcp::fleet {

struct FleetOptions {
  HealOptions heal;
  std::chrono::milliseconds connect_timeout{std::chrono::seconds(10)};
  std::chrono::milliseconds request_timeout{std::chrono::seconds(30)};
  // The transport seam for unit tests (kube::ClientConfig::round_tripper), per cluster name:
  // tool handlers run against an in-process fake cluster instead of the network.
  std::function<kube::Response(const std::string& cluster, const kube::Request&)> round_tripper;
};

// What the cluster's kubeconfig context (or, in a pod, its service account) resolves to.
// Throws kube::ConfigError / KubeconfigError.
kube::ResolvedContext resolved_context(const ClusterConfig& cluster);

class Fleet {
 public:
  explicit Fleet(Registry registry, FleetOptions options = {});

  const Registry& registry() const { return registry_; }
  Healer& healer() { return healer_; }
  Audit& audit() { return audit_; }

  // The cluster's client; throws kube::ConfigError / KubeconfigError when its kubeconfig
  // cannot be used (named, never printed).
  std::shared_ptr<kube::Client> client(const ClusterConfig& cluster);

  // Who the cluster's credentials stand for, for the audit log: what the API server said to a
  // SelfSubjectReview, learned by k8s_clusters' probe or — when `may_ask` — by one review sent
  // here, once per cluster and login (a re-login may change who we are); else the kubeconfig's
  // user. Never a credential. A cluster that would not say (403, 404) is not asked again.
  struct Identity {
    std::string name;
    std::string source;  // "server" | "kubeconfig" | "" (unknown)
  };
  Identity identity(const ClusterConfig& cluster, bool may_ask);
  // What a probe learned, so that the audit need not ask.
  void remember_identity(const ClusterConfig& cluster, const std::string& server_identity);

  // The namespace a call uses when it names none: the cluster's configured namespace,
  // else the kubeconfig context's, else "default".
  std::string default_namespace(const ClusterConfig& cluster);

  // Runs fn(kube::Client&). On an auth failure runs the login command (single flight),
  // re-reads the kubeconfig and retries once; on a network failure runs network_heal and
  // retries once — a non-idempotent call only when the request provably never left.
  // `healed` receives the line to end the tool result with ("re-authenticated to ...").
  template <typename Fn>
  auto call(const ClusterConfig& cluster, Fn&& fn, std::string* healed, bool idempotent = true)
      -> decltype(fn(std::declval<kube::Client&>()));

 private:
  // Heals after `error`; returns true when the caller should retry. Rethrows with the
  // heal's explanation when healing is not possible.
  bool heal_after(const ClusterConfig& cluster, std::exception_ptr error, std::uint64_t login_epoch,
                  std::uint64_t network_epoch, bool idempotent, std::string* healed);

  Registry registry_;
  FleetOptions options_;
  Healer healer_;
  Audit audit_;
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<kube::Client>> clients_;
  // Per cluster: the login epoch it was learned at and the server's answer ("" when it would
  // not say).
  std::map<std::string, std::pair<std::uint64_t, std::string>> identities_;
};

// The original failure, and why auto-heal could not fix it.
class HealFailed : public std::runtime_error {
 public:
  HealFailed(std::exception_ptr original, const std::string& original_text, std::string heal_error)
      : std::runtime_error(original_text + "\nAuto-heal: " + heal_error),
        original_(std::move(original)),
        heal_error_(std::move(heal_error)) {}
  std::exception_ptr original() const { return original_; }
  const std::string& heal_error() const { return heal_error_; }

 private:
  std::exception_ptr original_;
  std::string heal_error_;
};

// The heal worked, but the handler had already sent a change before the failure: it is not
// run again, because that would repeat the change.
class ChangeNotRepeated : public std::runtime_error {
 public:
  ChangeNotRepeated(const std::string& original_text, const std::string& healed)
      : std::runtime_error(original_text + "\nAuto-heal: " + healed +
                           ". A change this call had already sent was not repeated: check the "
                           "object with k8s_get before trying again.") {}
};

template <typename Fn>
auto Fleet::call(const ClusterConfig& cluster, Fn&& fn, std::string* healed, bool idempotent)
    -> decltype(fn(std::declval<kube::Client&>())) {
  // Each kind of heal at most once per call: a network heal can reveal an expired login.
  bool login_healed = false;
  bool network_healed = false;
  for (;;) {
    auto c = client(cluster);
    const auto login_epoch = healer_.epoch(cluster.name, HealKind::login);
    const auto network_epoch = healer_.epoch(cluster.name, HealKind::network);
    // A heal re-runs the handler only when that cannot repeat a change it already sent.
    const auto changes_before = kube::changes_sent_on_this_thread();
    const auto rerun_or_throw = [&](const std::exception& e, const std::string& note_before) {
      if (kube::changes_sent_on_this_thread() == changes_before) return;
      std::string note = healed ? healed->substr(note_before.size()) : "healed";
      if (note.starts_with("; then ")) note.erase(0, 7);
      throw ChangeNotRepeated(e.what(), note);
    };
    const std::string note_before = healed ? *healed : std::string();
    try {
      return fn(*c);
    } catch (const kube::AuthError& e) {
      if (login_healed || !heal_after(cluster, std::current_exception(), login_epoch, network_epoch,
                                      idempotent, healed))
        throw;
      login_healed = true;
      rerun_or_throw(e, note_before);
    } catch (const kube::NetworkError& e) {
      if (network_healed || !heal_after(cluster, std::current_exception(), login_epoch,
                                        network_epoch, idempotent, healed))
        throw;
      network_healed = true;
      rerun_or_throw(e, note_before);
    }
  }
}

}  // namespace kubemcp::fleet
