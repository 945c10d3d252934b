#include "tools/basic/health_rules.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

using namespace kubemcp::tools::health;
namespace json = boost::json;

namespace {
json::value pod(const char* status, const char* extra_meta = "") {
  return json::parse(std::string(R"({"metadata":{"name":"p","namespace":"shop")") + extra_meta +
                     R"(},"spec":{"containers":[{"name":"app"}]},"status":)" + status + "}");
}
}  // namespace

TEST(Health, HealthyAndCompletedPodsAreFine) {
  EXPECT_FALSE(check_pod(pod(
      R"({"phase":"Running","containerStatuses":[{"name":"app","ready":true,"restartCount":0,"state":{"running":{}}}]})")));
  EXPECT_FALSE(check_pod(pod(R"({"phase":"Succeeded"})")));
}

TEST(Health, CrashLoopNamesRestartsAndLastExit) {
  auto f = check_pod(
      pod(R"({"phase":"Running","containerStatuses":[{"name":"app","ready":false,"restartCount":7,
      "state":{"waiting":{"reason":"CrashLoopBackOff"}},"lastState":{"terminated":{"reason":"Error","exitCode":1}}}]})"));
  ASSERT_TRUE(f);
  EXPECT_EQ(f->problem, "CrashLoopBackOff");
  EXPECT_EQ(f->detail, "container 'app' restarts 7, last exit 1 (Error)");
  EXPECT_EQ(f->next, "k8s_logs pod=p namespace=shop container=app previous=true");
}

TEST(Health, OomKilledSaysWhatToDo) {
  auto f = check_pod(
      pod(R"({"phase":"Running","containerStatuses":[{"name":"app","ready":false,"restartCount":3,
      "state":{"waiting":{"reason":"CrashLoopBackOff"}},"lastState":{"terminated":{"reason":"OOMKilled","exitCode":137}}}]})"));
  ASSERT_TRUE(f);
  EXPECT_NE(f->detail.find("last exit 137 (OOMKilled)"), std::string::npos) << f->detail;
  EXPECT_NE(f->detail.find("out of memory"), std::string::npos);
  auto running = check_pod(
      pod(R"({"phase":"Running","containerStatuses":[{"name":"app","ready":true,"restartCount":1,
      "state":{"running":{}},"lastState":{"terminated":{"reason":"OOMKilled","exitCode":137}}}]})"));
  ASSERT_TRUE(running);
  EXPECT_EQ(running->problem, "OOMKilled");
}

TEST(Health, ImagePullAndPendingCarryTheirMessages) {
  auto img = check_pod(pod(
      R"({"phase":"Pending","containerStatuses":[{"name":"app","image":"x:nope","ready":false,"restartCount":0,
      "state":{"waiting":{"reason":"ImagePullBackOff","message":"Back-off pulling image"}}}]})"));
  ASSERT_TRUE(img);
  EXPECT_EQ(img->problem, "ImagePullBackOff");
  EXPECT_EQ(img->detail, "container 'app' image 'x:nope': Back-off pulling image");
  auto pending =
      check_pod(pod(R"({"phase":"Pending","conditions":[{"type":"PodScheduled","status":"False",
      "reason":"Unschedulable","message":"0/3 nodes are available: 3 Insufficient cpu."}]})"));
  ASSERT_TRUE(pending);
  EXPECT_EQ(pending->problem, "Pending");
  EXPECT_EQ(pending->detail, "Unschedulable: 0/3 nodes are available: 3 Insufficient cpu.");
  EXPECT_EQ(pending->next, "k8s_describe resource=pod name=p namespace=shop");
}

TEST(Health, NotReadyAndTerminating) {
  auto nr = check_pod(pod(
      R"({"phase":"Running","containerStatuses":[{"name":"app","ready":false,"restartCount":0,"state":{"running":{}}}]})"));
  ASSERT_TRUE(nr);
  EXPECT_EQ(nr->problem, "NotReady");
  EXPECT_EQ(nr->detail, "containers not ready: app");
  auto term =
      check_pod(pod(R"({"phase":"Running"})", R"(,"deletionTimestamp":"2026-11-26T06:00:00Z")"));
  ASSERT_TRUE(term);
  EXPECT_EQ(term->problem, "Terminating");
}

TEST(Health, WorkloadsShortOfReplicasOrStuck) {
  EXPECT_FALSE(check_workload(
      json::parse(R"({"metadata":{"name":"web","namespace":"shop"},"spec":{"replicas":3},
      "status":{"availableReplicas":3}})"),
      "Deployment"));
  auto short_ = check_workload(
      json::parse(R"({"metadata":{"name":"web","namespace":"shop"},"spec":{"replicas":3},
      "status":{"availableReplicas":1}})"),
      "Deployment");
  ASSERT_TRUE(short_);
  EXPECT_EQ(short_->object, "deployment/web");
  EXPECT_EQ(short_->problem, "1/3 available");
  auto stuck = check_workload(
      json::parse(R"({"metadata":{"name":"web","namespace":"shop"},"spec":{"replicas":1},
      "status":{"availableReplicas":1,"conditions":[{"type":"Progressing","status":"False","reason":"ProgressDeadlineExceeded",
      "message":"ReplicaSet \"web-2\" has timed out progressing."}]}})"),
      "Deployment");
  ASSERT_TRUE(stuck);
  EXPECT_NE(stuck->detail.find("rollout stuck (ProgressDeadlineExceeded)"), std::string::npos);
  auto ds = check_workload(json::parse(R"({"metadata":{"name":"exporter","namespace":"mon"},
      "status":{"desiredNumberScheduled":3,"numberReady":2}})"),
                           "DaemonSet");
  ASSERT_TRUE(ds);
  EXPECT_EQ(ds->problem, "2/3 ready");
}

TEST(Health, NodesNotReadyOrCordoned) {
  EXPECT_FALSE(check_node(json::parse(
      R"({"metadata":{"name":"n1"},"status":{"conditions":[{"type":"Ready","status":"True"}]}})")));
  auto down = check_node(json::parse(
      R"({"metadata":{"name":"n1"},"status":{"conditions":[{"type":"Ready","status":"Unknown",
      "reason":"NodeStatusUnknown","message":"Kubelet stopped posting node status."}]}})"));
  ASSERT_TRUE(down);
  EXPECT_EQ(down->problem, "NotReady");
  EXPECT_EQ(down->detail, "NodeStatusUnknown: Kubelet stopped posting node status.");
  auto cordoned = check_node(json::parse(R"({"metadata":{"name":"n2"},"spec":{"unschedulable":true},
      "status":{"conditions":[{"type":"Ready","status":"True"}]}})"));
  ASSERT_TRUE(cordoned);
  EXPECT_EQ(cordoned->problem, "SchedulingDisabled");
}
