#include "sim/logs.hpp"

#include <algorithm>
#include <functional>

#include "sim/images.hpp"

namespace kubemcp::sim {

namespace {

uint64_t mix(const std::string& s, uint64_t n) {
  uint64_t h = std::hash<std::string>{}(s) ^ (n * 0x9E3779B97F4A7C15ull);
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  return h;
}

int64_t startup_count(const LogSource& s) {
  return static_cast<int64_t>(image_profile(s.image).startup.size());
}

// Startup lines are stamped with the start; periodic line j (from 1) j intervals after it.
int64_t line_time(const LogSource& s, int64_t i) {
  const int64_t k = startup_count(s);
  return i < k ? s.start : s.start + (i - k + 1) * log_interval(s);
}

constexpr const char* kCrashLine =
    "{\"level\":\"fatal\",\"msg\":\"cannot connect to database: dial tcp 10.96.0.42:5432: "
    "connect: connection refused\",\"exit_code\":1}";

}  // namespace

int64_t log_interval(const LogSource& s) {
  const auto& p = image_profile(s.image);
  return p.interval_min + static_cast<int64_t>(mix(s.pod + s.container, 7) %
                                               static_cast<uint64_t>(p.interval_spread));
}

int64_t last_log_index(const LogSource& s, int64_t now) {
  int64_t stop = s.end >= 0 && s.end < now ? s.end : now;
  if (stop < s.start) return -1;
  int64_t periodic = (stop - s.start) / log_interval(s);
  if (s.crashes && s.end >= 0) periodic = std::min<int64_t>(periodic, 4) + 1;  // then the crash
  return startup_count(s) - 1 + periodic;
}

int64_t first_log_index(const LogSource& s, int64_t t) {
  if (t <= s.start) return 0;
  const int64_t iv = log_interval(s);
  return startup_count(s) - 1 + (t - s.start + iv - 1) / iv;
}

std::vector<LogLine> log_lines(const LogSource& s, int64_t first, int64_t last) {
  std::vector<LogLine> out;
  const auto& profile = image_profile(s.image);
  const int64_t k = startup_count(s);
  const int64_t crash_index = s.crashes && s.end >= 0 ? last_log_index(s, s.end) : -1;
  std::vector<std::string> startup;
  if (first < k) startup = startup_lines(profile, s.pod, s.start);
  const std::string seed = s.pod + "/" + s.container + "/" + std::to_string(s.instance);
  for (int64_t i = std::max<int64_t>(first, 0); i <= last; ++i) {
    const int64_t t = line_time(s, i);
    if (i == crash_index) {
      out.push_back({s.end, kCrashLine});
    } else if (i < k) {
      out.push_back({t, startup[static_cast<std::size_t>(i)]});
    } else {
      LineContext c{s.pod, s.container, s.image, s.instance, i, t, mix(seed, i)};
      out.push_back({t, profile.periodic(c)});
    }
  }
  return out;
}

}  // namespace kubemcp::sim
