#pragma once
// What one applied object's line says (created, configured, unchanged) and the diff of its
// live state against the server's answer — both on objects with the server's bookkeeping
// removed and Secret values masked, so neither noise nor a secret reaches the model.
#include <boost/json/value.hpp>
#include <string>

namespace kubemcp::fleet {
struct ClusterConfig;
}
namespace kubemcp::kube {
struct ResourceInfo;
}

namespace kubemcp::tools {

// kubectl's words. SSA answers 201 for a create; an update that changed nothing keeps the
// object as it was (kube-apiserver does not even bump resourceVersion), so comparing the
// normalized live object with the answer tells configured from unchanged — also on a dry run,
// where resourceVersion never moves.
const char* apply_outcome(const boost::json::value& live, const boost::json::value& result);

// `live` is null when the object did not exist. "" when nothing differs.
std::string apply_diff(const boost::json::value& live, const boost::json::value& result,
                       const kube::ResourceInfo& resource, const fleet::ClusterConfig& cluster,
                       const std::string& label, bool dry_run);

// The object without what the server maintains: managedFields, last-applied, resourceVersion,
// uid, generation, creationTimestamp and status.
boost::json::value without_server_fields(boost::json::value object);

}  // namespace kubemcp::tools
