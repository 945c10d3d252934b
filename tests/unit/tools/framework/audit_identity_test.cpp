// Issue 15: the audit line's identity is who the API server says the credentials are
// (SelfSubjectReview), learned from k8s_clusters' probe or asked once per cluster, never in
// a refused call; the kubeconfig's user when the server will not say.
#include <gtest/gtest.h>

#include <algorithm>

#include "../support/fake_cluster.hpp"

using kubemcp::testing::FakeFleet;

namespace {

constexpr const char* kReview = "POST /apis/authentication.k8s.io/v1/selfsubjectreviews";

long reviews(FakeFleet& f, const std::string& cluster) {
  const auto reqs = f[cluster].requests();
  return std::count(reqs.begin(), reqs.end(), kReview);
}

}  // namespace

TEST(AuditIdentity, WithoutAskingItIsTheKubeconfigUserAndNoRequestIsSent) {
  FakeFleet f({"stage"});
  const auto& c = f.fleet().registry().resolve("stage");
  const auto who = f.fleet().identity(c, /*may_ask=*/false);
  EXPECT_EQ(who.name, "u");
  EXPECT_EQ(who.source, "kubeconfig");
  EXPECT_TRUE(f["stage"].requests().empty());
}

TEST(AuditIdentity, AskedOncePerClusterThenCached) {
  FakeFleet f({"stage"});
  const auto& c = f.fleet().registry().resolve("stage");
  for (int i = 0; i < 3; ++i) {
    const auto who = f.fleet().identity(c, /*may_ask=*/true);
    EXPECT_EQ(who.name, "fake-user");
    EXPECT_EQ(who.source, "server");
  }
  EXPECT_EQ(reviews(f, "stage"), 1);
  // Once known, a call that may not ask (a refusal) still names the server's identity.
  EXPECT_EQ(f.fleet().identity(c, false).name, "fake-user");
}

TEST(AuditIdentity, AServerThatWillNotSayIsNotAskedAgain) {
  FakeFleet f({"stage"});
  f["stage"].fail_path("/apis/authentication.k8s.io/v1/selfsubjectreviews", 403);
  const auto& c = f.fleet().registry().resolve("stage");
  for (int i = 0; i < 2; ++i) {
    const auto who = f.fleet().identity(c, true);
    EXPECT_EQ(who.name, "u");
    EXPECT_EQ(who.source, "kubeconfig");
  }
  EXPECT_EQ(reviews(f, "stage"), 1);
}

TEST(AuditIdentity, WhenItCouldNotAskItFallsBackAndAsksAgainLater) {
  FakeFleet f({"stage"});
  f["stage"].fail_with(401);  // the login failed: the review was never answered
  const auto& c = f.fleet().registry().resolve("stage");
  const auto before = f.fleet().identity(c, true);
  EXPECT_EQ(before.name, "u");
  EXPECT_EQ(before.source, "kubeconfig");
  f["stage"].fail_with(0);
  const auto after = f.fleet().identity(c, true);
  EXPECT_EQ(after.name, "fake-user");
  EXPECT_EQ(after.source, "server");
}

TEST(AuditIdentity, TheClustersProbeTeachesItWithoutAnotherRequest) {
  FakeFleet f({"stage"});
  ASSERT_FALSE(f.call("k8s_clusters", {}).is_error);
  EXPECT_EQ(reviews(f, "stage"), 1);
  const auto& c = f.fleet().registry().resolve("stage");
  const auto who = f.fleet().identity(c, false);
  EXPECT_EQ(who.name, "fake-user");
  EXPECT_EQ(who.source, "server");
  EXPECT_EQ(reviews(f, "stage"), 1);
}
