#include "tools/basic/health_rules.hpp"

#include <boost/json.hpp>

#include "render/age.hpp"
#include "render/describe_writer.hpp"

namespace kubemcp::tools::health {
namespace json = boost::json;
using render::detail::at_path;
using render::detail::num_at;
using render::detail::str_at;

namespace {

std::string quote(const std::string& s) {
  return "'" + s + "'";
}

std::string logs_call(const std::string& pod, const std::string& ns, const std::string& container,
                      bool previous) {
  std::string s = "k8s_logs pod=" + pod + " namespace=" + ns;
  if (!container.empty()) s += " container=" + container;
  if (previous) s += " previous=true";
  return s;
}

std::string describe_call(const std::string& kind, const std::string& name, const std::string& ns) {
  return "k8s_describe resource=" + kind + " name=" + name + (ns.empty() ? "" : " namespace=" + ns);
}

}  // namespace

std::optional<Finding> check_pod(const json::value& pod) {
  const std::string name = str_at(pod, {"metadata", "name"});
  const std::string ns = str_at(pod, {"metadata", "namespace"});
  const std::string phase = str_at(pod, {"status", "phase"});
  if (phase == "Succeeded") return std::nullopt;
  Finding f{"pod/" + name, ns, {}, {}, {}};
  if (!str_at(pod, {"metadata", "deletionTimestamp"}).empty()) {
    f.problem = "Terminating";
    f.detail = "deletion requested at " + str_at(pod, {"metadata", "deletionTimestamp"});
    f.next = describe_call("pod", name, ns);
    return f;
  }
  if (phase == "Pending" || phase.empty()) {
    // Unscheduled pods carry the scheduler's verdict in the PodScheduled condition.
    if (const auto* conds = at_path(pod, {"status", "conditions"}); conds && conds->is_array())
      for (const auto& c : conds->get_array())
        if (str_at(c, {"type"}) == "PodScheduled" && str_at(c, {"status"}) == "False") {
          f.problem = "Pending";
          f.detail = str_at(c, {"reason"}) + ": " + str_at(c, {"message"});
          f.next = describe_call("pod", name, ns);
          return f;
        }
  }
  if (phase == "Failed") {
    f.problem = "Failed";
    f.detail = str_at(pod, {"status", "reason"});
    if (const auto m = str_at(pod, {"status", "message"}); !m.empty())
      f.detail += (f.detail.empty() ? "" : ": ") + m;
    f.next = describe_call("pod", name, ns);
    return f;
  }
  // Look at each container: waiting reasons and restarts explain most failures.
  const auto* statuses = at_path(pod, {"status", "containerStatuses"});
  bool all_ready = statuses && statuses->is_array() && !statuses->get_array().empty();
  if (statuses && statuses->is_array()) {
    for (const auto& s : statuses->get_array()) {
      const std::string cname = str_at(s, {"name"});
      const std::string restarts = num_at(s, {"restartCount"});
      const std::string waiting = str_at(s, {"state", "waiting", "reason"});
      const std::string last_reason = str_at(s, {"lastState", "terminated", "reason"});
      const std::string last_exit = num_at(s, {"lastState", "terminated", "exitCode"}, "");
      if (str_at(s, {"ready"}) != "true") all_ready = false;
      if (waiting == "CrashLoopBackOff" ||
          (!waiting.empty() && restarts != "0" && !last_reason.empty())) {
        f.problem = waiting;
        f.detail = "container " + quote(cname) + " restarts " + restarts;
        if (!last_exit.empty())
          f.detail +=
              ", last exit " + last_exit + (last_reason.empty() ? "" : " (" + last_reason + ")");
        if (last_reason == "OOMKilled")
          f.detail += " — out of memory: raise its memory limit or find the leak";
        f.next = logs_call(str_at(pod, {"metadata", "name"}), ns, cname, true);
        return f;
      }
      if (waiting == "ImagePullBackOff" || waiting == "ErrImagePull" ||
          waiting == "InvalidImageName" || waiting == "CreateContainerConfigError" ||
          waiting == "CreateContainerError") {
        f.problem = waiting;
        f.detail = "container " + quote(cname) + " image " + quote(str_at(s, {"image"}));
        if (const auto m = str_at(s, {"state", "waiting", "message"}); !m.empty())
          f.detail += ": " + m;
        f.next = describe_call("pod", name, ns);
        return f;
      }
      if (str_at(s, {"state", "terminated", "reason"}) == "OOMKilled" ||
          last_reason == "OOMKilled") {
        f.problem = "OOMKilled";
        f.detail = "container " + quote(cname) + " restarts " + restarts +
                   " — out of memory: raise its memory limit or find the leak";
        f.next = logs_call(name, ns, cname, true);
        return f;
      }
    }
  }
  if (phase == "Running" && all_ready) return std::nullopt;
  f.problem = phase == "Running" ? "NotReady" : (phase.empty() ? "Unknown" : phase);
  std::vector<std::string> not_ready;
  if (statuses && statuses->is_array())
    for (const auto& s : statuses->get_array())
      if (str_at(s, {"ready"}) != "true") not_ready.push_back(str_at(s, {"name"}));
  if (!not_ready.empty()) {
    f.detail = "containers not ready:";
    for (const auto& n : not_ready) f.detail += " " + n;
  }
  f.next = describe_call("pod", name, ns);
  return f;
}

std::optional<Finding> check_workload(const json::value& w, const std::string& kind) {
  const std::string name = str_at(w, {"metadata", "name"});
  const std::string ns = str_at(w, {"metadata", "namespace"});
  std::string lower = kind;
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  Finding f{lower + "/" + name, ns, {}, {}, describe_call(lower, name, ns)};
  if (kind == "DaemonSet") {
    const auto desired = std::stoll(num_at(w, {"status", "desiredNumberScheduled"}));
    const auto ready = std::stoll(num_at(w, {"status", "numberReady"}));
    if (ready >= desired) return std::nullopt;
    f.problem = std::to_string(ready) + "/" + std::to_string(desired) + " ready";
    return f;
  }
  const auto desired = std::stoll(num_at(w, {"spec", "replicas"}, "1"));
  const std::string ready_field = kind == "Deployment" ? "availableReplicas" : "readyReplicas";
  const auto ready = std::stoll(num_at(w, {"status", ready_field.c_str()}));
  std::string stuck;
  if (const auto* conds = at_path(w, {"status", "conditions"}); conds && conds->is_array())
    for (const auto& c : conds->get_array())
      if (str_at(c, {"type"}) == "Progressing" &&
          str_at(c, {"reason"}) == "ProgressDeadlineExceeded")
        stuck = "rollout stuck (ProgressDeadlineExceeded): " + str_at(c, {"message"});
  if (ready >= desired && stuck.empty()) return std::nullopt;
  f.problem = std::to_string(ready) + "/" + std::to_string(desired) +
              (kind == "Deployment" ? " available" : " ready");
  f.detail = stuck;
  if (str_at(w, {"spec", "paused"}) == "true")
    f.detail += (f.detail.empty() ? "" : "; ") + std::string("rollout paused");
  return f;
}

std::optional<Finding> check_node(const json::value& node) {
  const std::string name = str_at(node, {"metadata", "name"});
  Finding f{"node/" + name, "", {}, {}, describe_call("node", name, "")};
  if (const auto* conds = at_path(node, {"status", "conditions"}); conds && conds->is_array())
    for (const auto& c : conds->get_array())
      if (str_at(c, {"type"}) == "Ready" && str_at(c, {"status"}) != "True") {
        f.problem = "NotReady";
        f.detail = str_at(c, {"reason"}) + ": " + str_at(c, {"message"});
        return f;
      }
  if (str_at(node, {"spec", "unschedulable"}) == "true") {
    f.problem = "SchedulingDisabled";
    f.detail = "cordoned";
    return f;
  }
  return std::nullopt;
}

}  // namespace kubemcp::tools::health
