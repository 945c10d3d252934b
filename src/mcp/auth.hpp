#pragma once
// Who is calling over HTTP. A transport asks each configured Authenticator in turn about the
// bearer token of a request; the first that knows the token answers with the caller (a name
// for the audit log and the limits config gives that caller) or with why it refused.
// Implementations: token files (mcp/auth_token_file.*) and OIDC/JWT (mcp/auth_jwt.*).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kubemcp::mcp {

struct Principal {
  std::string name;                   // recorded in the audit log; never the token itself
  bool read_only = false;             // only read-only tools may be called
  std::vector<std::string> clusters;  // clusters this caller may use; empty = every cluster
};

struct AuthVerdict {
  enum class Kind {
    Unknown,   // this authenticator does not recognise the token: ask the next one
    Accepted,  // principal is set
    Rejected,  // the token is this authenticator's kind but invalid (expired, bad signature…)
  };
  Kind kind = Kind::Unknown;
  std::optional<Principal> principal;
  // For Rejected: a short reason safe to show the client (RFC 6750 error_description).
  // Never contains the token or key material.
  std::string reason;
};

class Authenticator {
 public:
  virtual ~Authenticator() = default;
  // Thread-safe; called for every HTTP request that carries `Authorization: Bearer <token>`.
  virtual AuthVerdict authenticate(std::string_view bearer_token) = 0;
};

}  // namespace kubemcp::mcp
