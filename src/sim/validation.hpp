#pragma once
// Validation on writes, for the built-in kinds people write by hand: required fields and
// selector/label agreement (422 Invalid, always), and unknown fields when the client asks for
// fieldValidation=Strict (400 BadRequest "strict decoding error", kubectl's default).
#include <boost/json/object.hpp>

#include "sim/resources.hpp"

namespace kubemcp::sim {

void validate_object(const ResourceType& t, const boost::json::object& obj, bool strict);

}  // namespace kubemcp::sim
