// k8s_apply against a fake cluster: server-side apply in kubectl's words (created, configured,
// unchanged), a dry run that asks the server and keeps nothing, a manifest with one invalid
// document that sends nothing, a field-manager conflict phrased with fields and managers, and
// a Secret diff that never shows a value.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <string>

#include "../support/fake_cluster.hpp"

using namespace kubemcp::testing;
namespace json = boost::json;

namespace {

const char* kConfigMap = R"(apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  mode: fast
)";

// Writes to objects (not the identity probe's POST of a SelfSubjectReview).
std::vector<std::string> writes(const FakeCluster& c) {
  std::vector<std::string> out;
  for (const auto& q : c.requests())
    if (q.rfind("GET ", 0) != 0 && q.find("/namespaces/") != std::string::npos) out.push_back(q);
  return out;
}

std::string mode_now(FakeFleet& f) {
  const auto r =
      f.call("k8s_get", {{"resource", "configmaps"}, {"name", "settings"}, {"output", "json"}});
  if (r.is_error) return "absent";
  return std::string(json::parse(r.text).at_pointer("/data/mode").as_string());
}

}  // namespace

TEST(ApplyTool, CreatedThenUnchangedThenConfigured) {
  FakeFleet f({"stage"});
  const auto created = f.call("k8s_apply", {{"manifest", kConfigMap}});
  ASSERT_FALSE(created.is_error) << created.text;
  EXPECT_EQ(created.text, "configmap/settings created\n");
  EXPECT_EQ(mode_now(f), "fast");
  const auto w = writes(f["stage"]);
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].rfind("PATCH /api/v1/namespaces/shop/configmaps/settings?", 0), 0u) << w[0];
  EXPECT_NE(w[0].find("fieldManager=kubemcp"), std::string::npos) << w[0];

  const auto again = f.call("k8s_apply", {{"manifest", kConfigMap}});
  ASSERT_FALSE(again.is_error) << again.text;
  EXPECT_EQ(again.text, "configmap/settings unchanged\n");

  std::string slow = kConfigMap;
  slow.replace(slow.find("fast"), 4, "slow");
  const auto changed = f.call("k8s_apply", {{"manifest", slow}});
  ASSERT_FALSE(changed.is_error) << changed.text;
  EXPECT_EQ(changed.text, "configmap/settings configured\n");
  EXPECT_EQ(mode_now(f), "slow");
}

TEST(ApplyTool, DryRunSendsDryRunAllAndChangesNothing) {
  FakeFleet f({"stage"});
  const auto r = f.call("k8s_apply", {{"manifest", kConfigMap}, {"dry_run", true}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(r.text,
            "configmap/settings created (server dry run)\nServer dry run: nothing was changed.\n");
  const auto w = writes(f["stage"]);
  ASSERT_EQ(w.size(), 1u);
  EXPECT_NE(w[0].find("dryRun=All"), std::string::npos) << w[0];
  EXPECT_EQ(mode_now(f), "absent");

  ASSERT_FALSE(f.call("k8s_apply", {{"manifest", kConfigMap}}).is_error);
  std::string slow = kConfigMap;
  slow.replace(slow.find("fast"), 4, "slow");
  const auto present = f.call("k8s_apply", {{"manifest", slow}, {"dry_run", true}, {"diff", true}});
  ASSERT_FALSE(present.is_error) << present.text;
  EXPECT_EQ(present.text.rfind("configmap/settings configured (server dry run)\n", 0), 0u)
      << present.text;
  EXPECT_NE(present.text.find("-  mode: fast\n+  mode: slow"), std::string::npos) << present.text;
  EXPECT_EQ(mode_now(f), "fast");
}

TEST(ApplyTool, OneInvalidDocumentSendsNoRequestAtAll) {
  FakeFleet f({"stage"});
  const std::string manifest = std::string(kConfigMap) +
                               "---\napiVersion: v1\nmetadata:\n  name: no-kind\n"
                               "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: other\n";
  const auto r = f.call("k8s_apply", {{"manifest", manifest}});
  EXPECT_TRUE(r.is_error);
  EXPECT_NE(r.text.find("Nothing was applied"), std::string::npos) << r.text;
  EXPECT_NE(r.text.find("document 2"), std::string::npos) << "names the bad document: " << r.text;
  EXPECT_TRUE(f["stage"].requests().empty()) << "not even discovery: parsed before any call";
}

TEST(ApplyTool, AConflictNamesTheFieldsAndTheirManagers) {
  FakeFleet f({"stage"});
  f["stage"].add(json::object{{"apiVersion", "v1"},
                              {"kind", "ConfigMap"},
                              {"metadata", {{"name", "settings"}, {"namespace", "shop"}}},
                              {"data", {{"mode", "slow"}}}});
  json::object cause{{"reason", "FieldManagerConflict"},
                     {"message", "conflict with \"kubectl-edit\" using v1"},
                     {"field", ".data.mode"}};
  json::object status{
      {"kind", "Status"},
      {"apiVersion", "v1"},
      {"status", "Failure"},
      {"message",
       "Apply failed with 1 conflict: conflict with \"kubectl-edit\" using v1: .data.mode"},
      {"reason", "Conflict"},
      {"code", 409}};
  status["details"] = json::object{{"causes", json::array{cause}}};
  f["stage"].answer_once("PATCH", "/api/v1/namespaces/shop/configmaps/settings", 409, status);
  const auto r = f.call("k8s_apply", {{"manifest", kConfigMap}});
  EXPECT_TRUE(r.is_error);
  EXPECT_NE(r.text.find("Error from server (Conflict): Apply failed with 1 conflict"),
            std::string::npos)
      << r.text;
  EXPECT_NE(r.text.find(".data.mode is managed by \"kubectl-edit\""), std::string::npos) << r.text;
  EXPECT_NE(r.text.find("force_conflicts=true"), std::string::npos) << "says how to take over";
  EXPECT_EQ(mode_now(f), "slow");
}

TEST(ApplyTool, ASecretDiffNeverShowsAValue) {
  FakeFleet f({"stage"});
  f["stage"].add(json::object{{"apiVersion", "v1"},
                              {"kind", "Secret"},
                              {"metadata", {{"name", "db"}, {"namespace", "shop"}}},
                              {"type", "Opaque"},
                              {"data", {{"password", "b2xkLXBhc3N3b3Jk"}}}});  // old-password
  const std::string manifest =
      "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ntype: Opaque\ndata:\n"
      "  password: bmV3LXBhc3N3b3Jk\n  user: YWRtaW4tdXNlcg==\n";  // new-password, admin-user
  const auto r = f.call("k8s_apply", {{"manifest", manifest}, {"diff", true}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_NE(r.text.find("secret/db configured"), std::string::npos) << r.text;
  EXPECT_NE(r.text.find("password"), std::string::npos) << "the diff names the key: " << r.text;
  EXPECT_NE(r.text.find("user"), std::string::npos) << r.text;
  for (const char* value : {"b2xkLXBhc3N3b3Jk", "bmV3LXBhc3N3b3Jk",
                            "YWRtaW4tdXNlcg==", "old-password", "new-password", "admin-user"})
    EXPECT_EQ(r.text.find(value), std::string::npos) << value << " leaked:\n" << r.text;
  // The values did reach the server: the fake really applied them.
  ASSERT_EQ(writes(f["stage"]).size(), 1u);
  const auto bodies = f["stage"].bodies();
  EXPECT_TRUE(std::any_of(bodies.begin(), bodies.end(), [](const std::string& b) {
    return b.find("bmV3LXBhc3N3b3Jk") != std::string::npos;
  }));
}
