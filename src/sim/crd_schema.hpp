#pragma once
// Custom resources checked against their CRD's structural schema (openAPIV3Schema), as the
// apiextensions-apiserver does: unknown fields pruned (unless x-kubernetes-preserve-unknown-
// fields), then types, required properties, enums and numeric bounds (422 Invalid, with
// kube-openapi's wording "spec.size in body must be of type integer: \"string\"").
#include <boost/json/object.hpp>
#include <string>
#include <vector>

#include "sim/resources.hpp"
#include "sim/validation.hpp"

namespace kubemcp::sim {

// `schema` is the openAPIV3Schema of the object's version. May drop fields of obj.
void validate_custom_resource(const ResourceType& t, boost::json::object& obj,
                              const boost::json::object& schema, FieldValidation fv,
                              std::vector<std::string>* warnings);

// The openAPIV3Schema of t's version in its CRD; nullptr when it has none.
const boost::json::object* crd_schema_of(const boost::json::object& crd,
                                         const std::string& version);

}  // namespace kubemcp::sim
