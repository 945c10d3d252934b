#pragma once
// The kubemcp config file (README.md, "Configuration reference") and the automatic
// registration used without one.
#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "fleet/cluster.hpp"
#include "fleet/service_config.hpp"

namespace kubemcp::fleet {

// A config that cannot be used. The message starts with "FILE:LINE: " when a line is known.
struct ConfigError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct Settings {
  std::size_t output_budget = 16000;      // characters a tool result may take
  std::string audit_log;                  // JSON-lines file for writes; empty: no audit file
  std::vector<std::string> cp_roots;      // local roots k8s_cp may read/write; empty: working dir
  std::size_t max_watches = 16;           // resource subscriptions (watches) per MCP session
  std::size_t exec_timeout_max = 300;     // seconds k8s_exec may run (its `timeout` is capped here)
  std::size_t cp_max_bytes = 256u << 20;  // bytes one k8s_cp may move (the tar stream)
  std::size_t max_port_forwards = 10;     // port-forwards the server process holds at once
  std::size_t bulk_limit = 20;            // a delete of more objects needs confirm=true
  std::optional<OidcConfig> oidc;         // http.oidc: JWT bearer tokens of HTTP callers
};

// `http:` — the Streamable HTTP transport (kubemcp serve --transport http).
struct HttpSettings {
  // Origin headers accepted (scheme://host[:port], or "*"); empty: localhost origins only.
  std::vector<std::string> allowed_origins;
  // Host headers accepted besides localhost names and the listen address (DNS rebinding).
  std::vector<std::string> allowed_hosts;
  std::size_t max_sessions = 1000;
  std::size_t session_idle_timeout = 1800;  // seconds without a request before a session ends
  std::size_t max_body_bytes = 4u << 20;
  std::size_t max_header_bytes = 16u << 10;
  std::size_t request_timeout = 60;  // seconds to receive one request
  std::size_t max_connections = 1024;
  std::size_t max_calls_per_client = 32;  // concurrent requests per session (or per stateless POST)
  // Authorization servers named in the protected-resource metadata (RFC 9728).
  std::vector<std::string> authorization_servers;
};

struct FleetConfig {
  std::string source;  // the config file, or "automatic (~/.kube/config.*)"
  std::string default_cluster;
  std::vector<ClusterConfig> clusters;
  Settings settings;
  InClusterConfig in_cluster;
  HttpSettings http;
};

// Adds the pod's service account as a cluster when running inside one (in_cluster.mode, the
// environment, the token under $KUBEMCP_SERVICEACCOUNT_DIR or the standard mount). Called by
// load_config(); `cfg.source` names the file in errors.
void add_in_cluster(FleetConfig& cfg, bool automatic);

// Parses a config file's text; `path` names it in errors and anchors relative paths.
FleetConfig parse_config(const std::string& text, const std::string& path);

// Registers what exists: ~/.kube/config.{e,s,p,k,ap} and $KUBECONFIG or ~/.kube/config.
FleetConfig auto_config(const std::string& home, const std::string& kubeconfig_env);

// Where the audit log goes when the config names none: $XDG_STATE_HOME/kubemcp/audit.jsonl,
// else HOME/.local/state/kubemcp/audit.jsonl; empty when neither is known.
std::string default_audit_path(const std::string& home, const std::string& xdg_state_home);

// The config kubemcp runs with: --config FILE, else $KUBEMCP_CONFIG, else
// ~/.config/kubemcp/config.yaml if it exists, else auto_config(). A file named
// explicitly (flag or variable) must exist. The audit log defaults to default_audit_path().
FleetConfig load_config(const std::optional<std::string>& explicit_path);

}  // namespace kubemcp::fleet
