#include "sim/cron_spec.hpp"

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <map>
#include <vector>

#include "sim/field_errors.hpp"

namespace kubemcp::sim {

namespace {

struct Bounds {
  long min, max;
  const std::map<std::string, long>* names;
};

const std::map<std::string, long> kMonths{{"jan", 1}, {"feb", 2},  {"mar", 3},  {"apr", 4},
                                          {"may", 5}, {"jun", 6},  {"jul", 7},  {"aug", 8},
                                          {"sep", 9}, {"oct", 10}, {"nov", 11}, {"dec", 12}};
const std::map<std::string, long> kDays{{"sun", 0}, {"mon", 1}, {"tue", 2}, {"wed", 3},
                                        {"thu", 4}, {"fri", 5}, {"sat", 6}};

struct CronError {
  std::string message;
};

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i)
    if (i == s.size() || s[i] == sep) {
      out.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  return out;
}

// strconv.Atoi, then robfig's "negative number" rule.
long must_parse_int(const std::string& expr) {
  auto atoi_error = [&](const char* why) {
    return CronError{"failed to parse int from " + expr + ": strconv.Atoi: parsing " +
                     go_quote(expr) + ": " + why};
  };
  size_t i = (!expr.empty() && (expr[0] == '+' || expr[0] == '-')) ? 1 : 0;
  if (i == expr.size() || expr.find_first_not_of("0123456789", i) != std::string::npos)
    throw atoi_error("invalid syntax");
  errno = 0;
  long long n = std::strtoll(expr.c_str(), nullptr, 10);
  if (errno == ERANGE) throw atoi_error("value out of range");
  if (n < 0) throw CronError{"negative number (" + std::to_string(n) + ") not allowed: " + expr};
  return static_cast<long>(std::min<long long>(n, 1L << 40));
}

long int_or_name(const std::string& expr, const Bounds& b) {
  if (b.names) {
    std::string lower = expr;
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (auto it = b.names->find(lower); it != b.names->end()) return it->second;
  }
  return must_parse_int(expr);
}

void check_range(const std::string& expr, const Bounds& b) {
  auto range_and_step = split(expr, '/');
  auto low_high = split(range_and_step[0], '-');
  long start, end, step = 1;
  if (low_high[0] == "*" || low_high[0] == "?") {
    start = b.min;
    end = b.max;
  } else {
    start = int_or_name(low_high[0], b);
    if (low_high.size() == 1) {
      end = start;
    } else if (low_high.size() == 2) {
      end = int_or_name(low_high[1], b);
    } else {
      throw CronError{"too many hyphens: " + expr};
    }
  }
  if (range_and_step.size() == 2) {
    step = must_parse_int(range_and_step[1]);
    if (low_high.size() == 1) end = b.max;  // "N/step" means "N-max/step"
  } else if (range_and_step.size() > 2) {
    throw CronError{"too many slashes: " + expr};
  }
  auto n = [](long v) { return std::to_string(v); };
  if (start < b.min)
    throw CronError{"beginning of range (" + n(start) + ") below minimum (" + n(b.min) +
                    "): " + expr};
  if (end > b.max)
    throw CronError{"end of range (" + n(end) + ") above maximum (" + n(b.max) + "): " + expr};
  if (start > end)
    throw CronError{"beginning of range (" + n(start) + ") beyond end of range (" + n(end) +
                    "): " + expr};
  if (step == 0) throw CronError{"step of range should be a positive number: " + expr};
}

// Go's time.ParseDuration, enough to accept or refuse "@every 1h30m".
bool go_duration(const std::string& s) {
  size_t i = (!s.empty() && (s[0] == '+' || s[0] == '-')) ? 1 : 0;
  if (s.substr(i) == "0") return true;
  if (i == s.size()) return false;
  static const std::vector<std::string> units{"ns", "us", "µs", "μs", "ms", "s", "m", "h"};
  while (i < s.size()) {
    size_t digits = i;
    while (i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '.')) ++i;
    if (i == digits) return false;
    bool unit = false;
    for (const auto& u : units)
      if (s.compare(i, u.size(), u) == 0 && !(u == "m" && s.compare(i, 2, "ms") == 0)) {
        i += u.size();
        unit = true;
        break;
      }
    if (!unit) return false;
  }
  return true;
}

void check_descriptor(const std::string& spec) {
  static const char* known[] = {"@yearly", "@annually", "@monthly", "@weekly",
                                "@daily",  "@midnight", "@hourly"};
  for (const char* k : known)
    if (spec == k) return;
  if (spec.starts_with("@every ")) {
    std::string d = spec.substr(7);
    if (!go_duration(d))
      throw CronError{"failed to parse duration " + spec + ": time: invalid duration " +
                      go_quote(d)};
    return;
  }
  throw CronError{"unrecognized descriptor: " + spec};
}

}  // namespace

std::optional<std::string> cron_schedule_error(const std::string& schedule) {
  try {
    if (schedule.empty()) throw CronError{"empty spec string"};
    if (schedule.front() == '@') {
      check_descriptor(schedule);
      return std::nullopt;
    }
    std::vector<std::string> fields;
    for (const auto& f : split(schedule, ' '))
      for (const auto& g : split(f, '\t'))
        if (!g.empty()) fields.push_back(g);
    if (fields.size() != 5) {
      std::string shown = "[";
      for (size_t i = 0; i < fields.size(); ++i) shown += (i ? " " : "") + fields[i];
      throw CronError{"expected exactly 5 fields, found " + std::to_string(fields.size()) + ": " +
                      shown + "]"};
    }
    const Bounds bounds[5] = {
        {0, 59, nullptr}, {0, 23, nullptr}, {1, 31, nullptr}, {1, 12, &kMonths}, {0, 6, &kDays}};
    for (size_t i = 0; i < 5; ++i)
      for (const auto& expr : split(fields[i], ','))
        if (!expr.empty()) check_range(expr, bounds[i]);
    return std::nullopt;
  } catch (const CronError& e) {
    return e.message;
  }
}

}  // namespace kubemcp::sim
