#pragma once
// What the core tools share: the object a call names (`resource` with `name`, or
// "type/name"), objects named the way kubectl prints them ("deployment.apps/web"), and one
// change run on the cluster the catalog's policy check chose — sent at most once, its failure
// phrased like kubectl, its HTTP status kept for the audit log.
#include <boost/json/object.hpp>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "tools/framework/fanout.hpp"
#include "tools/framework/tool.hpp"

namespace kubemcp::kube {
struct ResourceInfo;
}

namespace kubemcp::tools::core {

struct ObjectRef {
  std::string resource;  // as the caller wrote it: "deploy", "deployments.apps", ...
  std::string name;
};

// `resource` and `name`, or `resource` "type/name"; throws std::invalid_argument when no
// name is given.
ObjectRef object_ref(const boost::json::object& args, const std::string& tool);

// "deployment.apps/web", "pod/x": kubectl's name for an object in its answers.
std::string kubectl_name(const kube::ResourceInfo& r, std::string_view name);
// "deployments.apps": kubectl's resource[.group] in its error lines.
std::string resource_group(const kube::ResourceInfo& r);

// A refusal a tool decides itself (a precondition that does not hold, an action kubectl
// does not allow for the kind); its message is shown as is ("error: ..." added).
struct Refusal : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Throws Refusal when the cluster's `namespaces`/`kinds` lists deny changing this object
// (framework/object_policy.hpp); called before any request that changes it.
void require_allowed(const ClusterCall& call, const kube::ResourceInfo& r, std::string_view ns,
                     std::string_view name);

// Runs `fn` on the target cluster. `idempotent` false (a write): never repeated after a heal
// unless it provably never reached the server. Sets Result::api_status: 200 when `fn`
// returns, the API's code when it fails with one.
Result on_target(Context& ctx, const boost::json::object& args,
                 const std::function<std::string(ClusterCall&)>& fn, bool idempotent = false);

}  // namespace kubemcp::tools::core
