// Issue 15: protected clusters in the config, and where the audit log goes by default.
#include <gtest/gtest.h>

#include "fleet/config.hpp"

using namespace kubemcp::fleet;

namespace {
std::string error_of(const std::string& text) {
  try {
    parse_config(text, "/etc/kubemcp/config.yaml");
  } catch (const ConfigError& e) {
    return e.what();
  }
  return {};
}
}  // namespace

TEST(Config, ProtectedClusters) {
  const auto cfg = parse_config(R"(clusters:
  - {name: stage, kubeconfig: /k/config.s, protected: true}
  - {name: dev, kubeconfig: /k/config.d}
)",
                                "/etc/kubemcp/config.yaml");
  EXPECT_TRUE(cfg.clusters[0].protected_);
  EXPECT_FALSE(cfg.clusters[1].protected_);
  EXPECT_NE(error_of("clusters:\n  - {name: s, kubeconfig: /k, protected: maybe}\n")
                .find("protected must be true or false"),
            std::string::npos);
}

TEST(Config, DefaultAuditPathIsTheUsersStateDirectory) {
  EXPECT_EQ(default_audit_path("/home/a", ""), "/home/a/.local/state/kubemcp/audit.jsonl");
  EXPECT_EQ(default_audit_path("/home/a", "/var/state"), "/var/state/kubemcp/audit.jsonl");
  EXPECT_EQ(default_audit_path("/home/a", "relative"), "/home/a/.local/state/kubemcp/audit.jsonl");
  EXPECT_EQ(default_audit_path("", ""), "");
}
