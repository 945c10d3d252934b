#pragma once
// ControllerRevisions as the StatefulSet and DaemonSet controllers keep them: one per pod
// template, named OWNER-<hash>, controlled by the owner, its data the strategic merge patch
// that restores the template, its revision number raised to the newest when a template
// comes back (kubectl rollout history/undo read these).
#include <boost/json/object.hpp>
#include <string>

#include "sim/objects.hpp"

namespace kubemcp::sim {

// Records `owner`'s current spec.template; `name` is the revision's name (OWNER-<hash>).
void record_controller_revision(Objects& objects, const ResourceType& revisions,
                                const boost::json::object& owner, const std::string& name);

}  // namespace kubemcp::sim
