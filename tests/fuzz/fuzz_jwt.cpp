// Fuzzes JWT and JWKS parsing and verification: the input is a JWKS document, a newline, and
// a bearer token. The authenticator fetches that JWKS (no network) and judges the token.
#include <chrono>
#include <cstdint>
#include <string>

#include "mcp/auth_jwt.hpp"
#include "mcp/jwt.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  const auto nl = input.find('\n');
  const std::string jwks = input.substr(0, nl);
  const std::string token = nl == std::string::npos ? std::string() : input.substr(nl + 1);

  std::string error;
  (void)kubemcp::mcp::jwt::parse_jwks(jwks, error);
  (void)kubemcp::mcp::jwt::parse_token(token, error);

  kubemcp::mcp::JwtOptions o;
  o.config.issuer = "joe";
  o.config.audience = "kubemcp";
  o.config.jwks_url = "https://issuer.invalid/jwks";
  o.fetch = [&](const std::string&) { return jwks; };
  o.now = [] { return std::chrono::system_clock::time_point(std::chrono::seconds(1300000000)); };
  kubemcp::mcp::JwtAuthenticator auth(o);
  const auto verdict = auth.authenticate(token);
  // A reason never carries the token itself.
  if (token.size() > 32 && verdict.reason.find(token) != std::string::npos) __builtin_trap();
  return 0;
}
