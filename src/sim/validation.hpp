#pragma once
// Validation on writes of the built-in kinds: unknown fields (dropped; 400 under
// fieldValidation=Strict, a warning under Warn), decoding errors (400), required fields and
// selector/label agreement, ObjectMeta rules and the per-kind rules of validate_kinds (422
// Invalid with details.causes).
#include <boost/json/object.hpp>
#include <string>
#include <vector>

#include "sim/resources.hpp"

namespace kubemcp::sim {

// Keep: the simulator's own writes (unknown fields stay, nothing reported).
enum class FieldValidation { Keep, Ignore, Warn, Strict };

// May drop unknown fields from obj; appends warnings ("unknown field \"spec.foo\"") under Warn.
void validate_object(const ResourceType& t, boost::json::object& obj, FieldValidation fv,
                     std::vector<std::string>* warnings);

}  // namespace kubemcp::sim
