#pragma once
// MCP over Streamable HTTP (kubemcp serve --transport http): the MCP endpoint on /mcp, plus
// /healthz, /readyz, /metrics and the OAuth protected-resource metadata, with an access log.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "mcp/auth.hpp"
#include "mcp/server.hpp"

namespace kubemcp::mcp {

struct HttpOptions {
  std::string host = "127.0.0.1";  // 0.0.0.0 or :: only when asked
  uint16_t port = 8808;            // 0: any free port
  bool stateless = false;
  std::string tls_cert, tls_key;  // PEM files; both or neither
  unsigned io_threads = 2;
  ServerOptions server;
};

// "127.0.0.1:8808", "[::1]:8808", "0.0.0.0:0" into host and port; throws std::invalid_argument.
void parse_listen(const std::string& listen, HttpOptions& out);

// Serves until SIGINT or SIGTERM. Prints "listening URL" on stdout once it accepts
// connections. `authenticators` are asked in order (first verdict that is not Unknown wins);
// none: no authentication. Returns the process exit code.
int run_http(const tools::Catalog& catalog, fleet::Fleet& fleet, HttpOptions options,
             std::vector<std::shared_ptr<Authenticator>> authenticators);

}  // namespace kubemcp::mcp
