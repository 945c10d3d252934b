#pragma once
// Per-kind validation rules of kube-apiserver (pkg/apis/{core,apps,batch}/validation): counts,
// enumerations, Service ports, ConfigMap/Secret keys, Job and CronJob rules. Registered in a
// table keyed by kind; message wording is upstream's.
#include <boost/json/object.hpp>
#include <string>

#include "sim/field_errors.hpp"
#include "sim/resources.hpp"

namespace kubemcp::sim {

// Adds what the kind's rules find (no-op for kinds without rules).
void validate_kind_rules(const ResourceType& t, const boost::json::object& obj, FieldErrors& errs);

// What the API server's decoder refuses before validation, as 400 BadRequest "<Kind> in
// version \"v1\" cannot be handled as a <Kind>: ...": counts that are not int32, Secret data
// that is not base64.
void check_decodable(const ResourceType& t, const boost::json::object& obj);

// The autoscaling/v1 Scale a scale subresource write carries (422 Scale.autoscaling).
void validate_scale(const std::string& name, const boost::json::object& scale);

}  // namespace kubemcp::sim
