#pragma once
// MCP over stdio: one JSON-RPC message per line on stdin and stdout. Only protocol
// messages are written to stdout; logs go to stderr or the log file.
#include "mcp/server.hpp"

namespace kubemcp::mcp {

// Serves until stdin ends, then lets in-flight calls finish (or cancels them after the
// grace period). Returns the process exit code.
int run_stdio(const tools::Catalog& catalog, fleet::Fleet& fleet, ServerOptions options);

}  // namespace kubemcp::mcp
