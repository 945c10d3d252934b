// MCP resources offline: URI parsing and its errors, the lists, k8s://clusters without a
// credential, and resolution errors that need no cluster.
#include "mcp/resources.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>

#include "fleet/fleet.hpp"
#include "mcp/rpc_fault.hpp"

using namespace kubemcp;
namespace json = boost::json;
namespace fs = std::filesystem;

namespace {

std::string error_of(const std::string& uri) {
  try {
    mcp::parse_resource_uri(uri);
  } catch (const mcp::RpcFault& f) {
    EXPECT_EQ(f.code, -32602);
    return f.what();
  }
  return "";
}

constexpr const char* kToken = "sekret-token-4f9a8b7c";

struct FleetFixture : ::testing::Test {
  fs::path dir = fs::temp_directory_path() / ("kubemcp-res-" + std::to_string(::getpid()));
  std::unique_ptr<fleet::Fleet> fleet;
  void SetUp() override {
    fs::create_directories(dir);
    std::ofstream(dir / "config.s") << "apiVersion: v1\nkind: Config\n"
                                       "clusters:\n- name: c\n  cluster:\n    server: "
                                       "https://admin:pw@127.0.0.1:9\n"
                                       "users:\n- name: u\n  user:\n    token: "
                                    << kToken
                                    << "\ncontexts:\n- name: c\n  context:\n    cluster: c\n"
                                       "    user: u\n    namespace: shop\ncurrent-context: c\n";
    fleet::FleetConfig cfg;
    fleet::ClusterConfig c;
    c.name = "stage";
    c.aliases = {"s"};
    c.kubeconfig = (dir / "config.s").string();
    cfg.clusters.push_back(c);
    cfg.source = "test";
    fleet = std::make_unique<fleet::Fleet>(fleet::Registry(cfg));
  }
  void TearDown() override { fs::remove_all(dir); }
};

}  // namespace

TEST(ResourceUri, ParsesTheThreeForms) {
  EXPECT_TRUE(mcp::parse_resource_uri("k8s://clusters").fleet);
  const auto ns = mcp::parse_resource_uri("k8s://s/shop/deployments.apps/web");
  EXPECT_FALSE(ns.fleet);
  EXPECT_EQ(ns.cluster, "s");
  EXPECT_EQ(ns.namespace_, "shop");
  EXPECT_EQ(ns.resource, "deployments.apps");
  EXPECT_EQ(ns.name, "web");
  const auto node = mcp::parse_resource_uri("k8s://stage/nodes/system:node:a");
  EXPECT_EQ(node.namespace_, "");
  EXPECT_EQ(node.resource, "nodes");
  EXPECT_EQ(node.name, "system:node:a");
}

TEST(ResourceUri, RefusesWhatCouldReachAnotherPath) {
  EXPECT_NE(error_of("https://x/y").find("must start with k8s://"), std::string::npos);
  EXPECT_NE(error_of("k8s://s/pods").find("2 segments; use k8s://clusters"), std::string::npos);
  EXPECT_NE(error_of("k8s://s/a/b/c/d").find("5 segments"), std::string::npos);
  EXPECT_NE(error_of("k8s://s//pods/x").find("an empty segment"), std::string::npos);
  EXPECT_NE(error_of("k8s://s/shop/pods/x?watch=1").find("queries"), std::string::npos);
  EXPECT_NE(error_of("k8s://s/shop/pods/..").find("name '..'"), std::string::npos);
  EXPECT_NE(error_of("k8s://s/shop/pods/a%2Fb").find("name 'a%2Fb'"), std::string::npos);
  EXPECT_NE(error_of("k8s://s/Shop_1/pods/x").find("namespace 'Shop_1'"), std::string::npos);
  EXPECT_NE(error_of("k8s://s/shop/po%64s/x").find("resource type"), std::string::npos);
}

TEST(ResourceLists, OfferTheFleetAndTwoTemplates) {
  const auto list = mcp::list_resources({}).at("resources").as_array();
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].at("uri").as_string(), "k8s://clusters");
  const auto templates = mcp::list_resource_templates({}).at("resourceTemplates").as_array();
  ASSERT_EQ(templates.size(), 2u);
  EXPECT_EQ(templates[0].at("uriTemplate").as_string(),
            "k8s://{cluster}/{namespace}/{resource}/{name}");
  EXPECT_EQ(templates[1].at("uriTemplate").as_string(), "k8s://{cluster}/{resource}/{name}");
  EXPECT_THROW(mcp::list_resources(json::object{{"cursor", "x"}}), mcp::RpcFault);
}

TEST_F(FleetFixture, ClustersResourceHasNoCredential) {
  const auto r = mcp::read_resource(json::object{{"uri", "k8s://clusters"}}, *fleet, nullptr);
  const auto& c = r.at("contents").at(0).as_object();
  EXPECT_EQ(c.at("mimeType").as_string(), "application/json");
  const std::string text(c.at("text").as_string());
  EXPECT_EQ(text.find(kToken), std::string::npos);
  EXPECT_EQ(text.find("admin:pw"), std::string::npos);
  const auto fleet_json = json::parse(text);
  const auto& stage = fleet_json.at("clusters").at(0);
  EXPECT_EQ(stage.at("name").as_string(), "stage");
  EXPECT_EQ(stage.at("aliases").at(0).as_string(), "s");
  EXPECT_EQ(stage.at("access").as_string(), "read-write");
  EXPECT_EQ(stage.at("namespace").as_string(), "shop");
  EXPECT_EQ(stage.at("server").as_string(), "https://127.0.0.1:9");
}

TEST_F(FleetFixture, UnknownClusterNamesTheValidOnes) {
  try {
    mcp::read_resource(json::object{{"uri", "k8s://mars/shop/pods/x"}}, *fleet, nullptr);
    FAIL();
  } catch (const mcp::RpcFault& f) {
    EXPECT_EQ(f.code, -32602);
    EXPECT_NE(std::string(f.what()).find("valid names and aliases: stage (s)"), std::string::npos);
  }
}

TEST_F(FleetFixture, UnreachableClusterIsAnInternalErrorPhrasedLikeTheTools) {
  try {
    mcp::read_resource(json::object{{"uri", "k8s://s/shop/pods/x"}}, *fleet, nullptr);
    FAIL();
  } catch (const mcp::RpcFault& f) {
    EXPECT_EQ(f.code, -32603);
    EXPECT_NE(std::string(f.what()).find("Unable to connect"), std::string::npos) << f.what();
    EXPECT_EQ(std::string(f.what()).find(kToken), std::string::npos);
  }
}
