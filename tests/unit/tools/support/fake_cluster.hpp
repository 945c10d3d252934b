#pragma once
// An in-process fake cluster for tool handler tests: canned API objects served through the
// client's transport seam (kube::ClientConfig::round_tripper), so a handler runs its real code
// path — discovery, verbs, Table and List paging, errors — without a network or the simulator.
#include <boost/json.hpp>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "fleet/fleet.hpp"
#include "kube/rest_client.hpp"
#include "tools/framework/catalog.hpp"

namespace kubemcp::testing {

class FakeCluster {
 public:
  // Adds an object (apiVersion, kind, metadata.name and, for namespaced kinds, namespace).
  void add(boost::json::value object);
  // Objects are read (GET, lists and Tables by label and field selector) and deleted by name
  // (DELETE; dryRun keeps them); `scale` reads and sets spec.replicas. Other writes are not
  // served.
  // What `k8s_logs` reads for one container.
  void set_log(const std::string& ns, const std::string& pod, const std::string& container,
               std::string text);
  // Every request from now on answers with this status (0: serve normally).
  void fail_with(int status) { fail_with_ = status; }
  // The next `times` requests answer with this status, before fail_with applies (a 401 once:
  // an expired token that a login heals).
  void fail_next(int status, int times = 1) {
    std::lock_guard lock(mutex_);
    fail_next_ = {status, times};
  }
  // Requests to this path answer with this status (e.g. 404: a resource not served).
  void fail_path(const std::string& path, int status) { fail_paths_[path] = status; }
  std::vector<std::string> requests() const;

  kube::Response serve(const kube::Request& request);

 private:
  kube::Response serve_path(const kube::Request& request);
  kube::Response serve_scale(const kube::Request& request, const boost::json::object& object);
  mutable std::mutex mutex_;
  std::vector<boost::json::object> objects_;
  std::map<std::string, std::string> logs_;
  std::vector<std::string> requests_;
  int fail_with_ = 0;
  std::pair<int, int> fail_next_{0, 0};  // status, how many more requests
  std::map<std::string, int> fail_paths_;
};

// Named fake clusters behind a real Fleet (temp kubeconfigs, config, registry) and the real
// catalog: `call` runs a tool exactly as the MCP server would.
class FakeFleet {
 public:
  // `login`: the login command of every cluster (auto-heal runs it on a 401); none when empty.
  explicit FakeFleet(std::vector<std::string> names, std::size_t budget = 16000,
                     std::vector<std::string> login = {});
  ~FakeFleet();
  FakeCluster& operator[](const std::string& name) { return *clusters_.at(name); }
  fleet::Fleet& fleet() { return *fleet_; }
  tools::Result call(const std::string& tool, const boost::json::object& args);
  std::vector<std::string> logged;  // what the tool logged to the client, "level message"

 private:
  std::filesystem::path dir_;
  std::map<std::string, std::unique_ptr<FakeCluster>> clusters_;
  std::unique_ptr<fleet::Fleet> fleet_;
  tools::Catalog catalog_;
};

// Builders for the objects tests need.
boost::json::value pod(const std::string& ns, const std::string& name,
                       const std::string& phase = "Running", bool ready = true);
boost::json::value crashlooping_pod(const std::string& ns, const std::string& name);
boost::json::value warning_event(const std::string& ns, const std::string& pod,
                                 const std::string& reason, const std::string& message);

}  // namespace kubemcp::testing
