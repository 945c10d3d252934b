#pragma once
// Test-time signing keys for the JWT tests: RSA 2048 and EC P-256 generated with OpenSSL,
// their public JWKs, and compact JWS tokens signed with them (ES256 as raw r||s).
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rsa.h>

#include <boost/json.hpp>
#include <memory>
#include <stdexcept>
#include <string>

#include "mcp/jwt.hpp"

namespace kubemcp::mcp::testing {

namespace json = boost::json;

inline std::string bn_bytes(EVP_PKEY* pkey, const char* param, int pad = 0) {
  BIGNUM* bn = nullptr;
  if (EVP_PKEY_get_bn_param(pkey, param, &bn) != 1) throw std::runtime_error("get_bn_param");
  std::string out(pad ? pad : BN_num_bytes(bn), '\0');
  BN_bn2binpad(bn, reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(out.size()));
  BN_free(bn);
  return out;
}

struct SigningKey {
  std::string alg;  // RS256 or ES256
  std::string kid;
  std::shared_ptr<EVP_PKEY> pkey;

  static SigningKey rsa(std::string kid) {
    return {"RS256", std::move(kid), std::shared_ptr<EVP_PKEY>(EVP_RSA_gen(2048), EVP_PKEY_free)};
  }
  static SigningKey ec(std::string kid) {
    return {"ES256", std::move(kid), std::shared_ptr<EVP_PKEY>(EVP_EC_gen("P-256"), EVP_PKEY_free)};
  }

  json::object jwk() const {
    using jwt::b64url_encode;
    if (alg == "RS256")
      return {{"kty", "RSA"},
              {"kid", kid},
              {"use", "sig"},
              {"alg", "RS256"},
              {"n", b64url_encode(bn_bytes(pkey.get(), OSSL_PKEY_PARAM_RSA_N))},
              {"e", b64url_encode(bn_bytes(pkey.get(), OSSL_PKEY_PARAM_RSA_E))}};
    return {{"kty", "EC"},
            {"kid", kid},
            {"use", "sig"},
            {"crv", "P-256"},
            {"x", b64url_encode(bn_bytes(pkey.get(), OSSL_PKEY_PARAM_EC_PUB_X, 32))},
            {"y", b64url_encode(bn_bytes(pkey.get(), OSSL_PKEY_PARAM_EC_PUB_Y, 32))}};
  }

  std::string sign_bytes(const std::string& input) const {
    EVP_MD_CTX* md = EVP_MD_CTX_new();
    size_t len = 0;
    EVP_DigestSignInit(md, nullptr, EVP_sha256(), nullptr, pkey.get());
    EVP_DigestSign(md, nullptr, &len, reinterpret_cast<const unsigned char*>(input.data()),
                   input.size());
    std::string sig(len, '\0');
    EVP_DigestSign(md, reinterpret_cast<unsigned char*>(sig.data()), &len,
                   reinterpret_cast<const unsigned char*>(input.data()), input.size());
    EVP_MD_CTX_free(md);
    sig.resize(len);
    if (alg == "RS256") return sig;
    // DER ECDSA-Sig-Value → JWS r||s.
    const auto* p = reinterpret_cast<const unsigned char*>(sig.data());
    ECDSA_SIG* es = d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(sig.size()));
    std::string raw(64, '\0');
    BN_bn2binpad(ECDSA_SIG_get0_r(es), reinterpret_cast<unsigned char*>(raw.data()), 32);
    BN_bn2binpad(ECDSA_SIG_get0_s(es), reinterpret_cast<unsigned char*>(raw.data()) + 32, 32);
    ECDSA_SIG_free(es);
    return raw;
  }

  // A compact JWS of `claims`; `header` overrides the default {alg, kid, typ}.
  std::string token(const json::object& claims, json::object header = {}) const {
    if (header.empty()) header = {{"alg", alg}, {"kid", kid}, {"typ", "JWT"}};
    const std::string input = jwt::b64url_encode(json::serialize(header)) + "." +
                              jwt::b64url_encode(json::serialize(claims));
    return input + "." + jwt::b64url_encode(sign_bytes(input));
  }
};

inline std::string jwks(std::initializer_list<const SigningKey*> keys) {
  json::array arr;
  for (const auto* k : keys) arr.push_back(k->jwk());
  return json::serialize(json::object{{"keys", arr}});
}

// An HS256 token keyed with `secret` (the classic confusion attack uses the public key).
inline std::string hs256_token(const json::object& claims, const std::string& secret,
                               const std::string& kid) {
  const std::string input =
      jwt::b64url_encode(json::serialize(json::object{{"alg", "HS256"}, {"kid", kid}})) + "." +
      jwt::b64url_encode(json::serialize(claims));
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(input.data()), input.size(), mac, &len);
  return input + "." + jwt::b64url_encode(std::string(reinterpret_cast<char*>(mac), len));
}

}  // namespace kubemcp::mcp::testing
