#include "sim/patch.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "sim/util.hpp"

using namespace kubemcp::sim;
namespace json = boost::json;

static json::value J(const char* s) {
  return json::parse(s);
}

TEST(MergePatch, Rfc7386) {
  EXPECT_EQ(merge_patch(J(R"({"a":"b","c":{"d":"e","f":"g"}})"), J(R"({"a":"z","c":{"f":null}})")),
            J(R"({"a":"z","c":{"d":"e"}})"));
  EXPECT_EQ(merge_patch(J(R"({"a":[1,2]})"), J(R"({"a":[3]})")), J(R"({"a":[3]})"));
  EXPECT_EQ(merge_patch(J(R"({"a":"b"})"), J(R"(["c"])")), J(R"(["c"])"));
  EXPECT_EQ(merge_patch(J(R"({})"), J(R"({"a":{"bb":{"ccc":null}}})")), J(R"({"a":{"bb":{}}})"));
}

TEST(JsonPatch, Operations) {
  auto doc = J(R"({"spec":{"replicas":1,"list":["a","b"]},"meta":{"x/y":1}})");
  auto out = json_patch(doc, J(R"([
    {"op":"replace","path":"/spec/replicas","value":3},
    {"op":"add","path":"/spec/list/1","value":"x"},
    {"op":"add","path":"/spec/list/-","value":"z"},
    {"op":"remove","path":"/meta/x~1y"},
    {"op":"copy","from":"/spec/replicas","path":"/meta/copied"},
    {"op":"move","from":"/meta/copied","path":"/moved"},
    {"op":"test","path":"/moved","value":3}])")
                                 .as_array());
  EXPECT_EQ(out, J(R"({"spec":{"replicas":3,"list":["a","x","b","z"]},"meta":{},"moved":3})"));
}

TEST(JsonPatch, FailuresAreApiErrors) {
  auto doc = J(R"({"a":1})");
  EXPECT_THROW(json_patch(doc, J(R"([{"op":"remove","path":"/b"}])").as_array()), ApiError);
  EXPECT_THROW(json_patch(doc, J(R"([{"op":"replace","path":"/b","value":1}])").as_array()),
               ApiError);
  EXPECT_THROW(json_patch(doc, J(R"([{"op":"test","path":"/a","value":2}])").as_array()), ApiError);
  EXPECT_THROW(json_patch(doc, J(R"([{"op":"frobnicate","path":"/a"}])").as_array()), ApiError);
}

TEST(StrategicMerge, ContainersMergeByName) {
  auto orig =
      J(R"({"spec":{"containers":[{"name":"a","image":"a:1","env":[{"name":"X","value":"1"}]},
                                          {"name":"b","image":"b:1"}]}})");
  auto out = strategic_merge(orig, J(R"({"spec":{"containers":[
      {"name":"a","image":"a:2","env":[{"name":"Y","value":"2"}]}]}})"));
  EXPECT_EQ(out, J(R"({"spec":{"containers":[
      {"name":"a","image":"a:2","env":[{"name":"X","value":"1"},{"name":"Y","value":"2"}]},
      {"name":"b","image":"b:1"}]}})"));
}

TEST(StrategicMerge, PortsKeysAndAtomicLists) {
  auto svc = J(R"({"spec":{"ports":[{"port":80,"name":"http"},{"port":443,"name":"https"}],
                          "externalIPs":["1.1.1.1"]}})");
  auto out = strategic_merge(
      svc, J(R"({"spec":{"ports":[{"port":443,"name":"tls"}],"externalIPs":["2.2.2.2"]}})"));
  EXPECT_EQ(out, J(R"({"spec":{"ports":[{"port":80,"name":"http"},{"port":443,"name":"tls"}],
                              "externalIPs":["2.2.2.2"]}})"));
  auto c = J(R"({"containers":[{"name":"a","ports":[{"containerPort":80}],"args":["x","y"]}]})");
  auto out2 = strategic_merge(
      c, J(R"({"containers":[{"name":"a","ports":[{"containerPort":81}],"args":["z"]}]})"));
  EXPECT_EQ(
      out2,
      J(R"({"containers":[{"name":"a","ports":[{"containerPort":80},{"containerPort":81}],"args":["z"]}]})"));
}

TEST(StrategicMerge, Directives) {
  auto orig = J(R"({"metadata":{"finalizers":["a","b"],"labels":{"x":"1","y":"2"}},
                    "spec":{"containers":[{"name":"a"},{"name":"b"},{"name":"c"}],
                            "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":1}}}})");
  // $patch: delete in a keyed list, $setElementOrder, $deleteFromPrimitiveList, $retainKeys,
  // map-level $patch: replace and null deletes.
  auto out = strategic_merge(orig, J(R"({
      "metadata":{"$deleteFromPrimitiveList/finalizers":["a"],"labels":{"$patch":"replace","z":"3"}},
      "spec":{"$setElementOrder/containers":[{"name":"c"},{"name":"a"}],
              "containers":[{"name":"b","$patch":"delete"}],
              "strategy":{"$retainKeys":["type"],"type":"Recreate"}}})"));
  EXPECT_EQ(out, J(R"({"metadata":{"finalizers":["b"],"labels":{"z":"3"}},
                       "spec":{"containers":[{"name":"c"},{"name":"a"}],"strategy":{"type":"Recreate"}}})"));
  auto replaced =
      strategic_merge(orig, J(R"({"spec":{"containers":[{"$patch":"replace"},{"name":"only"}]}})"));
  EXPECT_EQ(replaced.at("spec").at("containers"), J(R"([{"name":"only"}])"));
  auto gone = strategic_merge(
      orig, J(R"({"spec":{"strategy":{"$patch":"delete"}},"metadata":{"labels":null}})"));
  EXPECT_FALSE(gone.at("spec").as_object().contains("strategy"));
  EXPECT_FALSE(gone.at("metadata").as_object().contains("labels"));
  auto fin = strategic_merge(orig, J(R"({"metadata":{"finalizers":["b","c"]}})"));
  EXPECT_EQ(fin.at("metadata").at("finalizers"), J(R"(["a","b","c"])"));
}
