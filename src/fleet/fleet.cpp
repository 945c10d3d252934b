#include "fleet/fleet.hpp"

#include <spdlog/spdlog.h>

#include <optional>

#include "kube/auth.hpp"
#include "kube/probe.hpp"

namespace kubemcp::fleet {

Fleet::Fleet(Registry registry, FleetOptions options)
    : registry_(std::move(registry)),
      options_(options),
      healer_(options.heal),
      audit_(registry_.settings().audit_log) {}

std::shared_ptr<kube::Client> Fleet::client(const ClusterConfig& cluster) {
  std::lock_guard lock(mutex_);
  if (auto it = clients_.find(cluster.name); it != clients_.end()) return it->second;
  kube::ClientConfig cfg;
  cfg.name = cluster.name;
  cfg.kubeconfig = cluster.kubeconfig;
  cfg.service_account_dir = cluster.service_account_dir;
  cfg.context = cluster.context;
  cfg.connect_timeout = options_.connect_timeout;
  cfg.request_timeout = options_.request_timeout;
  if (options_.round_tripper)
    cfg.round_tripper = [rt = options_.round_tripper, name = cluster.name](const kube::Request& r) {
      return rt(name, r);
    };
  auto c = kube::Client::create(std::move(cfg));
  clients_.emplace(cluster.name, c);
  return c;
}

kube::ResolvedContext resolved_context(const ClusterConfig& cluster) {
  if (!cluster.service_account_dir.empty())
    return kube::in_cluster_context(cluster.service_account_dir);
  return kube::resolve_context(kube::load_kubeconfig_file(cluster.kubeconfig), cluster.context);
}

std::string Fleet::default_namespace(const ClusterConfig& cluster) {
  if (!cluster.namespace_.empty()) return cluster.namespace_;
  return client(cluster)->default_namespace();
}

void Fleet::remember_identity(const ClusterConfig& cluster, const std::string& server_identity) {
  if (server_identity.empty()) return;  // "could not ask" and "would not say" look alike here
  const auto epoch = healer_.epoch(cluster.name, HealKind::login);
  std::lock_guard lock(mutex_);
  identities_[cluster.name] = {epoch, server_identity};
}

Fleet::Identity Fleet::identity(const ClusterConfig& cluster, bool may_ask) {
  const auto epoch = healer_.epoch(cluster.name, HealKind::login);
  std::optional<std::string> known;
  {
    std::lock_guard lock(mutex_);
    if (auto it = identities_.find(cluster.name);
        it != identities_.end() && it->second.first == epoch)
      known = it->second.second;
  }
  if (!known && may_ask) {
    try {
      const auto p = kube::ask_identity(*client(cluster), std::chrono::seconds(3));
      known = p.identity;  // "" when the server would not say: not asked again
      std::lock_guard lock(mutex_);
      identities_[cluster.name] = {epoch, *known};
    } catch (const std::exception& e) {
      spdlog::debug("audit identity for {}: {}", cluster.name, e.what());  // asked again later
    }
  }
  if (known && !known->empty()) return {*known, "server"};
  std::string who = kubeconfig_identity(cluster);
  return {who, who.empty() ? "" : "kubeconfig"};
}

bool Fleet::heal_after(const ClusterConfig& cluster, std::exception_ptr error,
                       std::uint64_t login_epoch, std::uint64_t network_epoch, bool idempotent,
                       std::string* healed) {
  HealKind kind = HealKind::login;
  std::string what;
  try {
    std::rethrow_exception(error);
  } catch (const kube::AuthError& e) {
    what = e.what();
  } catch (const kube::NetworkError& e) {
    kind = HealKind::network;
    what = e.what();
    // A request that may have reached the server is not repeated unless repeating is harmless.
    if (!e.never_sent() && !idempotent) return false;
  }
  auto reload = [&] { client(cluster)->reload(); };
  auto ready = [&] {
    try {
      kube::Request probe;
      probe.path = "/version";
      probe.timeout = std::chrono::seconds(3);
      client(cluster)->send(probe);
      return true;
    } catch (const kube::NetworkError&) {
      return false;
    } catch (const std::exception&) {
      return true;  // it answered, even if with an error: the network is back
    }
  };
  const HealOutcome o = healer_.heal(
      cluster, kind, kind == HealKind::login ? login_epoch : network_epoch, reload, ready);
  if (o.retry) {
    if (healed) *healed += (healed->empty() ? "" : "; then ") + o.summary;
    spdlog::info("{}", o.summary);
    return true;
  }
  throw HealFailed(error, what, o.error);
}

}  // namespace kubemcp::fleet
