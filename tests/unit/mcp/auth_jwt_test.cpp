// OIDC/JWT authentication (mcp/auth_jwt.*): keys generated at test time, tokens signed here,
// the JWKS served by an injected fetcher (and, at the end, by a real local HTTPS server).
#include "mcp/auth_jwt.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "jwt_keys.hpp"
#include "net/server_https.hpp"
#include "net/tls_certs.hpp"

namespace kubemcp::mcp {
namespace {

using testing::SigningKey;
namespace json = boost::json;
using Clock = std::chrono::system_clock;
using Kind = AuthVerdict::Kind;

constexpr const char* kIssuer = "https://issuer.example.com";
constexpr const char* kAudience = "kubemcp";

const SigningKey& rsa_key() {
  static const SigningKey k = SigningKey::rsa("rsa-1");
  return k;
}
const SigningKey& ec_key() {
  static const SigningKey k = SigningKey::ec("ec-1");
  return k;
}

// A fake issuer: URL → body, a settable clock and a count of requests per URL.
struct Issuer {
  std::map<std::string, std::string> docs;
  std::map<std::string, int> hits;
  Clock::time_point now = Clock::now();

  JwtOptions options(fleet::OidcConfig cfg = {}) {
    if (cfg.issuer.empty()) cfg.issuer = kIssuer;
    if (cfg.audience.empty()) cfg.audience = kAudience;
    JwtOptions o;
    o.config = cfg;
    o.fetch = [this](const std::string& url) {
      ++hits[url];
      auto it = docs.find(url);
      if (it == docs.end()) throw std::runtime_error("GET " + url + " answered HTTP 404");
      return it->second;
    };
    o.now = [this] { return now; };
    return o;
  }
  void serve_discovery(const std::string& jwks) {
    docs[std::string(kIssuer) + "/.well-known/openid-configuration"] = json::serialize(
        json::object{{"issuer", kIssuer}, {"jwks_uri", std::string(kIssuer) + "/keys"}});
    docs[std::string(kIssuer) + "/keys"] = jwks;
  }
  long epoch() const {
    return static_cast<long>(
        std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count());
  }
  json::object claims(long exp_in = 300) const {
    return {{"iss", kIssuer},      {"aud", kAudience},
            {"sub", "alice"},      {"email", "alice@example.com"},
            {"iat", epoch() - 10}, {"exp", epoch() + exp_in}};
  }
};

void expect_rejected(const AuthVerdict& v, const std::string& reason, const std::string& token) {
  EXPECT_EQ(v.kind, Kind::Rejected);
  EXPECT_NE(v.reason.find(reason), std::string::npos) << v.reason;
  EXPECT_FALSE(v.principal);
  // No part of the token is ever echoed (each part is far longer than any reason word).
  for (std::size_t pos = 0; pos + 24 <= token.size(); pos += 24)
    EXPECT_EQ(v.reason.find(token.substr(pos, 24)), std::string::npos) << v.reason;
}

class JwtAuth : public ::testing::Test {
 protected:
  Issuer issuer;
  void SetUp() override { issuer.serve_discovery(testing::jwks({&rsa_key(), &ec_key()})); }
};

TEST_F(JwtAuth, AcceptsRs256AndEs256FromTheDiscoveredJwks) {
  JwtAuthenticator auth(issuer.options());
  for (const auto* key : {&rsa_key(), &ec_key()}) {
    const auto v = auth.authenticate(key->token(issuer.claims()));
    ASSERT_EQ(v.kind, Kind::Accepted) << key->alg << ": " << v.reason;
    EXPECT_EQ(v.principal->name, "alice");
    EXPECT_FALSE(v.principal->read_only);
    EXPECT_TRUE(v.principal->clusters.empty());
  }
  // Discovery once, keys once: both tokens used the cache.
  EXPECT_EQ(issuer.hits[std::string(kIssuer) + "/.well-known/openid-configuration"], 1);
  EXPECT_EQ(auth.fetches(), 1);
}

TEST_F(JwtAuth, ExplicitJwksUrlSkipsDiscoveryAndNameClaimIsConfigurable) {
  issuer.docs["https://keys.example.com/jwks?v=1"] = testing::jwks({&ec_key()});
  fleet::OidcConfig cfg;
  cfg.jwks_url = "https://keys.example.com/jwks?v=1";
  cfg.name_claim = "email";
  JwtAuthenticator auth(issuer.options(cfg));
  const auto v = auth.authenticate(ec_key().token(issuer.claims()));
  ASSERT_EQ(v.kind, Kind::Accepted) << v.reason;
  EXPECT_EQ(v.principal->name, "alice@example.com");
  EXPECT_EQ(issuer.hits.count(std::string(kIssuer) + "/.well-known/openid-configuration"), 0u);
}

TEST_F(JwtAuth, ExpiryHonoursTheClockSkew) {
  JwtAuthenticator auth(issuer.options());
  const auto expired = rsa_key().token(issuer.claims(-120));
  expect_rejected(auth.authenticate(expired), "token expired", expired);
  // 30 s past exp is within the default 60 s skew.
  EXPECT_EQ(auth.authenticate(rsa_key().token(issuer.claims(-30))).kind, Kind::Accepted);
  fleet::OidcConfig strict;
  strict.clock_skew = std::chrono::seconds(0);
  JwtAuthenticator no_skew(issuer.options(strict));
  EXPECT_EQ(no_skew.authenticate(rsa_key().token(issuer.claims(-30))).kind, Kind::Rejected);
  auto no_exp = issuer.claims();
  no_exp.erase("exp");
  const auto t = rsa_key().token(no_exp);
  expect_rejected(auth.authenticate(t), "no expiry", t);
}

TEST_F(JwtAuth, NotYetValidAndIssuedInTheFutureAreRejected) {
  JwtAuthenticator auth(issuer.options());
  auto c = issuer.claims();
  c["nbf"] = issuer.epoch() + 300;
  auto t = rsa_key().token(c);
  expect_rejected(auth.authenticate(t), "not yet valid", t);
  c["nbf"] = issuer.epoch() + 30;  // within skew
  EXPECT_EQ(auth.authenticate(rsa_key().token(c)).kind, Kind::Accepted);
  c = issuer.claims();
  c["iat"] = issuer.epoch() + 600;
  t = rsa_key().token(c);
  expect_rejected(auth.authenticate(t), "issued in the future", t);
}

TEST_F(JwtAuth, AudienceMayBeAStringOrAnArray) {
  JwtAuthenticator auth(issuer.options());
  auto c = issuer.claims();
  c["aud"] = "someone-else";
  auto t = ec_key().token(c);
  expect_rejected(auth.authenticate(t), "wrong audience", t);
  c["aud"] = json::array{"someone-else", kAudience};
  EXPECT_EQ(auth.authenticate(ec_key().token(c)).kind, Kind::Accepted);
  c["aud"] = json::array{"someone-else"};
  EXPECT_EQ(auth.authenticate(ec_key().token(c)).kind, Kind::Rejected);
}

TEST_F(JwtAuth, WrongIssuerIsRejected) {
  JwtAuthenticator auth(issuer.options());
  auto c = issuer.claims();
  c["iss"] = "https://evil.example.com";
  const auto t = rsa_key().token(c);
  expect_rejected(auth.authenticate(t), "wrong issuer", t);
}

TEST_F(JwtAuth, BadSignaturesAreRejected) {
  JwtAuthenticator auth(issuer.options());
  // Another key claiming a published kid.
  const SigningKey impostor{"RS256", "rsa-1", SigningKey::rsa("x").pkey};
  auto t = impostor.token(issuer.claims());
  expect_rejected(auth.authenticate(t), "invalid signature", t);
  // A genuine token with its payload swapped for another caller's.
  const auto good = ec_key().token(issuer.claims());
  auto forged_claims = issuer.claims();
  forged_claims["sub"] = "mallory";
  const auto dot1 = good.find('.'), dot2 = good.rfind('.');
  t = good.substr(0, dot1 + 1) + jwt::b64url_encode(json::serialize(forged_claims)) +
      good.substr(dot2);
  expect_rejected(auth.authenticate(t), "invalid signature", t);
  // An ES256 token whose signature is not 64 bytes.
  t = good.substr(0, dot2 + 1) + jwt::b64url_encode("short");
  expect_rejected(auth.authenticate(t), "invalid signature", t);
  // An RS256 header on an EC key's kid: the key type must fit the alg.
  t = ec_key().token(issuer.claims(), {{"alg", "RS256"}, {"kid", "ec-1"}});
  expect_rejected(auth.authenticate(t), "invalid signature", t);
}

TEST_F(JwtAuth, UnknownKidRefetchesRateLimitedThenFindsTheRotatedKey) {
  JwtAuthenticator auth(issuer.options());
  ASSERT_EQ(auth.authenticate(rsa_key().token(issuer.claims())).kind, Kind::Accepted);
  EXPECT_EQ(auth.fetches(), 1);
  const SigningKey rotated = SigningKey::ec("ec-2");
  issuer.now += std::chrono::seconds(11);
  auto t = rotated.token(issuer.claims());
  // Not published yet: one refetch, then refused.
  expect_rejected(auth.authenticate(t), "unknown signing key", t);
  EXPECT_EQ(auth.fetches(), 2);
  // The issuer rotates; within the rate limit kubemcp does not ask again.
  issuer.serve_discovery(testing::jwks({&rsa_key(), &rotated}));
  issuer.now += std::chrono::seconds(5);
  EXPECT_EQ(auth.authenticate(rotated.token(issuer.claims())).kind, Kind::Rejected);
  EXPECT_EQ(auth.fetches(), 2);
  issuer.now += std::chrono::seconds(6);
  const auto v = auth.authenticate(rotated.token(issuer.claims()));
  EXPECT_EQ(v.kind, Kind::Accepted) << v.reason;
  EXPECT_EQ(auth.fetches(), 3);
  // Known kids never refetch.
  EXPECT_EQ(auth.authenticate(rsa_key().token(issuer.claims())).kind, Kind::Accepted);
  EXPECT_EQ(auth.fetches(), 3);
}

TEST_F(JwtAuth, KeysAreRefetchedPeriodicallyAndKeptWhenTheIssuerFails) {
  JwtAuthenticator auth(issuer.options());
  ASSERT_EQ(auth.authenticate(rsa_key().token(issuer.claims())).kind, Kind::Accepted);
  issuer.now += std::chrono::hours(2);
  issuer.docs.erase(std::string(kIssuer) + "/keys");  // the issuer is down
  EXPECT_EQ(auth.authenticate(rsa_key().token(issuer.claims())).kind, Kind::Accepted);
  EXPECT_EQ(auth.fetches(), 2);
  // A key the issuer dropped disappears at the next periodic refresh.
  issuer.serve_discovery(testing::jwks({&ec_key()}));
  issuer.now += std::chrono::seconds(20);
  EXPECT_EQ(auth.authenticate(rsa_key().token(issuer.claims())).kind, Kind::Rejected);
  EXPECT_EQ(auth.authenticate(ec_key().token(issuer.claims())).kind, Kind::Accepted);
}

TEST_F(JwtAuth, UnreachableIssuerIsARejectionNotACrash) {
  issuer.docs.clear();
  JwtAuthenticator auth(issuer.options());
  const auto t = rsa_key().token(issuer.claims());
  expect_rejected(auth.authenticate(t), "signing keys are unavailable", t);
  expect_rejected(auth.authenticate(t), "signing keys are unavailable", t);
  EXPECT_EQ(auth.fetches(), 1);  // failures are rate-limited too
  // A discovery document naming another issuer is not trusted.
  issuer.docs[std::string(kIssuer) + "/.well-known/openid-configuration"] =
      R"({"issuer":"https://evil.example.com","jwks_uri":"https://issuer.example.com/keys"})";
  issuer.docs[std::string(kIssuer) + "/keys"] = testing::jwks({&rsa_key()});
  issuer.now += std::chrono::seconds(11);
  expect_rejected(auth.authenticate(t), "signing keys are unavailable", t);
}

TEST_F(JwtAuth, AlgNoneAndHmacAreRefused) {
  JwtAuthenticator auth(issuer.options());
  const std::string none = jwt::b64url_encode(R"({"alg":"none"})") + "." +
                           jwt::b64url_encode(json::serialize(issuer.claims())) + ".";
  expect_rejected(auth.authenticate(none), "unsupported signing algorithm none", none);
  // HS256 keyed with the public modulus: the key-confusion attack.
  const std::string secret = testing::bn_bytes(rsa_key().pkey.get(), OSSL_PKEY_PARAM_RSA_N);
  const auto hs = testing::hs256_token(issuer.claims(), secret, "rsa-1");
  expect_rejected(auth.authenticate(hs), "unsupported signing algorithm HS256", hs);
  EXPECT_EQ(auth.fetches(), 0);  // refused before any key is looked up
}

TEST_F(JwtAuth, OpaqueTokensAreUnknownAndMalformedJwtsRejected) {
  JwtAuthenticator auth(issuer.options());
  for (const auto* t : {"", "s3cr3t-static-token", "a.b.c", "a.b", "eyJhbGciOiJSUzI1NiJ9"})
    EXPECT_EQ(auth.authenticate(t).kind, Kind::Unknown) << t;
  const std::string header = jwt::b64url_encode(R"({"alg":"RS256","kid":"rsa-1"})");
  for (const auto& t : {header + ".!!!.sig", header + "." + jwt::b64url_encode("[1]") + ".",
                        header + "." + jwt::b64url_encode("{not json") + ".AAAA"})
    expect_rejected(auth.authenticate(t), "malformed token", t);
  const std::string huge = header + "." + std::string(20000, 'A') + ".x";
  expect_rejected(auth.authenticate(huge), "too large", huge);
  EXPECT_EQ(auth.authenticate(std::string(20000, 'x')).kind, Kind::Unknown);
  auto c = issuer.claims();
  c.erase("sub");
  const auto t = rsa_key().token(c);
  expect_rejected(auth.authenticate(t), "no sub claim", t);
}

TEST_F(JwtAuth, GrantsMapClaimsToAccess) {
  fleet::OidcConfig cfg;
  cfg.read_only = true;
  cfg.clusters = {"stage"};
  cfg.grants = {{"groups", "sre", false, {}}, {"email", "bob@example.com", true, {"prod"}}};
  JwtAuthenticator auth(issuer.options(cfg));
  auto c = issuer.claims();
  auto v = auth.authenticate(rsa_key().token(c));
  ASSERT_EQ(v.kind, Kind::Accepted);
  EXPECT_TRUE(v.principal->read_only);
  EXPECT_EQ(v.principal->clusters, std::vector<std::string>{"stage"});
  c["groups"] = json::array{"dev", "sre"};
  v = auth.authenticate(rsa_key().token(c));
  ASSERT_EQ(v.kind, Kind::Accepted);
  EXPECT_FALSE(v.principal->read_only);
  EXPECT_TRUE(v.principal->clusters.empty());
  c = issuer.claims();
  c["email"] = "bob@example.com";
  v = auth.authenticate(rsa_key().token(c));
  ASSERT_EQ(v.kind, Kind::Accepted);
  EXPECT_EQ(v.principal->clusters, std::vector<std::string>{"prod"});

  cfg.require_grant = true;
  JwtAuthenticator strict(issuer.options(cfg));
  const auto t = rsa_key().token(issuer.claims());
  expect_rejected(strict.authenticate(t), "no grant", t);
}

TEST(JwksParse, SkipsKeysItCannotUseAndRefusesNonJwks) {
  std::string error;
  EXPECT_FALSE(jwt::parse_jwks("[]", error));
  EXPECT_FALSE(jwt::parse_jwks("{\"keys\":1}", error));
  int skipped = 0;
  auto small_rsa =
      SigningKey{"RS256", "small", std::shared_ptr<EVP_PKEY>(EVP_RSA_gen(1024), EVP_PKEY_free)};
  json::object enc = ec_key().jwk();
  enc["use"] = "enc";
  json::object off_curve = ec_key().jwk();
  off_curve["y"] = jwt::b64url_encode(std::string(32, '\x01'));
  json::array list;
  for (const auto& k : {rsa_key().jwk(), small_rsa.jwk(), enc, off_curve,
                        json::object{{"kty", "oct"}, {"k", "c2VjcmV0"}}})
    list.push_back(k);
  list.push_back(7);
  const auto keys = jwt::parse_jwks(json::serialize(json::object{{"keys", list}}), error, &skipped);
  ASSERT_TRUE(keys);
  EXPECT_EQ(keys->size(), 1u);
  EXPECT_EQ(skipped, 5);
}

TEST(OidcAuthenticator, BuiltFromTheConfigOnlyWhenConfigured) {
  EXPECT_EQ(oidc_authenticator(std::nullopt), nullptr);
  fleet::OidcConfig cfg;
  cfg.issuer = kIssuer;
  cfg.audience = kAudience;
  const auto auth = oidc_authenticator(cfg);
  ASSERT_NE(auth, nullptr);
  EXPECT_EQ(auth->authenticate("opaque-token").kind, Kind::Unknown);
  cfg.ca_file = "/nonexistent/ca.pem";
  EXPECT_THROW(oidc_authenticator(cfg), std::runtime_error);
}

// The production fetcher against a real local HTTPS server whose CA is given as ca_file.
TEST(JwtHttps, FetchesDiscoveryAndKeysOverTlsWithTheConfiguredCa) {
  const auto ca = net::make_ca("test-issuer-ca");
  const auto leaf = net::make_server_cert(ca, "localhost", {"localhost"}, {"127.0.0.1"});
  net::IoPool pool(1);
  std::string base;
  std::map<std::string, int> hits;
  std::mutex mu;
  net::HttpsServer server(pool, {leaf.cert_pem, leaf.key_pem, ""}, [&](const net::HttpRequest& r) {
    std::lock_guard lock(mu);
    ++hits[r.target];
    net::HttpResponse resp;
    if (r.target == "/.well-known/openid-configuration")
      resp.body = json::serialize(json::object{{"issuer", base}, {"jwks_uri", base + "/jwks"}});
    else if (r.target == "/jwks")
      resp.body = testing::jwks({&ec_key()});
    else
      resp.status = 404;
    return resp;
  });
  base = "https://127.0.0.1:" + std::to_string(server.port());
  const auto ca_file = std::filesystem::temp_directory_path() /
                       ("kubemcp-jwt-ca-" + std::to_string(::getpid()) + ".pem");
  std::ofstream(ca_file) << ca.cert_pem;

  JwtOptions o;
  o.config.issuer = base;
  o.config.audience = kAudience;
  o.config.ca_file = ca_file.string();
  JwtAuthenticator auth(o);
  const long now = static_cast<long>(
      std::chrono::duration_cast<std::chrono::seconds>(Clock::now().time_since_epoch()).count());
  const auto v = auth.authenticate(
      ec_key().token({{"iss", base}, {"aud", kAudience}, {"sub", "carol"}, {"exp", now + 60}}));
  EXPECT_EQ(v.kind, Kind::Accepted) << v.reason;
  EXPECT_EQ(hits["/jwks"], 1);

  // Without the CA the issuer's certificate is not trusted: no keys, a rejection.
  JwtOptions untrusted = o;
  untrusted.config.ca_file.clear();
  JwtAuthenticator auth2(untrusted);
  EXPECT_EQ(auth2
                .authenticate(ec_key().token(
                    {{"iss", base}, {"aud", kAudience}, {"sub", "c"}, {"exp", now + 60}}))
                .kind,
            Kind::Rejected);
  EXPECT_THROW(https_fetcher("")("http://127.0.0.1:1/jwks"), std::runtime_error);
  std::filesystem::remove(ca_file);
  server.stop();
}

}  // namespace
}  // namespace kubemcp::mcp
