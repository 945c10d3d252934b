#include "render/describe.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "render/age.hpp"
#include "render/sanitize.hpp"

using namespace kubemcp::render;
namespace json = boost::json;

namespace {
const auto kNow = *parse_rfc3339("2026-11-26T07:00:00Z");

std::string run(const char* object, const char* events = "[]") {
  const auto o = json::parse(object).as_object();
  const auto e = json::parse(events).as_array();
  return describe({o, e, kNow});
}
}  // namespace

TEST(Describe, CrashLoopingPodShowsStateRestartsAndEvents) {
  const auto text =
      run(R"({"kind":"Pod","apiVersion":"v1",
    "metadata":{"name":"api-5d9c-x","namespace":"shop","labels":{"app":"api","pod-template-hash":"5d9c"},
      "ownerReferences":[{"kind":"ReplicaSet","name":"api-5d9c","controller":true}]},
    "spec":{"nodeName":"node-1","serviceAccountName":"default","containers":[{"name":"api","image":"shop/api:1.4",
      "ports":[{"containerPort":8080}],"env":[{"name":"DB_PASSWORD","valueFrom":{"secretKeyRef":{"name":"db","key":"password"}}}]}]},
    "status":{"phase":"Running","podIP":"10.244.1.7","hostIP":"10.0.0.11","startTime":"2026-11-26T06:00:00Z","qosClass":"BestEffort",
      "conditions":[{"type":"Ready","status":"False"}],
      "containerStatuses":[{"name":"api","ready":false,"restartCount":7,
        "state":{"waiting":{"reason":"CrashLoopBackOff","message":"back-off 5m0s restarting failed container"}},
        "lastState":{"terminated":{"reason":"Error","exitCode":1,"startedAt":"2026-11-26T06:50:00Z","finishedAt":"2026-11-26T06:50:02Z"}}}]}})",
          R"([{"type":"Warning","reason":"BackOff","message":"Back-off restarting failed container",
      "count":12,"firstTimestamp":"2026-11-26T06:10:00Z","lastTimestamp":"2026-11-26T06:58:00Z","source":{"component":"kubelet"}},
      {"type":"Normal","reason":"Scheduled","message":"Successfully assigned shop/api-5d9c-x to node-1",
      "firstTimestamp":"2026-11-26T06:00:00Z","lastTimestamp":"2026-11-26T06:00:00Z","source":{"component":"default-scheduler"}}])");
  EXPECT_NE(text.find("Name:             api-5d9c-x\n"), std::string::npos) << text;
  EXPECT_NE(text.find("Node:             node-1/10.0.0.11\n"), std::string::npos) << text;
  EXPECT_NE(text.find("Labels:           app=api\n                  pod-template-hash=5d9c\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("Controlled By:    ReplicaSet/api-5d9c\n"), std::string::npos) << text;
  EXPECT_NE(text.find("      Reason:       CrashLoopBackOff\n"), std::string::npos) << text;
  EXPECT_NE(text.find("    Last State:     Terminated\n"), std::string::npos) << text;
  EXPECT_NE(text.find("      Exit Code:    1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("    Restart Count:  7\n"), std::string::npos) << text;
  EXPECT_NE(text.find("DB_PASSWORD:  <set to the key 'password' in secret 'db'>"),
            std::string::npos)
      << text;
  // Events oldest first, with repeat counts.
  const auto scheduled = text.find("Normal   Scheduled");
  const auto backoff = text.find("Warning  BackOff    2m (x12 over 50m)  kubelet");
  EXPECT_NE(scheduled, std::string::npos) << text;
  EXPECT_NE(backoff, std::string::npos) << text;
  EXPECT_LT(scheduled, backoff);
}

TEST(Describe, DeploymentShowsReplicasStrategyAndTemplate) {
  const auto text = run(
      R"({"kind":"Deployment","metadata":{"name":"web","namespace":"shop","creationTimestamp":"2026-11-26T06:00:00Z"},
    "spec":{"replicas":3,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},
      "spec":{"containers":[{"name":"web","image":"nginx:1.25"}]}}},
    "status":{"replicas":3,"updatedReplicas":3,"availableReplicas":2,"unavailableReplicas":1,
      "conditions":[{"type":"Available","status":"False","reason":"MinimumReplicasUnavailable"}]}})");
  EXPECT_NE(text.find("Replicas:               3 desired | 3 updated | 3 total | 2 available | 1 "
                      "unavailable\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("RollingUpdateStrategy:  25% max unavailable, 25% max surge\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("Selector:               app=web\n"), std::string::npos) << text;
  EXPECT_NE(text.find("      Image:        nginx:1.25\n"), std::string::npos) << text;
  EXPECT_NE(text.find("Available  False   MinimumReplicasUnavailable"), std::string::npos) << text;
  EXPECT_NE(text.find("Events:  <none>"), std::string::npos);
}

TEST(Describe, SecretShowsKeysAndSizesNeverValues) {
  json::value secret =
      json::parse(R"({"kind":"Secret","type":"Opaque","metadata":{"name":"db","namespace":"shop"},
    "data":{"password":"c3VwZXJzZWNyZXQ="}})");
  const std::string raw = describe({secret.as_object(), json::array{}, kNow});
  mask_secret_values(secret);
  const std::string masked = describe({secret.as_object(), json::array{}, kNow});
  for (const auto& text : {raw, masked}) {
    EXPECT_NE(text.find("password:  11 bytes"), std::string::npos) << text;
    EXPECT_EQ(text.find("c3VwZXJzZWNyZXQ"), std::string::npos);
    EXPECT_EQ(text.find("supersecret"), std::string::npos);
  }
}

TEST(Describe, EveryListedKindHasItsOwnDescriber) {
  for (const char* kind : {"Pod", "Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job",
                           "CronJob", "Service", "Ingress", "Node", "Namespace", "ConfigMap",
                           "Secret", "PersistentVolumeClaim", "ServiceAccount", "Event"}) {
    EXPECT_TRUE(has_describer(kind)) << kind;
    const std::string obj =
        std::string(R"({"kind":")") + kind + R"(","metadata":{"name":"x","namespace":"n"}})";
    const auto text = run(obj.c_str());
    EXPECT_NE(text.find("x"), std::string::npos) << kind;
  }
}

TEST(Describe, GenericFormForOtherKinds) {
  const auto text = run(
      R"({"kind":"Widget","apiVersion":"demo.kubemcp.io/v1","metadata":{"name":"w1","namespace":"shop","uid":"u-1"},
    "spec":{"size":3,"colors":["red","blue"]},"status":{"ready":true}})");
  EXPECT_NE(text.find("Name:         w1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("API Version:  demo.kubemcp.io/v1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("Spec:\n  colors:\n  - red\n  - blue\n  size: 3\n"), std::string::npos)
      << text;
  EXPECT_NE(text.find("Status:\n  ready: true\n"), std::string::npos) << text;
  EXPECT_NE(text.find("Metadata:\n  uid: u-1\n"), std::string::npos) << text;
}
