#pragma once
// Deterministic container logs: line i of a container instance is a pure function of pod,
// container, image, instance and i. The image's startup lines (sim/images.hpp) come first,
// stamped with the start; then one periodic line every interval. So any window (tail, since)
// can be produced without storing logs, and a followed log continues where the listing
// stopped. Lines caused by events (a request served) are kept apart, in sim/log_events.hpp.
#include <cstdint>
#include <string>
#include <vector>

namespace kubemcp::sim {

struct LogSource {
  std::string pod, container, image;
  int64_t start = 0;     // unix seconds the instance started
  int64_t end = -1;      // unix seconds it ended (-1: still running)
  int instance = 0;      // restart number
  bool crashes = false;  // the instance ends with a fatal error
};

struct LogLine {
  int64_t time;
  std::string text;
};

int64_t log_interval(const LogSource& s);  // seconds between periodic lines
// Lines with index in [first, last].
std::vector<LogLine> log_lines(const LogSource& s, int64_t first, int64_t last);
// Index of the last line written by `now` (-1 if none).
int64_t last_log_index(const LogSource& s, int64_t now);
// Index of the first line written at or after `t`.
int64_t first_log_index(const LogSource& s, int64_t t);

}  // namespace kubemcp::sim
