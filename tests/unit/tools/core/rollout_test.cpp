// k8s_rollout against a fake cluster: history from the deployment's ReplicaSets, restart as a
// template annotation, pause and resume of a deployment (and kubectl's refusal for a
// daemonset), and status with timeout 0 on a finished and an unfinished rollout.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <string>

#include "../support/fake_cluster.hpp"

using namespace kubemcp::testing;
namespace json = boost::json;

namespace {

json::object container(const std::string& image) {
  return {{"name", "app"}, {"image", image}};
}

json::object template_with(const std::string& image) {
  return {{"metadata", {{"labels", {{"app", "web"}}}}},
          {"spec", {{"containers", json::array{container(image)}}}}};
}

// A deployment of 3 replicas, `available` of them available and updated, with image web:2.
json::value deployment(int available, bool paused = false) {
  return json::object{
      {"apiVersion", "apps/v1"},
      {"kind", "Deployment"},
      {"metadata", {{"name", "web"}, {"namespace", "shop"}, {"uid", "uid-web"}, {"generation", 2}}},
      {"spec",
       {{"replicas", 3},
        {"paused", paused},
        {"selector", {{"matchLabels", {{"app", "web"}}}}},
        {"template", template_with("web:2")}}},
      {"status",
       {{"observedGeneration", 2},
        {"replicas", 3},
        {"updatedReplicas", 3},
        {"readyReplicas", available},
        {"availableReplicas", available}}}};
}

json::value replicaset(const std::string& name, int revision, const std::string& image,
                       const std::string& cause, const std::string& owner = "uid-web") {
  json::object annotations{{"deployment.kubernetes.io/revision", std::to_string(revision)}};
  if (!cause.empty()) annotations["kubernetes.io/change-cause"] = cause;
  return json::object{{"apiVersion", "apps/v1"},
                      {"kind", "ReplicaSet"},
                      {"metadata",
                       {{"name", name},
                        {"namespace", "shop"},
                        {"labels", {{"app", "web"}}},
                        {"annotations", annotations},
                        {"ownerReferences", json::array{{{"apiVersion", "apps/v1"},
                                                         {"kind", "Deployment"},
                                                         {"name", "web"},
                                                         {"uid", owner},
                                                         {"controller", true}}}}}},
                      {"spec", {{"template", template_with(image)}}}};
}

json::value daemonset() {
  return json::object{{"apiVersion", "apps/v1"},
                      {"kind", "DaemonSet"},
                      {"metadata", {{"name", "agent"}, {"namespace", "shop"}, {"uid", "uid-ds"}}},
                      {"spec", {{"selector", {{"matchLabels", {{"app", "agent"}}}}}}}};
}

std::vector<std::string> patches(const FakeCluster& c) {
  std::vector<std::string> out;
  for (const auto& q : c.requests())
    if (q.rfind("PATCH ", 0) == 0) out.push_back(q);
  return out;
}

bool paused_now(FakeFleet& f) {
  const auto r =
      f.call("k8s_get", {{"resource", "deployments"}, {"name", "web"}, {"output", "json"}});
  return json::parse(r.text).at_pointer("/spec/paused").as_bool();
}

}  // namespace

TEST(RolloutTool, HistoryListsTheDeploymentsReplicaSetsWithCauseAndImages) {
  FakeFleet f({"stage"});
  f["stage"].add(deployment(3));
  f["stage"].add(replicaset("web-2", 2, "web:2", "kubectl set image deployment/web app=web:2"));
  f["stage"].add(replicaset("web-1", 1, "web:1", ""));
  f["stage"].add(replicaset("other-1", 7, "other:9", "not ours", "uid-other"));
  const auto r = f.call("k8s_rollout", {{"action", "history"}, {"resource", "deployment/web"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(r.text.rfind("deployment.apps/web\n", 0), 0u) << r.text;
  const auto one = r.text.find("\n1 ");
  const auto two = r.text.find("\n2 ");
  ASSERT_NE(one, std::string::npos) << r.text;
  ASSERT_NE(two, std::string::npos) << r.text;
  EXPECT_LT(one, two) << "oldest first: " << r.text;
  EXPECT_NE(r.text.find("kubectl set image deployment/web app=web:2"), std::string::npos);
  EXPECT_NE(r.text.find("web:1"), std::string::npos) << r.text;
  EXPECT_NE(r.text.find("web:2"), std::string::npos) << r.text;
  EXPECT_NE(r.text.find("<none>"), std::string::npos) << "revision 1 has no cause: " << r.text;
  EXPECT_EQ(r.text.find("other:9"), std::string::npos) << "another owner's ReplicaSet";
  EXPECT_TRUE(patches(f["stage"]).empty()) << "history only reads";
}

TEST(RolloutTool, RestartPatchesTheTemplateWithRestartedAt) {
  FakeFleet f({"stage"});
  f["stage"].add(deployment(3));
  const auto r = f.call("k8s_rollout", {{"action", "restart"}, {"resource", "deployment/web"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(r.text, "deployment.apps/web restarted");
  ASSERT_EQ(patches(f["stage"]).size(), 1u);
  EXPECT_EQ(patches(f["stage"])[0].rfind("PATCH /apis/apps/v1/namespaces/shop/deployments/web", 0),
            0u);
  const auto body = json::parse(f["stage"].bodies().at(0));
  std::error_code ec;
  const auto* at = body.find_pointer(
      "/spec/template/metadata/annotations/kubectl.kubernetes.io~1restartedAt", ec);
  ASSERT_NE(at, nullptr) << json::serialize(body);
  EXPECT_TRUE(at->is_string());
  EXPECT_EQ(at->as_string().size(), std::string("2026-01-01T00:00:00Z").size()) << *at;
}

TEST(RolloutTool, PauseThenResumeADeployment) {
  FakeFleet f({"stage"});
  f["stage"].add(deployment(3));
  const auto p = f.call("k8s_rollout", {{"action", "pause"}, {"resource", "deployment/web"}});
  ASSERT_FALSE(p.is_error) << p.text;
  EXPECT_EQ(p.text, "deployment.apps/web paused");
  EXPECT_TRUE(paused_now(f));
  const auto again = f.call("k8s_rollout", {{"action", "pause"}, {"resource", "deployment/web"}});
  EXPECT_TRUE(again.is_error);
  EXPECT_NE(again.text.find("deployments.apps \"web\" is already paused"), std::string::npos)
      << again.text;
  const auto r = f.call("k8s_rollout", {{"action", "resume"}, {"resource", "deployment/web"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(r.text, "deployment.apps/web resumed");
  EXPECT_FALSE(paused_now(f));
  EXPECT_EQ(patches(f["stage"]).size(), 2u) << "the refused pause sent nothing";
}

TEST(RolloutTool, PauseOfADaemonSetIsRefusedInKubectlsWords) {
  FakeFleet f({"stage"});
  f["stage"].add(daemonset());
  const auto r = f.call("k8s_rollout", {{"action", "pause"}, {"resource", "daemonset/agent"}});
  EXPECT_TRUE(r.is_error);
  EXPECT_NE(r.text.find("daemonsets.apps \"agent\" pausing is not supported"), std::string::npos)
      << r.text;
  EXPECT_TRUE(patches(f["stage"]).empty());
}

TEST(RolloutTool, StatusWithTimeoutZeroLooksOnce) {
  FakeFleet f({"stage"});
  f["stage"].add(deployment(3));
  const auto done =
      f.call("k8s_rollout", {{"action", "status"}, {"resource", "deployment/web"}, {"timeout", 0}});
  ASSERT_FALSE(done.is_error) << done.text;
  EXPECT_NE(done.text.find("deployment \"web\" successfully rolled out"), std::string::npos)
      << done.text;

  FakeFleet g({"stage"});
  g["stage"].add(deployment(1));
  g["stage"].add(pod("shop", "web-a"));
  g["stage"].add(crashlooping_pod("shop", "web-b"));
  const auto waiting =
      g.call("k8s_rollout", {{"action", "status"}, {"resource", "deployment/web"}, {"timeout", 0}});
  EXPECT_FALSE(waiting.is_error) << "not finished yet is the answer: " << waiting.text;
  EXPECT_NE(waiting.text.find("Waiting for deployment \"web\" rollout to finish: 1 of 3 updated "
                              "replicas are available..."),
            std::string::npos)
      << waiting.text;
  EXPECT_NE(waiting.text.find("pod web-b: app: CrashLoopBackOff"), std::string::npos)
      << "names the pod that holds it up: " << waiting.text;
  EXPECT_EQ(waiting.text.find("pod web-a"), std::string::npos) << "a ready pod is not listed";
  const auto reqs = g["stage"].requests();
  EXPECT_FALSE(std::any_of(reqs.begin(), reqs.end(), [](const std::string& q) {
    return q.find("watch=") != std::string::npos;
  })) << "timeout 0 does not wait";
}
