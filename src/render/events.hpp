#pragma once
// Events as an SRE reads them: filtered, repeated ones folded into one row with a count,
// oldest first and newest last (like --sort-by=.lastTimestamp).
#include <boost/json/array.hpp>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kubemcp::render {

struct EventRow {
  std::string namespace_;
  std::string type;  // Normal | Warning
  std::string reason;
  std::string object;  // kind/name, e.g. pod/web-1 (kind in lower case, as kubectl prints)
  std::string message;
  std::string source;
  std::int64_t count = 1;
  std::string first;  // RFC 3339
  std::string last;   // RFC 3339
};

struct EventFilter {
  std::vector<std::string> types;             // empty: all
  std::string object_kind, object_name;       // "for": kind/name (kind matched case-insensitively)
  std::optional<std::chrono::seconds> since;  // only events last seen within this
};

// Filters, folds (same namespace, object, type, reason and message) and sorts by last seen.
std::vector<EventRow> fold_events(
    const boost::json::array& events, const EventFilter& filter,
    std::chrono::system_clock::time_point now = std::chrono::system_clock::now());

// Parses "30s", "5m", "2h", "1h30m", "3d"; nullopt when malformed.
std::optional<std::chrono::seconds> parse_duration(const std::string& text);

}  // namespace kubemcp::render
