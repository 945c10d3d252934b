#pragma once
// RFC 3339 timestamps as Kubernetes writes them ("2026-11-26T06:21:00Z", fractions and
// offsets allowed), shared by the client, the renderers and the simulator.
#include <chrono>
#include <optional>
#include <string_view>

namespace kubemcp::net {

// nullopt when `text` is not a complete RFC 3339 date-time.
std::optional<std::chrono::system_clock::time_point> parse_rfc3339(std::string_view text);

}  // namespace kubemcp::net
