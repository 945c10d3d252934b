#pragma once
// `kubemcp call TOOL key=value ...`: turns command-line words into tool arguments using
// the tool's input schema, so `replicas=3` is an integer, `name=123` stays a string and
// `command='["sh","-c","ls"]'` is an array.
#include <boost/json/object.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "tools/framework/tool.hpp"

namespace kubemcp::tools {

struct ArgumentError : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

boost::json::object parse_cli_arguments(const Tool& tool, const std::vector<std::string>& words);

}  // namespace kubemcp::tools
