#pragma once
// Layer 2 of the client: credentials. Turns a resolved kubeconfig user into request headers
// and TLS client material: bearer token, tokenFile (re-read on change; wins over token),
// basic auth, client certificates, exec credential plugins (v1, v1beta1), auth-provider
// oidc, impersonation. Thread-safe.
#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "kube/kubeconfig.hpp"
#include "net/client_http.hpp"
#include "net/rfc3339.hpp"

namespace kubemcp::kube {

// What an exec plugin printed (ExecCredential status).
struct ExecCredential {
  std::string token;
  std::string client_certificate_data;  // PEM
  std::string client_key_data;          // PEM
  std::optional<std::chrono::system_clock::time_point> expiration;
};

// Parses the plugin's stdout; `api_version` is the one the kubeconfig asked for and must
// match. Throws AuthError (plugin_failed) naming what is wrong, never a value.
ExecCredential parse_exec_credential(const std::string& text, const std::string& api_version,
                                     const std::string& cluster);

// The KUBERNETES_EXEC_INFO document handed to the plugin.
std::string exec_info(const ExecConfig& exec, const ClusterEntry& cluster);

// RFC 3339 ("2026-01-02T03:04:05Z", fractions, offsets). nullopt when malformed.
using net::parse_rfc3339;

// The expiry ("exp" claim) of a JWT, if it has one.
std::optional<std::chrono::system_clock::time_point> jwt_expiry(const std::string& token);

struct ClientCertificate {
  std::string cert_pem;
  std::string key_pem;
  bool operator==(const ClientCertificate&) const = default;
};

class Authenticator {
 public:
  // Validates the user entry (contradictory settings, unreadable files): ConfigError.
  Authenticator(std::string cluster, const ResolvedContext& context);

  // Adds Authorization and Impersonate-* headers. May run the exec plugin (blocking).
  // Throws AuthError when no credential can be obtained.
  void apply(net::Headers& headers);

  // TLS client certificate, static or from the exec plugin (may run it). Empty when none.
  ClientCertificate client_certificate();

  // Called after a 401: forgets cached credentials. True when retrying may succeed
  // (a fresh plugin run or a changed token file).
  bool invalidate();

  bool has_credentials() const;
  const std::string& method() const { return method_; }  // "token", "exec", ... for reports

 private:
  const ExecCredential& exec_credential(std::unique_lock<std::mutex>& lock);
  std::string read_token_file();

  std::string cluster_;
  ResolvedContext context_;
  std::string method_;
  ClientCertificate static_cert_;
  std::mutex mu_;
  std::optional<ExecCredential> exec_cache_;
  std::string token_file_text_;
  std::int64_t token_file_stamp_ = -1;
};

// Runs an exec plugin and returns its credential (exposed for tests and diagnostics).
ExecCredential run_exec_plugin(const ExecConfig& exec, const ClusterEntry& cluster,
                               const std::string& cluster_name);

// In-cluster configuration from KUBERNETES_SERVICE_HOST/PORT and the service account
// directory (token, ca.crt, namespace). Throws ConfigError when not inside a pod.
ResolvedContext in_cluster_context(
    const std::string& sa_dir = "/var/run/secrets/kubernetes.io/serviceaccount");

}  // namespace kubemcp::kube
