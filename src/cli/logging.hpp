#pragma once
#include <string>

namespace kubemcp::cli {

// Sends logs to stderr, or to `file` when given (never to stdout, which carries protocol).
// `level`: trace, debug, info, warn, error, critical, off.
void setup_logging(const std::string& level, const std::string& file);

}  // namespace kubemcp::cli
