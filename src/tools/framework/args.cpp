#include "tools/framework/args.hpp"

#include <boost/json.hpp>
#include <stdexcept>

namespace kubemcp::tools {
namespace json = boost::json;

std::string arg_string(const json::object& args, const char* key, const std::string& fallback) {
  const auto* v = args.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : fallback;
}

bool arg_bool(const json::object& args, const char* key, bool fallback) {
  const auto* v = args.if_contains(key);
  return v && v->is_bool() ? v->get_bool() : fallback;
}

std::optional<std::int64_t> arg_int(const json::object& args, const char* key) {
  const auto* v = args.if_contains(key);
  if (!v || !v->is_number()) return std::nullopt;
  boost::system::error_code ec;
  const auto n = v->to_number<std::int64_t>(ec);
  if (ec)
    throw std::invalid_argument(std::string(key) + " must be an integer that fits 64 bits, got " +
                                json::serialize(*v));
  return n;
}

std::vector<std::string> arg_strings(const json::object& args, const char* key) {
  std::vector<std::string> out;
  const auto* v = args.if_contains(key);
  if (!v) return out;
  if (v->is_string()) out.emplace_back(v->get_string());
  if (v->is_array())
    for (const auto& x : v->get_array())
      if (x.is_string()) out.emplace_back(x.get_string());
  return out;
}

}  // namespace kubemcp::tools
