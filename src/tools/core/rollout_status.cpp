#include "tools/core/rollout_status.hpp"

#include <boost/json.hpp>
#include <functional>
#include <map>

#include "net/json_access.hpp"

namespace kubemcp::tools::core {
namespace json = boost::json;
namespace {

// kubectl's in-progress line, e.g. "Waiting for deployment "web" rollout to finish: 1 out of
// 3 new replicas have been updated...".
std::string waiting(const std::string& what, const std::string& detail) {
  return "Waiting for " + what + " rollout to finish: " + detail + "...";
}

std::string n(int64_t count) {
  return std::to_string(count);
}

using net::arr_at;
using net::int_at;
using net::obj_or_empty;
using net::str_at;

std::string quoted(const json::object& object) {
  return "\"" + str_at(obj_or_empty(object, "metadata"), "name") + "\"";
}

// The Progressing condition's reason, when the deployment has one.
std::string progressing_reason(const json::object& status) {
  const auto* conds = status.if_contains("conditions");
  if (!conds || !conds->is_array()) return {};
  for (const auto& c : conds->get_array())
    if (c.is_object() && str_at(c.get_object(), "type") == "Progressing")
      return str_at(c.get_object(), "reason");
  return {};
}

RolloutState deployment(const json::object& d) {
  const auto& spec = obj_or_empty(d, "spec");
  const auto& status = obj_or_empty(d, "status");
  const std::string name = quoted(d);
  RolloutState s;
  s.desired = int_at(spec, "replicas", 1);
  s.updated = int_at(status, "updatedReplicas");
  s.ready = int_at(status, "readyReplicas");
  s.available = int_at(status, "availableReplicas");
  if (int_at(obj_or_empty(d, "metadata"), "generation") > int_at(status, "observedGeneration")) {
    s.message = "Waiting for deployment spec update to be observed...";
    return s;
  }
  if (progressing_reason(status) == "ProgressDeadlineExceeded") {
    s.stuck = "deployment " + name + " exceeded its progress deadline";
    s.message = s.stuck;
    return s;
  }
  if (s.updated < s.desired)
    s.message = waiting("deployment " + name, n(s.updated) + " out of " + n(s.desired) +
                                                  " new replicas have been updated");
  else if (int_at(status, "replicas") > s.updated)
    s.message = waiting("deployment " + name, n(int_at(status, "replicas") - s.updated) +
                                                  " old replicas are pending termination");
  else if (s.available < s.updated)
    s.message = waiting("deployment " + name,
                        n(s.available) + " of " + n(s.updated) + " updated replicas are available");
  else {
    s.message = "deployment " + name + " successfully rolled out";
    s.done = true;
    return s;
  }
  // kubectl would wait for ever; a paused deployment makes no progress until resumed.
  const auto* paused = spec.if_contains("paused");
  if (paused && paused->is_bool() && paused->get_bool())
    s.stuck = "deployment " + name +
              " is paused, so the rollout makes no progress; resume it (action resume) first";
  return s;
}

std::string strategy_type(const json::object& spec) {
  const std::string t = str_at(obj_or_empty(spec, "updateStrategy"), "type");
  return t.empty() ? "RollingUpdate" : t;  // the API server's default
}

RolloutState statefulset(const json::object& sts) {
  const auto& spec = obj_or_empty(sts, "spec");
  const auto& status = obj_or_empty(sts, "status");
  RolloutState s;
  s.desired = int_at(spec, "replicas", 1);
  s.updated = int_at(status, "updatedReplicas");
  s.ready = int_at(status, "readyReplicas");
  s.available = int_at(status, "availableReplicas", s.ready);
  if (strategy_type(spec) != "RollingUpdate") {
    s.stuck = "rollout status is only available for RollingUpdate strategy type";
    s.message = s.stuck;
    return s;
  }
  const auto observed = int_at(status, "observedGeneration");
  if (observed == 0 || int_at(obj_or_empty(sts, "metadata"), "generation") > observed) {
    s.message = "Waiting for statefulset spec update to be observed...";
    return s;
  }
  if (s.ready < s.desired) {
    s.message = "Waiting for " + std::to_string(s.desired - s.ready) + " pods to be ready...";
    return s;
  }
  const auto& rolling = obj_or_empty(obj_or_empty(spec, "updateStrategy"), "rollingUpdate");
  if (const auto* p = rolling.if_contains("partition"); p && p->is_int64()) {
    const auto want = s.desired - p->get_int64();
    if (s.updated < want) {
      s.message = "Waiting for partitioned roll out to finish: " + std::to_string(s.updated) +
                  " out of " + std::to_string(want) + " new pods have been updated...";
      return s;
    }
    s.message = "partitioned roll out complete: " + std::to_string(s.updated) +
                " new pods have been updated...";
    s.done = true;
    return s;
  }
  const std::string update = str_at(status, "updateRevision");
  if (update != str_at(status, "currentRevision")) {
    s.message = "waiting for statefulset rolling update to complete " + std::to_string(s.updated) +
                " pods at revision " + update + "...";
    return s;
  }
  s.message = "statefulset rolling update complete " +
              std::to_string(int_at(status, "currentReplicas")) + " pods at revision " +
              str_at(status, "currentRevision") + "...";
  s.done = true;
  return s;
}

RolloutState daemonset(const json::object& ds) {
  const auto& spec = obj_or_empty(ds, "spec");
  const auto& status = obj_or_empty(ds, "status");
  const std::string name = quoted(ds);
  RolloutState s;
  s.desired = int_at(status, "desiredNumberScheduled");
  s.updated = int_at(status, "updatedNumberScheduled");
  s.ready = int_at(status, "numberReady");
  s.available = int_at(status, "numberAvailable");
  if (strategy_type(spec) != "RollingUpdate") {
    s.stuck = "rollout status is only available for RollingUpdate strategy type";
    s.message = s.stuck;
    return s;
  }
  if (int_at(obj_or_empty(ds, "metadata"), "generation") > int_at(status, "observedGeneration")) {
    s.message = "Waiting for daemon set spec update to be observed...";
    return s;
  }
  if (s.updated < s.desired)
    s.message = waiting("daemon set " + name,
                        n(s.updated) + " out of " + n(s.desired) + " new pods have been updated");
  else if (s.available < s.desired)
    s.message = waiting("daemon set " + name,
                        n(s.available) + " of " + n(s.desired) + " updated pods are available");
  else {
    s.message = "daemon set " + name + " successfully rolled out";
    s.done = true;
  }
  return s;
}

using Viewer = std::function<RolloutState(const json::object&)>;
const std::map<std::string, Viewer>& viewers() {
  static const std::map<std::string, Viewer> v = {
      {"Deployment", deployment}, {"StatefulSet", statefulset}, {"DaemonSet", daemonset}};
  return v;
}

}  // namespace

std::string RolloutState::counts() const {
  const std::string of = "/" + std::to_string(desired);
  return "updated " + std::to_string(updated) + of + ", ready " + std::to_string(ready) + of +
         ", available " + std::to_string(available) + of;
}

bool has_status_viewer(const std::string& kind) {
  return viewers().count(kind) > 0;
}

RolloutState rollout_state(const std::string& kind, const json::object& object) {
  return viewers().at(kind)(object);
}

}  // namespace kubemcp::tools::core
