#pragma once
// kubectl's rollout status rules (kubectl/pkg/polymorphichelpers/rollout_status.go) for
// deployments, statefulsets and daemonsets, as pure functions of the object: where the
// rollout is, whether it is done, and whether it is stuck.
#include <boost/json/object.hpp>
#include <cstdint>
#include <string>

namespace kubemcp::tools::core {

struct RolloutState {
  std::string message;  // kubectl's line: "Waiting for deployment \"web\" rollout to finish: ..."
  bool done = false;    // rolled out
  std::string stuck;    // set when waiting longer cannot help (progress deadline, paused, ...)
  // The counts shown in progress notifications.
  std::int64_t desired = 0, updated = 0, ready = 0, available = 0;

  std::string counts() const;  // "updated 1/3, ready 2/3, available 2/3"
};

// Whether rollout status exists for `kind` (Deployment, StatefulSet, DaemonSet).
bool has_status_viewer(const std::string& kind);

// The state of one object of a kind has_status_viewer accepts.
RolloutState rollout_state(const std::string& kind, const boost::json::object& object);

}  // namespace kubemcp::tools::core
