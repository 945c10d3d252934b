#include "kube/kubeconfig.hpp"

#include <yaml-cpp/yaml.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "net/base64.hpp"

namespace kubemcp::kube {
namespace fs = std::filesystem;
namespace {

std::string where(const std::string& origin, const YAML::Node& node) {
  const auto mark = node.Mark();
  if (mark.line >= 0) return origin + ":" + std::to_string(mark.line + 1);
  return origin;
}

// Reads a scalar field; a field of the wrong shape is an error that names it.
std::string scalar(const YAML::Node& map, const char* key, const std::string& origin,
                   const std::string& entry) {
  const YAML::Node n = map[key];
  if (!n || n.IsNull()) return {};
  if (!n.IsScalar())
    throw KubeconfigError(where(origin, n) + ": " + entry + ": field '" + key +
                          "' must be a string");
  return n.Scalar();
}

bool boolean(const YAML::Node& map, const char* key, const std::string& origin,
             const std::string& entry) {
  const YAML::Node n = map[key];
  if (!n || n.IsNull()) return false;
  try {
    return n.as<bool>();
  } catch (const YAML::Exception&) {
    throw KubeconfigError(where(origin, n) + ": " + entry + ": field '" + key +
                          "' must be true or false");
  }
}

std::vector<std::string> strings(const YAML::Node& map, const char* key, const std::string& origin,
                                 const std::string& entry) {
  std::vector<std::string> out;
  const YAML::Node n = map[key];
  if (!n || n.IsNull()) return out;
  if (!n.IsSequence())
    throw KubeconfigError(where(origin, n) + ": " + entry + ": field '" + key +
                          "' must be a list of strings");
  for (const auto& item : n) {
    if (!item.IsScalar())
      throw KubeconfigError(where(origin, item) + ": " + entry + ": field '" + key +
                            "' must be a list of strings");
    out.push_back(item.Scalar());
  }
  return out;
}

std::string decode_data(const YAML::Node& map, const char* key, const std::string& origin,
                        const std::string& entry) {
  const std::string encoded = scalar(map, key, origin, entry);
  if (encoded.empty()) return {};
  auto decoded = net::base64_decode(encoded);
  if (!decoded)
    throw KubeconfigError(where(origin, map[key]) + ": " + entry + ": field '" + key +
                          "' is not valid base64");
  return *decoded;
}

// Relative paths in a kubeconfig are relative to the file that holds them.
std::string resolve_path(const std::string& path, const std::string& origin) {
  if (path.empty()) return path;
  if (path[0] == '~') {
    const char* home = std::getenv("HOME");
    if (home && (path.size() == 1 || path[1] == '/')) return std::string(home) + path.substr(1);
  }
  const fs::path p(path);
  if (p.is_absolute()) return path;
  const fs::path base = fs::path(origin).parent_path();
  return base.empty() ? path : (base / p).string();
}

// Iterates a named list (`clusters`, `users`, `contexts`): each item has `name` and `<inner>`.
template <typename Fn>
void each_named(const YAML::Node& root, const char* list, const char* inner,
                const std::string& origin, Fn&& fn) {
  const YAML::Node items = root[list];
  if (!items || items.IsNull()) return;
  if (!items.IsSequence())
    throw KubeconfigError(where(origin, items) + ": '" + list + "' must be a list");
  for (const auto& item : items) {
    if (!item.IsMap())
      throw KubeconfigError(where(origin, item) + ": each entry of '" + list + "' must be a map");
    const std::string name = scalar(item, "name", origin, list);
    if (name.empty())
      throw KubeconfigError(where(origin, item) + ": an entry of '" + list + "' has no name");
    YAML::Node body = item[inner];
    if (body && !body.IsNull() && !body.IsMap())
      throw KubeconfigError(where(origin, body) + ": " + list + " '" + name + "': '" + inner +
                            "' must be a map");
    fn(name, body ? body : YAML::Node(YAML::NodeType::Map));
  }
}

ExecConfig parse_exec(const YAML::Node& n, const std::string& origin, const std::string& entry) {
  ExecConfig e;
  e.api_version = scalar(n, "apiVersion", origin, entry);
  e.command = scalar(n, "command", origin, entry);
  if (e.command.empty())
    throw KubeconfigError(where(origin, n) + ": " + entry + ": exec needs a 'command'");
  e.args = strings(n, "args", origin, entry);
  if (const YAML::Node env = n["env"]; env && !env.IsNull()) {
    if (!env.IsSequence())
      throw KubeconfigError(where(origin, env) + ": " + entry + ": exec 'env' must be a list");
    for (const auto& v : env)
      e.env.push_back({scalar(v, "name", origin, entry), scalar(v, "value", origin, entry)});
  }
  e.provide_cluster_info = boolean(n, "provideClusterInfo", origin, entry);
  e.interactive_mode = scalar(n, "interactiveMode", origin, entry);
  e.install_hint = scalar(n, "installHint", origin, entry);
  if (e.api_version != "client.authentication.k8s.io/v1" &&
      e.api_version != "client.authentication.k8s.io/v1beta1")
    throw KubeconfigError(where(origin, n) + ": " + entry +
                          ": exec apiVersion must be client.authentication.k8s.io/v1 or v1beta1");
  if (e.api_version == "client.authentication.k8s.io/v1" && e.interactive_mode.empty())
    throw KubeconfigError(where(origin, n) + ": " + entry +
                          ": exec interactiveMode is required for client.authentication.k8s.io/v1");
  return e;
}

}  // namespace

static Kubeconfig parse_document(const std::string& text, const std::string& origin);

Kubeconfig parse_kubeconfig(const std::string& text, const std::string& origin) {
  try {
    return parse_document(text, origin);
  } catch (const YAML::Exception& e) {
    // yaml-cpp's own messages describe structure, never the values.
    throw KubeconfigError(origin + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
}

static Kubeconfig parse_document(const std::string& text, const std::string& origin) {
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::ParserException& e) {
    throw KubeconfigError(origin + ":" + std::to_string(e.mark.line + 1) +
                          ": not valid YAML: " + e.msg);
  }
  Kubeconfig cfg;
  cfg.files.push_back(origin);
  if (!root || root.IsNull()) return cfg;
  if (!root.IsMap()) throw KubeconfigError(origin + ": a kubeconfig must be a YAML map");

  each_named(
      root, "clusters", "cluster", origin, [&](const std::string& name, const YAML::Node& c) {
        const std::string entry = "cluster '" + name + "'";
        ClusterEntry e;
        e.server = scalar(c, "server", origin, entry);
        e.certificate_authority =
            resolve_path(scalar(c, "certificate-authority", origin, entry), origin);
        e.certificate_authority_data = decode_data(c, "certificate-authority-data", origin, entry);
        e.insecure_skip_tls_verify = boolean(c, "insecure-skip-tls-verify", origin, entry);
        e.tls_server_name = scalar(c, "tls-server-name", origin, entry);
        e.proxy_url = scalar(c, "proxy-url", origin, entry);
        e.disable_compression = boolean(c, "disable-compression", origin, entry);
        e.origin_file = origin;
        cfg.clusters.emplace(name, std::move(e));
      });

  each_named(root, "users", "user", origin, [&](const std::string& name, const YAML::Node& u) {
    const std::string entry = "user '" + name + "'";
    UserEntry e;
    e.token = scalar(u, "token", origin, entry);
    e.token_file = resolve_path(scalar(u, "tokenFile", origin, entry), origin);
    e.client_certificate = resolve_path(scalar(u, "client-certificate", origin, entry), origin);
    e.client_certificate_data = decode_data(u, "client-certificate-data", origin, entry);
    e.client_key = resolve_path(scalar(u, "client-key", origin, entry), origin);
    e.client_key_data = decode_data(u, "client-key-data", origin, entry);
    e.username = scalar(u, "username", origin, entry);
    e.password = scalar(u, "password", origin, entry);
    e.impersonate = scalar(u, "as", origin, entry);
    e.impersonate_groups = strings(u, "as-groups", origin, entry);
    e.impersonate_uid = scalar(u, "as-uid", origin, entry);
    if (const YAML::Node extra = u["as-user-extra"]; extra && !extra.IsNull()) {
      if (!extra.IsMap())
        throw KubeconfigError(where(origin, extra) + ": " + entry +
                              ": field 'as-user-extra' must be a map of string lists");
      for (const auto& kv : extra)
        e.impersonate_extra[kv.first.Scalar()] =
            strings(extra, kv.first.Scalar().c_str(), origin, entry);
    }
    if (const YAML::Node ex = u["exec"]; ex && !ex.IsNull()) {
      if (!ex.IsMap())
        throw KubeconfigError(where(origin, ex) + ": " + entry + ": 'exec' must be a map");
      e.exec = parse_exec(ex, origin, entry);
      // Like client-go: a command with a path separator is relative to the kubeconfig file.
      if (e.exec->command.find('/') != std::string::npos)
        e.exec->command = resolve_path(e.exec->command, origin);
    }
    if (const YAML::Node ap = u["auth-provider"]; ap && !ap.IsNull()) {
      if (!ap.IsMap())
        throw KubeconfigError(where(origin, ap) + ": " + entry + ": 'auth-provider' must be a map");
      AuthProviderConfig p;
      p.name = scalar(ap, "name", origin, entry);
      if (const YAML::Node conf = ap["config"]; conf && conf.IsMap())
        for (const auto& kv : conf)
          if (kv.first.IsScalar() && kv.second.IsScalar())
            p.config[kv.first.Scalar()] = kv.second.Scalar();
      e.auth_provider = std::move(p);
    }
    e.origin_file = origin;
    cfg.users.emplace(name, std::move(e));
  });

  each_named(root, "contexts", "context", origin,
             [&](const std::string& name, const YAML::Node& c) {
               const std::string entry = "context '" + name + "'";
               cfg.contexts.emplace(name, ContextEntry{scalar(c, "cluster", origin, entry),
                                                       scalar(c, "user", origin, entry),
                                                       scalar(c, "namespace", origin, entry)});
             });
  cfg.current_context = scalar(root, "current-context", origin, "kubeconfig");
  return cfg;
}

Kubeconfig load_kubeconfig_file(const std::string& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec))
    throw KubeconfigError(path + ": cannot read kubeconfig (it is a directory)");
  std::ifstream in(path, std::ios::in | std::ios::binary);
  if (!in) throw KubeconfigError(path + ": cannot read kubeconfig (" + std::strerror(errno) + ")");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_kubeconfig(text.str(), path);
}

Kubeconfig load_kubeconfig_list(const std::string& paths) {
  Kubeconfig merged;
  std::stringstream list(paths);
  std::string path;
  while (std::getline(list, path, ':')) {
    if (path.empty() || !fs::exists(path)) continue;
    Kubeconfig one = load_kubeconfig_file(path);
    // std::map::emplace keeps the existing entry: the first file to define a name wins.
    for (auto& [k, v] : one.clusters) merged.clusters.emplace(k, std::move(v));
    for (auto& [k, v] : one.users) merged.users.emplace(k, std::move(v));
    for (auto& [k, v] : one.contexts) merged.contexts.emplace(k, std::move(v));
    if (merged.current_context.empty()) merged.current_context = one.current_context;
    merged.files.push_back(path);
  }
  if (merged.files.empty()) throw KubeconfigError("none of the kubeconfig files exists: " + paths);
  return merged;
}

ResolvedContext resolve_context(const Kubeconfig& config, const std::string& context) {
  const std::string origin = config.files.empty() ? "kubeconfig" : config.files.front();
  ResolvedContext r;
  r.context_name = context.empty() ? config.current_context : context;
  if (r.context_name.empty())
    throw KubeconfigError(origin + ": no context given and no current-context set");
  const auto ctx = config.contexts.find(r.context_name);
  if (ctx == config.contexts.end())
    throw KubeconfigError(origin + ": context '" + r.context_name + "' not found");
  r.cluster_name = ctx->second.cluster;
  r.user_name = ctx->second.user;
  r.namespace_ = ctx->second.namespace_;
  const auto cl = config.clusters.find(r.cluster_name);
  if (cl == config.clusters.end())
    throw KubeconfigError(origin + ": context '" + r.context_name + "' names cluster '" +
                          r.cluster_name + "', which is not defined");
  r.cluster = cl->second;
  if (r.cluster.server.empty())
    throw KubeconfigError(origin + ": cluster '" + r.cluster_name + "' has no server");
  if (r.cluster.insecure_skip_tls_verify &&
      (!r.cluster.certificate_authority.empty() || !r.cluster.certificate_authority_data.empty()))
    throw KubeconfigError(origin + ": cluster '" + r.cluster_name +
                          "': insecure-skip-tls-verify cannot be set together with a certificate "
                          "authority; remove one of them");
  if (!r.user_name.empty()) {
    const auto us = config.users.find(r.user_name);
    if (us == config.users.end())
      throw KubeconfigError(origin + ": context '" + r.context_name + "' names user '" +
                            r.user_name + "', which is not defined");
    r.user = us->second;
  }
  return r;
}

}  // namespace kubemcp::kube
