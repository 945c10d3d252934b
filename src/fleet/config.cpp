#include "fleet/config.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>

#include "fleet/config_yaml.hpp"

namespace kubemcp::fleet {
namespace fs = std::filesystem;

std::string to_string(Access access) {
  return access == Access::read_only ? "read-only" : "read-write";
}

bool ClusterConfig::answers_to(const std::string& n) const {
  return n == name || std::find(aliases.begin(), aliases.end(), n) != aliases.end();
}

// The YAML helpers are shared with config_service.cpp (fleet/config_yaml.hpp).
namespace detail {

// Errors carry FILE:LINE so a user can jump to the fault.
[[noreturn]] void fail(const std::string& path, const YAML::Node& node, const std::string& why) {
  const auto mark = node.Mark();
  throw ConfigError(path + (mark.line >= 0 ? ":" + std::to_string(mark.line + 1) : "") + ": " +
                    why);
}

std::string expand_path(const std::string& p, const std::string& config_path) {
  if (p.empty()) return p;
  std::string s = p;
  if (s[0] == '~' && (s.size() == 1 || s[1] == '/')) {
    const char* home = std::getenv("HOME");
    s = std::string(home ? home : "") + s.substr(1);
  }
  fs::path path(s);
  if (path.is_relative()) path = fs::absolute(fs::path(config_path).parent_path() / path);
  return path.lexically_normal().string();
}

std::string key_of(const YAML::Node& key, const std::string& path) {
  if (!key.IsScalar()) fail(path, key, "keys must be plain names");
  return key.Scalar();
}

std::string scalar(const YAML::Node& n, const std::string& path, const std::string& what) {
  if (!n.IsScalar()) fail(path, n, what + " must be a string");
  return n.Scalar();
}

std::vector<std::string> string_list(const YAML::Node& n, const std::string& path,
                                     const std::string& what) {
  std::vector<std::string> out;
  if (n.IsNull()) return out;
  if (n.IsScalar()) fail(path, n, what + " must be a list like [kube, s] (argv, no shell)");
  if (!n.IsSequence()) fail(path, n, what + " must be a list of strings");
  for (const auto& item : n) out.push_back(scalar(item, path, what + " entries"));
  return out;
}

Access access_level(const YAML::Node& n, const std::string& path, const std::string& what) {
  const std::string a = scalar(n, path, what);
  if (a == "read-only") return Access::read_only;
  if (a == "read-write") return Access::read_write;
  fail(path, n, what + " must be read-only or read-write, not '" + a + "'");
}

bool boolean(const YAML::Node& n, const std::string& path, const std::string& what) {
  try {
    return n.as<bool>();
  } catch (const YAML::Exception&) {
    fail(path, n, what + " must be true or false");
  }
}

// Resource subscriptions a session may hold; each is one watch (a thread and a connection).
std::size_t max_watches(const YAML::Node& v, const std::string& path) {
  long n = -1;
  try {
    n = v.as<long>();
  } catch (const YAML::Exception&) {
    fail(path, v, "max_watches must be a whole number");
  }
  if (n < 0 || n > 256) fail(path, v, "max_watches must be between 0 and 256");
  return static_cast<std::size_t>(n);
}

// `namespaces:` / `kinds:` of a cluster: {allow: [...], deny: [...]}.
NameRules name_rules(const YAML::Node& n, const std::string& path, const std::string& what) {
  if (!n.IsMap())
    fail(path, n, what + " must be a map like {allow: [a, b], deny: [c]} (deny wins)");
  NameRules rules;
  for (const auto& kv : n) {
    const std::string key = key_of(kv.first, path);
    if (key == "allow")
      rules.allow = string_list(kv.second, path, what + ".allow");
    else if (key == "deny")
      rules.deny = string_list(kv.second, path, what + ".deny");
    else
      fail(path, kv.first, "unknown key '" + key + "' in " + what + " (known: allow, deny)");
  }
  return rules;
}

// A whole number in [low, high] for a top-level limit key.
std::size_t bounded(const YAML::Node& v, const std::string& path, const std::string& key, long low,
                    long high) {
  long n = low - 1;
  try {
    n = v.as<long>();
  } catch (const YAML::Exception&) {
    fail(path, v, key + " must be a whole number");
  }
  if (n < low || n > high)
    fail(path, v, key + " must be between " + std::to_string(low) + " and " + std::to_string(high));
  return static_cast<std::size_t>(n);
}

}  // namespace detail
using namespace detail;

namespace {
// `http:`: the HTTP transport's origins, hosts and limits.
HttpSettings parse_http(const YAML::Node& n, const std::string& path, Settings& settings) {
  if (!n.IsMap()) fail(path, n, "http must be a map (allowed_origins, max_sessions, ...)");
  HttpSettings h;
  using Field = std::function<void(const YAML::Node&, const std::string&)>;
  const auto number = [&](std::size_t& out, long low, long high) -> Field {
    return [&out, &path, low, high](const YAML::Node& v, const std::string& key) {
      out = bounded(v, path, "http." + key, low, high);
    };
  };
  const auto list = [&](std::vector<std::string>& out) -> Field {
    return [&out, &path](const YAML::Node& v, const std::string& key) {
      out = string_list(v, path, "http." + key);
    };
  };
  const std::map<std::string, Field> fields = {
      {"allowed_origins", list(h.allowed_origins)},
      {"allowed_hosts", list(h.allowed_hosts)},
      {"authorization_servers", list(h.authorization_servers)},
      {"max_sessions", number(h.max_sessions, 1, 100000)},
      {"session_idle_timeout", number(h.session_idle_timeout, 1, 7 * 86400)},
      {"max_body_bytes", number(h.max_body_bytes, 1024, 1L << 30)},
      {"max_header_bytes", number(h.max_header_bytes, 1024, 1L << 20)},
      {"request_timeout", number(h.request_timeout, 1, 3600)},
      {"max_connections", number(h.max_connections, 1, 100000)},
      {"max_calls_per_client", number(h.max_calls_per_client, 1, 1024)},
      {"oidc", [&settings, &path](const YAML::Node& v,
                                  const std::string&) { settings.oidc = parse_oidc(v, path); }},
  };
  for (const auto& kv : n) {
    const std::string key = key_of(kv.first, path);
    const auto it = fields.find(key);
    if (it == fields.end()) {
      std::string known;
      for (const auto& [k, _] : fields) known += (known.empty() ? "" : ", ") + k;
      fail(path, kv.first, "unknown key '" + key + "' in http (known: " + known + ")");
    }
    it->second(kv.second, key);
  }
  return h;
}

bool looks_like_production(const ClusterConfig& c) {
  return c.answers_to("production") || c.answers_to("prod") || c.answers_to("p");
}

ClusterConfig parse_cluster(const YAML::Node& node, const std::string& path) {
  static const std::set<std::string> known = {
      "name",  "aliases",      "kubeconfig",     "context",    "namespace", "access",
      "login", "network_heal", "reveal_secrets", "namespaces", "kinds",     "protected"};
  if (!node.IsMap()) fail(path, node, "each entry of 'clusters' must be a map with a name");
  ClusterConfig c;
  bool access_set = false;
  for (const auto& kv : node) {
    const std::string key = key_of(kv.first, path);
    const YAML::Node& v = kv.second;
    if (!known.count(key))
      fail(path, kv.first,
           "unknown key '" + key + "' in a cluster (known: name, aliases, " +
               "kubeconfig, context, namespace, access, login, network_heal, " +
               "reveal_secrets, namespaces, kinds, protected)");
    if (key == "name")
      c.name = scalar(v, path, "name");
    else if (key == "aliases")
      c.aliases = string_list(v, path, "aliases");
    else if (key == "kubeconfig")
      c.kubeconfig = expand_path(scalar(v, path, "kubeconfig"), path);
    else if (key == "context")
      c.context = v.IsNull() ? "" : scalar(v, path, "context");
    else if (key == "namespace")
      c.namespace_ = v.IsNull() ? "" : scalar(v, path, "namespace");
    else if (key == "login")
      c.login = string_list(v, path, "login");
    else if (key == "network_heal")
      c.network_heal = string_list(v, path, "network_heal");
    else if (key == "reveal_secrets")
      c.reveal_secrets = boolean(v, path, "reveal_secrets");
    else if (key == "namespaces")
      c.namespaces = name_rules(v, path, "namespaces");
    else if (key == "kinds")
      c.kinds = name_rules(v, path, "kinds");
    else if (key == "protected")
      c.protected_ = boolean(v, path, "protected");
    else if (key == "access") {
      c.access = access_level(v, path, "access");
      access_set = true;
    }
  }
  if (c.name.empty()) fail(path, node, "a cluster needs a 'name'");
  if (c.kubeconfig.empty()) fail(path, node, "cluster '" + c.name + "' needs a 'kubeconfig' path");
  // Production is never writable by accident: it has to be asked for.
  if (!access_set) c.access = looks_like_production(c) ? Access::read_only : Access::read_write;
  return c;
}

void check_unique_names(const FleetConfig& cfg, const std::string& path) {
  std::set<std::string> seen;
  for (const auto& c : cfg.clusters) {
    std::vector<std::string> names = c.aliases;
    names.push_back(c.name);
    for (const auto& n : names) {
      if (n == "all")
        throw ConfigError(path + ": 'all' is reserved (it means every cluster); rename cluster '" +
                          c.name + "'");
      if (!seen.insert(n).second)
        throw ConfigError(path + ": the name or alias '" + n + "' is used twice");
    }
  }
}

}  // namespace

static FleetConfig parse_config_document(const std::string& text, const std::string& path) {
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::ParserException& e) {
    throw ConfigError(path + ":" + std::to_string(e.mark.line + 1) + ": not valid YAML: " + e.msg);
  }
  if (!root.IsMap()) throw ConfigError(path + ": the config must be a YAML map with 'clusters'");
  FleetConfig cfg;
  cfg.source = path;
  for (const auto& kv : root) {
    const std::string key = key_of(kv.first, path);
    const YAML::Node& v = kv.second;
    if (key == "default_cluster") {
      cfg.default_cluster = scalar(v, path, "default_cluster");
    } else if (key == "clusters") {
      if (!v.IsSequence()) fail(path, v, "'clusters' must be a list");
      for (const auto& item : v) cfg.clusters.push_back(parse_cluster(item, path));
    } else if (key == "output_budget") {
      long n = 0;
      try {
        n = v.as<long>();
      } catch (const YAML::Exception&) {
        fail(path, v, "output_budget must be a number of characters");
      }
      if (n < 1000) fail(path, v, "output_budget must be at least 1000 characters");
      cfg.settings.output_budget = static_cast<std::size_t>(n);
    } else if (key == "audit_log") {
      cfg.settings.audit_log = expand_path(scalar(v, path, "audit_log"), path);
    } else if (key == "cp_roots") {
      for (const auto& r : string_list(v, path, "cp_roots"))
        cfg.settings.cp_roots.push_back(expand_path(r, path));
    } else if (key == "max_watches") {
      cfg.settings.max_watches = max_watches(v, path);
    } else if (key == "exec_timeout_max") {
      cfg.settings.exec_timeout_max = bounded(v, path, key, 1, 86400);
    } else if (key == "cp_max_bytes") {
      cfg.settings.cp_max_bytes = bounded(v, path, key, 1, 1L << 40);
    } else if (key == "max_port_forwards") {
      cfg.settings.max_port_forwards = bounded(v, path, key, 0, 256);
    } else if (key == "bulk_limit") {
      cfg.settings.bulk_limit = bounded(v, path, key, 1, 100000);
    } else if (key == "http") {
      cfg.http = parse_http(v, path, cfg.settings);
    } else if (key == "in_cluster") {
      cfg.in_cluster = parse_in_cluster(v, path);
    } else {
      fail(path, kv.first,
           "unknown key '" + key +
               "' (known: default_cluster, clusters, http, in_cluster, output_budget, audit_log, "
               "cp_roots, max_watches, exec_timeout_max, cp_max_bytes, max_port_forwards, "
               "bulk_limit)");
    }
  }
  // A config for a pod may list no cluster but the service account (in_cluster).
  if (cfg.clusters.empty() &&
      (!root["in_cluster"] || cfg.in_cluster.mode == InClusterConfig::Mode::disabled))
    throw ConfigError(path + ": 'clusters' lists no cluster");
  check_unique_names(cfg, path);
  const auto& ic = cfg.in_cluster;
  const bool names_in_cluster =
      ic.mode != InClusterConfig::Mode::disabled &&
      (cfg.default_cluster == ic.name ||
       std::find(ic.aliases.begin(), ic.aliases.end(), cfg.default_cluster) != ic.aliases.end());
  if (!cfg.default_cluster.empty() && !names_in_cluster &&
      std::none_of(cfg.clusters.begin(), cfg.clusters.end(),
                   [&](const ClusterConfig& c) { return c.answers_to(cfg.default_cluster); }))
    throw ConfigError(path + ": default_cluster '" + cfg.default_cluster +
                      "' is not the name or alias of a listed cluster");
  return cfg;
}

FleetConfig parse_config(const std::string& text, const std::string& path) {
  try {
    return parse_config_document(text, path);
  } catch (const YAML::Exception& e) {
    // A shape the checks above did not foresee still gets file, line and reason.
    throw ConfigError(path + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
}

FleetConfig auto_config(const std::string& home, const std::string& kubeconfig_env) {
  struct Known {
    const char* suffix;
    const char* name;
    std::vector<std::string> aliases;
    Access access;
  };
  const Known known[] = {
      {"e", "ephemeral", {"e", "eph"}, Access::read_write},
      {"s", "stage", {"s"}, Access::read_write},
      {"p", "production", {"p", "prod"}, Access::read_only},
      {"k", "konflux", {"k"}, Access::read_write},
      {"ap", "appsre-pipelines", {"ap", "saas"}, Access::read_write},
  };
  FleetConfig cfg;
  cfg.source = kAutomaticSource;
  const fs::path kube = fs::path(home) / ".kube";
  for (const auto& k : known) {
    const fs::path file = kube / (std::string("config.") + k.suffix);
    if (!fs::is_regular_file(file)) continue;
    ClusterConfig c;
    c.name = k.name;
    c.aliases = k.aliases;
    c.kubeconfig = file.string();
    c.access = k.access;
    cfg.clusters.push_back(std::move(c));
  }
  // $KUBECONFIG may list several files; the first existing one is the default cluster's file.
  std::string default_file;
  if (!kubeconfig_env.empty()) {
    std::stringstream list(kubeconfig_env);
    for (std::string p; std::getline(list, p, ':');)
      if (!p.empty() && fs::is_regular_file(p)) {
        default_file = p;
        break;
      }
  } else if (fs::is_regular_file(kube / "config")) {
    default_file = (kube / "config").string();
  }
  if (!default_file.empty()) {
    ClusterConfig c;
    c.name = "default";
    c.kubeconfig = fs::absolute(default_file).lexically_normal().string();
    cfg.clusters.push_back(std::move(c));
  }
  return cfg;
}

std::string default_audit_path(const std::string& home, const std::string& xdg_state_home) {
  // XDG Base Directory: a relative $XDG_STATE_HOME is invalid and ignored.
  if (!xdg_state_home.empty() && xdg_state_home[0] == '/')
    return (fs::path(xdg_state_home) / "kubemcp" / "audit.jsonl").string();
  if (home.empty()) return {};
  return (fs::path(home) / ".local" / "state" / "kubemcp" / "audit.jsonl").string();
}

namespace {

// Every change is audited: a config that names no audit file gets the user's state directory.
FleetConfig with_default_audit(FleetConfig cfg) {
  if (cfg.settings.audit_log.empty()) {
    const char* home = std::getenv("HOME");
    const char* state = std::getenv("XDG_STATE_HOME");
    cfg.settings.audit_log = default_audit_path(home ? home : "", state ? state : "");
  }
  return cfg;
}

FleetConfig load_config_file(const std::optional<std::string>& explicit_path);

}  // namespace

FleetConfig load_config(const std::optional<std::string>& explicit_path) {
  FleetConfig cfg = load_config_file(explicit_path);
  add_in_cluster(cfg, cfg.source == kAutomaticSource);
  if (cfg.clusters.empty() && cfg.source != kAutomaticSource)
    throw ConfigError(cfg.source +
                      ": no cluster: 'clusters' lists none and kubemcp is not "
                      "running inside a pod with a service account");
  return with_default_audit(std::move(cfg));
}

namespace {

FleetConfig load_config_file(const std::optional<std::string>& explicit_path) {
  std::string path;
  if (explicit_path) {
    path = *explicit_path;
  } else if (const char* env = std::getenv("KUBEMCP_CONFIG"); env && *env) {
    path = env;
  } else {
    const char* home = std::getenv("HOME");
    const fs::path def = fs::path(home ? home : "") / ".config" / "kubemcp" / "config.yaml";
    if (fs::is_regular_file(def)) path = def.string();
  }
  if (path.empty()) {
    const char* home = std::getenv("HOME");
    const char* kc = std::getenv("KUBECONFIG");
    return auto_config(home ? home : "", kc ? kc : "");
  }
  std::ifstream in(path);
  if (!in)
    throw ConfigError(path + ": cannot read the config file (" + std::strerror(errno) +
                      "); check the path given with --config or $KUBEMCP_CONFIG");
  std::stringstream text;
  text << in.rdbuf();
  return parse_config(text.str(), fs::absolute(path).lexically_normal().string());
}

}  // namespace

}  // namespace kubemcp::fleet
