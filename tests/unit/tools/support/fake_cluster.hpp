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
#include <string_view>
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
  // (DELETE; dryRun keeps them); `scale` reads and sets spec.replicas. A server-side apply
  // (PATCH application/apply-patch+yaml) creates an absent object (201) or merges into a
  // present one (200); a merge or strategic-merge PATCH merges into a present one. A dry run
  // answers the result and keeps nothing. Other writes are not served. An exec, attach or
  // port-forward request is recorded and refused (400, as a request without Upgrade is): the
  // client's seam never opens a stream.
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
  // The next request with this method and path answers this status and body (a Status with
  // details.causes, say) instead of being served.
  void answer_once(const std::string& method, const std::string& path, int status,
                   boost::json::value body);
  // Each request as "METHOD PATH?QUERY"; bodies() holds each PATCH/PUT/POST body in order.
  std::vector<std::string> requests() const;
  // The requests whose "METHOD PATH?QUERY" contains `part` ("/exec": the exec requests).
  std::vector<std::string> requests_with(std::string_view part) const;
  std::vector<std::string> bodies() const;

  kube::Response serve(const kube::Request& request);

 private:
  kube::Response serve_path(const kube::Request& request);
  kube::Response serve_scale(const kube::Request& request, const boost::json::object& object);
  kube::Response serve_patch(const kube::Request& request, const std::string& kind,
                             const std::string& ns, const std::string& name,
                             boost::json::object* live);
  std::vector<std::string> bodies_;
  std::map<std::string, std::pair<int, boost::json::value>> canned_;
  int next_version_ = 100;
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
// A deployment or service selecting app=`app` (the label pod() gives "web-a": app=web).
boost::json::value deployment_of(const std::string& ns, const std::string& name,
                                 const std::string& app);
// Pod `name` with containers app (port 8080 named http) and sidecar; `default_container`
// sets the kubectl.kubernetes.io/default-container annotation when not empty.
boost::json::value two_container_pod(const std::string& ns, const std::string& name, bool ready,
                                     const std::string& default_container = "");
boost::json::value warning_event(const std::string& ns, const std::string& pod,
                                 const std::string& reason, const std::string& message);

}  // namespace kubemcp::testing
