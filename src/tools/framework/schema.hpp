#pragma once
// Checks tool arguments against the subset of JSON Schema our tools declare:
// type (one or a list), properties, required, additionalProperties:false, enum,
// items, minimum/maximum, minLength. Messages name the argument and what to send.
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <optional>
#include <string>

namespace kubemcp::tools {

// Returns nullopt when `args` fits `schema`, else one actionable message.
std::optional<std::string> validate_arguments(const boost::json::object& schema,
                                              const boost::json::value& args);

}  // namespace kubemcp::tools
