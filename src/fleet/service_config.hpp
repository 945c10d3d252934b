#pragma once
// Config for kubemcp run as a shared service: OIDC/JWT callers of the HTTP transport
// (`http.oidc`) and the pod's own service account as a cluster (`in_cluster`).
// README.md, "Configuration reference", documents every key.
#include <chrono>
#include <string>
#include <vector>

#include "fleet/cluster.hpp"

namespace kubemcp::fleet {

// What callers whose token carries `claim` = `value` (or `value` among the claim's array
// entries, e.g. a group) may do. The first matching grant wins.
struct OidcGrant {
  std::string claim;
  std::string value;
  bool read_only = false;
  std::vector<std::string> clusters;  // empty: every cluster
};

struct OidcConfig {
  std::string issuer;    // must equal the tokens' `iss`; discovery at ISSUER/.well-known/...
  std::string audience;  // must be in the tokens' `aud`
  std::string jwks_url;  // empty: jwks_uri from the issuer's OIDC discovery document
  std::string ca_file;   // CA bundle for the issuer's HTTPS; empty: the system store
  std::string name_claim = "sub";       // the caller's name in the audit log
  std::chrono::seconds clock_skew{60};  // leeway for exp, nbf and iat
  bool read_only = false;               // callers no grant matches
  std::vector<std::string> clusters;    // callers no grant matches; empty: every cluster
  bool require_grant = false;           // refuse callers no grant matches
  std::vector<OidcGrant> grants;
};

// `in_cluster:` — inside a pod (KUBERNETES_SERVICE_HOST/PORT set and a service account
// token mounted) the pod's service account is a cluster of its own.
struct InClusterConfig {
  enum class Mode { automatic, required, disabled };
  Mode mode = Mode::automatic;
  std::string name = "default";
  std::vector<std::string> aliases;
  std::string namespace_;  // empty: the service account's namespace
  Access access = Access::read_write;
};

}  // namespace kubemcp::fleet
