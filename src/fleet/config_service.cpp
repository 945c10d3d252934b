// The service-mode sections of the config file: `http.oidc` and `in_cluster`, and the
// detection of the pod's service account.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <set>

#include "fleet/config_yaml.hpp"

namespace kubemcp::fleet {
namespace fs = std::filesystem;

namespace detail {
namespace {

// Checks every key of a map against `known` and names them in the error.
void check_keys(const YAML::Node& node, const std::string& path, const std::string& what,
                const std::vector<std::string>& known) {
  if (!node.IsMap()) fail(path, node, what + " must be a map");
  for (const auto& kv : node) {
    const std::string key = key_of(kv.first, path);
    if (std::find(known.begin(), known.end(), key) != known.end()) continue;
    std::string list;
    for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
    fail(path, kv.first, "unknown key '" + key + "' in " + what + " (known: " + list + ")");
  }
}

std::string https_url(const YAML::Node& v, const std::string& path, const std::string& what) {
  std::string url = scalar(v, path, what);
  if (!url.starts_with("https://"))
    fail(path, v, what + " must be an https:// URL (signing keys are fetched over TLS only)");
  return url;
}

OidcGrant parse_grant(const YAML::Node& node, const std::string& path) {
  check_keys(node, path, "an http.oidc grant", {"claim", "value", "read_only", "clusters"});
  OidcGrant g;
  if (node["claim"]) g.claim = scalar(node["claim"], path, "grant claim");
  if (node["value"]) g.value = scalar(node["value"], path, "grant value");
  if (node["read_only"]) g.read_only = boolean(node["read_only"], path, "grant read_only");
  if (node["clusters"]) g.clusters = string_list(node["clusters"], path, "grant clusters");
  if (g.claim.empty() || g.value.empty())
    fail(path, node,
         "an http.oidc grant needs a claim and a value, like {claim: groups, value: sre}");
  return g;
}

}  // namespace

OidcConfig parse_oidc(const YAML::Node& node, const std::string& path) {
  check_keys(node, path, "http.oidc",
             {"issuer", "audience", "jwks_url", "ca_file", "name_claim", "clock_skew", "read_only",
              "clusters", "require_grant", "grants"});
  OidcConfig o;
  for (const auto& kv : node) {
    const std::string key = kv.first.Scalar();
    const YAML::Node& v = kv.second;
    if (key == "issuer")
      o.issuer = https_url(v, path, "http.oidc.issuer");
    else if (key == "audience")
      o.audience = scalar(v, path, "http.oidc.audience");
    else if (key == "jwks_url")
      o.jwks_url = https_url(v, path, "http.oidc.jwks_url");
    else if (key == "ca_file")
      o.ca_file = expand_path(scalar(v, path, "http.oidc.ca_file"), path);
    else if (key == "name_claim")
      o.name_claim = scalar(v, path, "http.oidc.name_claim");
    else if (key == "clock_skew")
      o.clock_skew = std::chrono::seconds(bounded(v, path, "http.oidc.clock_skew", 0, 3600));
    else if (key == "read_only")
      o.read_only = boolean(v, path, "http.oidc.read_only");
    else if (key == "clusters")
      o.clusters = string_list(v, path, "http.oidc.clusters");
    else if (key == "require_grant")
      o.require_grant = boolean(v, path, "http.oidc.require_grant");
    else if (key == "grants") {
      if (!v.IsSequence()) fail(path, v, "http.oidc.grants must be a list");
      for (const auto& g : v) o.grants.push_back(parse_grant(g, path));
    }
  }
  if (o.issuer.empty()) fail(path, node, "http.oidc needs an 'issuer' (https:// URL)");
  if (o.audience.empty())
    fail(path, node, "http.oidc needs an 'audience' (the client ID tokens are issued for)");
  if (o.name_claim.empty()) fail(path, node, "http.oidc.name_claim must name a claim");
  return o;
}

InClusterConfig parse_in_cluster(const YAML::Node& node, const std::string& path) {
  InClusterConfig ic;
  if (node.IsScalar()) {  // `in_cluster: false` turns detection off, `true` requires a pod
    ic.mode = boolean(node, path, "in_cluster") ? InClusterConfig::Mode::required
                                                : InClusterConfig::Mode::disabled;
    return ic;
  }
  check_keys(node, path, "in_cluster", {"enabled", "name", "aliases", "namespace", "access"});
  for (const auto& kv : node) {
    const std::string key = kv.first.Scalar();
    const YAML::Node& v = kv.second;
    if (key == "enabled")
      ic.mode = boolean(v, path, "in_cluster.enabled") ? InClusterConfig::Mode::required
                                                       : InClusterConfig::Mode::disabled;
    else if (key == "name")
      ic.name = scalar(v, path, "in_cluster.name");
    else if (key == "aliases")
      ic.aliases = string_list(v, path, "in_cluster.aliases");
    else if (key == "namespace")
      ic.namespace_ = scalar(v, path, "in_cluster.namespace");
    else if (key == "access") {
      ic.access = access_level(v, path, "in_cluster.access");
    }
  }
  if (ic.name.empty() || ic.name == "all")
    fail(path, node, "in_cluster.name must be a cluster name");
  return ic;
}

}  // namespace detail

namespace {

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

}  // namespace

void add_in_cluster(FleetConfig& cfg, bool automatic) {
  const InClusterConfig& ic = cfg.in_cluster;
  if (ic.mode == InClusterConfig::Mode::disabled) return;
  std::string dir = env("KUBEMCP_SERVICEACCOUNT_DIR");
  if (dir.empty()) dir = "/var/run/secrets/kubernetes.io/serviceaccount";
  const bool env_set =
      !env("KUBERNETES_SERVICE_HOST").empty() && !env("KUBERNETES_SERVICE_PORT").empty();
  if (!env_set || !fs::is_regular_file(fs::path(dir) / "token")) {
    if (ic.mode == InClusterConfig::Mode::required)
      throw ConfigError(cfg.source +
                        ": in_cluster is enabled but kubemcp is not running inside a pod (" +
                        (env_set ? "no service account token at " + dir + "/token"
                                 : std::string("KUBERNETES_SERVICE_HOST/PORT are not set")) +
                        "); mount the service account token (automountServiceAccountToken) or "
                        "remove in_cluster.enabled");
    return;
  }
  // Without a config file, ~/.kube/config is also called `default`: in a pod the service
  // account is what `default` means.
  if (automatic)
    std::erase_if(cfg.clusters, [&](const ClusterConfig& c) { return c.answers_to(ic.name); });
  ClusterConfig c;
  c.name = ic.name;
  c.aliases = ic.aliases;
  c.namespace_ = ic.namespace_;
  c.access = ic.access;
  c.service_account_dir = fs::absolute(dir).lexically_normal().string();
  std::vector<std::string> names = c.aliases;
  names.push_back(c.name);
  for (const auto& n : names)
    for (const auto& other : cfg.clusters)
      if (other.answers_to(n))
        throw ConfigError(cfg.source + ": the in-cluster service account is named '" + n +
                          "', which cluster '" + other.name +
                          "' also answers to; set in_cluster.name (and aliases) to another name");
  cfg.clusters.push_back(std::move(c));
}

}  // namespace kubemcp::fleet
