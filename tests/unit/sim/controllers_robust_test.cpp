// The controllers never trust stored objects: counts that validation refuses (negative,
// absurd, of the wrong type) may still be in the store (older writes, internal writes), and
// reconciling them must neither crash nor run away.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <thread>

#include "net/server_https.hpp"
#include "sim/cluster.hpp"
#include "sim/seed.hpp"
#include "sim/util.hpp"

namespace kubemcp::sim {
namespace {

namespace json = boost::json;

json::object deployment(const std::string& name) {
  return json::parse(R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":")" + name +
                     R"("},"spec":{"replicas":1,"selector":{"matchLabels":{"app":"x"}},
      "template":{"metadata":{"labels":{"app":"x"}},"spec":{"containers":[{"name":"c","image":"busybox"}]}}}})")
      .as_object();
}

TEST(ControllersRobust, OddStoredCountsNeitherCrashNorRunAway) {
  net::IoPool pool(1);
  Cluster c(pool, "robust", 0);
  seed_cluster(c, false, 0);
  auto deploys = c.registry().find("apps", "v1", "deployments");
  auto rs = c.registry().find("apps", "v1", "replicasets");
  auto pods = c.registry().find("", "v1", "pods");
  c.objects().create(*deploys, "default", deployment("neg"), WriteOptions{});
  c.objects().create(*deploys, "default", deployment("huge"), WriteOptions{});
  // Written past validation, as only the simulator itself can.
  c.objects().mutate(*deploys, "default", "neg", [](json::object& o) {
    auto& spec = ensure_obj(o, "spec");
    spec["replicas"] = -5;
    spec["progressDeadlineSeconds"] = 1e300;
    spec["strategy"] = json::object{
        {"type", "RollingUpdate"},
        {"rollingUpdate", json::object{{"maxSurge", "-50%"}, {"maxUnavailable", "x%"}}}};
    return true;
  });
  c.objects().mutate(*deploys, "default", "huge", [](json::object& o) {
    ensure_obj(o, "spec")["replicas"] = int64_t{1} << 40;
    return true;
  });
  c.start_controllers(std::chrono::milliseconds(1));
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  c.stop();
  size_t huge_pods = 0, neg_pods = 0;
  for (const auto& p : c.store().list(*pods, "default", nullptr, 0, "").items) {
    std::string name = str_at(*obj_at(*p, "metadata"), "name");
    if (name.starts_with("huge-")) ++huge_pods;
    if (name.starts_with("neg-")) ++neg_pods;
  }
  EXPECT_EQ(neg_pods, 0u);
  EXPECT_LE(huge_pods, 1000u);  // the simulator's cap per workload
  EXPECT_FALSE(c.store().list(*rs, "default", nullptr, 0, "").items.empty());
}

}  // namespace
}  // namespace kubemcp::sim
