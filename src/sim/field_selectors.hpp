#pragma once
// The field labels kube-apiserver accepts in a fieldSelector, per resource: those of the
// kind's AddFieldLabelConversionFunc (pkg/apis/*/v1/conversion.go) matched against the fields
// its registry strategy selects (pkg/registry/*/strategy.go); metadata.name and
// metadata.namespace for everything else, custom resources included.
#include <string_view>

#include "sim/resources.hpp"
#include "sim/selectors.hpp"

namespace kubemcp::sim {

// Parses `text` and resolves every label for `t`. Throws ApiError 400 BadRequest worded as the
// API server words it ("field label not supported: spec.foo", ...).
FieldSelector field_selector_for(const ResourceType& t, std::string_view text);

}  // namespace kubemcp::sim
