// What an applied object's line says, its diff (noise removed, Secret values masked), and how
// the server's refusals of a change are phrased.
#include "tools/core/apply_result.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "fleet/cluster.hpp"
#include "kube/errors.hpp"
#include "kube/resource_mapper.hpp"
#include "tools/core/write_errors.hpp"

using namespace kubemcp;
namespace json = boost::json;

namespace {

json::value cm(const char* mode, const char* rv) {
  return json::parse(std::string(R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"s",
    "namespace":"team","uid":"u1","resourceVersion":")") +
                     rv + R"(","creationTimestamp":"2026-01-01T00:00:00Z",
    "managedFields":[{"manager":"kubemcp","time":")" +
                     rv + R"("}]},"data":{"mode":")" + mode + R"("}})");
}

}  // namespace

TEST(ApplyResult, OutcomeComparesWithoutServerFields) {
  EXPECT_STREQ(tools::apply_outcome(nullptr, cm("a", "1")), "created");
  // A new resourceVersion and managedFields time alone are not a change.
  EXPECT_STREQ(tools::apply_outcome(cm("a", "1"), cm("a", "2")), "unchanged");
  EXPECT_STREQ(tools::apply_outcome(cm("a", "1"), cm("b", "1")), "configured");
}

TEST(ApplyResult, DiffDropsNoiseAndMasksSecretsMarkingChangedValues) {
  fleet::ClusterConfig cluster;
  cluster.name = "stage";
  kube::ResourceInfo cms{
      .group = "", .version = "v1", .resource = "configmaps", .kind = "ConfigMap"};
  const auto d = tools::apply_diff(cm("a", "1"), cm("b", "2"), cms, cluster, "configmap/s", true);
  EXPECT_NE(d.find("--- configmap/s (live)\n+++ configmap/s (after apply, server dry run)\n"),
            std::string::npos)
      << d;
  EXPECT_NE(d.find("-  mode: a\n+  mode: b\n"), std::string::npos) << d;
  for (const char* noise : {"managedFields", "resourceVersion", "uid", "creationTimestamp"})
    EXPECT_EQ(d.find(noise), std::string::npos) << noise;

  kube::ResourceInfo secrets{.group = "", .version = "v1", .resource = "secrets", .kind = "Secret"};
  const auto secret = [](const char* pw) {
    return json::value{{"apiVersion", "v1"},
                       {"kind", "Secret"},
                       {"metadata", {{"name", "db"}}},
                       {"data", {{"password", pw}, {"user", "YWRtaW4="}}}};
  };
  const auto s = tools::apply_diff(secret("b2xkLXZhbHVl"), secret("bmV3LXZhbHVl"), secrets, cluster,
                                   "secret/db", false);
  EXPECT_EQ(s.find("b2xkLXZhbHVl"), std::string::npos);
  EXPECT_EQ(s.find("bmV3LXZhbHVl"), std::string::npos);
  EXPECT_EQ(s.find("YWRtaW4="), std::string::npos);
  EXPECT_NE(s.find("(changed)"), std::string::npos) << s;
  EXPECT_EQ(s.find("user: \"<masked: 5 bytes> (changed)"), std::string::npos) << s;
}

TEST(WriteErrors, ConflictNamesFieldsManagersAndTheWayOut) {
  const json::value details = json::parse(R"({"causes":[
    {"reason":"FieldManagerConflict","message":"conflict with \"kubectl-edit\" using apps/v1","field":".spec.replicas"}]})");
  const auto text = tools::phrase_write_error(
      std::make_exception_ptr(kube::ApiError(409, "Conflict",
                                             "Apply failed with 1 conflict: conflict with "
                                             "\"kubectl-edit\" using apps/v1: .spec.replicas",
                                             details)),
      "stage");
  EXPECT_NE(text.find("Error from server (Conflict): Apply failed with 1 conflict"),
            std::string::npos);
  EXPECT_NE(text.find(".spec.replicas is managed by \"kubectl-edit\""), std::string::npos) << text;
  EXPECT_NE(text.find("force_conflicts=true"), std::string::npos);
}

TEST(WriteErrors, InvalidListsTheFields) {
  const json::value details = json::parse(R"({"causes":[
    {"reason":"FieldValueInvalid","message":"Invalid value: -1: must be greater than or equal to 0","field":"spec.replicas"}]})");
  const auto text =
      tools::phrase_write_error(std::make_exception_ptr(kube::ApiError(
                                    422, "Invalid", "Deployment.apps \"web\" is invalid", details)),
                                "stage");
  EXPECT_NE(
      text.find("Invalid fields:\n  spec.replicas: Invalid value: -1: must be greater than or "
                "equal to 0"),
      std::string::npos)
      << text;
  // Anything else reads as kubectl reads it.
  EXPECT_NE(tools::phrase_write_error(std::make_exception_ptr(kube::ApiError(
                                          404, "NotFound", "configmaps \"x\" not found")),
                                      "stage")
                .find("Error from server (NotFound): configmaps \"x\" not found"),
            std::string::npos);
}
