// k8s_compare's summary table, counts and diff from normalized objects.
#include "tools/basic/compare_summary.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace kubemcp::tools::compare {
namespace {
namespace json = boost::json;

json::value web(const char* image, int replicas) {
  json::object o = json::parse(R"({"kind":"Deployment","metadata":{"name":"web"},
    "spec":{"template":{"spec":{"containers":[{"name":"side","image":"envoy:1"},
      {"name":"web"}]}}}})")
                       .as_object();
  o.at("spec").as_object()["replicas"] = replicas;
  o.at("spec").at("template").at("spec").at("containers").as_array()[1].as_object()["image"] =
      image;
  return o;
}

std::vector<Side> three() {
  Side stage{"stage", "shop-stage", false, "", {}};
  Side prod{"production", "shop", false, "", {}};
  Side eph{"ephemeral", "shop-eph", false, "", {}};
  stage.objects["Deployment/web"] = web("nginx:1.25", 2);
  prod.objects["Deployment/web"] = web("nginx:1.27", 2);
  eph.objects["Deployment/web"] = web("nginx:1.25", 3);
  const auto cm = json::parse(R"({"kind":"ConfigMap","data":{"A":"1"}})");
  for (auto* s : {&stage, &prod, &eph}) s->objects["ConfigMap/same"] = cm;
  stage.objects["ConfigMap/canary"] = cm;
  return {stage, prod, eph};
}

TEST(CompareSummary, FlattenKeysNamedItemsByName) {
  const auto f = flatten(web("nginx:1.25", 2));
  EXPECT_EQ(f.at("spec.template.spec.containers[web].image"), "nginx:1.25");
  EXPECT_EQ(f.at("spec.template.spec.containers[side].image"), "envoy:1");
  EXPECT_EQ(f.at("spec.replicas"), "2");
}

TEST(CompareSummary, RowsNameOnlyTheDifferingFieldsAndCount) {
  const auto t = summary(three());
  EXPECT_NE(t.find("stage (shop-stage)"), std::string::npos) << t;
  EXPECT_NE(t.find("spec.replicas=2; containers[web].image=nginx:1.25"), std::string::npos) << t;
  EXPECT_NE(t.find("spec.replicas=3; containers[web].image=nginx:1.25"), std::string::npos) << t;
  EXPECT_NE(t.find("containers[web].image=nginx:1.27"), std::string::npos) << t;
  EXPECT_EQ(t.find("side"), std::string::npos) << t;  // same everywhere: not named
  EXPECT_NE(t.find("present"), std::string::npos) << t;
  EXPECT_NE(t.find("missing"), std::string::npos) << t;
  EXPECT_NE(t.find("3 objects: 1 identical, 1 differ, 1 only in stage."), std::string::npos) << t;
}

TEST(CompareSummary, FailedClusterShowsItsErrorAndIsNotCountedMissing) {
  auto sides = three();
  sides[2] = Side{"ephemeral", "shop-eph", true, "Unable to connect to the server", {}};
  sides[1].objects["Deployment/web"] = sides[0].objects["Deployment/web"];
  const auto t = summary(sides);
  EXPECT_NE(t.find("error (see below)"), std::string::npos) << t;
  EXPECT_NE(t.find("ephemeral: Unable to connect to the server"), std::string::npos) << t;
  EXPECT_NE(t.find("3 objects: 2 identical, 0 differ, 1 only in stage."), std::string::npos) << t;
}

TEST(CompareSummary, DiffAgainstTheReference) {
  const auto d = diff(three());
  EXPECT_NE(d.find("--- stage/Deployment/web\n+++ production/Deployment/web"), std::string::npos)
      << d;
  EXPECT_NE(d.find("+      - image: nginx:1.27"), std::string::npos) << d;
  EXPECT_NE(d.find("-  replicas: 2\n+  replicas: 3"), std::string::npos) << d;
  EXPECT_NE(d.find("--- stage/ConfigMap/canary\n+++ ephemeral/ConfigMap/canary"), std::string::npos)
      << d;
  EXPECT_EQ(d.find("ConfigMap/same"), std::string::npos) << d;
}

// Pages hold whole objects; the continuation is the first object not shown, so following it
// shows every differing object once.
TEST(CompareSummary, DiffPagesContinueAtTheNextObject) {
  const auto sides = three();
  const auto whole = diff_page(sides, "", SIZE_MAX);
  EXPECT_EQ(whole.shown, 2u);
  EXPECT_EQ(whole.remaining, 0u);
  EXPECT_EQ(whole.next_key, "");
  const auto first = diff_page(sides, "", 10);  // room for one object only
  EXPECT_EQ(first.shown, 1u);
  EXPECT_EQ(first.remaining, 1u);
  EXPECT_EQ(first.next_key, "Deployment/web");
  EXPECT_NE(first.text.find("ConfigMap/canary"), std::string::npos) << first.text;
  EXPECT_EQ(first.text.find("Deployment/web"), std::string::npos) << first.text;
  const auto second = diff_page(sides, first.next_key, 10);
  EXPECT_EQ(second.shown, 1u);
  EXPECT_EQ(second.remaining, 0u);
  EXPECT_EQ(first.text + second.text, whole.text);
}

TEST(CompareSummary, IdenticalEverywhere) {
  auto sides = three();
  for (auto& s : sides) {
    s.objects.erase("Deployment/web");
    s.objects.erase("ConfigMap/canary");
  }
  EXPECT_NE(summary(sides).find("1 object: 1 identical, 0 differ."), std::string::npos);
  EXPECT_EQ(diff(sides), "identical: no object differs.\n");
}

TEST(CompareSummary, AFieldOneClusterLacksShowsTheApiDefault) {
  Side stage{"stage", "shop", false, "", {}};
  Side prod{"production", "shop", false, "", {}};
  stage.objects["HorizontalPodAutoscaler/web"] =
      json::parse(R"({"kind":"HorizontalPodAutoscaler","spec":{"minReplicas":2,"maxReplicas":5}})");
  prod.objects["HorizontalPodAutoscaler/web"] =
      json::parse(R"({"kind":"HorizontalPodAutoscaler","spec":{"maxReplicas":5}})");
  const auto text = summary({stage, prod});
  EXPECT_NE(text.find("spec.minReplicas=2   spec.minReplicas=1 (default)"), std::string::npos)
      << text;
}

TEST(CompareSummary, NothingToCompareIsAnAnswerNamingWhereItLooked) {
  auto sides = three();
  for (auto& s : sides) s.objects.clear();
  sides[2].failed = true;
  sides[2].error = "Unable to connect to the server";
  const std::string want =
      "No objects found to compare in stage (shop-stage), production (shop).\n"
      "ephemeral: Unable to connect to the server\n";
  EXPECT_EQ(summary(sides), want);
  EXPECT_EQ(diff(sides), want);
  sides[0].objects["ConfigMap/same"] = json::parse(R"({"kind":"ConfigMap"})");
  EXPECT_EQ(summary(sides).find("No objects"), std::string::npos) << "one object is something";
}

}  // namespace
}  // namespace kubemcp::tools::compare
