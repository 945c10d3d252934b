#include "tools/core/rollout_status.hpp"

#include <boost/json.hpp>
#include <functional>
#include <map>

namespace kubemcp::tools::core {
namespace json = boost::json;
namespace {

const json::object& obj(const json::object& o, const char* key) {
  static const json::object empty;
  const auto* v = o.if_contains(key);
  return v && v->is_object() ? v->get_object() : empty;
}

std::int64_t num(const json::object& o, const char* key, std::int64_t fallback = 0) {
  const auto* v = o.if_contains(key);
  return v && v->is_int64() ? v->get_int64() : fallback;
}

std::string str(const json::object& o, const char* key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

std::string quoted(const json::object& object) {
  return "\"" + str(obj(object, "metadata"), "name") + "\"";
}

// The Progressing condition's reason, when the deployment has one.
std::string progressing_reason(const json::object& status) {
  const auto* conds = status.if_contains("conditions");
  if (!conds || !conds->is_array()) return {};
  for (const auto& c : conds->get_array())
    if (c.is_object() && str(c.get_object(), "type") == "Progressing")
      return str(c.get_object(), "reason");
  return {};
}

RolloutState deployment(const json::object& d) {
  const auto& spec = obj(d, "spec");
  const auto& status = obj(d, "status");
  const std::string name = quoted(d);
  RolloutState s;
  s.desired = num(spec, "replicas", 1);
  s.updated = num(status, "updatedReplicas");
  s.ready = num(status, "readyReplicas");
  s.available = num(status, "availableReplicas");
  if (num(obj(d, "metadata"), "generation") > num(status, "observedGeneration")) {
    s.message = "Waiting for deployment spec update to be observed...";
    return s;
  }
  if (progressing_reason(status) == "ProgressDeadlineExceeded") {
    s.stuck = "deployment " + name + " exceeded its progress deadline";
    s.message = s.stuck;
    return s;
  }
  if (s.updated < s.desired)
    s.message = "Waiting for deployment " + name +
                " rollout to finish: " + std::to_string(s.updated) + " out of " +
                std::to_string(s.desired) + " new replicas have been updated...";
  else if (num(status, "replicas") > s.updated)
    s.message = "Waiting for deployment " + name +
                " rollout to finish: " + std::to_string(num(status, "replicas") - s.updated) +
                " old replicas are pending termination...";
  else if (s.available < s.updated)
    s.message = "Waiting for deployment " + name +
                " rollout to finish: " + std::to_string(s.available) + " of " +
                std::to_string(s.updated) + " updated replicas are available...";
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
  const std::string t = str(obj(spec, "updateStrategy"), "type");
  return t.empty() ? "RollingUpdate" : t;  // the API server's default
}

RolloutState statefulset(const json::object& sts) {
  const auto& spec = obj(sts, "spec");
  const auto& status = obj(sts, "status");
  RolloutState s;
  s.desired = num(spec, "replicas", 1);
  s.updated = num(status, "updatedReplicas");
  s.ready = num(status, "readyReplicas");
  s.available = num(status, "availableReplicas", s.ready);
  if (strategy_type(spec) != "RollingUpdate") {
    s.stuck = "rollout status is only available for RollingUpdate strategy type";
    s.message = s.stuck;
    return s;
  }
  const auto observed = num(status, "observedGeneration");
  if (observed == 0 || num(obj(sts, "metadata"), "generation") > observed) {
    s.message = "Waiting for statefulset spec update to be observed...";
    return s;
  }
  if (s.ready < s.desired) {
    s.message = "Waiting for " + std::to_string(s.desired - s.ready) + " pods to be ready...";
    return s;
  }
  const auto& rolling = obj(obj(spec, "updateStrategy"), "rollingUpdate");
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
  const std::string update = str(status, "updateRevision");
  if (update != str(status, "currentRevision")) {
    s.message = "waiting for statefulset rolling update to complete " + std::to_string(s.updated) +
                " pods at revision " + update + "...";
    return s;
  }
  s.message = "statefulset rolling update complete " +
              std::to_string(num(status, "currentReplicas")) + " pods at revision " +
              str(status, "currentRevision") + "...";
  s.done = true;
  return s;
}

RolloutState daemonset(const json::object& ds) {
  const auto& spec = obj(ds, "spec");
  const auto& status = obj(ds, "status");
  const std::string name = quoted(ds);
  RolloutState s;
  s.desired = num(status, "desiredNumberScheduled");
  s.updated = num(status, "updatedNumberScheduled");
  s.ready = num(status, "numberReady");
  s.available = num(status, "numberAvailable");
  if (strategy_type(spec) != "RollingUpdate") {
    s.stuck = "rollout status is only available for RollingUpdate strategy type";
    s.message = s.stuck;
    return s;
  }
  if (num(obj(ds, "metadata"), "generation") > num(status, "observedGeneration")) {
    s.message = "Waiting for daemon set spec update to be observed...";
    return s;
  }
  if (s.updated < s.desired)
    s.message = "Waiting for daemon set " + name +
                " rollout to finish: " + std::to_string(s.updated) + " out of " +
                std::to_string(s.desired) + " new pods have been updated...";
  else if (s.available < s.desired)
    s.message = "Waiting for daemon set " + name +
                " rollout to finish: " + std::to_string(s.available) + " of " +
                std::to_string(s.desired) + " updated pods are available...";
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
