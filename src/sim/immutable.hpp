#pragma once
// Update rules of kube-apiserver (ValidateXUpdate and the strategies' PrepareForUpdate):
// values a PUT may omit and still keep (a Service's cluster IPs and node ports), and fields
// that may not change once set (422 Invalid "field is immutable" and friends). Keyed by kind.
#include <boost/json/object.hpp>

#include "sim/field_errors.hpp"
#include "sim/resources.hpp"

namespace kubemcp::sim {

// Copies into `next` the allocated values the client left out (before defaulting).
void carry_allocated(const ResourceType& t, const boost::json::object& old,
                     boost::json::object& next);

// Adds an error for every immutable field `next` (already defaulted) changes; metadata.uid is
// checked by the caller before identity fields are carried over.
void validate_update(const ResourceType& t, const boost::json::object& old,
                     const boost::json::object& next, FieldErrors& errs);

}  // namespace kubemcp::sim
