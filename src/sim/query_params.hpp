#pragma once
// Integer query parameters (limit, timeoutSeconds, tailLines, gracePeriodSeconds...) parsed as
// kube-apiserver's parameter codec does (strconv.ParseInt): anything else is a 400 BadRequest
// Status with Go's message, never an exception escaping as a 500.
#include <cstdint>
#include <optional>
#include <string>

namespace kubemcp::sim {

// Throws ApiError 400 "strconv.ParseInt: parsing \"x\": invalid syntax" / "value out of range".
int64_t parse_query_int(const std::string& text);
// nullopt when the parameter is absent (empty).
std::optional<int64_t> query_int(const std::string& text);

}  // namespace kubemcp::sim
