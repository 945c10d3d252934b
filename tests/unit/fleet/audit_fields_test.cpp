// Issue 15: the audit line's fields (identity, dry run, the API's status) and the identity
// read from the kubeconfig without its credential.
#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>

#include "fleet/audit.hpp"
#include "fleet/cluster.hpp"

using kubemcp::fleet::Audit;
namespace json = boost::json;

TEST(Audit, RecordsIdentityDryRunAndStatus) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("kubemcp-audit-fields-" + std::to_string(::getpid()) + ".jsonl");
  std::filesystem::remove(path);
  Audit audit(path.string());
  audit.record(
      kubemcp::fleet::AuditEntry{.cluster = "stage",
                                 .identity = "alice",
                                 .identity_source = "server",
                                 .tool = "k8s_scale",
                                 .args = json::object{{"name", "web"}, {"token", "t0ps3cret"}},
                                 .dry_run = true,
                                 .outcome = "ok: scaled",
                                 .api_status = 200});
  audit.record("stage", "k8s_scale", json::object{}, "refused: read-only");
  std::ifstream in(path);
  std::string first, second;
  std::getline(in, first);
  std::getline(in, second);
  const auto a = json::parse(first).as_object();
  EXPECT_EQ(a.at("identity").as_string(), "alice");
  EXPECT_EQ(a.at("identity_source").as_string(), "server");
  EXPECT_EQ(a.at("dry_run").as_bool(), true);
  EXPECT_EQ(a.at("status").as_int64(), 200);
  EXPECT_EQ(first.find("t0ps3cret"), std::string::npos);
  EXPECT_TRUE(json::parse(second).at("status").is_null());
  std::filesystem::remove(path);
}

TEST(Audit, IdentityIsTheKubeconfigUserNeverItsToken) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("kubemcp-identity-" + std::to_string(::getpid()) + ".yaml");
  std::ofstream(path) << R"(apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: "https://127.0.0.1:6443"}}]
users: [{name: alice@stage, user: {token: t0ps3cret}}]
contexts: [{name: c, context: {cluster: c, user: alice@stage}}]
current-context: c
)";
  kubemcp::fleet::ClusterConfig c;
  c.kubeconfig = path.string();
  EXPECT_EQ(kubemcp::fleet::kubeconfig_identity(c), "alice@stage");
  c.kubeconfig = "/nonexistent";
  EXPECT_EQ(kubemcp::fleet::kubeconfig_identity(c), "");
  std::filesystem::remove(path);
}
