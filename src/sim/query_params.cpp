#include "sim/query_params.hpp"

#include <cerrno>
#include <cstdlib>

#include "sim/field_errors.hpp"
#include "sim/util.hpp"

namespace kubemcp::sim {

int64_t parse_query_int(const std::string& text) {
  auto fail = [&](const char* why) {
    return bad_request("strconv.ParseInt: parsing " + go_quote(text) + ": " + why);
  };
  // Go accepts an optional sign and decimal digits only (base 10), no spaces.
  size_t i = (!text.empty() && (text[0] == '+' || text[0] == '-')) ? 1 : 0;
  if (i == text.size() || text.find_first_not_of("0123456789", i) != std::string::npos)
    throw fail("invalid syntax");
  errno = 0;
  long long v = std::strtoll(text.c_str(), nullptr, 10);
  if (errno == ERANGE) throw fail("value out of range");
  return v;
}

std::optional<int64_t> query_int(const std::string& text) {
  if (text.empty()) return std::nullopt;
  return parse_query_int(text);
}

}  // namespace kubemcp::sim
