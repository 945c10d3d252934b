#include "tools/core/rollout_wait.hpp"

#include <boost/json.hpp>

#include "kube/builtin_resources.hpp"
#include "kube/errors.hpp"
#include "kube/verbs.hpp"
#include "net/json_access.hpp"
#include "tools/core/change.hpp"
#include "tools/core/rollout_actions.hpp"
#include "tools/core/rollout_status.hpp"

namespace kubemcp::tools::core {
namespace json = boost::json;
namespace {

using net::arr_at;
using net::int_at;
using net::obj_or_empty;
using net::str_at;

constexpr std::size_t kMaxBlockingPods = 5;

bool condition_true(const json::object& status, const char* type) {
  if (const auto* conds = arr_at(status, "conditions"))
    for (const auto& c : *conds)
      if (c.is_object() && str_at(c.get_object(), "type") == type)
        return str_at(c.get_object(), "status") == "True";
  return false;
}

// Why one pod is not ready: a container's waiting or terminated reason, else why it is not
// scheduled, else its phase.
std::string why_not_ready(const json::object& pod) {
  const auto& status = obj_or_empty(pod, "status");
  for (const char* list : {"initContainerStatuses", "containerStatuses"})
    if (const auto* cs = arr_at(status, list))
      for (const auto& c : *cs) {
        if (!c.is_object()) continue;
        const auto& state = obj_or_empty(c.get_object(), "state");
        for (const char* s : {"waiting", "terminated"}) {
          const auto& st = obj_or_empty(state, s);
          if (const auto reason = str_at(st, "reason"); !reason.empty()) {
            const auto message = str_at(st, "message");
            return str_at(c.get_object(), "name") + ": " + reason +
                   (message.empty() ? "" : " (" + message.substr(0, 200) + ")");
          }
        }
      }
  if (const auto* conds = arr_at(status, "conditions"))
    for (const auto& c : *conds)
      if (c.is_object() && str_at(c.get_object(), "type") == "PodScheduled" &&
          str_at(c.get_object(), "status") == "False")
        return "not scheduled: " + str_at(c.get_object(), "reason") + " (" +
               str_at(c.get_object(), "message").substr(0, 200) + ")";
  const std::string phase = str_at(status, "phase");
  return phase.empty() ? "not ready" : phase + ", not ready";
}

// The object's matchLabels as a label selector.
std::string selector_of(const json::object& object) {
  std::string out;
  const auto& ml =
      obj_or_empty(obj_or_empty(obj_or_empty(object, "spec"), "selector"), "matchLabels");
  for (const auto& kv : ml)
    if (kv.value().is_string())
      out += (out.empty() ? "" : ",") + std::string(kv.key()) + "=" +
             std::string(kv.value().get_string());
  return out;
}

// The workload's pods that are not ready, with the reason of each (at most a few).
std::string blocking_pods(Rollout& x) {
  const std::string selector = selector_of(x.object);
  if (selector.empty()) return {};
  kube::ListOptions o;
  o.label_selector = selector;
  json::value pods;
  try {
    pods = kube::list(x.call.client, kube::builtin("pods"), x.ns, o, x.call.ctx.cancel);
  } catch (const kube::ApiError&) {
    return {};  // the report stands without the pods (no permission to list them)
  }
  std::string out;
  std::size_t shown = 0, blocking = 0;
  for (const auto& p : pods.at("items").as_array()) {
    const auto& pod = p.as_object();
    if (condition_true(obj_or_empty(pod, "status"), "Ready")) continue;
    if (++blocking > kMaxBlockingPods) continue;
    ++shown;
    out += "\n  pod " + str_at(obj_or_empty(pod, "metadata"), "name") + ": " + why_not_ready(pod);
  }
  if (blocking == 0) return {};
  if (blocking > shown) out += "\n  [" + std::to_string(blocking - shown) + " more not ready]";
  return "\nPods not ready:" + out;
}

}  // namespace

std::string rollout_status(Rollout& x) {
  const std::string kind = x.resource.kind;
  RolloutState state = rollout_state(kind, x.object);
  Context& ctx = x.call.ctx;
  double step = 0;
  std::string told;
  const auto tell = [&](const RolloutState& s) {
    if (s.message == told || !ctx.progress) return;
    told = s.message;
    ctx.progress(++step, std::nullopt, s.message + " (" + s.counts() + ")");
  };
  tell(state);
  if (!state.done && state.stuck.empty() && x.timeout.count() > 0) {
    try {
      kube::wait_for(
          x.call.client, x.resource, x.ns, x.name,
          [&](const json::value& o) {
            if (!o.is_object()) return false;
            x.object = o.get_object();
            state = rollout_state(kind, x.object);
            tell(state);
            return state.done || !state.stuck.empty();
          },
          x.timeout, ctx.cancel);
    } catch (const kube::ApiError&) {
      throw;
    } catch (const kube::CancelledError&) {
      throw;
    } catch (const kube::KubeError&) {
      // wait_for's deadline: reported below with the last state seen
    }
  }
  if (state.done) return state.message + "\n" + state.counts();
  // timeout 0: one look, no wait; not finishing yet is the answer, not a failure.
  if (x.timeout.count() == 0 && state.stuck.empty())
    return state.message + "\n" + state.counts() + blocking_pods(x);
  const std::string name = kubectl_name(x.resource, x.name);
  if (!state.stuck.empty()) throw Refusal(state.stuck + "\n" + state.counts() + blocking_pods(x));
  throw Refusal("rollout of " + name + " not finished (timed out after " +
                std::to_string(x.timeout.count()) + " s): " + state.message + "\n" +
                state.counts() + blocking_pods(x) +
                "\nCall again (a longer `timeout`) to keep waiting, or look at the pods above.");
}

}  // namespace kubemcp::tools::core
