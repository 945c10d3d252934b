// k8s_cp against a fake cluster, up to the stream: local paths outside the allowed roots and
// malformed sides are refused before any request; a pod side reads the pod in kubectl's way
// and runs tar in its default container (the fake records the exec request and refuses it).
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <string>

#include "../support/fake_cluster.hpp"

using namespace kubemcp::testing;

TEST(CpTool, LocalPathsOutsideTheRootsAreRefusedBeforeAnyRequest) {
  FakeFleet f({"stage"});  // cp_roots unset: the working directory is the one root
  f["stage"].add(two_container_pod("shop", "web-a", true));
  const std::string outside = std::filesystem::current_path().parent_path().string() + "/x";
  for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
           {"web-a:/etc/hosts", "/etc/kubemcp-cp-escape"},
           {"web-a:/etc/hosts", "../kubemcp-cp-escape"},
           {"web-a:/etc/hosts", outside},
           {"/etc/passwd", "web-a:/tmp/passwd"},
           {"sub/../../up", "web-a:/tmp/x"}}) {
    const auto r = f.call("k8s_cp", {{"from", from}, {"to", to}});
    EXPECT_TRUE(r.is_error) << from << " -> " << to;
    EXPECT_NE(r.text.find("cp_roots"), std::string::npos) << "names the setting: " << r.text;
  }
  EXPECT_TRUE(f["stage"].requests().empty());
}

TEST(CpTool, SidesThatAreNotOnePodAndOneLocalAreRefusedBeforeAnyRequest) {
  FakeFleet f({"stage"});
  for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
           {"web-a:/a", "web-b:/b"}, {"local-a", "local-b"}, {"web-a:", "out"}}) {
    const auto r = f.call("k8s_cp", {{"from", from}, {"to", to}});
    EXPECT_TRUE(r.is_error) << from << " -> " << to;
    EXPECT_EQ(r.text.rfind("k8s_cp: ", 0), 0u) << r.text;
  }
  EXPECT_TRUE(f["stage"].requests().empty());
}

TEST(CpTool, APodSideRunsTarInTheDefaultContainer) {
  FakeFleet f({"stage"});
  f["stage"].add(two_container_pod("shop", "web-a", true, "sidecar"));
  const auto r = f.call("k8s_cp", {{"from", "web-a:/etc/hosts"}, {"to", "."}});
  EXPECT_TRUE(r.is_error) << "the fake refuses the stream: " << r.text;
  const auto e = f["stage"].requests_with("/exec");
  ASSERT_EQ(e.size(), 1u) << r.text;
  EXPECT_EQ(e[0].rfind("GET /api/v1/namespaces/shop/pods/web-a/exec?", 0), 0u) << e[0];
  EXPECT_NE(e[0].find("container=sidecar"), std::string::npos) << e[0];
  EXPECT_NE(e[0].find("command=tar"), std::string::npos) << e[0];
}

TEST(CpTool, AWorkloadOnThePodSideIsExplainedNotCopied) {
  FakeFleet f({"stage"});
  f["stage"].add(deployment_of("shop", "web", "web"));
  f["stage"].add(two_container_pod("shop", "web-a", true));
  const auto r = f.call("k8s_cp", {{"from", "deployment/web:/etc/hosts"}, {"to", "."}});
  EXPECT_TRUE(r.is_error);
  EXPECT_NE(r.text.find("pod 'web' not found in namespace 'deployment'"), std::string::npos)
      << r.text;
  EXPECT_NE(r.text.find("name one of its pods"), std::string::npos) << r.text;
  EXPECT_TRUE(f["stage"].requests_with("/exec").empty());
}

TEST(CpTool, AnUnknownContainerIsRefusedBeforeTheStream) {
  FakeFleet f({"stage"});
  f["stage"].add(two_container_pod("shop", "web-a", true));
  const auto r =
      f.call("k8s_cp", {{"from", "web-a:/etc/hosts"}, {"to", "."}, {"container", "nope"}});
  EXPECT_TRUE(r.is_error);
  EXPECT_NE(r.text.find("container 'nope' is not in pod web-a (containers: app, sidecar)"),
            std::string::npos)
      << r.text;
  EXPECT_TRUE(f["stage"].requests_with("/exec").empty());
}
