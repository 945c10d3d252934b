// kubectl's rollout status rules, object by object, with no cluster.
#include "tools/core/rollout_status.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

using namespace kubemcp::tools::core;
namespace json = boost::json;

namespace {

json::object deployment(const char* status, const char* spec = R"({"replicas": 3})",
                        int generation = 2) {
  return json::object{{"metadata", json::object{{"name", "web"}, {"generation", generation}}},
                      {"spec", json::parse(spec)},
                      {"status", json::parse(status)}};
}

}  // namespace

TEST(RolloutStatus, DeploymentWaitsForItsSpecToBeObserved) {
  auto s = rollout_state("Deployment", deployment(R"({"observedGeneration": 1})"));
  EXPECT_FALSE(s.done);
  EXPECT_EQ(s.message, "Waiting for deployment spec update to be observed...");
}

TEST(RolloutStatus, DeploymentStepsInKubectlsOrder) {
  auto s = rollout_state("Deployment", deployment(R"({"observedGeneration": 2, "replicas": 4,
      "updatedReplicas": 1, "readyReplicas": 3, "availableReplicas": 3})"));
  EXPECT_EQ(s.message,
            "Waiting for deployment \"web\" rollout to finish: 1 out of 3 new replicas have been "
            "updated...");
  EXPECT_EQ(s.counts(), "updated 1/3, ready 3/3, available 3/3");
  s = rollout_state("Deployment", deployment(R"({"observedGeneration": 2, "replicas": 4,
      "updatedReplicas": 3, "availableReplicas": 3})"));
  EXPECT_EQ(s.message,
            "Waiting for deployment \"web\" rollout to finish: 1 old replicas are pending "
            "termination...");
  s = rollout_state("Deployment", deployment(R"({"observedGeneration": 2, "replicas": 3,
      "updatedReplicas": 3, "availableReplicas": 2})"));
  EXPECT_EQ(s.message,
            "Waiting for deployment \"web\" rollout to finish: 2 of 3 updated replicas are "
            "available...");
  EXPECT_FALSE(s.done);
  EXPECT_TRUE(s.stuck.empty());
  s = rollout_state("Deployment", deployment(R"({"observedGeneration": 2, "replicas": 3,
      "updatedReplicas": 3, "readyReplicas": 3, "availableReplicas": 3})"));
  EXPECT_TRUE(s.done);
  EXPECT_EQ(s.message, "deployment \"web\" successfully rolled out");
}

TEST(RolloutStatus, DeploymentPastItsProgressDeadlineIsStuck) {
  auto s = rollout_state("Deployment", deployment(R"({"observedGeneration": 2, "replicas": 4,
      "updatedReplicas": 1, "conditions": [{"type": "Available", "status": "True"},
      {"type": "Progressing", "status": "False", "reason": "ProgressDeadlineExceeded"}]})"));
  EXPECT_FALSE(s.done);
  EXPECT_EQ(s.stuck, "deployment \"web\" exceeded its progress deadline");
}

TEST(RolloutStatus, PausedDeploymentThatIsNotDoneIsStuck) {
  auto s = rollout_state("Deployment", deployment(R"({"observedGeneration": 2, "replicas": 3,
      "updatedReplicas": 1})",
                                                  R"({"replicas": 3, "paused": true})"));
  EXPECT_NE(s.stuck.find("is paused"), std::string::npos);
  // Done is done, paused or not.
  s = rollout_state("Deployment", deployment(R"({"observedGeneration": 2, "replicas": 3,
      "updatedReplicas": 3, "availableReplicas": 3})",
                                             R"({"replicas": 3, "paused": true})"));
  EXPECT_TRUE(s.done);
}

TEST(RolloutStatus, StatefulSet) {
  json::object sts{{"metadata", json::object{{"name", "db"}, {"generation", 3}}},
                   {"spec", json::parse(R"({"replicas": 3})")},
                   {"status", json::parse(R"({"observedGeneration": 3, "readyReplicas": 2})")}};
  EXPECT_EQ(rollout_state("StatefulSet", sts).message, "Waiting for 1 pods to be ready...");
  sts["status"] = json::parse(R"({"observedGeneration": 3, "readyReplicas": 3, "updatedReplicas": 1,
      "currentReplicas": 2, "currentRevision": "db-a", "updateRevision": "db-b"})");
  auto s = rollout_state("StatefulSet", sts);
  EXPECT_EQ(s.message,
            "waiting for statefulset rolling update to complete 1 pods at revision db-b...");
  sts["status"] = json::parse(R"({"observedGeneration": 3, "readyReplicas": 3, "updatedReplicas": 3,
      "currentReplicas": 3, "currentRevision": "db-b", "updateRevision": "db-b"})");
  s = rollout_state("StatefulSet", sts);
  EXPECT_TRUE(s.done);
  EXPECT_EQ(s.message, "statefulset rolling update complete 3 pods at revision db-b...");
  sts["spec"] = json::parse(
      R"({"replicas": 3, "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"partition": 2}}})");
  sts["status"] =
      json::parse(R"({"observedGeneration": 3, "readyReplicas": 3, "updatedReplicas": 0})");
  EXPECT_EQ(rollout_state("StatefulSet", sts).message,
            "Waiting for partitioned roll out to finish: 0 out of 1 new pods have been updated...");
  sts["spec"] = json::parse(R"({"replicas": 3, "updateStrategy": {"type": "OnDelete"}})");
  EXPECT_EQ(rollout_state("StatefulSet", sts).stuck,
            "rollout status is only available for RollingUpdate strategy type");
}

TEST(RolloutStatus, DaemonSet) {
  json::object ds{{"metadata", json::object{{"name", "agent"}, {"generation", 1}}},
                  {"spec", json::object{}},
                  {"status", json::parse(R"({"observedGeneration": 1, "desiredNumberScheduled": 3,
                      "updatedNumberScheduled": 2, "numberAvailable": 3})")}};
  EXPECT_EQ(rollout_state("DaemonSet", ds).message,
            "Waiting for daemon set \"agent\" rollout to finish: 2 out of 3 new pods have been "
            "updated...");
  ds["status"] = json::parse(R"({"observedGeneration": 1, "desiredNumberScheduled": 3,
      "updatedNumberScheduled": 3, "numberAvailable": 3})");
  EXPECT_TRUE(rollout_state("DaemonSet", ds).done);
  EXPECT_TRUE(has_status_viewer("DaemonSet"));
  EXPECT_FALSE(has_status_viewer("ReplicaSet"));
}
