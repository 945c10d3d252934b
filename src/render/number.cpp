#include "render/number.hpp"

#include <charconv>

namespace kubemcp::render {

std::string number_text(const boost::json::value& v) {
  if (v.is_int64()) return std::to_string(v.get_int64());
  if (v.is_uint64()) return std::to_string(v.get_uint64());
  if (!v.is_double()) return {};
  const double d = v.get_double();
  if (d == static_cast<double>(static_cast<long long>(d)) && d > -1e15 && d < 1e15)
    return std::to_string(static_cast<long long>(d));
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, d);  // shortest round-trip form
  return std::string(buf, r.ptr);
}

}  // namespace kubemcp::render
