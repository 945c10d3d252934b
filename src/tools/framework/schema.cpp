#include "tools/framework/schema.hpp"

#include <boost/json.hpp>
#include <charconv>
#include <cmath>
#include <cstdint>

namespace kubemcp::tools {
namespace json = boost::json;
namespace {

std::string type_of(const json::value& v) {
  switch (v.kind()) {
    case json::kind::null:
      return "null";
    case json::kind::bool_:
      return "boolean";
    case json::kind::int64:
    case json::kind::uint64:
      return "integer";
    case json::kind::double_:
      return "number";
    case json::kind::string:
      return "string";
    case json::kind::array:
      return "array";
    case json::kind::object:
      return "object";
  }
  return "unknown";
}

// Integer arguments are read as 64-bit signed integers: anything else that JSON Schema would
// call an integer (2^63, 1e300) does not fit and is refused here, before any handler runs.
bool fits_int64(const json::value& v) {
  if (v.is_int64()) return true;
  if (v.is_uint64()) return v.get_uint64() <= static_cast<std::uint64_t>(INT64_MAX);
  if (!v.is_double()) return false;
  // 3.0 is an integer in JSON Schema. The bounds are exact doubles: [-2^63, 2^63).
  const double d = v.get_double();
  return d >= -9223372036854775808.0 && d < 9223372036854775808.0 && std::trunc(d) == d;
}

bool has_type(const json::value& v, std::string_view type) {
  if (type == "number") return v.is_number();
  if (type == "integer") return fits_int64(v);
  return type_of(v) == type;
}

bool names_type(const json::value& t, std::string_view name) {
  if (t.is_string()) return t.get_string() == name;
  if (t.is_array())
    for (const auto& x : t.get_array())
      if (x.is_string() && x.get_string() == name) return true;
  return false;
}

bool integral_out_of_range(const json::value& v) {
  if (v.is_uint64()) return true;  // fits_int64 failed: above 2^63 - 1
  return v.is_double() && std::isfinite(v.get_double()) &&
         std::trunc(v.get_double()) == v.get_double();
}

std::string describe_types(const json::value& t) {
  if (t.is_string()) return std::string(t.get_string());
  std::string out;
  for (const auto& x : t.as_array()) {
    if (!out.empty()) out += " or ";
    out += std::string(x.as_string());
  }
  return out;
}

std::optional<std::string> check(const json::object& schema, const json::value& v,
                                 const std::string& where);

// A number as the user wrote it, the way they think of it: 1e3 is 1000.
std::string number_text(const json::value& v) {
  if (!v.is_double()) return json::serialize(v);
  char buf[32];
  const auto end = std::to_chars(buf, buf + sizeof buf, v.get_double(), std::chars_format::fixed);
  if (end.ec == std::errc() && std::abs(v.get_double()) < 1e15) return std::string(buf, end.ptr);
  return json::serialize(v);
}

// minimum/maximum, naming every bound the schema sets: "must be between 1 and 5000, got 0".
std::optional<std::string> check_bounds(const json::object& schema, const json::value& v,
                                        const std::string& at) {
  const json::value* lo = schema.if_contains("minimum");
  const json::value* hi = schema.if_contains("maximum");
  const double d = v.to_number<double>();
  if ((!lo || d >= lo->to_number<double>()) && (!hi || d <= hi->to_number<double>()))
    return std::nullopt;
  const std::string got = ", got " + number_text(v);
  if (lo && hi)
    return at + " must be between " + number_text(*lo) + " and " + number_text(*hi) + got;
  if (lo) return at + " must be at least " + number_text(*lo) + got;
  return at + " must be at most " + number_text(*hi) + got;
}

std::optional<std::string> check_object(const json::object& schema, const json::object& obj,
                                        const std::string& where) {
  const json::object* props =
      schema.if_contains("properties") ? schema.at("properties").if_object() : nullptr;
  if (const auto* req = schema.if_contains("required")) {
    for (const auto& name : req->as_array()) {
      const std::string n(name.as_string());
      if (!obj.contains(n)) return where + "missing required argument '" + n + "'";
    }
  }
  const json::value* additional = schema.if_contains("additionalProperties");
  for (const auto& [key, val] : obj) {
    const json::value* sub = props ? props->if_contains(key) : nullptr;
    if (!sub) {
      if (additional && additional->is_bool() && !additional->get_bool()) {
        std::string known;
        if (props)
          for (const auto& [k, _] : *props) {
            if (!known.empty()) known += ", ";
            known += std::string(k);
          }
        return where + "unknown argument '" + std::string(key) + "' (known: " + known + ")";
      }
      continue;
    }
    if (auto err = check(sub->as_object(), val, where + std::string(key))) return err;
  }
  return std::nullopt;
}

std::optional<std::string> check(const json::object& schema, const json::value& v,
                                 const std::string& where) {
  const std::string at = where.empty() ? "arguments" : "argument '" + where + "'";
  if (const auto* t = schema.if_contains("type")) {
    bool ok = false;
    if (t->is_string()) {
      ok = has_type(v, t->get_string());
    } else {
      for (const auto& x : t->as_array()) ok = ok || has_type(v, x.as_string());
    }
    if (!ok && names_type(*t, "integer") && integral_out_of_range(v))
      return at + " must be an integer between -9223372036854775808 and 9223372036854775807, got " +
             json::serialize(v);
    if (!ok) return at + " must be " + describe_types(*t) + ", got " + type_of(v);
  }
  if (const auto* e = schema.if_contains("enum")) {
    bool found = false;
    for (const auto& x : e->as_array()) found = found || x == v;
    if (!found) {
      std::string allowed;
      for (const auto& x : e->as_array()) {
        if (!allowed.empty()) allowed += ", ";
        allowed += json::serialize(x);
      }
      return at + " must be one of " + allowed + ", got " + json::serialize(v);
    }
  }
  if (v.is_number())
    if (auto err = check_bounds(schema, v, at)) return err;
  if (v.is_string()) {
    if (const auto* m = schema.if_contains("minLength");
        m && v.get_string().size() < m->to_number<std::size_t>())
      return at + " must not be empty";
  }
  if (v.is_array()) {
    if (const auto* items = schema.if_contains("items")) {
      std::size_t i = 0;
      for (const auto& x : v.get_array()) {
        if (auto err = check(items->as_object(), x, where + "[" + std::to_string(i++) + "]"))
          return err;
      }
    }
  }
  if (v.is_object()) return check_object(schema, v.get_object(), where.empty() ? "" : where + ".");
  return std::nullopt;
}

}  // namespace

std::optional<std::string> validate_arguments(const json::object& schema, const json::value& args) {
  if (!args.is_object()) return "arguments must be a JSON object";
  return check(schema, args, "");
}

}  // namespace kubemcp::tools
