#include "render/age.hpp"

#include <cstdio>
#include <ctime>

namespace kubemcp::render {

std::string human_duration(std::chrono::seconds d) {
  const long long s = d.count();
  if (s < -1) return "<invalid>";
  if (s < 0) return "0s";
  const auto fmt2 = [](long long a, const char* ua, long long b, const char* ub) {
    return b == 0 ? std::to_string(a) + ua : std::to_string(a) + ua + std::to_string(b) + ub;
  };
  if (s < 60 * 2) return std::to_string(s) + "s";
  const long long m = s / 60;
  if (m < 10) return fmt2(m, "m", s % 60, "s");
  if (m < 60 * 3) return std::to_string(m) + "m";
  const long long h = m / 60;
  if (h < 8) return fmt2(h, "h", m % 60, "m");
  if (h < 48) return std::to_string(h) + "h";
  if (h < 24 * 8) return fmt2(h / 24, "d", h % 24, "h");
  if (h < 24 * 365 * 2) return std::to_string(h / 24) + "d";
  if (h < 24 * 365 * 8) return fmt2(h / 24 / 365, "y", (h / 24) % 365, "d");
  return std::to_string(h / 24 / 365) + "y";
}

std::string age_of(std::string_view rfc3339, std::chrono::system_clock::time_point now) {
  const auto t = parse_rfc3339(rfc3339);
  if (!t) return "<unknown>";
  return human_duration(std::chrono::duration_cast<std::chrono::seconds>(now - *t));
}

}  // namespace kubemcp::render
