#include "mcp/http_metrics.hpp"

#include <fmt/format.h>

namespace kubemcp::mcp {

std::string prometheus_label(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

void Metrics::tool_call(const std::string& tool, const std::string& cluster, bool error,
                        double seconds) {
  std::lock_guard lock(mutex_);
  auto& s = tools_[{tool, cluster}];
  ++s.calls;
  if (error) ++s.errors;
  s.sum += seconds;
  for (std::size_t i = 0; i < kBuckets.size(); ++i)
    if (seconds <= kBuckets[i]) ++s.buckets[i];
}

void Metrics::http_request(const std::string& method, int status) {
  std::lock_guard lock(mutex_);
  ++requests_[{method, status}];
}

namespace {

void header(std::string& out, const char* name, const char* type, const char* help) {
  out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
}

}  // namespace

std::string Metrics::text() const {
  std::string out;
  std::lock_guard lock(mutex_);
  header(out, "kubemcp_tool_calls_total", "counter", "Tool calls answered, by tool and cluster.");
  for (const auto& [k, s] : tools_)
    out += fmt::format("kubemcp_tool_calls_total{{tool=\"{}\",cluster=\"{}\"}} {}\n",
                       prometheus_label(k.first), prometheus_label(k.second), s.calls);
  header(out, "kubemcp_tool_errors_total", "counter",
         "Tool calls that ended with isError or a JSON-RPC error.");
  for (const auto& [k, s] : tools_)
    out += fmt::format("kubemcp_tool_errors_total{{tool=\"{}\",cluster=\"{}\"}} {}\n",
                       prometheus_label(k.first), prometheus_label(k.second), s.errors);
  header(out, "kubemcp_tool_call_duration_seconds", "histogram",
         "Time from a tools/call request to its response.");
  for (const auto& [k, s] : tools_) {
    const std::string labels = fmt::format("tool=\"{}\",cluster=\"{}\"", prometheus_label(k.first),
                                           prometheus_label(k.second));
    for (std::size_t i = 0; i < kBuckets.size(); ++i)
      out += fmt::format("kubemcp_tool_call_duration_seconds_bucket{{{},le=\"{}\"}} {}\n", labels,
                         kBuckets[i], s.buckets[i]);
    out += fmt::format("kubemcp_tool_call_duration_seconds_bucket{{{},le=\"+Inf\"}} {}\n", labels,
                       s.calls);
    out += fmt::format("kubemcp_tool_call_duration_seconds_sum{{{}}} {}\n", labels, s.sum);
    out += fmt::format("kubemcp_tool_call_duration_seconds_count{{{}}} {}\n", labels, s.calls);
  }
  header(out, "kubemcp_http_requests_total", "counter", "HTTP requests by method and status.");
  for (const auto& [k, n] : requests_)
    out += fmt::format("kubemcp_http_requests_total{{method=\"{}\",code=\"{}\"}} {}\n",
                       prometheus_label(k.first), k.second, n);
  header(out, "kubemcp_tool_calls_in_flight", "gauge", "Tool calls running or queued.");
  out += fmt::format("kubemcp_tool_calls_in_flight {}\n", in_flight_.load());
  header(out, "kubemcp_sessions", "gauge", "Open MCP sessions.");
  out += fmt::format("kubemcp_sessions {}\n", sessions_.load());
  header(out, "kubemcp_sessions_created_total", "counter", "MCP sessions started.");
  out += fmt::format("kubemcp_sessions_created_total {}\n", sessions_created_.load());
  header(out, "kubemcp_response_bytes_total", "counter", "Bytes of HTTP response bodies sent.");
  out += fmt::format("kubemcp_response_bytes_total {}\n", bytes_out_.load());
  header(out, "kubemcp_heals_total", "counter",
         "Successful auto-heals (re-logins, network heals), by cluster and kind.");
  if (heals_)
    for (const auto& [labels, n] : heals_())
      out += fmt::format("kubemcp_heals_total{{{}}} {}\n", labels, n);
  return out;
}

}  // namespace kubemcp::mcp
