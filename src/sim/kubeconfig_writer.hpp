#pragma once
// Writes the files `kubemcp sim` leaves in its directory: kubeconfigs (bearer token, client
// certificate, exec plugin) and the kubemcp.yaml that registers the clusters. Files holding
// credentials are created with mode 0600.
#include <string>
#include <vector>

namespace kubemcp::sim {

struct KubeconfigEntry {
  std::string name;  // context, cluster and user entry name
  std::string server;
  std::string ca_pem;
  std::string namespace_;
  // Exactly one way to authenticate:
  std::string token;
  std::string cert_pem, key_pem;
  std::vector<std::string> exec_argv;  // command + args of an exec credential plugin
};

void write_kubeconfig(const std::string& path, const std::vector<KubeconfigEntry>& entries,
                      const std::string& current_context);

struct ConfigCluster {
  std::string name;
  std::vector<std::string> aliases;
  std::string kubeconfig;  // relative to the yaml file
  std::string namespace_;
  std::string access;
  std::vector<std::string> login;         // empty: no login command
  std::vector<std::string> network_heal;  // empty: none
};

void write_kubemcp_yaml(const std::string& path, const std::string& default_cluster,
                        const std::vector<ConfigCluster>& clusters);

// Writes a file atomically (temp + rename) with the given mode.
void write_file(const std::string& path, const std::string& content, unsigned mode);

}  // namespace kubemcp::sim
