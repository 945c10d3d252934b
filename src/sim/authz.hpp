#pragma once
// Authorization in the simulated API server: members of system:masters may do anything;
// the viewer identity (config.viewer) may only read, and never Secrets. Enough RBAC to
// produce the real 403 Forbidden a client must not mistake for an expired login.
#include <boost/json/object.hpp>
#include <optional>
#include <string>

#include "sim/auth.hpp"

namespace kubemcp::sim {

inline constexpr const char* kViewerGroup = "sim:viewers";

// nullopt when allowed; else the Forbidden Status to send, worded as kube-apiserver's.
std::optional<boost::json::object> authorize(const User& user, const std::string& method,
                                             const std::string& path);

}  // namespace kubemcp::sim
