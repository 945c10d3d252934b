// k8s_scale against a fake cluster: a merge patch of the scale subresource in kubectl's words,
// current_replicas as a precondition that refuses without writing, and a dry run that asks the
// server and changes nothing.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <string>

#include "../support/fake_cluster.hpp"

using namespace kubemcp::testing;
namespace json = boost::json;

namespace {

json::value deployment(int replicas) {
  return json::object{{"apiVersion", "apps/v1"},
                      {"kind", "Deployment"},
                      {"metadata", {{"name", "web"}, {"namespace", "shop"}}},
                      {"spec", {{"replicas", replicas}}}};
}

std::int64_t replicas_now(FakeFleet& f) {
  const auto r =
      f.call("k8s_get", {{"resource", "deployments"}, {"name", "web"}, {"output", "json"}});
  return json::parse(r.text).at_pointer("/spec/replicas").to_number<std::int64_t>();
}

std::size_t writes(const FakeCluster& c) {
  const auto r = c.requests();
  return std::count_if(r.begin(), r.end(), [](const std::string& q) {
    return q.rfind("PATCH ", 0) == 0 || q.rfind("PUT ", 0) == 0;
  });
}

}  // namespace

TEST(ScaleTool, SetsTheReplicasThroughTheScaleSubresource) {
  FakeFleet f({"stage"});
  f["stage"].add(deployment(2));
  const auto r = f.call("k8s_scale", {{"resource", "deployment/web"}, {"replicas", 5}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(r.text, "deployment.apps/web scaled");
  EXPECT_EQ(replicas_now(f), 5);
  const auto reqs = f["stage"].requests();
  EXPECT_TRUE(std::any_of(reqs.begin(), reqs.end(), [](const std::string& q) {
    return q.rfind("PATCH /apis/apps/v1/namespaces/shop/deployments/web/scale", 0) == 0;
  }));
}

TEST(ScaleTool, CurrentReplicasIsAPreconditionThatChangesNothingWhenItFails) {
  FakeFleet f({"stage"});
  f["stage"].add(deployment(2));
  const auto no = f.call(
      "k8s_scale",
      {{"resource", "deployment"}, {"name", "web"}, {"replicas", 5}, {"current_replicas", 3}});
  EXPECT_TRUE(no.is_error);
  EXPECT_NE(no.text.find("Expected replicas to be 3, was 2. Nothing was changed"),
            std::string::npos)
      << no.text;
  EXPECT_NE(no.text.find("current_replicas: 2"), std::string::npos) << "says what to pass";
  EXPECT_EQ(writes(f["stage"]), 0u);
  const auto yes = f.call(
      "k8s_scale",
      {{"resource", "deployment"}, {"name", "web"}, {"replicas", 5}, {"current_replicas", 2}});
  ASSERT_FALSE(yes.is_error) << yes.text;
  EXPECT_EQ(replicas_now(f), 5);
}

TEST(ScaleTool, DryRunChangesNothing) {
  FakeFleet f({"stage"});
  f["stage"].add(deployment(2));
  const auto r =
      f.call("k8s_scale", {{"resource", "deployment/web"}, {"replicas", 9}, {"dry_run", true}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(r.text, "deployment.apps/web scaled (server dry run)");
  EXPECT_EQ(replicas_now(f), 2);
}
