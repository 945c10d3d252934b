#pragma once
// Typed access to a tool's arguments. The catalog has validated them against the tool's
// schema before any handler runs, so a wrong type here means "absent" (fallback); numbers
// that do not fit are still refused, for handlers called some other way (tests, prompts).
#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kubemcp::tools {

std::string arg_string(const boost::json::object& args, const char* key,
                       const std::string& fallback = "");
bool arg_bool(const boost::json::object& args, const char* key, bool fallback = false);
std::optional<std::int64_t> arg_int(const boost::json::object& args, const char* key);
// A string or an array of strings, as a list.
std::vector<std::string> arg_strings(const boost::json::object& args, const char* key);

}  // namespace kubemcp::tools
