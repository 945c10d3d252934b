#pragma once
// Prometheus metrics of the HTTP server (GET /metrics, text exposition format 0.0.4): tool
// calls, errors and latency per tool and cluster, HTTP requests by code, sessions, calls in
// flight and bytes sent. Heals come from the fleet when the text is made.
#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace kubemcp::mcp {

class Metrics {
 public:
  // Upper bounds (seconds) of the latency histogram's buckets; +Inf is implied.
  static constexpr std::array<double, 12> kBuckets = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                                                      0.5,   1,    2.5,   5,    10,  30};

  // One finished tools/call: `cluster` as the call named it ("" for the default).
  void tool_call(const std::string& tool, const std::string& cluster, bool error, double seconds);
  void call_started() { ++in_flight_; }
  void call_finished() { --in_flight_; }
  void http_request(const std::string& method, int status);
  void bytes_out(std::size_t n) { bytes_out_ += n; }
  void session_opened() { ++sessions_created_; }
  void set_sessions(std::size_t n) { sessions_ = n; }

  // Extra counters read at scrape time: (labels text such as cluster="stage",kind="login", value).
  using Samples = std::function<std::vector<std::pair<std::string, std::uint64_t>>()>;
  void set_heals(Samples heals) { heals_ = std::move(heals); }

  std::string text() const;

 private:
  struct Series {
    std::uint64_t calls = 0, errors = 0;
    std::array<std::uint64_t, kBuckets.size()> buckets{};
    double sum = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, std::string>, Series> tools_;  // (tool, cluster)
  std::map<std::pair<std::string, int>, std::uint64_t> requests_;
  std::atomic<std::int64_t> in_flight_{0};
  std::atomic<std::uint64_t> bytes_out_{0}, sessions_created_{0};
  std::atomic<std::size_t> sessions_{0};
  Samples heals_;
};

// A label value escaped as the exposition format wants (\\, \", \n).
std::string prometheus_label(const std::string& value);

}  // namespace kubemcp::mcp
