#include "sim/cluster.hpp"

#include "sim/admission.hpp"
#include "sim/endpoints.hpp"
#include "sim/eviction.hpp"
#include "sim/quota.hpp"
#include "sim/util.hpp"

namespace kubemcp::sim {

Cluster::Cluster(net::IoPool& pool, std::string name, uint16_t port)
    : name_(std::move(name)), ca_(net::make_ca(name_ + "-ca")), epoch_(random_hex(6)) {
  net::PemPair serving = net::make_server_cert(
      ca_, "kube-apiserver", {"localhost", "kubernetes", "kubernetes.default"}, {"127.0.0.1"});
  net::TlsServerConfig tls{serving.cert_pem, serving.key_pem, ca_.cert_pem};
  server_ = std::make_unique<net::HttpsServer>(
      pool, tls, [this](const net::HttpRequest& r) { return handle_api_request(*this, r); },
      "127.0.0.1", port);
}

Cluster::~Cluster() {
  stop();
}

void Cluster::start_controllers(std::chrono::milliseconds step) {
  controllers_ = std::make_unique<Controllers>(*this, step);
  controllers_->start();
  bootstrap_new_namespaces(*this);
  maintain_disruption_budgets(*this);
  maintain_quotas(*this);
  maintain_endpoints(*this);
}

void Cluster::start_compaction(std::chrono::seconds every) {
  // The task owns itself only through the scheduler; the cluster keeps it alive.
  compaction_ = std::make_shared<std::function<void()>>();
  *compaction_ = [this, every, weak = std::weak_ptr<std::function<void()>>(compaction_)] {
    store_.compact();
    if (auto t = weak.lock()) scheduler_.after(every, [t] { (*t)(); });
  };
  scheduler_.after(every, [t = compaction_] { (*t)(); });
}

void Cluster::stop() {
  if (controllers_) controllers_->stop();
  scheduler_.stop();
  if (server_) server_->stop();
}

net::PemPair Cluster::issue_client_cert(const std::string& user,
                                        const std::vector<std::string>& groups) {
  return net::make_client_cert(ca_, user, groups);
}

}  // namespace kubemcp::sim
