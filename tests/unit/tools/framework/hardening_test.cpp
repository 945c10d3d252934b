// Issue 10: names that would reach other endpoints are refused at the door (item 2);
// k8s_clusters without a default cluster, and server URLs without their userinfo (item 7).
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>

#include "fleet/fleet.hpp"
#include "tools/framework/catalog.hpp"
#include "tools/framework/target_args.hpp"

using namespace kubemcp;
namespace json = boost::json;
namespace fs = std::filesystem;

namespace {

tools::Context context(fleet::Fleet& f) {
  return tools::Context{f, std::make_shared<net::CancelToken>(), {}, {}};
}

struct TempDir {
  fs::path path;
  TempDir() {
    char tmpl[] = "/tmp/kubemcp-hardening-XXXXXX";
    path = ::mkdtemp(tmpl);
  }
  ~TempDir() { fs::remove_all(path); }
};

}  // namespace

TEST(TargetArguments, RefusesNamesThatReachOtherEndpoints) {
  for (const char* args : {
           R"({"resource":"services/web/proxy/admin"})",
           R"({"resource":"pods","name":"web/proxy"})",
           R"({"resource":"nodes","name":"n1/proxy/configz"})",
           R"({"resource":"pods","name":"web%2Fexec"})",
           R"({"resource":"pods","name":".."})",
           R"({"resource":"pods","namespace":"shop/pods/web/exec"})",
           R"({"resource":"pods","namespace":"Shop"})",
           R"({"resource":"pods","namespace":"..%2F"})",
           R"({"pod":"web/attach"})",
           R"({"resource":"deployment/web/scale"})",
           R"({"for":"pod/web/portforward"})",
           R"({"for":"web"})",
           R"({"container":"../../x"})",
           R"({"namespace":["shop","kube-system/secrets"]})",
       })
    EXPECT_NE(tools::check_target_arguments(json::parse(args).as_object()), "") << args;
  for (const char* args : {
           R"({"resource":"pods/web-1","namespace":"shop"})",
           R"({"resource":"pods,svc,deployments.apps"})",
           R"({"resource":"clusterroles","name":"system:controller:job-controller"})",
           R"({"resource":"deployment/web","container":"app"})",
           R"({"for":"pod/web-1","namespace":["shop","monitoring"]})",
           R"({"resource":"all","name":""})",
       })
    EXPECT_EQ(tools::check_target_arguments(json::parse(args).as_object()), "") << args;
  const auto why = tools::check_target_arguments(
      json::parse(R"({"resource":"services/web/proxy/admin"})").as_object());
  EXPECT_NE(why.find("more than one '/'"), std::string::npos) << why;
}

TEST(TargetArguments, TheCatalogRefusesThemBeforeTheHandlerRuns) {
  TempDir dir;
  auto cfg = fleet::parse_config("clusters:\n  - {name: stage, kubeconfig: /k/s}\n",
                                 (dir.path / "c.yaml").string());
  fleet::Fleet f{fleet::Registry(cfg)};
  int runs = 0;
  tools::Tool read;
  read.name = "k8s_fixture_read";
  read.title = "Fixture read";
  read.description = "Reads. Example: {}";
  read.input_schema = tools::schema(R"({"type":"object","properties":{
      "resource":{"type":"string"},"name":{"type":"string"},"namespace":{"type":"string"}}})");
  read.handler = [&](const json::object&, tools::Context&) {
    ++runs;
    return tools::Result::ok("read");
  };
  tools::Catalog catalog({read}, {});
  auto ctx = context(f);
  const auto r = catalog.call(*catalog.find("k8s_fixture_read"),
                              json::parse(R"({"resource":"services/web/proxy/admin"})"), ctx);
  EXPECT_TRUE(r.is_error);
  EXPECT_NE(r.text.find("Invalid arguments for k8s_fixture_read: `resource`"), std::string::npos)
      << r.text;
  EXPECT_EQ(runs, 0);
  EXPECT_FALSE(
      catalog.call(*catalog.find("k8s_fixture_read"), json::parse(R"({"resource":"pods"})"), ctx)
          .is_error);
  EXPECT_EQ(runs, 1);
}

TEST(Clusters, ListsEveryClusterWithoutADefaultAndHidesUserinfoOfServers) {
  TempDir dir;
  std::ofstream(dir.path / "kc") << R"(apiVersion: v1
kind: Config
clusters:
- name: c
  cluster: {server: "https://admin:hunter2pw@127.0.0.1:9", insecure-skip-tls-verify: true}
users:
- name: u
  user: {token: tok}
contexts:
- name: c
  context: {cluster: c, user: u}
current-context: c
)";
  const std::string kc = (dir.path / "kc").string();
  auto cfg = fleet::parse_config("clusters:\n  - {name: alpha, kubeconfig: " + kc +
                                     "}\n  - {name: beta, kubeconfig: " + kc + "}\n",
                                 (dir.path / "c.yaml").string());
  fleet::Fleet f{fleet::Registry(cfg)};
  ASSERT_EQ(f.registry().default_cluster(), nullptr) << "two clusters, none named default";
  tools::Catalog catalog;
  auto ctx = context(f);
  const auto r = catalog.call(*catalog.find("k8s_clusters"), json::object{}, ctx);
  EXPECT_FALSE(r.is_error) << r.text;
  EXPECT_NE(r.text.find("alpha"), std::string::npos) << r.text;
  EXPECT_NE(r.text.find("beta"), std::string::npos) << r.text;
  EXPECT_NE(r.text.find("https://127.0.0.1:9"), std::string::npos) << r.text;
  const std::string all = r.text + (r.structured ? json::serialize(*r.structured) : "");
  EXPECT_EQ(all.find("hunter2pw"), std::string::npos) << all;
  EXPECT_EQ(all.find("admin:"), std::string::npos) << all;
}
