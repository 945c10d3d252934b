#pragma once
// The control plane of a simulated cluster: scheduler, kubelet, and the Deployment,
// ReplicaSet, StatefulSet, DaemonSet and Job controllers. Object changes enqueue keys; one
// worker thread reconciles them, so controllers never run inside a store lock or an HTTP
// handler. `step` paces the world: a pod takes one step to start, so a rolling update moves
// through visible intermediate states.
#include <boost/json/object.hpp>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <tuple>

#include "sim/resources.hpp"
#include "sim/store.hpp"

namespace kubemcp::sim {

class Cluster;

// True when the cron schedule (5 fields, or @hourly/@daily/...) fires at this UTC minute.
bool cron_matches(const std::string& schedule, int64_t unix_minute_start);

class Controllers {
 public:
  Controllers(Cluster& c, std::chrono::milliseconds step);
  ~Controllers();
  Controllers(const Controllers&) = delete;
  Controllers& operator=(const Controllers&) = delete;

  // Subscribes to changes and reconciles everything once.
  void start();
  void stop();

 private:
  using Key = std::tuple<std::string, std::string, std::string>;  // kind, namespace, name
  void on_change(const ResourceType& t, const std::string& type, const ObjPtr& obj);
  void enqueue(const std::string& kind, const std::string& ns, const std::string& name,
               std::chrono::milliseconds delay = std::chrono::milliseconds(0));
  void run();
  void reconcile(const Key& k);
  void pod(const std::string& ns, const std::string& name);
  // The kubelet's side of a graceful deletion (pod_termination.cpp): stop the containers,
  // then delete the pod with a grace period of 0.
  void terminate(const boost::json::object& pod);
  void replicaset(const std::string& ns, const std::string& name);
  void deployment(const std::string& ns, const std::string& name);
  void statefulset(const std::string& ns, const std::string& name);
  void daemonset(const std::string& ns, const std::string& name);
  void job(const std::string& ns, const std::string& name);
  // kube-controller-manager's namespace controller (namespace_deleter.cpp): empties a
  // Terminating namespace, reports what remains in its conditions, then finalizes it.
  void namespace_deletion(const std::string& name);
  void crashloops();
  void cronjobs();

  Cluster& c_;
  std::chrono::milliseconds step_;
  ResourcePtr pods_, rs_, deploy_, sts_, ds_, jobs_, nodes_, pvcs_, cronjobs_, revs_, namespaces_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::set<Key> queue_;
  bool stopping_ = false;
  bool started_ = false;
  std::thread thread_;
  size_t next_node_ = 0;
  // Per pod uid: the kubelet's next step is not due before this (worker thread only).
  std::map<std::string, std::chrono::steady_clock::time_point> not_before_;
  // Per DaemonSet uid: the template revision seen first (pods from the seed carry no label).
  std::map<std::string, std::string> seen_ds_rev_;
  // Per deployment uid: its last observed counts and since when (progress deadline).
  std::map<std::string, std::pair<std::string, std::chrono::steady_clock::time_point>> progress_;
  // Per pod uid: when its kubelet started stopping it (worker thread only).
  std::map<std::string, std::chrono::steady_clock::time_point> stopping_since_;
  bool wait_turn(const std::string& uid, const std::string& ns, const std::string& name);
  void schedule_turn(const std::string& uid, std::chrono::milliseconds after);
  std::shared_ptr<std::function<void()>> crash_tick_, cron_tick_;  // keep periodic tasks alive
};

}  // namespace kubemcp::sim
