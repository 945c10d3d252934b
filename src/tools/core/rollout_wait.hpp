#pragma once
// k8s_rollout status: waits (watching the object) until the rollout is done, stuck or the
// timeout passes, telling progress as it goes; a rollout that does not finish is reported
// with the pods that hold it up.
#include <string>

namespace kubemcp::tools::core {

struct Rollout;

// The final line when the rollout finished; throws Refusal (stuck or timed out) otherwise.
std::string rollout_status(Rollout& x);

}  // namespace kubemcp::tools::core
