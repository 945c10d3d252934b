// The access policy and the audit log live in Catalog::call, the door every tool passes.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>

#include "fleet/fleet.hpp"
#include "tools/framework/catalog.hpp"

using namespace kubemcp;
namespace json = boost::json;
namespace fs = std::filesystem;

namespace {

struct PolicyFixture : ::testing::Test {
  fs::path dir;
  int handler_runs = 0;
  std::unique_ptr<fleet::Fleet> fleet;
  std::unique_ptr<tools::Catalog> catalog;

  void SetUp() override {
    char tmpl[] = "/tmp/kubemcp-policy-XXXXXX";
    dir = ::mkdtemp(tmpl);
    auto cfg = fleet::parse_config(
        "audit_log: audit.jsonl\nclusters:\n"
        "  - {name: stage, aliases: [s], kubeconfig: /k/s}\n"
        "  - {name: production, aliases: [p], kubeconfig: /k/p}\n",
        (dir / "config.yaml").string());
    fleet = std::make_unique<fleet::Fleet>(fleet::Registry(cfg));
    tools::Tool write;
    write.name = "k8s_fixture_write";
    write.title = "Fixture write";
    write.description = "Changes something. Example: {}";
    write.input_schema =
        tools::schema(R"({"type":"object","properties":{"cluster":{"type":["string","array"]},
        "manifest":{"type":"string"}}})");
    write.annotations = {
        .read_only = false, .destructive = true, .idempotent = false, .open_world = true};
    write.handler = [this](const json::object&, tools::Context&) {
      ++handler_runs;
      return tools::Result::ok("changed\nsecond line");
    };
    catalog =
        std::make_unique<tools::Catalog>(std::vector<tools::Tool>{write}, tools::CatalogOptions{});
  }
  void TearDown() override { fs::remove_all(dir); }

  tools::Result call(const char* args) {
    tools::Context ctx{*fleet, std::make_shared<net::CancelToken>(), {}, {}};
    return catalog->call(*catalog->find("k8s_fixture_write"), json::parse(args), ctx);
  }
  std::vector<json::value> audit() {
    std::vector<json::value> out;
    std::ifstream in(dir / "audit.jsonl");
    for (std::string l; std::getline(in, l);) out.push_back(json::parse(l));
    return out;
  }
};

}  // namespace

TEST_F(PolicyFixture, ChangesOnAReadOnlyClusterAreRefusedBeforeTheHandler) {
  auto r = call(R"({"cluster":"p"})");
  EXPECT_TRUE(r.is_error);
  EXPECT_NE(
      r.text.find(
          "k8s_fixture_write refused: cluster 'production' is read-only (access: read-only in "),
      std::string::npos)
      << r.text;
  EXPECT_NE(r.text.find("Set `access: read-write`"), std::string::npos);
  EXPECT_EQ(handler_runs, 0);
}

TEST_F(PolicyFixture, WritesNeedExactlyOneCluster) {
  EXPECT_TRUE(call(R"({"cluster":["s","p"]})").is_error);
  EXPECT_TRUE(call(R"({"cluster":"all"})").is_error);
  EXPECT_EQ(handler_runs, 0);
  EXPECT_FALSE(call(R"({})").is_error) << "the default cluster, stage, is read-write";
  EXPECT_EQ(handler_runs, 1);
}

TEST_F(PolicyFixture, EveryChangeAndRefusalIsAuditedWithRedactedArguments) {
  call(R"({"cluster":"s","manifest":"kind: Secret\ndata: {password: c2VjcmV0}"})");
  call(R"({"cluster":"p"})");
  const auto lines = audit();
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].at("cluster").as_string(), "stage");
  EXPECT_EQ(lines[0].at("tool").as_string(), "k8s_fixture_write");
  EXPECT_EQ(lines[0].at("outcome").as_string(), "ok: changed");
  EXPECT_EQ(lines[0].at("arguments").at("manifest").as_string(), "<redacted: 39 bytes>");
  EXPECT_TRUE(lines[0].as_object().contains("time"));
  EXPECT_EQ(lines[1].at("cluster").as_string(), "production");
  EXPECT_NE(
      std::string(lines[1].at("outcome").as_string()).find("error: k8s_fixture_write refused"),
      std::string::npos);
}
