#pragma once
// JSON → YAML as kubectl prints it: keys sorted, two-space indent, list items at their
// parent key's indent, strings quoted only when they would read back as something else.
#include <boost/json/value.hpp>
#include <string>

namespace kubemcp::render {

std::string to_yaml(const boost::json::value& value);

}  // namespace kubemcp::render
