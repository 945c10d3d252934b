#include "mcp/auth_jwt.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>

#include "mcp/jwt.hpp"

namespace kubemcp::mcp {

namespace json = boost::json;
using Clock = std::chrono::system_clock;

namespace {

// Far above any real ID or access token (a few KiB), far below what would cost memory.
constexpr std::size_t kMaxTokenBytes = 16 * 1024;

AuthVerdict rejected(std::string reason) {
  AuthVerdict v;
  v.kind = AuthVerdict::Kind::Rejected;
  v.reason = std::move(reason);
  return v;
}

std::optional<double> number_claim(const json::object& claims, std::string_view name) {
  const auto* v = claims.if_contains(name);
  if (!v || !v->is_number()) return std::nullopt;
  const double d = v->to_number<double>();
  return std::isfinite(d) ? std::optional<double>(d) : std::nullopt;
}

// A claim's string values: the string itself, or the string entries of an array (groups).
std::vector<std::string> claim_values(const json::object& claims, std::string_view name) {
  std::vector<std::string> out;
  const auto* v = claims.if_contains(name);
  if (!v) return out;
  if (v->is_string()) out.emplace_back(v->get_string());
  if (v->is_array())
    for (const auto& e : v->get_array())
      if (e.is_string()) out.emplace_back(e.get_string());
  return out;
}

// `alg` values named in a reason are the token's own bytes: only short plain names are shown.
std::string safe_alg(const std::string& alg) {
  const bool plain =
      !alg.empty() && alg.size() <= 16 && std::all_of(alg.begin(), alg.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c));
      });
  return plain ? " " + alg : "";
}

}  // namespace

struct JwtAuthenticator::Keys {
  jwt::KeySet set;
  Clock::time_point fetched_at;
};

JwtAuthenticator::JwtAuthenticator(JwtOptions options) : options_(std::move(options)) {
  if (!options_.fetch) options_.fetch = https_fetcher(options_.config.ca_file);
  if (!options_.now) options_.now = [] { return Clock::now(); };
  jwks_uri_ = options_.config.jwks_url;
}

JwtAuthenticator::~JwtAuthenticator() = default;

int JwtAuthenticator::fetches() const {
  std::lock_guard lock(mu_);
  return fetches_;
}

std::string JwtAuthenticator::jwks_uri() {
  {
    std::lock_guard lock(mu_);
    if (!jwks_uri_.empty()) return jwks_uri_;
  }
  // OpenID Connect Discovery 1.0 §4: the document's issuer must be the configured one.
  std::string issuer = options_.config.issuer;
  while (!issuer.empty() && issuer.back() == '/') issuer.pop_back();
  const std::string body = options_.fetch(issuer + "/.well-known/openid-configuration");
  json::error_code ec;
  const json::value doc = json::parse(body, ec);
  if (ec || !doc.is_object()) throw std::runtime_error("the discovery document is not JSON");
  const auto* iss = doc.as_object().if_contains("issuer");
  const auto* uri = doc.as_object().if_contains("jwks_uri");
  if (!iss || !iss->is_string() || iss->get_string() != options_.config.issuer)
    throw std::runtime_error("the discovery document names another issuer");
  if (!uri || !uri->is_string() || !uri->get_string().starts_with("https://"))
    throw std::runtime_error("the discovery document has no https jwks_uri");
  std::lock_guard lock(mu_);
  jwks_uri_ = std::string(uri->get_string());
  return jwks_uri_;
}

std::shared_ptr<const JwtAuthenticator::Keys> JwtAuthenticator::fetch_keys() {
  {
    std::lock_guard lock(mu_);
    ++fetches_;
  }
  auto keys = std::make_shared<Keys>();
  keys->fetched_at = options_.now();
  std::string error;
  int skipped = 0;
  auto set = jwt::parse_jwks(options_.fetch(jwks_uri()), error, &skipped);
  if (!set) throw std::runtime_error(error);
  if (skipped)
    spdlog::debug("oidc: {} JWKS entries skipped (not RS256/ES256 signature keys)", skipped);
  keys->set = std::move(*set);
  return keys;
}

// The cached keys, refetched when missing, old, or (rate-limited) when a token names a kid
// they lack — which is how a key rotation at the issuer is picked up.
std::shared_ptr<const JwtAuthenticator::Keys> JwtAuthenticator::keys(bool unknown_kid) {
  const auto stale = [&](const std::shared_ptr<const Keys>& k, Clock::time_point now) {
    return !k || now - k->fetched_at >= options_.max_key_age;
  };
  std::shared_ptr<const Keys> seen;
  {
    std::lock_guard lock(mu_);
    seen = keys_;
    if (!stale(seen, options_.now()) && !unknown_kid) return seen;
  }
  std::lock_guard single_flight(fetch_mu_);
  const auto now = options_.now();
  {
    std::lock_guard lock(mu_);
    if (keys_ != seen) return keys_;  // another caller fetched meanwhile
    // One attempt per min_refresh, whatever prompted it: an issuer that is down, or tokens
    // naming kids it never published, must not turn every request into a fetch.
    if (last_attempt_ != Clock::time_point{} && now - last_attempt_ < options_.min_refresh)
      return keys_;
    last_attempt_ = now;
  }
  try {
    auto fresh = fetch_keys();
    std::lock_guard lock(mu_);
    keys_ = fresh;
  } catch (const std::exception& e) {
    spdlog::warn("oidc: cannot fetch the signing keys of {}: {}", options_.config.issuer, e.what());
  }
  std::lock_guard lock(mu_);
  return keys_;
}

AuthVerdict JwtAuthenticator::authenticate(std::string_view token) {
  if (token.size() > kMaxTokenBytes)
    return token.starts_with("eyJ") ? rejected("token too large") : AuthVerdict{};
  if (!jwt::looks_like_jwt(token)) return {};
  std::string error;
  const auto parsed = jwt::parse_token(token, error);
  if (!parsed) return rejected(error);
  if (!jwt::supported_alg(parsed->alg))
    return rejected("unsupported signing algorithm" + safe_alg(parsed->alg) + " (RS256, ES256)");

  const auto candidates = [&](const Keys& k) {
    std::vector<const jwt::Key*> out;
    for (const auto& [kid, key] : k.set)
      if (parsed->kid.empty() || kid == parsed->kid) out.push_back(&key);
    return out;
  };
  auto ks = keys(false);
  if (ks && candidates(*ks).empty()) ks = keys(true);
  if (!ks) return rejected("the issuer's signing keys are unavailable");
  const auto found = candidates(*ks);
  if (found.empty()) return rejected("unknown signing key");
  if (std::none_of(found.begin(), found.end(),
                   [&](const jwt::Key* k) { return jwt::verify(*parsed, *k); }))
    return rejected("invalid signature");
  return check_claims(parsed->payload);
}

AuthVerdict JwtAuthenticator::check_claims(const json::object& claims) {
  const auto& cfg = options_.config;
  const auto iss = claims.if_contains("iss");
  if (!iss || !iss->is_string() || iss->get_string() != cfg.issuer) return rejected("wrong issuer");
  const auto aud = claim_values(claims, "aud");
  if (std::find(aud.begin(), aud.end(), cfg.audience) == aud.end())
    return rejected("wrong audience");
  const double now = std::chrono::duration<double>(options_.now().time_since_epoch()).count();
  const double skew = static_cast<double>(cfg.clock_skew.count());
  const auto exp = number_claim(claims, "exp");
  if (!exp) return rejected("token has no expiry (exp)");
  if (now > *exp + skew) return rejected("token expired");
  if (const auto nbf = number_claim(claims, "nbf"); nbf && now + skew < *nbf)
    return rejected("token not yet valid (nbf)");
  if (const auto iat = number_claim(claims, "iat"); iat && now + skew < *iat)
    return rejected("token issued in the future (iat)");
  const auto* name = claims.if_contains(cfg.name_claim);
  if (!name || !name->is_string() || name->get_string().empty())
    return rejected("token has no " + cfg.name_claim + " claim");
  std::string refusal;
  Principal p = principal_for(claims, std::string(name->get_string()), refusal);
  if (!refusal.empty()) return rejected(refusal);
  AuthVerdict v;
  v.kind = AuthVerdict::Kind::Accepted;
  v.principal = std::move(p);
  return v;
}

Principal JwtAuthenticator::principal_for(const json::object& claims, std::string name,
                                          std::string& refusal) const {
  const auto& cfg = options_.config;
  Principal p;
  p.name = std::move(name);
  for (const auto& g : cfg.grants) {
    const auto values = claim_values(claims, g.claim);
    if (std::find(values.begin(), values.end(), g.value) == values.end()) continue;
    p.read_only = g.read_only;
    p.clusters = g.clusters;
    return p;
  }
  if (cfg.require_grant) refusal = "no grant in the kubemcp config matches this caller";
  p.read_only = cfg.read_only;
  p.clusters = cfg.clusters;
  return p;
}

std::shared_ptr<Authenticator> oidc_authenticator(const std::optional<fleet::OidcConfig>& config) {
  if (!config) return nullptr;
  JwtOptions o;
  o.config = *config;
  return std::make_shared<JwtAuthenticator>(std::move(o));
}

}  // namespace kubemcp::mcp
