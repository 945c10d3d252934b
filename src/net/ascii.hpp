#pragma once
// ASCII case-insensitive comparison (HTTP header names, API group names).
#include <cctype>
#include <string_view>

namespace kubemcp::net {

inline bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

}  // namespace kubemcp::net
