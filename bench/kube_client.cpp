// Hot paths of the Kubernetes client: parsing a 1,000-pod LIST answer, resource mapping,
// and (when a cluster is given) a warm LIST over a pooled HTTPS connection.
//
//   bench_kube_client                                  # parse + mapping only
//   KUBEMCP_BENCH_KUBECONFIG=DIR/config.s  (and)
//   KUBEMCP_BENCH_PATH=/api/v1/namespaces/bench/pods bench_kube_client   # + warm LIST
#include <benchmark/benchmark.h>

#include <boost/json.hpp>
#include <cstdlib>
#include <string>

#include "kube/resource_mapper.hpp"
#include "kube/rest_client.hpp"

namespace json = boost::json;
using namespace kubemcp::kube;

namespace {

// A PodList shaped like a real one (metadata, labels, owner, spec, status with conditions).
std::string pod_list(int n) {
  json::array items;
  for (int i = 0; i < n; ++i) {
    const std::string name = "web-7d9f8c6b5-" + std::to_string(100000 + i);
    json::object pod{
        {"metadata",
         {{"name", name},
          {"namespace", "bench"},
          {"uid", "8a3c9d6e-1f2b-4c5d-9e8f-" + std::to_string(100000000000 + i)},
          {"resourceVersion", std::to_string(1000 + i)},
          {"creationTimestamp", "2026-11-20T10:00:00Z"},
          {"labels", {{"app", "web"}, {"pod-template-hash", "7d9f8c6b5"}, {"tier", "frontend"}}},
          {"ownerReferences", json::array{{{"apiVersion", "apps/v1"},
                                           {"kind", "ReplicaSet"},
                                           {"name", "web-7d9f8c6b5"},
                                           {"uid", "11111111-2222-3333-4444-555555555555"},
                                           {"controller", true},
                                           {"blockOwnerDeletion", true}}}}}},
        {"spec",
         {{"containers",
           json::array{{{"name", "app"},
                        {"image", "registry.example.com/shop/web:1.42.0"},
                        {"ports", json::array{{{"containerPort", 8080}, {"protocol", "TCP"}}}},
                        {"resources",
                         {{"requests", {{"cpu", "100m"}, {"memory", "128Mi"}}},
                          {"limits", {{"cpu", "500m"}, {"memory", "256Mi"}}}}},
                        {"env", json::array{{{"name", "MODE"}, {"value", "production"}}}}}}},
          {"nodeName", "node-" + std::to_string(i % 12)},
          {"restartPolicy", "Always"},
          {"serviceAccountName", "default"}}},
        {"status",
         {{"phase", "Running"},
          {"podIP", "10.244." + std::to_string(i / 250) + "." + std::to_string(i % 250)},
          {"startTime", "2026-11-20T10:00:01Z"},
          {"conditions", json::array{{{"type", "Ready"}, {"status", "True"}},
                                     {{"type", "ContainersReady"}, {"status", "True"}},
                                     {{"type", "PodScheduled"}, {"status", "True"}}}},
          {"containerStatuses",
           json::array{{{"name", "app"},
                        {"ready", true},
                        {"restartCount", i % 3},
                        {"image", "registry.example.com/shop/web:1.42.0"},
                        {"state", {{"running", {{"startedAt", "2026-11-20T10:00:05Z"}}}}}}}}}}};
    items.push_back(std::move(pod));
  }
  json::object list{{"kind", "PodList"},
                    {"apiVersion", "v1"},
                    {"metadata", {{"resourceVersion", "99999"}}},
                    {"items", std::move(items)}};
  return json::serialize(list);
}

void BM_ParsePodList1000(benchmark::State& state) {
  const std::string body = pod_list(1000);
  Response r;
  r.status = 200;
  r.body = body;
  for (auto _ : state) {
    auto v = r.json();
    benchmark::DoNotOptimize(v.as_object().at("items").as_array().size());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * body.size()));
  state.counters["body_bytes"] = static_cast<double>(body.size());
}
BENCHMARK(BM_ParsePodList1000)->Unit(benchmark::kMillisecond);

// ~250 resources in 60 groups, like a cluster with a few operators installed.
ResourceMapper big_mapper() {
  std::vector<ResourceInfo> list;
  auto add = [&](std::string group, std::string resource, std::string kind,
                 std::vector<std::string> shorts, bool all) {
    ResourceInfo r;
    r.group = std::move(group);
    r.version = "v1";
    r.resource = resource;
    r.singular = resource.substr(0, resource.size() - 1);
    r.kind = std::move(kind);
    r.short_names = std::move(shorts);
    if (all) r.categories = {"all"};
    list.push_back(std::move(r));
  };
  add("", "pods", "Pod", {"po"}, true);
  add("", "services", "Service", {"svc"}, true);
  add("", "configmaps", "ConfigMap", {"cm"}, false);
  add("", "events", "Event", {"ev"}, false);
  add("apps", "deployments", "Deployment", {"deploy"}, true);
  add("apps", "statefulsets", "StatefulSet", {"sts"}, true);
  for (int g = 0; g < 60; ++g)
    for (int k = 0; k < 4; ++k)
      add("operator" + std::to_string(g) + ".example.com", "things" + std::to_string(k) + "s",
          "Thing" + std::to_string(k), {"t" + std::to_string(g) + "x" + std::to_string(k)}, false);
  return ResourceMapper(std::move(list));
}

void BM_ResolveResource(benchmark::State& state) {
  const auto m = big_mapper();
  const char* names[] = {"po", "deployments.apps", "Deployment", "things3s.operator59.example.com",
                         "t42x1"};
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(&m.resolve(names[i++ % 5]));
  }
}
BENCHMARK(BM_ResolveResource);

void BM_WarmList(benchmark::State& state) {
  const char* kubeconfig = std::getenv("KUBEMCP_BENCH_KUBECONFIG");
  if (!kubeconfig) {
    state.SkipWithError("set KUBEMCP_BENCH_KUBECONFIG (and KUBEMCP_BENCH_PATH) to run");
    return;
  }
  const char* path = std::getenv("KUBEMCP_BENCH_PATH");
  ClientConfig cfg;
  cfg.name = "bench";
  cfg.kubeconfig = kubeconfig;
  auto client = Client::create(cfg);
  Request req;
  req.path = path ? path : "/api/v1/pods";
  std::size_t items = 0;
  client->send(req);  // warm the connection
  for (auto _ : state) {
    auto v = client->send(req).json();
    items = v.as_object().at("items").as_array().size();
    benchmark::DoNotOptimize(items);
  }
  state.counters["items"] = static_cast<double>(items);
}
BENCHMARK(BM_WarmList)->Unit(benchmark::kMillisecond)->UseRealTime();

// The same without parsing the body: the transport alone, comparable to curl.
void BM_WarmListRaw(benchmark::State& state) {
  const char* kubeconfig = std::getenv("KUBEMCP_BENCH_KUBECONFIG");
  if (!kubeconfig) {
    state.SkipWithError("set KUBEMCP_BENCH_KUBECONFIG (and KUBEMCP_BENCH_PATH) to run");
    return;
  }
  const char* path = std::getenv("KUBEMCP_BENCH_PATH");
  ClientConfig cfg;
  cfg.name = "bench";
  cfg.kubeconfig = kubeconfig;
  auto client = Client::create(cfg);
  Request req;
  req.path = path ? path : "/api/v1/pods";
  client->send(req);
  std::size_t bytes = 0;
  for (auto _ : state) bytes = client->send(req).body.size();
  state.counters["body_bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_WarmListRaw)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
