#include "tools/framework/cli_args.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <charconv>

namespace kubemcp::tools {
namespace json = boost::json;
namespace {

std::vector<std::string> types_of(const json::object& prop) {
  std::vector<std::string> out;
  if (const auto* t = prop.if_contains("type")) {
    if (t->is_string())
      out.emplace_back(t->get_string());
    else if (t->is_array())
      for (const auto& x : t->get_array()) out.emplace_back(x.as_string());
  }
  return out;
}

bool allows(const std::vector<std::string>& types, std::string_view t) {
  return std::find(types.begin(), types.end(), t) != types.end();
}

json::value read_value(const std::string& key, const std::string& text, const json::object& prop) {
  const auto types = types_of(prop);
  const auto as_json = [&](const char* what) -> json::value {
    boost::system::error_code ec;
    json::value v = json::parse(text, ec);
    if (ec) throw ArgumentError(key + ": expected " + what + " as JSON, got '" + text + "'");
    return v;
  };
  // Structured values first: a value that starts like JSON is JSON when the schema allows it.
  if ((allows(types, "array") && !text.empty() && text.front() == '[') ||
      (allows(types, "object") && !text.empty() && text.front() == '{'))
    return as_json(allows(types, "array") ? "an array" : "an object");
  if (allows(types, "string") || types.empty()) return json::value(text);
  if (allows(types, "integer")) {
    long long n = 0;
    const auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc() || p != text.data() + text.size())
      throw ArgumentError(key + ": expected an integer, got '" + text + "'");
    return json::value(n);
  }
  if (allows(types, "number")) {
    json::value v = as_json("a number");
    if (!v.is_number()) throw ArgumentError(key + ": expected a number, got '" + text + "'");
    return v;
  }
  if (allows(types, "boolean")) {
    if (text == "true") return json::value(true);
    if (text == "false") return json::value(false);
    throw ArgumentError(key + ": expected true or false, got '" + text + "'");
  }
  if (allows(types, "array")) return as_json("an array");
  if (allows(types, "object")) return as_json("an object");
  return json::value(text);
}

}  // namespace

json::object parse_cli_arguments(const Tool& tool, const std::vector<std::string>& words) {
  json::object args;
  const json::object* props = nullptr;
  if (const auto* p = tool.input_schema.if_contains("properties")) props = p->if_object();
  for (const auto& w : words) {
    const auto eq = w.find('=');
    if (eq == std::string::npos || eq == 0)
      throw ArgumentError("'" + w + "' is not key=value (example: namespace=shop)");
    const std::string key = w.substr(0, eq);
    const std::string value = w.substr(eq + 1);
    const json::value* prop = props ? props->if_contains(key) : nullptr;
    if (!prop) {
      std::string known;
      if (props)
        for (const auto& [k, _] : *props) {
          if (!known.empty()) known += ", ";
          known += std::string(k);
        }
      throw ArgumentError("unknown argument '" + key + "' for " + tool.name +
                          " (known: " + (known.empty() ? "none" : known) + ")");
    }
    args[key] = read_value(key, value, prop->as_object());
  }
  return args;
}

}  // namespace kubemcp::tools
