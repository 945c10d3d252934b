#pragma once
// JOSE primitives for OIDC bearer tokens: compact JWS parsing, JWKS parsing (RSA and EC P-256
// public keys) and RS256/ES256 signature verification with OpenSSL 3. No claim policy here —
// that is mcp/auth_jwt.*. Everything that reads untrusted bytes returns an error instead of
// throwing, so the fuzzer (tests/fuzz/fuzz_jwt.cpp) can drive it directly.
#include <boost/json/object.hpp>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace kubemcp::mcp::jwt {

// base64url without padding (RFC 7515 §2); nullopt on characters outside the alphabet.
std::optional<std::string> b64url_decode(std::string_view text);
std::string b64url_encode(std::string_view bytes);

// A compact JWS split into its parts. `signing_input` is "header.payload" as sent.
struct Token {
  boost::json::object header;
  boost::json::object payload;
  std::string signing_input;
  std::string signature;  // decoded bytes
  std::string alg;        // header "alg"
  std::string kid;        // header "kid", may be empty
};

// Whether `text` has the shape of a JWS at all: three base64url parts whose first decodes to
// a JSON object with an "alg" string. Tokens of other kinds (opaque tokens from a token file)
// fail this and belong to another authenticator.
bool looks_like_jwt(std::string_view text);

// Parses a compact JWS; on failure returns nullopt and sets `error` to a short reason that
// never contains the token.
std::optional<Token> parse_token(std::string_view text, std::string& error);

// One public verification key of a JWKS.
struct Key {
  std::string kty;             // "RSA" or "EC"
  std::string alg;             // the JWK's "alg" when it names one, else empty
  std::shared_ptr<void> pkey;  // EVP_PKEY*, freed with EVP_PKEY_free
};

// kid → key. Keys without a "kid" are stored under "" (only one such key is kept).
using KeySet = std::multimap<std::string, Key>;

// Parses a JWKS document. Keys that are not signature keys, of an unsupported type or curve,
// or malformed are skipped (a JWKS may list keys for other uses); `skipped` counts them.
// Returns nullopt (and `error`) only when the document itself is not a JWKS.
std::optional<KeySet> parse_jwks(std::string_view text, std::string& error, int* skipped = nullptr);

// Whether `alg` is one kubemcp verifies (RS256, ES256). "none" and HMAC are refused: an
// issuer's public JWKS must never be usable as a shared secret.
bool supported_alg(std::string_view alg);

// Verifies `token`'s signature with `key`; false when the key type does not fit the alg.
bool verify(const Token& token, const Key& key);

}  // namespace kubemcp::mcp::jwt
