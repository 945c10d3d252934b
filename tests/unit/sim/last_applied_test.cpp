#include "sim/last_applied.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "sim/util.hpp"

using namespace kubemcp::sim;
namespace json = boost::json;

namespace {

json::object J(const char* s) {
  return json::parse(s).as_object();
}

ApplyOptions as(const std::string& manager) {
  return ApplyOptions{manager, "apps/v1", false, true, "2026-01-01T00:00:00Z"};
}

// A deployment as `kubectl apply` (client-side) leaves it: owned by kubectl-client-side-apply
// with an Update, the configuration in the annotation.
json::object client_side_applied(int replicas_now) {
  auto cfg = J(R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},
                   "spec":{"replicas":2,"paused":false}})");
  auto live = cfg;
  live["spec"].as_object()["replicas"] = replicas_now;
  auto& ann = ensure_obj(ensure_obj(live, "metadata"), "annotations");
  ann[kLastApplied] = build_last_applied(cfg);
  record_update(live, nullptr, as("kubectl-client-side-apply"));
  return live;
}

}  // namespace

TEST(LastApplied, EncodedAsGoDoesWithoutItself) {
  auto cfg = J(R"({"metadata":{"name":"d","annotations":{
                     "kubectl.kubernetes.io/last-applied-configuration":"old","z":"<&>"}},
                   "kind":"K","apiVersion":"v1"})");
  EXPECT_EQ(build_last_applied(cfg),
            "{\"apiVersion\":\"v1\",\"kind\":\"K\",\"metadata\":{\"annotations\":{\"z\":"
            "\"\\u003c\\u0026\\u003e\"},\"name\":\"d\"}}\n");
}

TEST(LastApplied, OnlyFieldsStillAsRecordedAreAllowed) {
  auto live = client_side_applied(5);
  FieldSet allowed = allowed_from_last_applied(live);
  EXPECT_TRUE(
      allowed.count("f:spec\x1f"
                    "f:paused"));
  EXPECT_FALSE(
      allowed.count("f:spec\x1f"
                    "f:replicas"))
      << "changed since by someone";
  EXPECT_TRUE(allowed_from_last_applied(J(R"({"metadata":{"name":"d"}})")).empty());
}

TEST(LastApplied, KubectlTakesOverClientSideFieldsAndKeepsTheAnnotationCurrent) {
  auto live = client_side_applied(2);
  auto next = J(R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},
                    "spec":{"replicas":3,"paused":false}})");
  auto out = apply_config(&live, next, as("kubectl"));
  EXPECT_EQ(out.at("spec").at("replicas"), 3);
  auto last = json::parse(out.at("metadata").at("annotations").at(kLastApplied).as_string());
  EXPECT_EQ(last.at("spec").at("replicas"), 3);
  // Another manager gets no upgrade.
  try {
    apply_config(&live, next, as("deployer"));
    FAIL() << "expected a conflict";
  } catch (const ApiError& e) {
    EXPECT_EQ(e.code, 409);
    EXPECT_NE(std::string(e.what()).find("conflict with \"kubectl-client-side-apply\""),
              std::string::npos);
  }
}

TEST(LastApplied, AFieldChangedSinceStillConflictsForKubectl) {
  auto live = client_side_applied(5);
  auto next = J(R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},
                    "spec":{"replicas":3,"paused":false}})");
  EXPECT_THROW(apply_config(&live, next, as("kubectl")), ApiError);
}
