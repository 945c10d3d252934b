// k8s_clusters against fake clusters: the probe (version, identity) moved to kube/probe.hpp,
// and each failure named by kind.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "../support/fake_cluster.hpp"

using kubemcp::testing::FakeFleet;

TEST(ClustersTool, ProbesVersionIdentityAndReachability) {
  FakeFleet f({"stage", "prod"});
  f["prod"].fail_with(401);
  const auto r = f.call("k8s_clusters", {});
  ASSERT_FALSE(r.is_error) << r.text;
  const auto& items = r.structured->at("clusters").as_array();
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].at("name"), "stage");
  EXPECT_EQ(items[0].at("status"), "ok");
  EXPECT_EQ(items[0].at("version"), "v1.32.0");
  EXPECT_EQ(items[0].at("identity"), "fake-user");
  EXPECT_EQ(items[0].at("default"), true);
  EXPECT_EQ(items[1].at("status"), "unauthorized");
  EXPECT_NE(r.text.find("Problems:\n- prod: "), std::string::npos) << r.text;
  EXPECT_EQ(r.text.find("fake-token"), std::string::npos) << "never a credential";
}

TEST(ClustersTool, WithoutProbeNothingIsSent) {
  FakeFleet f({"stage"});
  const auto r = f.call("k8s_clusters", {{"probe", false}});
  EXPECT_EQ(r.structured->at("clusters").as_array()[0].at("status"), "-");
  EXPECT_TRUE(f["stage"].requests().empty());
}
