// k8s_exec against a fake cluster, up to the stream: the fake records the exec request (the
// client's seam never opens a WebSocket), so these check which pod and container a call
// picks and that what must be fixed is refused before any exec request.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <string>

#include "../support/fake_cluster.hpp"

using namespace kubemcp::testing;

TEST(ExecTool, AWorkloadResolvesToItsReadyPodAndTheDefaultContainer) {
  FakeFleet f({"stage"});
  f["stage"].add(deployment_of("shop", "web", "web"));
  f["stage"].add(two_container_pod("shop", "web-a", false));
  f["stage"].add(two_container_pod("shop", "web-b", true, "sidecar"));
  f["stage"].add(two_container_pod("shop", "db-a", true));
  const auto r = f.call("k8s_exec", {{"pod", "deployment/web"}, {"command", {"ls", "/"}}});
  EXPECT_TRUE(r.is_error) << "the fake refuses the stream: " << r.text;
  const auto e = f["stage"].requests_with("/exec");
  ASSERT_EQ(e.size(), 1u) << r.text;
  EXPECT_EQ(e[0].rfind("GET /api/v1/namespaces/shop/pods/web-b/exec?", 0), 0u) << e[0];
  EXPECT_NE(e[0].find("container=sidecar"), std::string::npos) << "the annotation: " << e[0];
  EXPECT_NE(e[0].find("command=ls"), std::string::npos) << e[0];
}

TEST(ExecTool, WithoutTheAnnotationTheFirstContainer) {
  FakeFleet f({"stage"});
  f["stage"].add(two_container_pod("shop", "web-a", true));
  f.call("k8s_exec", {{"pod", "web-a"}, {"command", {"true"}}});
  const auto e = f["stage"].requests_with("/exec");
  ASSERT_EQ(e.size(), 1u);
  EXPECT_NE(e[0].find("container=app"), std::string::npos) << e[0];
  f.call("k8s_exec", {{"pod", "web-a"}, {"container", "sidecar"}, {"command", {"true"}}});
  ASSERT_EQ(f["stage"].requests_with("/exec").size(), 2u);
  EXPECT_NE(f["stage"].requests_with("/exec")[1].find("container=sidecar"), std::string::npos);
}

TEST(ExecTool, NoReadyPodIsAClearErrorAndNothingRuns) {
  FakeFleet f({"stage"});
  f["stage"].add(deployment_of("shop", "web", "web"));
  f["stage"].add(two_container_pod("shop", "web-a", false));
  f["stage"].add(pod("shop", "web-b", "Pending", false));
  const auto r = f.call("k8s_exec", {{"pod", "deployment/web"}, {"command", {"ls"}}});
  EXPECT_TRUE(r.is_error);
  EXPECT_NE(r.text.find("deployment/web in namespace shop has no ready pod: web-a Running (not "
                        "ready), web-b Pending"),
            std::string::npos)
      << r.text;
  EXPECT_TRUE(f["stage"].requests_with("/exec").empty());

  FakeFleet g({"stage"});
  g["stage"].add(deployment_of("shop", "web", "nothing"));
  const auto none = g.call("k8s_exec", {{"pod", "deployment/web"}, {"command", {"ls"}}});
  EXPECT_TRUE(none.is_error);
  EXPECT_NE(none.text.find("(its selector app=nothing matches none)"), std::string::npos)
      << none.text;
}

TEST(ExecTool, AnUnknownContainerIsRefusedNamingTheContainers) {
  FakeFleet f({"stage"});
  f["stage"].add(two_container_pod("shop", "web-a", true));
  const auto r = f.call("k8s_exec", {{"pod", "web-a"}, {"container", "nope"}, {"command", {"ls"}}});
  EXPECT_TRUE(r.is_error);
  EXPECT_NE(r.text.find("container 'nope' is not in pod web-a (containers: app, sidecar)"),
            std::string::npos)
      << r.text;
  EXPECT_TRUE(f["stage"].requests_with("/exec").empty());
}

TEST(ExecTool, ATimeoutOutOfBoundsIsRefusedBeforeAnyRequest) {
  FakeFleet f({"stage"});
  const auto r = f.call("k8s_exec", {{"pod", "web-a"}, {"command", {"ls"}}, {"timeout", 100000}});
  EXPECT_TRUE(r.is_error);
  EXPECT_NE(r.text.find("exec_timeout_max"), std::string::npos) << r.text;
  EXPECT_TRUE(f["stage"].requests().empty());
}
