#pragma once
// The self reviews a client asks before it acts: authentication.k8s.io/v1 SelfSubjectReview
// (who am I), authorization.k8s.io/v1 SelfSubjectAccessReview (may I do this) and
// SelfSubjectRulesReview (what may I do), answered from the request's authenticated user and
// the simulator's own authorizer (authz.hpp). Create-only; nothing is stored.
#include <boost/json/object.hpp>

#include "sim/auth.hpp"
#include "sim/resources.hpp"

namespace kubemcp::sim {

bool is_review(const ResourceType& type);

// The review with its status filled in. Throws ApiError 422 for an invalid spec.
boost::json::object answer_review(const ResourceType& type, const User& user,
                                  boost::json::object review, const Registry& registry);

}  // namespace kubemcp::sim
