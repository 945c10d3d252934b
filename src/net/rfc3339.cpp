#include "net/rfc3339.hpp"

#include <cctype>
#include <cstdio>
#include <ctime>
#include <string>

namespace kubemcp::net {
using SysClock = std::chrono::system_clock;

std::optional<SysClock::time_point> parse_rfc3339(std::string_view text_view) {
  const std::string text(text_view);
  std::tm tm{};
  int y, mo, d, h, mi, s;
  int consumed = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &s, &consumed) !=
      6)
    return std::nullopt;
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = s;
  std::size_t i = static_cast<std::size_t>(consumed);
  long long nanos = 0;
  if (i < text.size() && text[i] == '.') {
    ++i;
    long long scale = 100000000;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
      nanos += (text[i] - '0') * scale;
      scale /= 10;
      ++i;
    }
  }
  long offset = 0;
  if (i < text.size() && (text[i] == 'Z' || text[i] == 'z')) {
    ++i;
  } else if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
    int oh = 0, om = 0;
    if (std::sscanf(text.c_str() + i + 1, "%2d:%2d", &oh, &om) != 2) return std::nullopt;
    offset = (oh * 3600L + om * 60L) * (text[i] == '-' ? -1 : 1);
    i += 6;
  } else {
    return std::nullopt;
  }
  if (i != text.size()) return std::nullopt;
  const std::time_t t = timegm(&tm) - offset;
  return SysClock::from_time_t(t) +
         std::chrono::duration_cast<SysClock::duration>(std::chrono::nanoseconds(nanos));
}

}  // namespace kubemcp::net
