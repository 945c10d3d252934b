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

std::optional<std::chrono::system_clock::time_point> parse_rfc3339(std::string_view t) {
  int Y, M, D, h, m, s;
  if (t.size() < 20) return std::nullopt;
  const std::string text(t);
  int consumed = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &Y, &M, &D, &h, &m, &s, &consumed) !=
      6)
    return std::nullopt;
  std::size_t i = static_cast<std::size_t>(consumed);
  if (i < text.size() && text[i] == '.') {
    ++i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
  }
  long offset = 0;
  if (i < text.size() && (text[i] == 'Z' || text[i] == 'z')) {
    ++i;
  } else if (i + 5 < text.size() + 1 && (text[i] == '+' || text[i] == '-')) {
    int oh = 0, om = 0;
    if (std::sscanf(text.c_str() + i + 1, "%2d:%2d", &oh, &om) != 2) return std::nullopt;
    offset = (text[i] == '+' ? 1 : -1) * (oh * 3600L + om * 60L);
    i += 6;
  } else {
    return std::nullopt;
  }
  if (i != text.size()) return std::nullopt;
  std::tm tm{};
  tm.tm_year = Y - 1900;
  tm.tm_mon = M - 1;
  tm.tm_mday = D;
  tm.tm_hour = h;
  tm.tm_min = m;
  tm.tm_sec = s;
  const time_t epoch = timegm(&tm);
  return std::chrono::system_clock::from_time_t(epoch - offset);
}

std::string age_of(std::string_view rfc3339, std::chrono::system_clock::time_point now) {
  const auto t = parse_rfc3339(rfc3339);
  if (!t) return "<unknown>";
  return human_duration(std::chrono::duration_cast<std::chrono::seconds>(now - *t));
}

}  // namespace kubemcp::render
