// k8s_health against fake clusters: the broken pod named with its reason, and next calls that
// name their cluster when several answered.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <regex>

#include "../support/fake_cluster.hpp"

using namespace kubemcp::testing;

TEST(HealthTool, NamesTheBrokenPodAndTheNextCall) {
  FakeFleet f({"stage"});
  f["stage"].add(pod("shop", "web-1"));
  f["stage"].add(crashlooping_pod("shop", "worker-1"));
  const auto r = f.call("k8s_health", {});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_NE(r.text.find("Health of stage, namespace shop: 2 pods, 0 workloads."), std::string::npos)
      << r.text;
  EXPECT_TRUE(std::regex_search(r.text, std::regex("pod/worker-1\\s+CrashLoopBackOff"))) << r.text;
  EXPECT_TRUE(std::regex_search(r.text, std::regex("\\nNext:\\n  k8s_\\S+ .*worker-1.*\\n")))
      << r.text;
  EXPECT_EQ(r.text.find("cluster="), std::string::npos) << "one cluster: the default is right";
  EXPECT_EQ(r.structured->at("clusters").at("stage").at("failing_pods"), 1);
}

TEST(HealthTool, SeveralClustersNameTheirClusterInNextCalls) {
  FakeFleet f({"stage", "prod"});
  f["stage"].add(crashlooping_pod("shop", "worker-1"));
  f["prod"].add(crashlooping_pod("shop", "worker-9"));
  const auto r = f.call("k8s_health", {{"cluster", "all"}});
  EXPECT_TRUE(
      std::regex_search(r.text, std::regex("  k8s_\\S+ [^\\n]*worker-1[^\\n]* cluster=stage\\n")))
      << r.text;
  EXPECT_TRUE(
      std::regex_search(r.text, std::regex("  k8s_\\S+ [^\\n]*worker-9[^\\n]* cluster=prod\\n")))
      << r.text;
}

TEST(HealthTool, AHealthyNamespaceSaysSoAndAFailureIsPhrased) {
  FakeFleet f({"stage", "prod"});
  f["stage"].add(pod("shop", "web-1"));
  f["prod"].fail_with(403);
  const auto r = f.call("k8s_health", {{"cluster", "all"}});
  EXPECT_FALSE(r.is_error);
  EXPECT_NE(r.text.find("Healthy: every pod is running and ready"), std::string::npos) << r.text;
  EXPECT_NE(r.text.find("== prod ==\nError from server (Forbidden)"), std::string::npos) << r.text;
  EXPECT_TRUE(r.structured->at("clusters").at("prod").as_object().contains("error"));
}
