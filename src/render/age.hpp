#pragma once
// Ages and timestamps as kubectl shows them.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "net/rfc3339.hpp"

namespace kubemcp::render {

// kubectl's human duration: 45s, 3m12s, 47m, 5h12m, 20h, 3d4h, 12d, 2y45d.
std::string human_duration(std::chrono::seconds d);

// Parses RFC 3339 ("2026-11-26T06:21:00Z", fractions and offsets allowed).
using net::parse_rfc3339;

// The age of an RFC 3339 timestamp relative to `now`; "<unknown>" when unparsable.
std::string age_of(std::string_view rfc3339,
                   std::chrono::system_clock::time_point now = std::chrono::system_clock::now());

}  // namespace kubemcp::render
