#pragma once
// Revisions of a workload the way kubectl finds them: a deployment's ReplicaSets (annotation
// deployment.kubernetes.io/revision), a statefulset's or daemonset's ControllerRevisions —
// only those the object controls — and kubectl's rules for picking the one to roll back to.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <cstdint>
#include <string>
#include <vector>

namespace kubemcp::tools::core {

struct Revision {
  std::int64_t number = 0;
  std::string name;          // the ReplicaSet or ControllerRevision
  std::string change_cause;  // annotation kubernetes.io/change-cause
  std::vector<std::string> images;
  boost::json::object pod_template;  // spec.template (deployments) / data.spec.template
  boost::json::object annotations;   // the ReplicaSet's (a deployment rollback restores them)
};

// Revisions of the deployment with uid `owner_uid` from its namespace's ReplicaSets, oldest
// first; ReplicaSets without a revision annotation are skipped as kubectl skips them.
std::vector<Revision> deployment_revisions(const boost::json::array& replicasets,
                                           const std::string& owner_uid);

// Revisions of the statefulset or daemonset with uid `owner_uid` from ControllerRevisions.
std::vector<Revision> controller_revisions(const boost::json::array& revisions,
                                           const std::string& owner_uid);

// kubectl's choice: to_revision 0 is the previous revision (the second highest), else the
// revision with that number. Throws Refusal with kubectl's words when there is none
// (`what` is e.g. "deployment \"web\"").
const Revision& pick_revision(const std::vector<Revision>& revisions, std::int64_t to_revision,
                              bool deployment, const std::string& what);

// A pod template without what only identifies it (the pod-template-hash label, the
// strategic-merge $patch directive), for "does the object already match this revision".
boost::json::object comparable_template(boost::json::object pod_template);

// REVISION  CHANGE-CAUSE  IMAGES table of kubectl rollout history, plus images.
std::string history_table(const std::vector<Revision>& revisions);

}  // namespace kubemcp::tools::core
