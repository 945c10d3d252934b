#include "mcp/jwt.hpp"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include <array>
#include <boost/json.hpp>

namespace kubemcp::mcp::jwt {

namespace json = boost::json;

namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

int b64url_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '-') return 62;
  if (c == '_') return 63;
  return -1;
}

std::optional<json::object> parse_object(std::string_view text) {
  json::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return std::nullopt;
  return std::move(v.as_object());
}

std::string string_member(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

// RAII for the OpenSSL objects used while building a key.
struct BnFree {
  void operator()(BIGNUM* b) const { BN_free(b); }
};
struct BldFree {
  void operator()(OSSL_PARAM_BLD* b) const { OSSL_PARAM_BLD_free(b); }
};
struct ParamFree {
  void operator()(OSSL_PARAM* p) const { OSSL_PARAM_free(p); }
};
struct CtxFree {
  void operator()(EVP_PKEY_CTX* c) const { EVP_PKEY_CTX_free(c); }
};
using Bn = std::unique_ptr<BIGNUM, BnFree>;
using Bld = std::unique_ptr<OSSL_PARAM_BLD, BldFree>;

std::shared_ptr<void> key_from_params(const char* type, OSSL_PARAM_BLD* bld) {
  std::unique_ptr<OSSL_PARAM, ParamFree> params(OSSL_PARAM_BLD_to_param(bld));
  std::unique_ptr<EVP_PKEY_CTX, CtxFree> ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1) return nullptr;
  EVP_PKEY* pkey = nullptr;
  if (EVP_PKEY_fromdata(ctx.get(), &pkey, EVP_PKEY_PUBLIC_KEY, params.get()) != 1) return nullptr;
  return std::shared_ptr<void>(pkey, [](void* p) { EVP_PKEY_free(static_cast<EVP_PKEY*>(p)); });
}

Bn bignum(const std::string& bytes) {
  return Bn(BN_bin2bn(reinterpret_cast<const unsigned char*>(bytes.data()),
                      static_cast<int>(bytes.size()), nullptr));
}

// RFC 7518 §6.3.1: modulus and exponent, big-endian base64url. Keys under 2048 bits are
// refused (NIST SP 800-131A; kube-apiserver's go-jose refuses them too).
std::shared_ptr<void> rsa_key(const json::object& jwk) {
  const auto n = b64url_decode(string_member(jwk, "n"));
  const auto e = b64url_decode(string_member(jwk, "e"));
  if (!n || !e || n->empty() || e->empty() || n->size() > 1024 || e->size() > 8) return nullptr;
  Bn bn_n = bignum(*n), bn_e = bignum(*e);
  Bld bld(OSSL_PARAM_BLD_new());
  if (!bn_n || !bn_e || !bld ||
      !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, bn_n.get()) ||
      !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E, bn_e.get()))
    return nullptr;
  auto key = key_from_params("RSA", bld.get());
  if (key && EVP_PKEY_get_bits(static_cast<EVP_PKEY*>(key.get())) < 2048) return nullptr;
  return key;
}

// RFC 7518 §6.2.1: P-256 coordinates, 32 bytes each. OpenSSL checks the point is on the curve.
std::shared_ptr<void> ec_key(const json::object& jwk) {
  if (string_member(jwk, "crv") != "P-256") return nullptr;
  const auto x = b64url_decode(string_member(jwk, "x"));
  const auto y = b64url_decode(string_member(jwk, "y"));
  if (!x || !y || x->size() != 32 || y->size() != 32) return nullptr;
  const std::string point = std::string(1, '\x04') + *x + *y;
  Bld bld(OSSL_PARAM_BLD_new());
  if (!bld ||
      !OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0) ||
      !OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                        point.size()))
    return nullptr;
  return key_from_params("EC", bld.get());
}

// JWS ES256 signatures are r||s (RFC 7518 §3.4); OpenSSL verifies DER ECDSA-Sig-Value.
std::optional<std::string> es256_to_der(const std::string& raw) {
  if (raw.size() != 64) return std::nullopt;
  ECDSA_SIG* sig = ECDSA_SIG_new();
  if (!sig) return std::nullopt;
  const auto* bytes = reinterpret_cast<const unsigned char*>(raw.data());
  BIGNUM* r = BN_bin2bn(bytes, 32, nullptr);
  BIGNUM* s = BN_bin2bn(bytes + 32, 32, nullptr);
  if (!r || !s || ECDSA_SIG_set0(sig, r, s) != 1) {
    BN_free(r);
    BN_free(s);
    ECDSA_SIG_free(sig);
    return std::nullopt;
  }
  unsigned char* der = nullptr;
  const int len = i2d_ECDSA_SIG(sig, &der);
  ECDSA_SIG_free(sig);
  if (len <= 0) return std::nullopt;
  std::string out(reinterpret_cast<char*>(der), static_cast<std::size_t>(len));
  OPENSSL_free(der);
  return out;
}

bool verify_sha256(EVP_PKEY* pkey, std::string_view data, const std::string& signature) {
  EVP_MD_CTX* md = EVP_MD_CTX_new();
  if (!md) return false;
  const bool ok =
      EVP_DigestVerifyInit(md, nullptr, EVP_sha256(), nullptr, pkey) == 1 &&
      EVP_DigestVerify(md, reinterpret_cast<const unsigned char*>(signature.data()),
                       signature.size(), reinterpret_cast<const unsigned char*>(data.data()),
                       data.size()) == 1;
  EVP_MD_CTX_free(md);
  return ok;
}

}  // namespace

std::optional<std::string> b64url_decode(std::string_view text) {
  if (text.size() % 4 == 1) return std::nullopt;
  std::string out;
  out.reserve(text.size() * 3 / 4);
  std::uint32_t acc = 0;
  int bits = 0;
  for (char c : text) {
    const int v = b64url_value(c);
    if (v < 0) return std::nullopt;
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xff));
    }
  }
  return out;
}

std::string b64url_encode(std::string_view bytes) {
  std::string out;
  std::uint32_t acc = 0;
  int bits = 0;
  for (unsigned char c : bytes) {
    acc = (acc << 8) | c;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out.push_back(kAlphabet[(acc >> bits) & 0x3f]);
    }
  }
  if (bits > 0) out.push_back(kAlphabet[(acc << (6 - bits)) & 0x3f]);
  return out;
}

bool looks_like_jwt(std::string_view text) {
  const auto a = text.find('.');
  if (a == std::string_view::npos) return false;
  const auto b = text.find('.', a + 1);
  if (b == std::string_view::npos || text.find('.', b + 1) != std::string_view::npos) return false;
  const auto header = b64url_decode(text.substr(0, a));
  if (!header) return false;
  const auto o = parse_object(*header);
  return o && o->contains("alg") && o->at("alg").is_string();
}

std::optional<Token> parse_token(std::string_view text, std::string& error) {
  error = "malformed token";
  const auto a = text.find('.');
  const auto b = a == std::string_view::npos ? a : text.find('.', a + 1);
  if (b == std::string_view::npos || text.find('.', b + 1) != std::string_view::npos)
    return std::nullopt;
  const auto header = b64url_decode(text.substr(0, a));
  const auto payload = b64url_decode(text.substr(a + 1, b - a - 1));
  const auto signature = b64url_decode(text.substr(b + 1));
  if (!header || !payload || !signature) return std::nullopt;
  auto h = parse_object(*header);
  auto p = parse_object(*payload);
  if (!h || !p) return std::nullopt;
  Token t;
  t.alg = string_member(*h, "alg");
  t.kid = string_member(*h, "kid");
  if (t.alg.empty()) return std::nullopt;
  // A nested or encrypted token, or one with critical extensions we do not implement,
  // cannot be verified as a plain JWS (RFC 7515 §4.1.11).
  if (h->contains("crit") || string_member(*h, "cty") == "JWT") {
    error = "unsupported token header";
    return std::nullopt;
  }
  t.header = std::move(*h);
  t.payload = std::move(*p);
  t.signing_input = std::string(text.substr(0, b));
  t.signature = std::move(*signature);
  error.clear();
  return t;
}

std::optional<KeySet> parse_jwks(std::string_view text, std::string& error, int* skipped) {
  auto doc = parse_object(text);
  const auto* keys = doc ? doc->if_contains("keys") : nullptr;
  if (!keys || !keys->is_array()) {
    error = "not a JWKS document (no \"keys\" array)";
    return std::nullopt;
  }
  KeySet out;
  int skip = 0;
  for (const auto& k : keys->get_array()) {
    if (!k.is_object()) {
      ++skip;
      continue;
    }
    const auto& jwk = k.get_object();
    const std::string use = string_member(jwk, "use");
    Key key;
    key.kty = string_member(jwk, "kty");
    key.alg = string_member(jwk, "alg");
    if (!use.empty() && use != "sig") {
      ++skip;
      continue;
    }
    if (key.kty == "RSA") key.pkey = rsa_key(jwk);
    if (key.kty == "EC") key.pkey = ec_key(jwk);
    if (!key.pkey) {
      ++skip;
      continue;
    }
    out.emplace(string_member(jwk, "kid"), std::move(key));
  }
  if (skipped) *skipped = skip;
  return out;
}

bool supported_alg(std::string_view alg) {
  return alg == "RS256" || alg == "ES256";
}

bool verify(const Token& token, const Key& key) {
  if (!supported_alg(token.alg) || !key.pkey) return false;
  if (!key.alg.empty() && key.alg != token.alg) return false;
  auto* pkey = static_cast<EVP_PKEY*>(key.pkey.get());
  if (token.alg == "RS256") {
    if (key.kty != "RSA") return false;
    return verify_sha256(pkey, token.signing_input, token.signature);
  }
  if (key.kty != "EC") return false;
  const auto der = es256_to_der(token.signature);
  return der && verify_sha256(pkey, token.signing_input, *der);
}

}  // namespace kubemcp::mcp::jwt
