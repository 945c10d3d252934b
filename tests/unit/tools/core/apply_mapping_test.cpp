// k8s_apply maps every object before sending any: discovery, CRDs in the same manifest,
// namespaces as kubectl resolves them, and an unknown kind that names the served groups.
#include "tools/core/apply_mapping.hpp"

#include <gtest/gtest.h>

using namespace kubemcp;
using tools::map_objects;

namespace {

std::vector<kube::ResourceInfo> served() {
  kube::ResourceInfo cm{.group = "",
                        .version = "v1",
                        .resource = "configmaps",
                        .singular = "configmap",
                        .kind = "ConfigMap"};
  kube::ResourceInfo ns{.group = "",
                        .version = "v1",
                        .resource = "namespaces",
                        .singular = "namespace",
                        .kind = "Namespace",
                        .namespaced = false};
  kube::ResourceInfo deploy{.group = "apps",
                            .version = "v1",
                            .resource = "deployments",
                            .singular = "deployment",
                            .kind = "Deployment"};
  kube::ResourceInfo crd{.group = "apiextensions.k8s.io",
                         .version = "v1",
                         .resource = "customresourcedefinitions",
                         .singular = "customresourcedefinition",
                         .kind = "CustomResourceDefinition",
                         .namespaced = false};
  return {cm, ns, deploy, crd};
}

struct Fixture : ::testing::Test {
  kube::ResourceMapper mapper{served()};
  tools::KindLookup lookup = [this](const std::string& av, const std::string& kind) {
    return mapper.for_kind(av, kind);
  };
  std::vector<tools::MappedObject> map(const std::string& text, const std::string& ns_arg = "") {
    return map_objects(kube::parse_manifests(text), lookup, tools::served_groups(mapper), ns_arg,
                       "default-ns");
  }
};

const char* kCrd = R"(apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  names: {kind: Widget, plural: widgets, singular: widget}
  scope: Cluster
  versions: [{name: v1, served: true, storage: true}]
)";

}  // namespace

TEST_F(Fixture, NamespacesResolveAsKubectlDoes) {
  const auto objs =
      map("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n"
          "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\n---\n"
          "apiVersion: v1\nkind: Namespace\nmetadata: {name: team, namespace: ignored}\n");
  ASSERT_EQ(objs.size(), 3u);
  EXPECT_EQ(objs[0].namespace_, "default-ns");
  EXPECT_EQ(objs[0].manifest.object.at("metadata").at("namespace"), "default-ns");
  EXPECT_EQ(objs[0].label(), "configmap/a");
  EXPECT_EQ(objs[1].namespace_, "shop");
  EXPECT_EQ(objs[1].label(), "deployment.apps/web");
  EXPECT_EQ(objs[2].namespace_, "");
  EXPECT_FALSE(objs[2].manifest.object.at("metadata").as_object().contains("namespace"));
  EXPECT_EQ(map("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n", "team")[0].namespace_,
            "team");
}

TEST_F(Fixture, AContradictingNamespaceIsAnError) {
  try {
    map("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: shop}\n", "team");
    FAIL();
  } catch (const kube::ManifestError& e) {
    EXPECT_NE(std::string(e.what()).find("the namespace from the provided object \"shop\" does not "
                                         "match the namespace \"team\""),
              std::string::npos);
  }
}

TEST_F(Fixture, UnknownKindNamesTheServedGroups) {
  try {
    map("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n"
        "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n");
    FAIL();
  } catch (const kube::MappingError& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("no matches for kind \"Widget\" in version \"example.com/v1\""),
              std::string::npos);
    EXPECT_NE(m.find("(document 2, line 5)"), std::string::npos) << m;
    EXPECT_NE(m.find("serves these API groups: apiextensions.k8s.io, apps, core."),
              std::string::npos)
        << m;
  }
  try {
    map("apiVersion: apps/v2\nkind: Deployment\nmetadata: {name: a}\n");
    FAIL();
  } catch (const kube::MappingError& e) {
    EXPECT_NE(std::string(e.what()).find("the group apps is served, but not this version or kind"),
              std::string::npos);
  }
}

TEST_F(Fixture, ACrdInTheManifestMapsItsObjectsAndGoesFirst) {
  auto objs =
      map(std::string("apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n---\n") +
          kCrd + "---\napiVersion: v1\nkind: Namespace\nmetadata: {name: ns1}\n");
  ASSERT_EQ(objs.size(), 3u);
  EXPECT_TRUE(objs[0].awaits_crd);
  EXPECT_EQ(objs[0].resource.resource, "widgets");
  EXPECT_FALSE(objs[0].resource.namespaced);  // scope: Cluster
  EXPECT_EQ(objs[0].namespace_, "");
  EXPECT_EQ(objs[0].label(), "widget.example.com/w");
  tools::order_for_apply(objs);
  EXPECT_EQ(objs[0].resource.kind, "Namespace");
  EXPECT_EQ(objs[1].resource.kind, "CustomResourceDefinition");
  EXPECT_EQ(objs[2].resource.kind, "Widget");
}
