#include "sim/openapi.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <set>

using namespace kubemcp::sim;
namespace json = boost::json;

namespace {

const json::object& schema(const std::string& name) {
  return builtin_openapi_schemas().at(name).as_object();
}

const json::object& prop(const std::string& type, const std::string& field) {
  return schema(type).at("properties").at(field).as_object();
}

std::set<std::string> required_of(const std::string& type) {
  std::set<std::string> out;
  if (const auto* r = schema(type).if_contains("required"))
    for (const auto& x : r->as_array()) out.insert(std::string(x.as_string()));
  return out;
}

void refs(const json::value& v, std::set<std::string>& out) {
  if (v.is_array())
    for (const auto& x : v.as_array()) refs(x, out);
  if (!v.is_object()) return;
  for (const auto& [k, x] : v.as_object()) {
    if (k == "$ref") out.insert(std::string(x.as_string()).substr(21));  // #/components/schemas/
    refs(x, out);
  }
}

json::object crd_with_schema() {
  return json::parse(R"({"metadata":{"name":"crontabs.stable.example.com"},"spec":{
    "group":"stable.example.com","scope":"Namespaced",
    "names":{"plural":"crontabs","singular":"crontab","kind":"CronTab"},
    "versions":[{"name":"v1","served":true,"storage":true,
      "schema":{"openAPIV3Schema":{"type":"object","properties":{"spec":{"type":"object",
        "required":["cronSpec"],"properties":{"cronSpec":{"type":"string"}}}}}}}]}})")
      .as_object();
}

const CrdSchemaLookup kNoCrds = [](const ResourceType&) { return std::nullopt; };

}  // namespace

TEST(OpenApiSchemas, EveryRefResolvesAndEveryBuiltinKindHasOne) {
  std::set<std::string> all;
  for (const auto& [name, s] : builtin_openapi_schemas()) refs(s, all);
  for (const auto& r : all) EXPECT_TRUE(builtin_openapi_schemas().contains(r)) << r;
  Registry reg;
  for (const auto& t : reg.all()) {
    auto doc = openapi_v3_document(
        reg, kNoCrds,
        t->group.empty() ? "api/" + t->version : "apis/" + t->group + "/" + t->version);
    ASSERT_TRUE(doc);
    bool found = false;
    for (const auto& [name, s] : doc->at("components").at("schemas").as_object())
      if (const auto* g = s.as_object().if_contains("x-kubernetes-group-version-kind"))
        for (const auto& e : g->as_array())
          found |= e.at("kind") == t->kind.c_str() && e.at("group") == t->group.c_str();
    EXPECT_TRUE(found) << t->kind;
  }
}

TEST(OpenApiSchemas, FieldsAsUpstreamWritesThem) {
  EXPECT_EQ(required_of("io.k8s.api.core.v1.ContainerStatus"),
            (std::set<std::string>{"name", "ready", "restartCount", "image", "imageID"}));
  EXPECT_EQ(required_of("io.k8s.api.core.v1.PodSpec"), std::set<std::string>{"containers"});
  const auto& ports = prop("io.k8s.api.core.v1.Container", "ports");
  EXPECT_EQ(ports.at("x-kubernetes-list-type"), "map");
  EXPECT_EQ(ports.at("x-kubernetes-list-map-keys"), (json::array{"containerPort", "protocol"}));
  EXPECT_EQ(ports.at("x-kubernetes-patch-merge-key"), "containerPort");
  EXPECT_EQ(ports.at("x-kubernetes-patch-strategy"), "merge");
  EXPECT_EQ(ports.at("items").at("default"), json::object{});
  const auto& protocol = prop("io.k8s.api.core.v1.ContainerPort", "protocol");
  EXPECT_EQ(protocol.at("default"), "TCP");
  EXPECT_EQ(protocol.at("enum"), (json::array{"SCTP", "TCP", "UDP"}));
  // A ref is wrapped in allOf so that a description and a default may sit beside it.
  const auto& spec = prop("io.k8s.api.apps.v1.Deployment", "spec");
  EXPECT_EQ(spec.at("allOf").at(0).at("$ref"),
            "#/components/schemas/io.k8s.api.apps.v1.DeploymentSpec");
  EXPECT_EQ(spec.at("default"), json::object{});
  EXPECT_EQ(schema("io.k8s.apimachinery.pkg.util.intstr.IntOrString").at("format"),
            "int-or-string");
  EXPECT_EQ(schema("io.k8s.apimachinery.pkg.api.resource.Quantity").at("oneOf").as_array().size(),
            2u);
  EXPECT_EQ(prop("io.k8s.api.core.v1.ResourceRequirements", "limits")
                .at("additionalProperties")
                .at("$ref"),
            "#/components/schemas/io.k8s.apimachinery.pkg.api.resource.Quantity");
  EXPECT_EQ(schema("io.k8s.api.apps.v1.DeploymentList").at("x-kubernetes-group-version-kind"),
            (json::array{
                json::object{{"group", "apps"}, {"kind", "DeploymentList"}, {"version", "v1"}}}));
}

TEST(OpenApiDocument, HoldsItsKindsAndWhatTheyReference) {
  Registry reg;
  auto doc = openapi_v3_document(reg, kNoCrds, "apis/apps/v1");
  ASSERT_TRUE(doc);
  const auto& s = doc->at("components").at("schemas").as_object();
  EXPECT_TRUE(s.contains("io.k8s.api.apps.v1.Deployment"));
  EXPECT_TRUE(s.contains("io.k8s.api.core.v1.Container"));
  EXPECT_TRUE(s.contains("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"));
  EXPECT_FALSE(s.contains("io.k8s.api.core.v1.Service"));
  EXPECT_TRUE(doc->at("paths").as_object().contains(
      "/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale"));
  EXPECT_FALSE(openapi_v3_document(reg, kNoCrds, "apis/nothing/v1"));
}

TEST(OpenApiDocument, CustomKindFromItsCrdSchema) {
  Registry reg;
  auto crd = crd_with_schema();
  reg.add_crd(crd);
  CrdSchemaLookup lookup = [&](const ResourceType& t) -> std::optional<json::object> {
    if (t.kind != "CronTab") return std::nullopt;
    return crd.at("spec").at("versions").at(0).at("schema").at("openAPIV3Schema").as_object();
  };
  auto doc = openapi_v3_document(reg, lookup, "apis/stable.example.com/v1");
  ASSERT_TRUE(doc);
  const auto& s = doc->at("components").at("schemas").as_object();
  const auto& ct = s.at("com.example.stable.v1.CronTab").as_object();
  EXPECT_EQ(ct.at("x-kubernetes-group-version-kind"),
            (json::array{json::object{
                {"group", "stable.example.com"}, {"kind", "CronTab"}, {"version", "v1"}}}));
  EXPECT_EQ(ct.at("properties").at("spec").at("required"), json::array{"cronSpec"});
  EXPECT_TRUE(ct.at("properties").as_object().contains("metadata"));
  EXPECT_TRUE(s.contains("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"));
  EXPECT_TRUE(s.contains("com.example.stable.v1.CronTabList"));
}

TEST(OpenApiGet, HashEtagRedirectAndNotModified) {
  Registry reg;
  auto index = openapi_v3_get(reg, kNoCrds, "unit-a", "", "", "");
  ASSERT_TRUE(index);
  auto url =
      json::parse(index->body).at("paths").at("apis/apps/v1").at("serverRelativeURL").as_string();
  std::string hash(url.subview(url.find("hash=") + 5));
  auto doc = openapi_v3_get(reg, kNoCrds, "unit-a", "apis/apps/v1", hash, "");
  ASSERT_TRUE(doc);
  EXPECT_EQ(doc->status, 200);
  auto header = [&](const OpenApiReply& r, const std::string& name) {
    for (const auto& [k, v] : r.headers)
      if (k == name) return v;
    return std::string();
  };
  EXPECT_EQ(header(*doc, "Etag"), "\"" + hash + "\"");
  EXPECT_EQ(header(*doc, "Cache-Control"), "public, immutable");
  auto stale = openapi_v3_get(reg, kNoCrds, "unit-a", "apis/apps/v1", "0", "");
  EXPECT_EQ(stale->status, 301);
  EXPECT_EQ(header(*stale, "Location"), std::string(url));
  auto same = openapi_v3_get(reg, kNoCrds, "unit-a", "apis/apps/v1", hash, "\"" + hash + "\"");
  EXPECT_EQ(same->status, 304);
  EXPECT_TRUE(same->body.empty());
  EXPECT_FALSE(openapi_v3_get(reg, kNoCrds, "unit-a", "apis/nothing/v1", "", ""));
  // Same content, same hash, in another cluster too: kubectl's cache survives restarts.
  Registry other;
  EXPECT_EQ(openapi_v3_get(other, kNoCrds, "unit-b", "", "", "")->body, index->body);
}
