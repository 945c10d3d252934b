#pragma once
// Reading API objects without exceptions: each accessor answers "" / a default / nullptr when a
// key is absent or holds another type. One set for render/, tools/ and sim/, so the rules for
// "missing" are the same wherever an object is read.
#include <boost/json/fwd.hpp>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

namespace kubemcp::net {

// The value at a path of object keys ({"metadata", "name"}); nullptr when any step is missing.
const boost::json::value* at_path(const boost::json::value& v,
                                  std::initializer_list<const char*> path);
// The same with the path as "a.b.c".
const boost::json::value* path_at(const boost::json::object& o, std::string_view dotted);

std::string str_at(const boost::json::object& o, std::string_view key);
std::int64_t int_at(const boost::json::object& o, std::string_view key, std::int64_t def = 0);
const boost::json::object* obj_at(const boost::json::object& o, std::string_view key);
// The object at `key`, or an empty one: for chains like obj_or_empty(obj_or_empty(o, "spec"), "x").
const boost::json::object& obj_or_empty(const boost::json::object& o, std::string_view key);
const boost::json::array* arr_at(const boost::json::object& o, std::string_view key);

}  // namespace kubemcp::net
