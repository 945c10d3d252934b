// The kubelet's part of a graceful pod deletion. The API server only marks the pod
// (deletionTimestamp, deletionGracePeriodSeconds); the kubelet sends SIGTERM to each container
// ("Killing" events), SIGKILLs what still runs when the grace period ends, writes the stopped
// containers' status and then deletes the pod with a grace period of 0. Simulated processes
// exit on SIGTERM within one step; a `sleep` running as PID 1 ignores SIGTERM (no handler, and
// the kernel drops default-action signals to PID 1), so such a pod takes its whole grace period,
// as on a real node. Grace seconds are simulated seconds: one lasts step/1000 real seconds.
#include <boost/json.hpp>

#include "sim/cluster.hpp"
#include "sim/controllers.hpp"
#include "sim/events.hpp"
#include "sim/util.hpp"

namespace kubemcp::sim {
namespace json = boost::json;
using std::chrono::milliseconds;

namespace {

std::string basename_of(const std::string& path) {
  auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// PID 1 is `sleep`: the command (or, without one, the args) starts with it, directly or as the
// only thing a shell's -c script runs first.
bool ignores_sigterm(const json::object& container) {
  const auto* cmd = arr_at(container, "command");
  if (!cmd || cmd->empty()) cmd = arr_at(container, "args");
  if (!cmd || cmd->empty() || !(*cmd)[0].is_string()) return false;
  std::string first = basename_of(std::string((*cmd)[0].as_string()));
  if (first == "sleep") return true;
  bool shell = first == "sh" || first == "bash" || first == "ash";
  if (shell && cmd->size() >= 3 && (*cmd)[1].is_string() && (*cmd)[1].as_string() == "-c" &&
      (*cmd)[2].is_string())
    return std::string((*cmd)[2].as_string()).starts_with("sleep ");
  return false;
}

bool any_ignores_sigterm(const json::object& pod) {
  const auto* spec = obj_at(pod, "spec");
  if (const auto* cs = spec ? arr_at(*spec, "containers") : nullptr)
    for (const auto& c : *cs)
      if (c.is_object() && ignores_sigterm(c.as_object())) return true;
  return false;
}

// Every container terminated: exit 0 after SIGTERM, 137 when SIGKILLed at the deadline.
void write_stopped(json::object& pod, bool killed) {
  auto& st = ensure_obj(pod, "status");
  std::string now = now_rfc3339();
  if (auto* cs = st.if_contains("containerStatuses"); cs && cs->is_array())
    for (auto& v : cs->as_array()) {
      if (!v.is_object()) continue;
      auto& c = v.as_object();
      const auto* state = obj_at(c, "state");
      const auto* running = state ? obj_at(*state, "running") : nullptr;
      if (!running) continue;
      json::object term{{"exitCode", killed ? 137 : 0},
                        {"reason", killed ? "Error" : "Completed"},
                        {"startedAt", str_at(*running, "startedAt")},
                        {"finishedAt", now}};
      if (c.contains("containerID")) term["containerID"] = c.at("containerID");
      c["state"] = json::object{{"terminated", std::move(term)}};
      c["ready"] = false;
      c["started"] = false;
    }
  if (auto* conds = st.if_contains("conditions"); conds && conds->is_array())
    for (auto& v : conds->as_array())
      if (v.is_object()) {
        auto& c = v.as_object();
        std::string type = str_at(c, "type");
        if ((type == "Ready" || type == "ContainersReady") && str_at(c, "status") == "True") {
          c["status"] = "False";
          c["reason"] = "PodCompleted";
          c["lastTransitionTime"] = now;
        }
      }
}

}  // namespace

void Controllers::terminate(const json::object& pod) {
  const auto* md = obj_at(pod, "metadata");
  int64_t grace = md ? int_at(*md, "deletionGracePeriodSeconds", 0) : 0;
  if (!md || grace <= 0) return;  // nothing left for the kubelet (finalizers hold it)
  std::string uid = str_at(*md, "uid"), ns = str_at(*md, "namespace"), name = str_at(*md, "name");
  auto now = std::chrono::steady_clock::now();
  if (stopping_since_.size() > 100000) stopping_since_.clear();  // bounded, like not_before_
  auto [it, first] = stopping_since_.try_emplace(uid, now);
  if (first) {
    const auto* spec = obj_at(pod, "spec");
    if (const auto* cs = spec ? arr_at(*spec, "containers") : nullptr)
      for (const auto& c : *cs)
        if (c.is_object())
          record_event(c_.objects(), pod, "Normal", "Killing",
                       "Stopping container " + str_at(c.as_object(), "name"), "kubelet");
  }
  milliseconds deadline = step_ * grace;
  bool killed = any_ignores_sigterm(pod);
  milliseconds stop = killed ? deadline : std::min(step_, deadline);
  auto due = it->second + stop;
  if (now < due) {
    enqueue("pod", ns, name, std::chrono::duration_cast<milliseconds>(due - now) + milliseconds(1));
    return;
  }
  stopping_since_.erase(it);
  c_.objects().mutate(*pods_, ns, name, [&](json::object& x) {
    write_stopped(x, killed);
    return true;
  });
  DeleteOptions now_opts;
  now_opts.grace = 0;
  now_opts.precondition_uid = uid;
  try {
    c_.objects().remove(*pods_, ns, name, now_opts, nullptr);
  } catch (const ApiError&) {
    // Gone meanwhile (force-deleted), or replaced by a pod of the same name.
  }
}

}  // namespace kubemcp::sim
