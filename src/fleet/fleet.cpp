#include "fleet/fleet.hpp"

#include <spdlog/spdlog.h>

#include "kube/auth.hpp"

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
