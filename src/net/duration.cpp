#include "net/duration.hpp"

namespace kubemcp::net {

std::string human_duration(std::int64_t s) {
  if (s < -1) return "<invalid>";
  if (s < 0) return "0s";
  // "3m" rather than "3m0s": the second unit only when it is not zero.
  const auto two = [](long long a, const char* ua, long long b, const char* ub) {
    return b == 0 ? std::to_string(a) + ua : std::to_string(a) + ua + std::to_string(b) + ub;
  };
  if (s < 60 * 2) return std::to_string(s) + "s";
  const long long m = s / 60;
  if (m < 10) return two(m, "m", s % 60, "s");
  if (m < 60 * 3) return std::to_string(m) + "m";
  const long long h = m / 60;
  if (h < 8) return two(h, "h", m % 60, "m");
  if (h < 48) return std::to_string(h) + "h";
  if (h < 24 * 8) return two(h / 24, "d", h % 24, "h");
  if (h < 24 * 365 * 2) return std::to_string(h / 24) + "d";
  if (h < 24 * 365 * 8) return two(h / 24 / 365, "y", (h / 24) % 365, "d");
  return std::to_string(h / 24 / 365) + "y";
}

}  // namespace kubemcp::net
