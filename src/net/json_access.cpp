#include "net/json_access.hpp"

#include <boost/json.hpp>

namespace kubemcp::net {
namespace json = boost::json;

const json::value* at_path(const json::value& v, std::initializer_list<const char*> path) {
  const json::value* cur = &v;
  for (const char* key : path) {
    if (!cur->is_object()) return nullptr;
    cur = cur->get_object().if_contains(key);
    if (!cur) return nullptr;
  }
  return cur;
}

const json::value* path_at(const json::object& o, std::string_view dotted) {
  const json::object* cur = &o;
  for (;;) {
    auto dot = dotted.find('.');
    auto* v = cur->if_contains(dotted.substr(0, dot));
    if (!v || dot == std::string_view::npos) return v;
    if (!v->is_object()) return nullptr;
    cur = &v->as_object();
    dotted.remove_prefix(dot + 1);
  }
}

std::string str_at(const json::object& o, std::string_view key) {
  auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

std::int64_t int_at(const json::object& o, std::string_view key, std::int64_t def) {
  auto* v = o.if_contains(key);
  if (!v) return def;
  if (v->is_int64()) return v->as_int64();
  if (v->is_uint64()) return static_cast<std::int64_t>(v->as_uint64());
  if (v->is_double()) {
    // Out-of-range doubles (1e300, NaN) would be undefined behaviour to convert.
    const double d = v->as_double();
    if (!(d > -9.2e18 && d < 9.2e18)) return def;
    return static_cast<std::int64_t>(d);
  }
  return def;
}

const json::object* obj_at(const json::object& o, std::string_view key) {
  auto* v = o.if_contains(key);
  return v && v->is_object() ? &v->as_object() : nullptr;
}

const json::object& obj_or_empty(const json::object& o, std::string_view key) {
  static const json::object empty;
  const auto* p = obj_at(o, key);
  return p ? *p : empty;
}

const json::array* arr_at(const json::object& o, std::string_view key) {
  auto* v = o.if_contains(key);
  return v && v->is_array() ? &v->as_array() : nullptr;
}

}  // namespace kubemcp::net
