// k8s_compare's normalization: noise, defaults and ignore paths removed, objects each cluster
// makes for itself recognized, Secret values replaced by equal/differs markers only.
#include "tools/basic/compare_normalize.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace kubemcp::tools::compare {
namespace {
namespace json = boost::json;

json::value deployment() {
  return json::parse(R"({
    "apiVersion": "apps/v1", "kind": "Deployment",
    "metadata": {"name": "web", "namespace": "shop", "uid": "u-1", "resourceVersion": "42",
      "generation": 3, "creationTimestamp": "2026-01-01T00:00:00Z",
      "managedFields": [{"manager": "kubectl"}], "labels": {"app": "web", "team": "a"},
      "annotations": {"deployment.kubernetes.io/revision": "3",
        "kubectl.kubernetes.io/last-applied-configuration": "{}"}},
    "spec": {"replicas": 2, "progressDeadlineSeconds": 600, "revisionHistoryLimit": 10,
      "strategy": {"type": "RollingUpdate",
                   "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"}},
      "template": {"metadata": {"creationTimestamp": null, "labels": {"app": "web"}},
        "spec": {"restartPolicy": "Always", "dnsPolicy": "ClusterFirst",
          "schedulerName": "default-scheduler", "terminationGracePeriodSeconds": 30,
          "securityContext": {},
          "containers": [{"name": "web", "image": "nginx:1.25", "imagePullPolicy": "IfNotPresent",
            "terminationMessagePath": "/dev/termination-log",
            "terminationMessagePolicy": "File", "resources": {}}]}}},
    "status": {"replicas": 2}})");
}

TEST(CompareNormalize, DropsNoiseAndDefaultsKeepsIntent) {
  const auto n = normalize(deployment());
  const auto expected = json::parse(R"({
    "apiVersion": "apps/v1", "kind": "Deployment",
    "metadata": {"name": "web", "labels": {"app": "web", "team": "a"}},
    "spec": {"replicas": 2, "template": {"metadata": {"labels": {"app": "web"}},
      "spec": {"containers": [{"name": "web", "image": "nginx:1.25"}]}}}})");
  EXPECT_EQ(n, expected) << json::serialize(n);
}

TEST(CompareNormalize, KeepsFieldsThatDifferFromDefaults) {
  auto d = deployment();
  d.at_pointer("/spec/revisionHistoryLimit") = 3;
  d.at_pointer("/spec/template/spec/containers/0/imagePullPolicy") = "Always";
  const auto n = normalize(d);
  EXPECT_EQ(n.at_pointer("/spec/revisionHistoryLimit"), 3);
  EXPECT_EQ(n.at_pointer("/spec/template/spec/containers/0/imagePullPolicy"), "Always");
}

TEST(CompareNormalize, ProbeAndVolumeDefaultsAreDropped) {
  auto d = deployment();
  auto& pod = d.at_pointer("/spec/template/spec").as_object();
  pod["enableServiceLinks"] = true;
  pod["volumes"] = json::parse(R"([{"name": "cfg", "configMap": {"name": "c", "defaultMode": 420}},
    {"name": "s", "secret": {"secretName": "s", "defaultMode": 256}}])");
  pod.at("containers").as_array()[0].as_object()["livenessProbe"] = json::parse(
      R"({"httpGet": {"path": "/", "port": 80, "scheme": "HTTP"}, "timeoutSeconds": 1,
          "periodSeconds": 10, "successThreshold": 1, "failureThreshold": 5})");
  const auto n = normalize(d);
  const auto& spec = n.at_pointer("/spec/template/spec").as_object();
  EXPECT_FALSE(spec.contains("enableServiceLinks"));
  EXPECT_EQ(spec.at("volumes"), json::parse(R"([{"name": "cfg", "configMap": {"name": "c"}},
    {"name": "s", "secret": {"secretName": "s", "defaultMode": 256}}])"));
  EXPECT_EQ(spec.at("containers").at(0).at("livenessProbe"),
            json::parse(R"({"httpGet": {"path": "/", "port": 80}, "failureThreshold": 5})"));
}

// What kube-apiserver 1.32 stores for an HPA that gives only scaleTargetRef, maxReplicas and
// a behavior naming one field: minReplicas, the CPU metric and both scaling rules filled in.
json::value hpa_as_stored() {
  return json::parse(R"({
    "apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler",
    "metadata": {"name": "web"},
    "spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "web"},
      "minReplicas": 1, "maxReplicas": 5,
      "metrics": [{"type": "Resource", "resource": {"name": "cpu",
        "target": {"type": "Utilization", "averageUtilization": 80}}}],
      "behavior": {
        "scaleUp": {"stabilizationWindowSeconds": 0, "selectPolicy": "Max", "policies": [
          {"type": "Pods", "value": 4, "periodSeconds": 15},
          {"type": "Percent", "value": 100, "periodSeconds": 15}]},
        "scaleDown": {"selectPolicy": "Max", "policies": [
          {"type": "Percent", "value": 100, "periodSeconds": 15}]}}}})");
}

TEST(CompareNormalize, HorizontalPodAutoscalerDefaultsAreDropped) {
  const auto bare = json::parse(R"({
    "apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler",
    "metadata": {"name": "web"},
    "spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "web"},
      "maxReplicas": 5}})");
  EXPECT_EQ(normalize(hpa_as_stored()), bare) << json::serialize(normalize(hpa_as_stored()));
  EXPECT_EQ(normalize(bare), bare);
}

TEST(CompareNormalize, HorizontalPodAutoscalerChoicesStay) {
  auto h = hpa_as_stored();
  h.at_pointer("/spec/minReplicas") = 2;
  h.at_pointer("/spec/metrics/0/resource/target/averageUtilization") = 60;
  h.at_pointer("/spec/behavior/scaleDown").as_object()["stabilizationWindowSeconds"] = 300;
  h.at_pointer("/spec/behavior/scaleUp/policies").as_array().pop_back();
  const auto n = normalize(h);
  EXPECT_EQ(n.at_pointer("/spec/minReplicas"), 2);
  EXPECT_EQ(n.at_pointer("/spec/metrics/0/resource/target/averageUtilization"), 60);
  EXPECT_EQ(n.at_pointer("/spec/behavior/scaleDown"),
            json::parse(R"({"stabilizationWindowSeconds": 300})"));
  EXPECT_EQ(n.at_pointer("/spec/behavior/scaleUp"),
            json::parse(R"({"policies": [{"type": "Pods", "value": 4, "periodSeconds": 15}]})"));
}

TEST(CompareNormalize, DefaultValueOfASummaryPath) {
  EXPECT_EQ(default_value("spec.minReplicas"), "1");
  EXPECT_EQ(default_value("spec.template.spec.containers[web].imagePullPolicy"), "IfNotPresent");
  EXPECT_EQ(default_value("spec.metrics[0].resource.target.averageUtilization"), "80");
  EXPECT_EQ(default_value("spec.behavior.scaleDown.policies[0].value"), "100");
  EXPECT_EQ(default_value("spec.strategy.rollingUpdate.maxSurge"), "25%");
  EXPECT_EQ(default_value("spec.updateStrategy.rollingUpdate.maxUnavailable"), "1");
  EXPECT_EQ(default_value("spec.replicas"), std::nullopt);
  EXPECT_EQ(default_value("metadata.labels.team"), std::nullopt);
  EXPECT_EQ(default_value("spec.metrics[1].type"), std::nullopt) << "one metric by default";
}

TEST(CompareNormalize, IgnorePathsIncludingDottedLabelKeys) {
  auto d = deployment();
  d.at_pointer("/metadata/labels").as_object()["app.kubernetes.io/version"] = "7";
  const auto n = normalize(d, {"spec.replicas", "metadata.labels.app.kubernetes.io/version",
                               "metadata.labels.team", "no.such.path"});
  EXPECT_FALSE(n.at("spec").as_object().contains("replicas"));
  EXPECT_EQ(n.at_pointer("/metadata/labels"), json::parse(R"({"app": "web"})"));
}

TEST(CompareNormalize, ServiceLosesClusterAssignedAddresses) {
  const auto s = json::parse(R"({"kind": "Service", "metadata": {"name": "web"},
    "spec": {"clusterIP": "10.0.0.7", "clusterIPs": ["10.0.0.7"], "type": "ClusterIP",
      "sessionAffinity": "None", "ipFamilies": ["IPv4"], "ipFamilyPolicy": "SingleStack",
      "internalTrafficPolicy": "Cluster",
      "ports": [{"port": 80, "protocol": "TCP", "targetPort": 80}]}})");
  // targetPort equal to port is the default; a different one is intent.
  EXPECT_EQ(normalize(s).at("spec"), json::parse(R"({"ports": [{"port": 80}]})"));
  auto other = s;
  other.at_pointer("/spec/ports/0/targetPort") = 8080;
  EXPECT_EQ(normalize(other).at("spec"),
            json::parse(R"({"ports": [{"port": 80, "targetPort": 8080}]})"));
}

TEST(CompareNormalize, ObjectsEachClusterMakesForItself) {
  auto obj = [](const char* text) { return json::parse(text).as_object(); };
  EXPECT_TRUE(
      made_by_cluster(obj(R"({"kind":"ConfigMap","metadata":{"name":"kube-root-ca.crt"}})")));
  EXPECT_TRUE(made_by_cluster(obj(R"({"kind":"ServiceAccount","metadata":{"name":"default"}})")));
  EXPECT_TRUE(made_by_cluster(obj(R"({"kind":"Secret","type":"kubernetes.io/service-account-token",
    "metadata":{"name":"default-token-x","annotations":{"kubernetes.io/service-account.name":"default"}}})")));
  EXPECT_FALSE(made_by_cluster(obj(R"({"kind":"ConfigMap","metadata":{"name":"app"}})")));
  EXPECT_FALSE(made_by_cluster(obj(R"({"kind":"ServiceAccount","metadata":{"name":"builder"}})")));
  EXPECT_FALSE(
      made_by_cluster(obj(R"({"kind":"Secret","type":"Opaque","metadata":{"name":"default"}})")));
}

TEST(CompareNormalize, SecretValuesBecomeMarkersOnly) {
  auto a = json::parse(R"({"kind":"Secret","data":{"user":"c2hvcA==","password":"cGFzczE="}})");
  auto b = json::parse(
      R"({"kind":"Secret","data":{"user":"c2hvcA==","password":"cGFzczI=","extra":"eA=="}})");
  mask_secret_values({&a.as_object(), nullptr, &b.as_object()});
  const json::object same{{"user", kSecretSame}, {"password", kSecretSame}};
  const json::object differs{
      {"user", kSecretSame}, {"password", kSecretDiffers}, {"extra", kSecretDiffers}};
  EXPECT_EQ(a.at("data"), same);
  EXPECT_EQ(b.at("data"), differs);
  const auto all = json::serialize(a) + json::serialize(b);
  for (const char* v : {"c2hvcA", "cGFzcz", "eA=="}) EXPECT_EQ(all.find(v), std::string::npos);
}

TEST(CompareNormalize, SecretReferenceIsFirstPresentCopy) {
  auto b = json::parse(R"({"kind":"Secret","data":{"k":"MQ=="}})");
  auto c = json::parse(R"({"kind":"Secret","data":{"k":"MQ=="}})");
  mask_secret_values({nullptr, &b.as_object(), &c.as_object()});
  EXPECT_EQ(c.at_pointer("/data/k"), kSecretSame);
}

}  // namespace
}  // namespace kubemcp::tools::compare
