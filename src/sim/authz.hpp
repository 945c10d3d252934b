#pragma once
// Authorization in the simulated API server, from one table of grants (authz.cpp) that both
// the request path and the access reviews read: members of system:masters may do anything
// (kube-apiserver's privileged-group authorizer); every authenticated user may create the
// self reviews and read discovery (system:basic-user, system:discovery); the viewer identity
// (config.viewer) may get, list and watch everything but Secrets. Enough RBAC to produce the
// real 403 Forbidden a client must not mistake for an expired login, and honest answers to
// `kubectl auth can-i [--list]`.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sim/auth.hpp"

namespace kubemcp::sim {

inline constexpr const char* kViewerGroup = "sim:viewers";

// What a request asks to do (authorizer.Attributes): a resource request names verb, group,
// resource[/subresource], namespace and name; a non-resource request a verb and a path.
struct Attributes {
  std::string verb, group, resource, subresource, namespace_, name;
  bool resource_request = true;
  std::string path;  // non-resource requests
};

struct Decision {
  bool allowed = false;
  std::string reason;  // as RBAC words it; empty when denied or allowed by system:masters
};

Decision decide(const User& user, const Attributes& attributes);

// The status of a SelfSubjectRulesReview: {"resourceRules":[...],"nonResourceRules":[...],
// "incomplete":false}, from the same grants. `served` lists (group, plural) of the kinds
// served, for roles that grant all but some.
boost::json::object rules_status(const User& user,
                                 const std::vector<std::pair<std::string, std::string>>& served);

// nullopt when allowed; else the Forbidden Status to send, worded as kube-apiserver's.
std::optional<boost::json::object> authorize(const User& user, const std::string& method,
                                             const std::string& path,
                                             const std::string& query_watch = "");

}  // namespace kubemcp::sim
