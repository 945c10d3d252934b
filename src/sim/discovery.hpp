#pragma once
// Discovery documents (legacy /api, /apis, APIResourceList) and /version, all generated from
// the Registry, so CRDs created at run time appear everywhere at once (OpenAPI v3: openapi.hpp).
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

}  // namespace kubemcp::sim
