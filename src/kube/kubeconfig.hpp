#pragma once
// The kubeconfig data model and loader (layer 1 of the client: config).
// Files are only ever read. Nothing here prints credential values: errors name the
// file, the entry and the field, never what the field holds.
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "kube/errors.hpp"

namespace kubemcp::kube {

// A kubeconfig that cannot be read or used; names the file, entry and field.
struct KubeconfigError : ConfigError {
  explicit KubeconfigError(const std::string& message) : ConfigError(message) {}
};

struct ExecEnvVar {
  std::string name;
  std::string value;
};

struct ExecConfig {
  std::string api_version;  // client.authentication.k8s.io/v1 or v1beta1
  std::string command;
  std::vector<std::string> args;
  std::vector<ExecEnvVar> env;
  bool provide_cluster_info = false;
  std::string interactive_mode;  // Never | IfAvailable | Always
  std::string install_hint;
};

struct AuthProviderConfig {
  std::string name;  // only "oidc" still works upstream
  std::map<std::string, std::string> config;
};

struct ClusterEntry {
  std::string server;
  std::string certificate_authority;       // path, resolved against the defining file
  std::string certificate_authority_data;  // PEM (decoded from base64)
  bool insecure_skip_tls_verify = false;
  std::string tls_server_name;
  std::string proxy_url;
  bool disable_compression = false;
  std::string origin_file;  // the file that defined it, for messages
};

struct UserEntry {
  std::string token;
  std::string token_file;
  std::string client_certificate;       // path
  std::string client_certificate_data;  // PEM
  std::string client_key;               // path
  std::string client_key_data;          // PEM
  std::string username;
  std::string password;
  std::string impersonate;                                            // "as"
  std::vector<std::string> impersonate_groups;                        // "as-groups"
  std::string impersonate_uid;                                        // "as-uid"
  std::map<std::string, std::vector<std::string>> impersonate_extra;  // "as-user-extra"
  std::optional<ExecConfig> exec;
  std::optional<AuthProviderConfig> auth_provider;
  std::string origin_file;
};

struct ContextEntry {
  std::string cluster;
  std::string user;
  std::string namespace_;
};

struct Kubeconfig {
  std::map<std::string, ClusterEntry> clusters;
  std::map<std::string, UserEntry> users;
  std::map<std::string, ContextEntry> contexts;
  std::string current_context;
  std::vector<std::string> files;  // the files it was read from, in order
};

// What a client needs for one context, after the references are followed.
struct ResolvedContext {
  std::string context_name;
  std::string cluster_name;
  std::string user_name;
  std::string namespace_;  // empty when the context names none
  ClusterEntry cluster;
  UserEntry user;
};

// Parses one kubeconfig document. `origin` names it in errors and anchors relative paths.
Kubeconfig parse_kubeconfig(const std::string& text, const std::string& origin);

// Reads one file (an explicit kubeconfig means that file only).
Kubeconfig load_kubeconfig_file(const std::string& path);

// Reads a $KUBECONFIG-style list (':'-separated) with kubectl's merge rules: the first
// file to define a name wins, the first current-context wins, missing files are skipped.
Kubeconfig load_kubeconfig_list(const std::string& paths);

// Follows context → cluster and user. An empty `context` means current-context.
ResolvedContext resolve_context(const Kubeconfig& config, const std::string& context);

}  // namespace kubemcp::kube
