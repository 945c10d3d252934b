// `http.oidc` and `in_cluster` in the config file, and in-cluster detection.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

#include "fleet/config.hpp"
#include "fleet/registry.hpp"

using namespace kubemcp::fleet;
namespace fs = std::filesystem;

namespace {

constexpr const char* kPath = "/etc/kubemcp/config.yaml";

std::string error_of(const std::string& text) {
  try {
    parse_config(text, kPath);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

const char* kCluster = "clusters:\n  - name: stage\n    kubeconfig: /k/config.s\n";

// A service account mount in a temp dir and the pod's environment, undone afterwards.
struct FakePod {
  fs::path dir = fs::temp_directory_path() / ("kubemcp-sa-" + std::to_string(::getpid()));
  explicit FakePod(bool with_env = true) {
    fs::create_directories(dir);
    std::ofstream(dir / "token") << "tok\n";
    std::ofstream(dir / "ca.crt") << "ca\n";
    std::ofstream(dir / "namespace") << "kubemcp\n";
    ::setenv("KUBEMCP_SERVICEACCOUNT_DIR", dir.c_str(), 1);
    if (with_env) {
      ::setenv("KUBERNETES_SERVICE_HOST", "10.0.0.1", 1);
      ::setenv("KUBERNETES_SERVICE_PORT", "443", 1);
    }
  }
  ~FakePod() {
    ::unsetenv("KUBEMCP_SERVICEACCOUNT_DIR");
    ::unsetenv("KUBERNETES_SERVICE_HOST");
    ::unsetenv("KUBERNETES_SERVICE_PORT");
    fs::remove_all(dir);
  }
};

}  // namespace

TEST(OidcConfig, ParsesEveryKey) {
  const auto cfg = parse_config(std::string(kCluster) + R"(
http:
  oidc:
    issuer: https://issuer.example.com
    audience: kubemcp
    jwks_url: https://issuer.example.com/keys
    ca_file: ca.pem
    name_claim: email
    clock_skew: 30
    read_only: true
    clusters: [stage]
    require_grant: true
    grants:
      - {claim: groups, value: sre, read_only: false, clusters: [stage, prod]}
)",
                                kPath);
  ASSERT_TRUE(cfg.settings.oidc);
  const auto& o = *cfg.settings.oidc;
  EXPECT_EQ(o.issuer, "https://issuer.example.com");
  EXPECT_EQ(o.audience, "kubemcp");
  EXPECT_EQ(o.jwks_url, "https://issuer.example.com/keys");
  EXPECT_EQ(o.ca_file, "/etc/kubemcp/ca.pem");  // relative to the config file
  EXPECT_EQ(o.name_claim, "email");
  EXPECT_EQ(o.clock_skew, std::chrono::seconds(30));
  EXPECT_TRUE(o.read_only);
  EXPECT_TRUE(o.require_grant);
  EXPECT_EQ(o.clusters, std::vector<std::string>{"stage"});
  ASSERT_EQ(o.grants.size(), 1u);
  EXPECT_EQ(o.grants[0].claim, "groups");
  EXPECT_EQ(o.grants[0].value, "sre");
  EXPECT_FALSE(o.grants[0].read_only);
  EXPECT_EQ(o.grants[0].clusters.size(), 2u);
}

TEST(OidcConfig, DefaultsAndErrors) {
  const auto cfg = parse_config(
      std::string(kCluster) + "http: {oidc: {issuer: 'https://i.example', audience: a}}\n", kPath);
  EXPECT_EQ(cfg.settings.oidc->name_claim, "sub");
  EXPECT_EQ(cfg.settings.oidc->clock_skew, std::chrono::seconds(60));
  EXPECT_FALSE(parse_config(kCluster, kPath).settings.oidc);

  const std::string base = std::string(kCluster) + "http:\n  oidc:\n";
  EXPECT_NE(error_of(base + "    audience: a\n").find(":6: http.oidc needs an 'issuer'"),
            std::string::npos)
      << error_of(base + "    audience: a\n");
  EXPECT_NE(error_of(base + "    issuer: https://i\n").find("needs an 'audience'"),
            std::string::npos);
  EXPECT_NE(
      error_of(base + "    issuer: http://i\n    audience: a\n").find("must be an https:// URL"),
      std::string::npos);
  EXPECT_NE(error_of(base + "    issuer: https://i\n    audience: a\n    clock_skew: 99999\n")
                .find("between 0 and 3600"),
            std::string::npos);
  EXPECT_NE(error_of(base + "    issuer: https://i\n    audience: a\n    secret: x\n")
                .find("unknown key 'secret' in http.oidc"),
            std::string::npos);
  EXPECT_NE(
      error_of(base + "    issuer: https://i\n    audience: a\n    grants: [{claim: groups}]\n")
          .find("needs a claim and a value"),
      std::string::npos);
  EXPECT_NE(
      error_of(std::string(kCluster) + "http: {listen: x}\n").find("unknown key 'listen' in http"),
      std::string::npos);
}

TEST(InClusterConfig, ParsesTheSection) {
  auto cfg = parse_config(std::string(kCluster) +
                              "in_cluster: {name: home, aliases: [h], namespace: ops, access: "
                              "read-only}\ndefault_cluster: h\n",
                          kPath);
  EXPECT_EQ(cfg.in_cluster.mode, InClusterConfig::Mode::automatic);
  EXPECT_EQ(cfg.in_cluster.name, "home");
  EXPECT_EQ(cfg.in_cluster.aliases, std::vector<std::string>{"h"});
  EXPECT_EQ(cfg.in_cluster.namespace_, "ops");
  EXPECT_EQ(cfg.in_cluster.access, Access::read_only);
  EXPECT_EQ(parse_config(std::string(kCluster) + "in_cluster: false\n", kPath).in_cluster.mode,
            InClusterConfig::Mode::disabled);
  EXPECT_EQ(
      parse_config(std::string(kCluster) + "in_cluster: {enabled: true}\n", kPath).in_cluster.mode,
      InClusterConfig::Mode::required);
  // Only the service account: an empty cluster list is fine unless in_cluster is off.
  EXPECT_EQ(error_of("clusters: []\nin_cluster: {}\n"), "");
  EXPECT_NE(error_of("clusters: []\nin_cluster: false\n").find("lists no cluster"),
            std::string::npos);
  EXPECT_NE(error_of(std::string(kCluster) + "in_cluster: {access: admin}\n")
                .find("read-only or read-write"),
            std::string::npos);
}

TEST(InCluster, TheServiceAccountBecomesACluster) {
  FakePod pod;
  auto cfg = parse_config(kCluster, kPath);
  add_in_cluster(cfg, false);
  ASSERT_EQ(cfg.clusters.size(), 2u);
  const auto& c = cfg.clusters.back();
  EXPECT_EQ(c.name, "default");
  EXPECT_EQ(c.service_account_dir, pod.dir.string());
  EXPECT_TRUE(c.kubeconfig.empty());
  EXPECT_EQ(c.access, Access::read_write);
  Registry reg(std::move(cfg));
  EXPECT_EQ(reg.resolve("default").service_account_dir, pod.dir.string());
}

TEST(InCluster, NameClashesAndDisabledAndOutsideAPod) {
  {
    FakePod pod;
    auto cfg = parse_config("clusters:\n  - name: default\n    kubeconfig: /k/c\n", kPath);
    EXPECT_THROW(add_in_cluster(cfg, false), ConfigError);
    // Without a config file the service account replaces ~/.kube/config's `default`.
    add_in_cluster(cfg, true);
    ASSERT_EQ(cfg.clusters.size(), 1u);
    EXPECT_FALSE(cfg.clusters[0].service_account_dir.empty());
    auto off = parse_config(std::string(kCluster) + "in_cluster: false\n", kPath);
    add_in_cluster(off, false);
    EXPECT_EQ(off.clusters.size(), 1u);
  }
  FakePod no_env(false);
  auto cfg = parse_config(kCluster, kPath);
  add_in_cluster(cfg, false);
  EXPECT_EQ(cfg.clusters.size(), 1u);
  auto required = parse_config(std::string(kCluster) + "in_cluster: true\n", kPath);
  try {
    add_in_cluster(required, false);
    FAIL() << "expected a ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("KUBERNETES_SERVICE_HOST/PORT are not set"),
              std::string::npos);
  }
}
