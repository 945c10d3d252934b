#pragma once
// Pod logs: GET .../pods/P/log with every option kubectl has; follow streams lines.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "kube/rest_client.hpp"

namespace kubemcp::kube {

struct LogOptions {
  std::string container;  // kubectl always names it; empty lets the server pick (one container)
  bool follow = false;
  bool previous = false;
  bool timestamps = false;
  std::optional<std::int64_t> tail_lines;
  std::optional<std::int64_t> since_seconds;
  std::string since_time;  // RFC 3339
  std::optional<std::int64_t> limit_bytes;
  bool insecure_skip_tls_verify_backend = false;
  // Client side, for stream_logs: a longer line is cut to this many bytes and ends with
  // " [line cut: N more bytes]", so one endless line cannot take unbounded memory.
  std::size_t max_line = std::string::npos;
};

// The query of a log request (exposed for tests).
Query log_query(const LogOptions& o);

// Whole log text (follow is ignored), held in memory: prefer stream_logs for logs of unknown
// size.
std::string read_logs(Client& c, std::string_view ns, std::string_view pod, const LogOptions& o,
                      const net::CancelPtr& cancel = {});

// Streams lines (without '\n') until the container ends the log, `on_line` returns false, or
// `cancel` fires (CancelledError). `follow` in `o` decides whether the server keeps it open.
void stream_logs(Client& c, std::string_view ns, std::string_view pod, const LogOptions& o,
                 const std::function<bool(std::string_view)>& on_line,
                 const net::CancelPtr& cancel = {});

}  // namespace kubemcp::kube
