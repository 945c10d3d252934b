// k8s_clusters against fake clusters: the probe (version, identity) moved to kube/probe.hpp,
// and each failure named by kind.
#include <gtest/gtest.h>

#include <algorithm>
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

TEST(ClustersTool, IdentityFallsBackToTheKubeconfigUserAndSaysSo) {
  FakeFleet f({"stage", "prod"});
  f["stage"].fail_path("/apis/authentication.k8s.io/v1/selfsubjectreviews", 404);
  f["prod"].fail_path("/apis/authentication.k8s.io/v1/selfsubjectreviews", 403);
  const auto r = f.call("k8s_clusters", {});
  ASSERT_FALSE(r.is_error) << r.text;
  const auto& items = r.structured->at("clusters").as_array();
  for (const auto& item : items) {
    EXPECT_EQ(item.at("status"), "ok") << "a refused review is not a failed probe";
    EXPECT_EQ(item.at("identity"), "u");  // users[].name of the context
    EXPECT_EQ(item.at("identity_source"), "kubeconfig");
  }
  EXPECT_EQ(items[0].at("identity_note"), "SelfSubjectReview: 404 NotFound");
  EXPECT_EQ(items[1].at("identity_note"), "SelfSubjectReview: 403 Forbidden");
  EXPECT_NE(r.text.find("u (kubeconfig)"), std::string::npos) << r.text;
  EXPECT_NE(r.text.find("Identity not confirmed by the server:\n- stage: SelfSubjectReview: 404 "
                        "NotFound; IDENTITY is the kubeconfig's user"),
            std::string::npos)
      << r.text;
}

TEST(ClustersTool, IdentityFromTheServerWithGroups) {
  FakeFleet f({"stage"});
  const auto r = f.call("k8s_clusters", {});
  const auto& item = r.structured->at("clusters").as_array()[0];
  EXPECT_EQ(item.at("identity"), "fake-user");
  EXPECT_EQ(item.at("identity_source"), "server");
  EXPECT_FALSE(item.as_object().contains("identity_note"));
  const auto& reqs = f["stage"].requests();
  EXPECT_NE(
      std::find(reqs.begin(), reqs.end(), "POST /apis/authentication.k8s.io/v1/selfsubjectreviews"),
      reqs.end());
}

TEST(ClustersTool, WithoutProbeNothingIsSent) {
  FakeFleet f({"stage"});
  const auto r = f.call("k8s_clusters", {{"probe", false}});
  EXPECT_EQ(r.structured->at("clusters").as_array()[0].at("status"), "-");
  EXPECT_TRUE(f["stage"].requests().empty());
}
