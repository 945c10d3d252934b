#pragma once
// Lines a container prints because something happened to it — an HTTP request it served
// through port-forward — beside the lines sim/logs.hpp derives from time alone. Kept per
// container instance, bounded: the newest kMaxLines of each, for at most kMaxContainers
// instances (the least recently written go first). Thread-safe.
#include <cstdint>
#include <deque>
#include <list>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "sim/logs.hpp"

namespace kubemcp::sim {

class LogEvents {
 public:
  static constexpr std::size_t kMaxLines = 1000;
  static constexpr std::size_t kMaxContainers = 1000;

  struct Entry {
    uint64_t seq;  // increases with every line added anywhere
    LogLine line;
  };

  // The instance a key names: pod uid, container name and restart number.
  static std::string key(const std::string& pod_uid, const std::string& container, int instance);

  void add(const std::string& key, int64_t time, std::string text);
  // The lines of `key` stamped at or after `from`, oldest first.
  std::vector<Entry> since(const std::string& key, int64_t from) const;
  // The lines of `key` added after sequence number `seq`.
  std::vector<Entry> after(const std::string& key, uint64_t seq) const;
  uint64_t last_seq() const;

 private:
  mutable std::mutex mu_;
  uint64_t seq_ = 0;
  std::map<std::string, std::deque<Entry>> lines_;
  std::list<std::string> order_;  // least recently written first
};

// `generated` and `events`, both oldest first, merged by time (a generated line first when
// both have the same second).
std::vector<LogLine> merge_log_lines(std::vector<LogLine> generated,
                                     const std::vector<LogEvents::Entry>& events);

}  // namespace kubemcp::sim
