// The protected-cluster gate in Catalog::call: a change runs only when the user confirmed it
// (elicitation accepted, or `confirm: true` from a client that cannot ask); dry runs and
// read-only calls of a change tool pass unasked; every attempt is audited.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>

#include "fleet/fleet.hpp"
#include "tools/framework/catalog.hpp"

using namespace kubemcp::tools;
namespace json = boost::json;
namespace fleet = kubemcp::fleet;

namespace {

struct Gate : ::testing::Test {
  std::filesystem::path audit = std::filesystem::temp_directory_path() /
                                ("kubemcp-confirm-test-" + std::to_string(::getpid()) + ".jsonl");
  int runs = 0;
  bool had_target = false;
  std::string asked;
  std::unique_ptr<fleet::Fleet> fleet_;
  std::unique_ptr<Catalog> catalog;

  void SetUp() override {
    std::filesystem::remove(audit);
    fleet::FleetConfig cfg;
    cfg.source = "test.yaml";
    fleet::ClusterConfig c;
    c.name = "stage";
    c.kubeconfig = "/nonexistent/config.s";
    c.protected_ = true;
    cfg.clusters.push_back(c);
    cfg.settings.audit_log = audit.string();
    fleet_ = std::make_unique<fleet::Fleet>(fleet::Registry{cfg});
    Tool t;
    t.name = "k8s_change";
    t.title = "Change";
    t.description = "Changes things.";
    t.input_schema = schema(
        R"({"type":"object","properties":{"cluster":{"type":"string"},"confirm":{"type":"boolean"},
            "dry_run":{"type":"boolean"},"action":{"type":"string"}}})");
    t.annotations = {.read_only = false, .destructive = true, .idempotent = false};
    t.handler = [this](const json::object&, Context& ctx) {
      ++runs;
      had_target = ctx.target != nullptr;
      Result r = Result::ok("changed");
      r.api_status = 200;
      return r;
    };
    t.preview = [](const json::object&, Context&) { return std::string("would change x"); };
    t.reads_only = [](const json::object& a) {
      const auto* v = a.if_contains("action");
      return v && *v == "look";
    };
    catalog = std::make_unique<Catalog>(std::vector<Tool>{t}, CatalogOptions{});
  }
  void TearDown() override { std::filesystem::remove(audit); }

  Context context(bool can_elicit, Elicited answer = {}) {
    Context ctx{*fleet_, std::make_shared<kubemcp::net::CancelToken>(), {}, {}, can_elicit, {}};
    if (can_elicit)
      ctx.elicit = [this, answer](const std::string& message, const json::object& schema) {
        asked = message;
        EXPECT_TRUE(schema.at("properties").as_object().contains("confirm"));
        return answer;
      };
    return ctx;
  }
  Result call(const char* args, Context ctx) {
    return catalog->call(*catalog->find("k8s_change"), json::parse(args), ctx);
  }
  std::vector<json::object> audit_lines() {
    std::vector<json::object> out;
    std::ifstream in(audit);
    for (std::string line; std::getline(in, line);) out.push_back(json::parse(line).as_object());
    return out;
  }
};

}  // namespace

TEST_F(Gate, WithoutElicitationConfirmIsRequired) {
  auto r = call(R"({"cluster": "stage"})", context(false));
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(runs, 0);
  EXPECT_NE(r.text.find("cluster 'stage' is protected (protected: true in test.yaml)"),
            std::string::npos)
      << r.text;
  EXPECT_NE(r.text.find("`confirm: true`"), std::string::npos);
  EXPECT_NE(r.text.find("Dry run: would change x"), std::string::npos);
  r = call(R"({"cluster": "stage", "confirm": true})", context(false));
  EXPECT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(runs, 1);
  EXPECT_TRUE(had_target) << "a change acts on the cluster the catalog resolved";
  const auto lines = audit_lines();
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].at("outcome").as_string().subview().substr(0, 26),
            "error: k8s_change refused:");
  EXPECT_TRUE(lines[0].at("status").is_null());
  EXPECT_EQ(lines[1].at("outcome").as_string(), "ok: changed");
  EXPECT_EQ(lines[1].at("status").as_int64(), 200);
  EXPECT_EQ(lines[1].at("dry_run").as_bool(), false);
  EXPECT_EQ(lines[1].at("cluster").as_string(), "stage");
  for (const char* key : {"time", "identity", "tool", "arguments"})
    EXPECT_TRUE(lines[1].contains(key)) << key;
}

TEST_F(Gate, ElicitationAcceptedRunsTheChange) {
  Elicited yes;
  yes.action = Elicited::Action::accept;
  yes.content = json::object{{"confirm", true}};
  const auto r = call(R"({"cluster": "stage"})", context(true, yes));
  EXPECT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(runs, 1);
  EXPECT_NE(asked.find("protected cluster 'stage'"), std::string::npos) << asked;
  EXPECT_NE(asked.find("Tool: k8s_change"), std::string::npos);
  EXPECT_NE(asked.find("Dry run: would change x"), std::string::npos);
}

TEST_F(Gate, ElicitationDeclinedCancelledOrUncheckedChangesNothing) {
  std::vector<Elicited> answers(4);
  answers[0].action = Elicited::Action::decline;
  answers[1].action = Elicited::Action::cancel;
  answers[2].action = Elicited::Action::accept;
  answers[2].content = json::object{{"confirm", false}};
  answers[3].error = "client failed";
  for (const auto& a : answers) {
    // confirm: true from the model does not replace the user's answer.
    const auto r = call(R"({"cluster": "stage", "confirm": true})", context(true, a));
    EXPECT_TRUE(r.is_error);
    EXPECT_NE(r.text.find("Nothing was changed"), std::string::npos) << r.text;
  }
  EXPECT_EQ(runs, 0);
  EXPECT_EQ(audit_lines().size(), 4u);
}

TEST_F(Gate, DryRunsAndReadsPassUnasked) {
  auto r = call(R"({"cluster": "stage", "dry_run": true})", context(false));
  EXPECT_FALSE(r.is_error) << r.text;
  EXPECT_TRUE(had_target);
  r = call(R"({"cluster": "stage", "action": "look"})", context(false));
  EXPECT_EQ(runs, 2);
  EXPECT_FALSE(had_target) << "a read resolves its own cluster";
  const auto lines = audit_lines();
  ASSERT_EQ(lines.size(), 1u) << "a read is not audited";
  EXPECT_TRUE(lines[0].at("dry_run").as_bool());
}
