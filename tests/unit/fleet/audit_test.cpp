#include "fleet/audit.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>

#include "fleet/cluster.hpp"

using kubemcp::fleet::Audit;
namespace json = boost::json;

// Issue 10, item 7: nested values and every key that can carry data are redacted.
TEST(Audit, RedactsNestedValuesAndKeysThatCarryData) {
  const json::object args = json::parse(R"({
    "cluster": "stage", "namespace": "shop", "name": "web",
    "patch": {"spec": {"template": "x"}},
    "object": {"metadata": {"name": "db"}, "stringData": {"password": "hunter2"},
               "spec": {"containers": [{"name": "c", "env": [{"name": "P", "value": "hunter2"}],
                                        "command": ["sh", "-c", "echo hunter2"]}]}},
    "command": ["mysql", "-phunter2"],
    "stdin": "hunter2",
    "items": [{"token": "hunter2"}, {"note": "kept"}]
  })")
                                .as_object();
  const json::object out = Audit::redact(args);
  const std::string text = json::serialize(out);
  EXPECT_EQ(text.find("hunter2"), std::string::npos) << text;
  EXPECT_EQ(out.at("name").as_string(), "web");
  EXPECT_EQ(out.at("namespace").as_string(), "shop");
  EXPECT_EQ(out.at("object").at("metadata").at("name").as_string(), "db");
  EXPECT_EQ(out.at("items").at(1).at("note").as_string(), "kept");
  EXPECT_EQ(out.at("stdin").as_string(), "<redacted: 7 bytes>");
  EXPECT_TRUE(out.at("patch").is_string());
  EXPECT_TRUE(out.at("command").is_string());
}

// Issue 15: the line's fields — identity and dry run, the API's status (null when none).
TEST(Audit, RecordsIdentityDryRunAndStatus) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("kubemcp-audit-fields-" + std::to_string(::getpid()) + ".jsonl");
  std::filesystem::remove(path);
  Audit audit(path.string());
  audit.record(
      kubemcp::fleet::AuditEntry{.cluster = "stage",
                                 .identity = "alice",
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
