#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>
#include <sstream>

#include "kube/resource_mapper.hpp"

using namespace kubemcp::kube;
namespace json = boost::json;

namespace {

json::value load(const std::string& name) {
  std::ifstream in(std::string(KUBEMCP_TEST_DATA) + "/kube/discovery/" + name);
  std::stringstream s;
  s << in.rdbuf();
  return json::parse(s.str());
}

ResourceMapper legacy_mapper() {
  const auto api = load("api.json");
  const auto apis = load("apis.json");
  std::map<std::string, json::value> lists;
  for (const auto& gv : legacy_group_versions(api, apis)) {
    std::string file = gv;
    std::replace(file.begin(), file.end(), '/', '_');
    lists.emplace(gv, load((gv == "v1" ? "api_v1" : file) + ".json"));
  }
  return ResourceMapper(parse_legacy_discovery(api, apis, lists));
}

}  // namespace

TEST(ResourceMapper, GroupVersionsInDiscoveryOrder) {
  const auto gvs = legacy_group_versions(load("api.json"), load("apis.json"));
  ASSERT_GE(gvs.size(), 3u);
  EXPECT_EQ(gvs[0], "v1");
  EXPECT_EQ(gvs[1], "apps/v1");
}

TEST(ResourceMapper, PodSpellings) {
  const auto m = legacy_mapper();
  for (const char* name : {"po", "pods", "pod", "Pod", "PODS"}) {
    SCOPED_TRACE(name);
    const auto& r = m.resolve(name);
    EXPECT_EQ(r.group, "");
    EXPECT_EQ(r.version, "v1");
    EXPECT_EQ(r.resource, "pods");
    EXPECT_EQ(r.kind, "Pod");
    EXPECT_TRUE(r.namespaced);
    EXPECT_TRUE(r.has_verb("watch"));
    EXPECT_NE(r.subresource("log"), nullptr);
    EXPECT_NE(r.subresource("exec"), nullptr);
  }
}

TEST(ResourceMapper, DeploymentSpellings) {
  const auto m = legacy_mapper();
  for (const char* name :
       {"deploy", "deployment", "deployments", "Deployment", "deployments.apps",
        "deployments.v1.apps", "deploy.apps", "Deployment.apps", "Deployment.v1.apps"}) {
    SCOPED_TRACE(name);
    const auto& r = m.resolve(name);
    EXPECT_EQ(r.group, "apps");
    EXPECT_EQ(r.version, "v1");
    EXPECT_EQ(r.resource, "deployments");
    EXPECT_EQ(r.api_version(), "apps/v1");
    EXPECT_EQ(r.group_resource(), "deployments.apps");
  }
}

TEST(ResourceMapper, ScaleSubresourceCarriesAutoscalingKind) {
  const auto m = legacy_mapper();
  const auto* s = m.resolve("deploy").subresource("scale");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->group, "autoscaling");
  EXPECT_EQ(s->version, "v1");
  EXPECT_EQ(s->kind, "Scale");
  const auto* status = m.resolve("deploy").subresource("status");
  ASSERT_NE(status, nullptr);
  EXPECT_EQ(status->group, "apps");
  EXPECT_EQ(status->kind, "Deployment");
}

TEST(ResourceMapper, AmbiguousNamesResolveLikeKubectl) {
  const auto m = legacy_mapper();
  // events exists in core and events.k8s.io: core wins; the group form picks the other.
  EXPECT_EQ(m.resolve("events").group, "");
  EXPECT_EQ(m.resolve("ev").group, "");
  EXPECT_EQ(m.resolve("events.events.k8s.io").group, "events.k8s.io");
  EXPECT_EQ(m.candidates("events").size(), 2u);
  // pods exists in a metrics group too: core wins.
  EXPECT_EQ(m.resolve("pods").kind, "Pod");
  EXPECT_EQ(m.resolve("pods.metrics.example.io").kind, "PodMetrics");
  // hpa: the group's preferred version (v2) wins over v1.
  EXPECT_EQ(m.resolve("hpa").version, "v2");
  EXPECT_EQ(m.resolve("horizontalpodautoscalers.v1.autoscaling").version, "v1");
}

TEST(ResourceMapper, CustomResources) {
  const auto m = legacy_mapper();
  for (const char* name : {"ct", "crontab", "crontabs", "CronTab", "crontabs.stable.example.com",
                           "CronTab.stable.example.com"}) {
    SCOPED_TRACE(name);
    const auto& r = m.resolve(name);
    EXPECT_EQ(r.group, "stable.example.com");
    EXPECT_EQ(r.version, "v1");  // preferred
    EXPECT_EQ(r.kind, "CronTab");
  }
  EXPECT_EQ(m.resolve("crontabs.v1beta1.stable.example.com").version, "v1beta1");
  const auto& w = m.resolve("wd");
  EXPECT_EQ(w.resource, "widgets");
  EXPECT_FALSE(w.namespaced);
}

TEST(ResourceMapper, ClusterScoped) {
  const auto m = legacy_mapper();
  EXPECT_FALSE(m.resolve("ns").namespaced);
  EXPECT_FALSE(m.resolve("nodes").namespaced);
  EXPECT_TRUE(m.resolve("cm").namespaced);
}

TEST(ResourceMapper, AllCategory) {
  const auto m = legacy_mapper();
  std::vector<std::string> names;
  for (const auto* r : m.category("all")) names.push_back(r->group_resource());
  const std::vector<std::string> want{"pods",
                                      "services",
                                      "replicationcontrollers",
                                      "daemonsets.apps",
                                      "deployments.apps",
                                      "replicasets.apps",
                                      "statefulsets.apps",
                                      "horizontalpodautoscalers.autoscaling",
                                      "cronjobs.batch",
                                      "jobs.batch",
                                      "crontabs.stable.example.com"};
  EXPECT_EQ(names, want);
  // Every member of a category is listed once, at its preferred version.
  for (const auto* r : m.category("all")) EXPECT_TRUE(r->preferred) << r->group_resource();
  EXPECT_EQ(m.resolve_many("examples").size(), 2u);
  EXPECT_EQ(m.resolve_many("deploy").size(), 1u);
  EXPECT_TRUE(m.category("pods").empty());
}

TEST(ResourceMapper, UnknownNameIsMappingError) {
  const auto m = legacy_mapper();
  try {
    m.resolve("foos");
    FAIL() << "expected MappingError";
  } catch (const MappingError& e) {
    EXPECT_TRUE(e.not_found());
    EXPECT_STREQ(e.what(), "the server doesn't have a resource type \"foos\"");
  }
  EXPECT_THROW(m.resolve("deployments.nosuchgroup"), MappingError);
  EXPECT_THROW(m.resolve(""), MappingError);
}

TEST(ResourceMapper, ForKind) {
  const auto m = legacy_mapper();
  const auto* d = m.for_kind("apps/v1", "Deployment");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->resource, "deployments");
  const auto* cm = m.for_kind("v1", "ConfigMap");
  ASSERT_NE(cm, nullptr);
  EXPECT_EQ(cm->resource, "configmaps");
  EXPECT_EQ(m.for_kind("apps/v2", "Deployment"), nullptr);
}

TEST(ResourceMapper, SingularFallsBackToKind) {
  const auto m = legacy_mapper();
  // metrics pods have no singularName: it is derived from the kind.
  EXPECT_EQ(m.resolve("podmetrics").kind, "PodMetrics");
}

TEST(ResourceMapper, AggregatedDiscovery) {
  const ResourceMapper m(
      parse_aggregated_discovery(load("aggregated_api.json"), load("aggregated_apis.json")));
  EXPECT_EQ(m.resolve("po").kind, "Pod");
  EXPECT_FALSE(m.resolve("ns").namespaced);
  const auto& d = m.resolve("deploy");
  EXPECT_EQ(d.group, "apps");
  ASSERT_NE(d.subresource("scale"), nullptr);
  EXPECT_EQ(d.subresource("scale")->group, "autoscaling");
  EXPECT_EQ(d.subresource("scale")->kind, "Scale");
  // bindings has no responseKind and is dropped, like client-go.
  EXPECT_THROW(m.resolve("bindings"), MappingError);
  EXPECT_EQ(m.category("all").size(), 2u);
}
