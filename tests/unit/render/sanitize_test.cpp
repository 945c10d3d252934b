#include "render/sanitize.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

using namespace kubemcp::render;
namespace json = boost::json;

TEST(Sanitize, MasksSecretValuesKeepingKeysAndSizes) {
  // "c3VwZXJzZWNyZXQ=" is base64 of "supersecret" (11 bytes).
  json::value v = json::parse(R"({"kind":"Secret","metadata":{"name":"db","annotations":{
      "kubectl.kubernetes.io/last-applied-configuration":"{\"data\":{\"password\":\"c3VwZXJzZWNyZXQ=\"}}"}},
      "data":{"password":"c3VwZXJzZWNyZXQ=","user":"YQ=="},"stringData":{"token":"abc"}})");
  EXPECT_EQ(mask_secret_values(v), 3u);
  const auto s = json::serialize(v);
  EXPECT_EQ(s.find("c3VwZXJzZWNyZXQ="), std::string::npos);
  EXPECT_EQ(v.at("data").at("password").as_string(), "<masked: 11 bytes>");
  EXPECT_EQ(v.at("data").at("user").as_string(), "<masked: 1 byte>");
  EXPECT_EQ(v.at("stringData").at("token").as_string(), "<masked: 3 bytes>");
}

TEST(Sanitize, MasksSecretsInListsAndTablesOnly) {
  json::value list = json::parse(R"({"kind":"List","items":[
      {"kind":"Secret","data":{"k":"dmFsdWU="}},{"kind":"ConfigMap","data":{"k":"visible"}}]})");
  mask_secret_values(list);
  EXPECT_EQ(list.at("items").at(0).at("data").at("k").as_string(), "<masked: 5 bytes>");
  EXPECT_EQ(list.at("items").at(1).at("data").at("k").as_string(), "visible");
  json::value table = json::parse(R"({"kind":"Table","columnDefinitions":[],"rows":[
      {"cells":["s"],"object":{"kind":"Secret","data":{"k":"dmFsdWU="}}}]})");
  mask_secret_values(table);
  EXPECT_EQ(table.at("rows").at(0).at("object").at("data").at("k").as_string(),
            "<masked: 5 bytes>");
}

TEST(Sanitize, StripsManagedFieldsAndLastApplied) {
  json::value v = json::parse(R"({"kind":"PodList","items":[{"metadata":{"name":"a",
      "managedFields":[{"manager":"kubectl"}],
      "annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{}"}}},
      {"metadata":{"name":"b","annotations":{"keep":"me","kubectl.kubernetes.io/last-applied-configuration":"{}"}}}]})");
  strip_noise(v);
  EXPECT_EQ(json::serialize(v.at("items").at(0)), R"({"metadata":{"name":"a"}})");
  EXPECT_EQ(json::serialize(v.at("items").at(1).at("metadata").at("annotations")),
            R"({"keep":"me"})");
}

// kube-apiserver leaves kind off the items of a built-in list (issue 10, item 1).
TEST(Sanitize, MasksItemsWithoutKindByTheListKindOrTheCaller) {
  const char* real = R"({"kind":"SecretList","apiVersion":"v1","items":[
      {"metadata":{"name":"db"},"data":{"password":"c3VwZXJzZWNyZXQ="}}]})";
  json::value by_list_kind = json::parse(real);
  EXPECT_EQ(mask_secret_values(by_list_kind), 1u);
  EXPECT_EQ(json::serialize(by_list_kind).find("c3VwZXJzZWNyZXQ="), std::string::npos);

  // The caller knows it asked for secrets, whatever the answer says of itself.
  json::value unnamed = json::parse(R"({"items":[{"data":{"password":"c3VwZXJzZWNyZXQ="}}]})");
  EXPECT_EQ(mask_secret_values(unnamed, true), 1u);
  EXPECT_EQ(unnamed.at("items").at(0).at("data").at("password").as_string(), "<masked: 11 bytes>");
  json::value one = json::parse(R"({"metadata":{"name":"db"},"data":{"k":"dmFsdWU="}})");
  EXPECT_EQ(mask_secret_values(one, true), 1u);

  // Anything else without a kind is left alone.
  json::value configmaps =
      json::parse(R"({"kind":"ConfigMapList","items":[{"data":{"k":"visible"}}]})");
  EXPECT_EQ(mask_secret_values(configmaps), 0u);
}
