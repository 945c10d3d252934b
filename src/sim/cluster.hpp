#pragma once
// One simulated cluster: its kinds, objects, credentials, certificates and HTTPS server.
#include <atomic>
#include <memory>
#include <mutex>
#include <string>

#include "net/server_https.hpp"
#include "net/tls_certs.hpp"
#include "sim/auth.hpp"
#include "sim/controllers.hpp"
#include "sim/log_events.hpp"
#include "sim/objects.hpp"
#include "sim/resources.hpp"
#include "sim/scheduler.hpp"
#include "sim/store.hpp"

namespace kubemcp::sim {

// Faults injected at run time (`kubemcp sim ctl`, docs/sim.md).
struct Faults {
  std::atomic<int> latency_ms{0};
  std::atomic<int> error_percent{0};  // share of API requests answered with error_code
  std::atomic<int> error_code{503};
  std::atomic<int> cut_streams_after_ms{0};  // 0 = never cut
  // The next N API requests are handled, then their connection is closed before the answer.
  std::atomic<int> drop_responses{0};
};

class Cluster {
 public:
  Cluster(net::IoPool& pool, std::string name, uint16_t port);
  ~Cluster();

  const std::string& name() const { return name_; }
  uint16_t port() const { return server_->port(); }
  std::string server_url() const { return "https://127.0.0.1:" + std::to_string(port()); }
  const net::PemPair& ca() const { return ca_; }
  // A client certificate for `user` in `groups`, signed by this cluster's CA.
  net::PemPair issue_client_cert(const std::string& user, const std::vector<std::string>& groups);

  Registry& registry() { return registry_; }
  Store& store() { return store_; }
  Objects& objects() { return objects_; }
  Auth& auth() { return auth_; }
  Scheduler& scheduler() { return scheduler_; }
  Faults& faults() { return faults_; }
  // Lines containers logged because of what happened to them (requests served).
  LogEvents& log_events() { return log_events_; }
  const std::string& epoch() const { return epoch_; }
  // Where container root directories live (exec sandboxes).
  const std::string& sandbox_dir() const { return sandbox_dir_; }
  void set_sandbox_dir(std::string d) { sandbox_dir_ = std::move(d); }

  void set_reachable(bool reachable) { server_->set_refusing(!reachable); }
  // Starts the scheduler, kubelet and workload controllers (after seeding).
  void start_controllers(std::chrono::milliseconds step);
  // Compacts the store every `every`, as kube-apiserver compacts etcd (Store::compact).
  void start_compaction(std::chrono::seconds every);
  void stop();

 private:
  std::string name_;
  net::PemPair ca_;
  Registry registry_;
  Store store_;
  Objects objects_{registry_, store_};
  Auth auth_;
  Scheduler scheduler_;
  Faults faults_;
  LogEvents log_events_;
  std::string epoch_;
  std::string sandbox_dir_ = "/tmp/kubemcp-sim-roots";
  std::unique_ptr<Controllers> controllers_;
  std::shared_ptr<std::function<void()>> compaction_;
  std::unique_ptr<net::HttpsServer> server_;
};

// The HTTP face of a cluster: routing, auth, content negotiation, verbs (api_handler.cpp).
net::HttpResponse handle_api_request(Cluster& cluster, const net::HttpRequest& req);

}  // namespace kubemcp::sim
