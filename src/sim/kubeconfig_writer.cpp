#include "sim/kubeconfig_writer.hpp"

#include <sys/stat.h>
#include <yaml-cpp/yaml.h>

#include <cstdio>
#include <fstream>
#include <stdexcept>

#include "net/base64.hpp"

namespace kubemcp::sim {

void write_file(const std::string& path, const std::string& content, unsigned mode) {
  std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw std::runtime_error("cannot write " + tmp);
    ::chmod(tmp.c_str(), mode);
    out << content;
    if (!out) throw std::runtime_error("cannot write " + tmp);
  }
  ::chmod(tmp.c_str(), mode);
  if (std::rename(tmp.c_str(), path.c_str()) != 0) throw std::runtime_error("cannot write " + path);
}

void write_kubeconfig(const std::string& path, const std::vector<KubeconfigEntry>& entries,
                      const std::string& current_context) {
  YAML::Emitter y;
  y << YAML::BeginMap;
  y << YAML::Key << "apiVersion" << YAML::Value << "v1";
  y << YAML::Key << "kind" << YAML::Value << "Config";
  y << YAML::Key << "preferences" << YAML::Value << YAML::BeginMap << YAML::EndMap;
  y << YAML::Key << "clusters" << YAML::Value << YAML::BeginSeq;
  for (const auto& e : entries) {
    y << YAML::BeginMap << YAML::Key << "name" << YAML::Value << e.name;
    y << YAML::Key << "cluster" << YAML::Value << YAML::BeginMap;
    y << YAML::Key << "server" << YAML::Value << e.server;
    y << YAML::Key << "certificate-authority-data" << YAML::Value << net::base64_encode(e.ca_pem);
    y << YAML::EndMap << YAML::EndMap;
  }
  y << YAML::EndSeq;
  y << YAML::Key << "contexts" << YAML::Value << YAML::BeginSeq;
  for (const auto& e : entries) {
    y << YAML::BeginMap << YAML::Key << "name" << YAML::Value << e.name;
    y << YAML::Key << "context" << YAML::Value << YAML::BeginMap;
    y << YAML::Key << "cluster" << YAML::Value << e.name;
    y << YAML::Key << "user" << YAML::Value << e.name;
    if (!e.namespace_.empty()) y << YAML::Key << "namespace" << YAML::Value << e.namespace_;
    y << YAML::EndMap << YAML::EndMap;
  }
  y << YAML::EndSeq;
  y << YAML::Key << "current-context" << YAML::Value << current_context;
  y << YAML::Key << "users" << YAML::Value << YAML::BeginSeq;
  for (const auto& e : entries) {
    y << YAML::BeginMap << YAML::Key << "name" << YAML::Value << e.name;
    y << YAML::Key << "user" << YAML::Value << YAML::BeginMap;
    if (!e.token.empty()) {
      y << YAML::Key << "token" << YAML::Value << e.token;
    } else if (!e.cert_pem.empty()) {
      y << YAML::Key << "client-certificate-data" << YAML::Value << net::base64_encode(e.cert_pem);
      y << YAML::Key << "client-key-data" << YAML::Value << net::base64_encode(e.key_pem);
    } else if (!e.exec_argv.empty()) {
      y << YAML::Key << "exec" << YAML::Value << YAML::BeginMap;
      y << YAML::Key << "apiVersion" << YAML::Value << "client.authentication.k8s.io/v1";
      y << YAML::Key << "command" << YAML::Value << e.exec_argv[0];
      y << YAML::Key << "args" << YAML::Value << YAML::Flow << YAML::BeginSeq;
      for (size_t i = 1; i < e.exec_argv.size(); ++i) y << e.exec_argv[i];
      y << YAML::EndSeq;
      y << YAML::Key << "interactiveMode" << YAML::Value << "Never";
      y << YAML::Key << "provideClusterInfo" << YAML::Value << false;
      y << YAML::EndMap;
    }
    y << YAML::EndMap << YAML::EndMap;
  }
  y << YAML::EndSeq;
  y << YAML::EndMap;
  write_file(path, std::string(y.c_str()) + "\n", 0600);
}

void write_kubemcp_yaml(const std::string& path, const std::string& default_cluster,
                        const std::vector<ConfigCluster>& clusters) {
  YAML::Emitter y;
  y << YAML::BeginMap;
  y << YAML::Key << "default_cluster" << YAML::Value << default_cluster;
  y << YAML::Key << "clusters" << YAML::Value << YAML::BeginSeq;
  for (const auto& c : clusters) {
    y << YAML::BeginMap;
    y << YAML::Key << "name" << YAML::Value << c.name;
    y << YAML::Key << "aliases" << YAML::Value << YAML::Flow << c.aliases;
    y << YAML::Key << "kubeconfig" << YAML::Value << c.kubeconfig;
    if (!c.namespace_.empty()) y << YAML::Key << "namespace" << YAML::Value << c.namespace_;
    y << YAML::Key << "access" << YAML::Value << c.access;
    if (!c.login.empty()) y << YAML::Key << "login" << YAML::Value << YAML::Flow << c.login;
    if (!c.network_heal.empty())
      y << YAML::Key << "network_heal" << YAML::Value << YAML::Flow << c.network_heal;
    y << YAML::EndMap;
  }
  y << YAML::EndSeq << YAML::EndMap;
  write_file(path, std::string(y.c_str()) + "\n", 0644);
}

}  // namespace kubemcp::sim
