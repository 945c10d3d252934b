#include "fleet/config.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>

#include "fleet/registry.hpp"

using namespace kubemcp::fleet;
namespace fs = std::filesystem;

namespace {
std::string error_of(const std::string& text) {
  try {
    parse_config(text, "/etc/kubemcp/config.yaml");
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

struct TempHome {
  fs::path dir = fs::temp_directory_path() / ("kubemcp-home-" + std::to_string(::getpid()) + "-" +
                                              std::to_string(reinterpret_cast<uintptr_t>(this)));
  TempHome() { fs::create_directories(dir / ".kube"); }
  ~TempHome() { fs::remove_all(dir); }
  void touch(const std::string& name) { std::ofstream(dir / ".kube" / name) << "apiVersion: v1\n"; }
};
}  // namespace

TEST(Config, ParsesTheDocumentedShape) {
  const auto cfg = parse_config(R"(
default_cluster: stage
output_budget: 20000
clusters:
  - name: stage
    aliases: [s]
    kubeconfig: ../kube/config.s
    context: ""
    namespace: shop
    access: read-write
    login: [kube, s]
    network_heal: [vpn-up]
  - name: production
    aliases: [p, prod]
    kubeconfig: ~/.kube/config.p
)",
                                "/etc/kubemcp/config.yaml");
  ASSERT_EQ(cfg.clusters.size(), 2u);
  const auto& s = cfg.clusters[0];
  EXPECT_EQ(s.kubeconfig, "/etc/kube/config.s") << "relative to the config file";
  EXPECT_EQ(s.namespace_, "shop");
  EXPECT_EQ(s.login, (std::vector<std::string>{"kube", "s"}));
  EXPECT_EQ(s.network_heal, (std::vector<std::string>{"vpn-up"}));
  EXPECT_EQ(s.access, Access::read_write);
  const auto& p = cfg.clusters[1];
  EXPECT_EQ(p.access, Access::read_only) << "production is read-only unless the config says so";
  EXPECT_EQ(p.kubeconfig, std::string(std::getenv("HOME")) + "/.kube/config.p");
  EXPECT_EQ(cfg.settings.output_budget, 20000u);
  EXPECT_EQ(cfg.default_cluster, "stage");
}

TEST(Config, ProductionMayBeMadeWritableExplicitly) {
  const auto cfg = parse_config(
      "clusters:\n  - {name: production, kubeconfig: /k, access: read-write}\n", "/c.yaml");
  EXPECT_EQ(cfg.clusters[0].access, Access::read_write);
}

TEST(Config, MalformedFilesNameFileLineAndReason) {
  EXPECT_EQ(error_of("clusters:\n  - name: s\n    kubeconfig: /k\n    acess: read-only\n"),
            "/etc/kubemcp/config.yaml:4: unknown key 'acess' in a cluster (known: name, aliases, "
            "kubeconfig, context, namespace, access, login, network_heal, reveal_secrets, "
            "namespaces, kinds, protected)");
  EXPECT_EQ(error_of("clusters:\n  - name: s\n    kubeconfig: /k\n    access: write\n"),
            "/etc/kubemcp/config.yaml:4: access must be read-only or read-write, not 'write'");
  EXPECT_EQ(error_of("clusters:\n  - name: s\n    kubeconfig: /k\n    login: kube s\n"),
            "/etc/kubemcp/config.yaml:4: login must be a list like [kube, s] (argv, no shell)");
  EXPECT_EQ(error_of("clusters:\n  - name: s\n"),
            "/etc/kubemcp/config.yaml:2: cluster 's' needs a 'kubeconfig' path");
  EXPECT_EQ(error_of("clusters: [\n"),
            "/etc/kubemcp/config.yaml:2: not valid YAML: end of sequence flow not found");
  EXPECT_EQ(error_of("clusters: []\n"), "/etc/kubemcp/config.yaml: 'clusters' lists no cluster");
  EXPECT_NE(
      error_of(
          "clusters:\n  - {name: a, kubeconfig: /k}\n  - {name: b, aliases: [a], kubeconfig: /k}\n")
          .find("'a' is used twice"),
      std::string::npos);
  EXPECT_NE(error_of("default_cluster: nope\nclusters:\n  - {name: a, kubeconfig: /k}\n")
                .find("default_cluster 'nope'"),
            std::string::npos);
  EXPECT_NE(error_of("clusters:\n  - {name: all, kubeconfig: /k}\n").find("reserved"),
            std::string::npos);
  // Found by fuzz_config: a map used as a key.
  EXPECT_EQ(error_of("clusters:\n  - {name: a, kubeconfig: /k, {x: 1}: 2}\n"),
            "/etc/kubemcp/config.yaml:2: keys must be plain names");
  EXPECT_EQ(error_of("clusters:\n  - {name: [a], kubeconfig: /k}\n"),
            "/etc/kubemcp/config.yaml:2: name must be a string");
}

TEST(Config, AutoRegistersKnownKubeconfigs) {
  TempHome home;
  home.touch("config.e");
  home.touch("config.s");
  home.touch("config.p");
  home.touch("config.ap");
  const auto cfg = auto_config(home.dir.string(), "");
  ASSERT_EQ(cfg.clusters.size(), 4u);
  EXPECT_EQ(cfg.clusters[0].name, "ephemeral");
  EXPECT_EQ(cfg.clusters[0].aliases, (std::vector<std::string>{"e", "eph"}));
  EXPECT_EQ(cfg.clusters[2].name, "production");
  EXPECT_EQ(cfg.clusters[2].access, Access::read_only);
  EXPECT_EQ(cfg.clusters[3].name, "appsre-pipelines");
  EXPECT_EQ(cfg.clusters[3].aliases, (std::vector<std::string>{"ap", "saas"}));
  Registry reg(cfg);
  ASSERT_NE(reg.default_cluster(), nullptr);
  EXPECT_EQ(reg.default_cluster()->name, "stage");
}

TEST(Config, KubeconfigVariableBecomesDefaultCluster) {
  TempHome home;
  home.touch("other");
  const auto other = (home.dir / ".kube" / "other").string();
  const auto cfg = auto_config(home.dir.string(), "/does/not/exist:" + other);
  ASSERT_EQ(cfg.clusters.size(), 1u);
  EXPECT_EQ(cfg.clusters[0].name, "default");
  EXPECT_EQ(cfg.clusters[0].kubeconfig, other);
  EXPECT_EQ(Registry(cfg).default_cluster()->name, "default") << "the only cluster is the default";
}

TEST(Registry, ResolvesNamesAliasesAllAndLists) {
  Registry reg(parse_config(R"(
clusters:
  - {name: ephemeral, aliases: [e, eph], kubeconfig: /e}
  - {name: stage, aliases: [s], kubeconfig: /s}
  - {name: production, aliases: [p, prod], kubeconfig: /p}
)",
                            "/c.yaml"));
  EXPECT_EQ(reg.resolve("prod").name, "production");
  EXPECT_EQ(reg.resolve("").name, "stage");
  try {
    reg.resolve("qa");
    FAIL();
  } catch (const UnknownCluster& e) {
    EXPECT_STREQ(e.what(),
                 "unknown cluster 'qa'; valid names and aliases: ephemeral (e, eph), "
                 "stage (s), production (p, prod)");
  }
  const boost::json::value all = "all";
  EXPECT_EQ(reg.resolve_many(&all).size(), 3u);
  const boost::json::value list = boost::json::array{"p", "production", "e"};
  const auto two = reg.resolve_many(&list);
  ASSERT_EQ(two.size(), 2u);
  EXPECT_EQ(two[0]->name, "production");
  EXPECT_EQ(reg.resolve_many(nullptr).front()->name, "stage");
  const boost::json::value empty = boost::json::array{};
  EXPECT_THROW(reg.resolve_many(&empty), UnknownCluster);
}

TEST(Config, MaxWatchesBoundsResourceSubscriptions) {
  EXPECT_EQ(
      parse_config("clusters:\n  - {name: a, kubeconfig: /k}\n", "/c.yaml").settings.max_watches,
      16u);
  EXPECT_EQ(parse_config("max_watches: 4\nclusters:\n  - {name: a, kubeconfig: /k}\n", "/c.yaml")
                .settings.max_watches,
            4u);
  EXPECT_EQ(error_of("max_watches: many\nclusters:\n  - {name: a, kubeconfig: /k}\n"),
            "/etc/kubemcp/config.yaml:1: max_watches must be a whole number");
  EXPECT_EQ(error_of("max_watches: 1000\nclusters:\n  - {name: a, kubeconfig: /k}\n"),
            "/etc/kubemcp/config.yaml:1: max_watches must be between 0 and 256");
  EXPECT_NE(error_of("max_watchs: 3\nclusters:\n  - {name: a, kubeconfig: /k}\n")
                .find("max_port_forwards, bulk_limit"),
            std::string::npos);
}

TEST(Config, PolicyListsAndBulkLimit) {
  const auto cfg = parse_config(
      "bulk_limit: 5\nclusters:\n  - name: s\n    kubeconfig: /k\n"
      "    namespaces: {allow: [shop, team-*], deny: [kube-system]}\n"
      "    kinds: {deny: [Secret, ClusterRole.rbac.authorization.k8s.io]}\n",
      "/c.yaml");
  EXPECT_EQ(cfg.settings.bulk_limit, 5u);
  const auto& c = cfg.clusters[0];
  EXPECT_EQ(c.namespaces.allow, (std::vector<std::string>{"shop", "team-*"}));
  EXPECT_EQ(c.namespaces.deny, (std::vector<std::string>{"kube-system"}));
  EXPECT_TRUE(c.kinds.allow.empty());
  EXPECT_EQ(c.kinds.deny.size(), 2u);
  EXPECT_EQ(
      parse_config("clusters:\n  - {name: s, kubeconfig: /k}\n", "/c.yaml").settings.bulk_limit,
      20u);
  EXPECT_EQ(error_of("clusters:\n  - name: s\n    kubeconfig: /k\n    namespaces: [a]\n"),
            "/etc/kubemcp/config.yaml:4: namespaces must be a map like {allow: [a, b], deny: [c]} "
            "(deny wins)");
  EXPECT_EQ(error_of("clusters:\n  - name: s\n    kubeconfig: /k\n    kinds: {block: [a]}\n"),
            "/etc/kubemcp/config.yaml:4: unknown key 'block' in kinds (known: allow, deny)");
  EXPECT_EQ(error_of("bulk_limit: 0\nclusters:\n  - {name: s, kubeconfig: /k}\n"),
            "/etc/kubemcp/config.yaml:1: bulk_limit must be between 1 and 100000");
}

TEST(Config, ExtraTierLimits) {
  const auto defaults = parse_config("clusters:\n  - {name: a, kubeconfig: /k}\n", "/c.yaml");
  EXPECT_EQ(defaults.settings.exec_timeout_max, 300u);
  EXPECT_EQ(defaults.settings.cp_max_bytes, 256u << 20);
  EXPECT_EQ(defaults.settings.max_port_forwards, 10u);
  const auto set = parse_config(
      "exec_timeout_max: 60\ncp_max_bytes: 1048576\nmax_port_forwards: 2\n"
      "clusters:\n  - {name: a, kubeconfig: /k}\n",
      "/c.yaml");
  EXPECT_EQ(set.settings.exec_timeout_max, 60u);
  EXPECT_EQ(set.settings.cp_max_bytes, 1048576u);
  EXPECT_EQ(set.settings.max_port_forwards, 2u);
  EXPECT_EQ(error_of("exec_timeout_max: 0\nclusters:\n  - {name: a, kubeconfig: /k}\n"),
            "/etc/kubemcp/config.yaml:1: exec_timeout_max must be between 1 and 86400");
  EXPECT_EQ(error_of("max_port_forwards: lots\nclusters:\n  - {name: a, kubeconfig: /k}\n"),
            "/etc/kubemcp/config.yaml:1: max_port_forwards must be a whole number");
  EXPECT_NE(error_of("cp_max_byte: 3\nclusters:\n  - {name: a, kubeconfig: /k}\n")
                .find("cp_max_bytes, max_port_forwards, bulk_limit"),
            std::string::npos);
}

TEST(Config, HttpSection) {
  const auto c = parse_config(
      "http:\n  allowed_origins: [https://console.example.com]\n  max_sessions: 5\n"
      "  session_idle_timeout: 60\n  max_body_bytes: 2048\n"
      "clusters:\n  - {name: a, kubeconfig: /k}\n",
      "/c.yaml");
  EXPECT_EQ(c.http.allowed_origins, (std::vector<std::string>{"https://console.example.com"}));
  EXPECT_EQ(c.http.max_sessions, 5u);
  EXPECT_EQ(c.http.session_idle_timeout, 60u);
  EXPECT_EQ(c.http.max_body_bytes, 2048u);
  EXPECT_EQ(c.http.max_calls_per_client, 32u);  // default
  EXPECT_EQ(error_of("http:\n  max_session: 5\nclusters:\n  - {name: a, kubeconfig: /k}\n"),
            "/etc/kubemcp/config.yaml:2: unknown key 'max_session' in http (known: "
            "allowed_hosts, allowed_origins, authorization_servers, max_body_bytes, "
            "max_calls_per_client, max_connections, max_header_bytes, max_sessions, oidc, "
            "request_timeout, session_idle_timeout)");
  EXPECT_EQ(error_of("http:\n  max_sessions: 0\nclusters:\n  - {name: a, kubeconfig: /k}\n"),
            "/etc/kubemcp/config.yaml:2: http.max_sessions must be between 1 and 100000");
}
