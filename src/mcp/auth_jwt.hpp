#pragma once
// OIDC/JWT bearer tokens (config `http.oidc`): a compact JWS signed RS256 or ES256 by a key of
// the issuer's JWKS, with `iss`, `aud`, `exp`, `nbf` and `iat` checked (with clock skew).
// The JWKS comes from `jwks_url` or the issuer's discovery document, is cached, refetched when
// a token names an unknown `kid` (at most every `min_refresh`) and when older than
// `max_key_age`. A token that is not a JWT is Unknown (another authenticator's); a JWT that
// fails is Rejected with a short reason that never contains the token.
#include <boost/json/fwd.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "fleet/service_config.hpp"
#include "mcp/auth.hpp"

namespace kubemcp::mcp {

namespace jwt {
struct Key;
}

// GET `url` and return the body of a 200 answer; throws std::runtime_error otherwise.
using UrlFetcher = std::function<std::string(const std::string& url)>;

// The production fetcher: HTTPS only, verified against `ca_file` (PEM; empty: the system
// store), answers up to 1 MiB, `timeout` for the whole exchange.
UrlFetcher https_fetcher(const std::string& ca_file,
                         std::chrono::milliseconds timeout = std::chrono::seconds(10));

struct JwtOptions {
  fleet::OidcConfig config;
  UrlFetcher fetch;  // empty: https_fetcher(config.ca_file)
  std::function<std::chrono::system_clock::time_point()> now;  // empty: the system clock
  std::chrono::seconds min_refresh{10};    // an unknown kid refetches the JWKS at most this often
  std::chrono::seconds max_key_age{3600};  // keys older than this are refetched
};

class JwtAuthenticator : public Authenticator {
 public:
  explicit JwtAuthenticator(JwtOptions options);
  ~JwtAuthenticator() override;
  AuthVerdict authenticate(std::string_view bearer_token) override;

  // JWKS fetches so far (successful or not), for tests and metrics.
  int fetches() const;

 private:
  struct Keys;
  std::shared_ptr<const Keys> keys(bool unknown_kid);
  std::shared_ptr<const Keys> fetch_keys();
  std::string jwks_uri();
  AuthVerdict check_claims(const boost::json::object& claims);
  Principal principal_for(const boost::json::object& claims, std::string name,
                          std::string& refusal) const;

  JwtOptions options_;
  std::mutex fetch_mu_;  // one JWKS fetch at a time
  mutable std::mutex mu_;
  std::shared_ptr<const Keys> keys_;
  std::string jwks_uri_;
  std::chrono::system_clock::time_point last_attempt_{};
  int fetches_ = 0;
};

// The authenticator `http.oidc` asks for, or null when the config has none. Throws
// std::runtime_error for an unreadable ca_file (a start-up error, not a per-request one).
std::shared_ptr<Authenticator> oidc_authenticator(const std::optional<fleet::OidcConfig>& config);

}  // namespace kubemcp::mcp
