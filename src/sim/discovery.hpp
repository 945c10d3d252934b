#pragma once
// Discovery documents (legacy /api, /apis, APIResourceList), /version and OpenAPI v3: all
// generated from the Registry, so CRDs created at run time appear everywhere at once.
#include <boost/json/object.hpp>
#include <optional>
#include <string>

#include "sim/resources.hpp"

namespace kubemcp::sim {

boost::json::object version_info();
boost::json::object api_versions(const std::string& server_address);
boost::json::object api_group_list(const Registry& reg);
std::optional<boost::json::object> api_group(const Registry& reg, const std::string& group);
std::optional<boost::json::object> api_resource_list(const Registry& reg, const std::string& group,
                                                     const std::string& version);

// Aggregated discovery (apidiscovery.k8s.io/v2 APIGroupDiscoveryList) for /api (core=true)
// or /apis, served when the client's Accept asks for it.
boost::json::object aggregated_discovery(const Registry& reg, bool core);
inline constexpr const char* kAggregatedDiscoveryType =
    "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";

// GET /openapi/v3: {"paths":{"api/v1":{"serverRelativeURL":"/openapi/v3/api/v1?hash=H"}}}
boost::json::object openapi_v3_index(const Registry& reg, const std::string& epoch);
// GET /openapi/v3/api/v1 or /openapi/v3/apis/G/V: paths whose operations carry
// x-kubernetes-group-version-kind and the dryRun/fieldValidation query parameters, which is
// what kubectl checks before it lets the server validate.
std::optional<boost::json::object> openapi_v3_doc(const Registry& reg, const std::string& group,
                                                  const std::string& version);

}  // namespace kubemcp::sim
