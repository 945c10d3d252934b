#include "sim/apply.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "sim/util.hpp"

using namespace kubemcp::sim;
namespace json = boost::json;

static json::object J(const char* s) {
  return json::parse(s).as_object();
}

static ApplyOptions as(const std::string& manager, bool force = false) {
  return ApplyOptions{manager, "apps/v1", force, true, "2026-01-01T00:00:00Z"};
}

TEST(Apply, CreatesAndRecordsOwnership) {
  auto cfg =
      J(R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d","labels":{"a":"1"}},
                   "spec":{"replicas":2,"template":{"spec":{"containers":[{"name":"c","image":"i:1"}]}}}})");
  auto obj = apply_config(nullptr, cfg, as("kubectl"));
  EXPECT_EQ(obj.at("spec").at("replicas"), 2);
  const auto& mf = obj.at("metadata").at("managedFields").as_array();
  ASSERT_EQ(mf.size(), 1u);
  EXPECT_EQ(mf[0].at("manager"), "kubectl");
  EXPECT_EQ(mf[0].at("operation"), "Apply");
  const auto& f = mf[0].at("fieldsV1").as_object();
  EXPECT_TRUE(f.at("f:spec").as_object().contains("f:replicas"));
  const auto& c = f.at("f:spec").at("f:template").at("f:spec").at("f:containers").as_object();
  ASSERT_TRUE(c.contains(R"(k:{"name":"c"})"));
  EXPECT_TRUE(c.at(R"(k:{"name":"c"})").as_object().contains("f:image"));
}

TEST(Apply, RemovesFieldsTheManagerNoLongerSets) {
  auto v1 = J(
      R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d","labels":{"a":"1","b":"2"}},"spec":{"replicas":2}})");
  auto live = apply_config(nullptr, v1, as("kubectl"));
  auto v2 = J(
      R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d","labels":{"a":"1"}},"spec":{"replicas":2}})");
  auto out = apply_config(&live, v2, as("kubectl"));
  EXPECT_EQ(out.at("metadata").at("labels"), J(R"({"a":"1"})"));
}

TEST(Apply, ConflictsWithAnotherManagerUnlessForced) {
  auto cfg = J(
      R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},"spec":{"replicas":2}})");
  auto live = apply_config(nullptr, cfg, as("kubectl"));
  // Another manager changes replicas with an ordinary update.
  json::object updated = live;
  updated["spec"].as_object()["replicas"] = 5;
  record_update(updated, &live, as("hpa"));
  try {
    apply_config(&updated, cfg, as("kubectl"));
    FAIL() << "expected a conflict";
  } catch (const ApiError& e) {
    EXPECT_EQ(e.code, 409);
    EXPECT_NE(std::string(e.what()).find("conflict with \"hpa\""), std::string::npos);
    EXPECT_NE(std::string(e.what()).find(".spec.replicas"), std::string::npos);
  }
  auto forced = apply_config(&updated, cfg, as("kubectl", true));
  EXPECT_EQ(forced.at("spec").at("replicas"), 2);
  // The same value from another manager is no conflict (shared ownership).
  auto same = J(
      R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},"spec":{"replicas":2}})");
  EXPECT_NO_THROW(apply_config(&forced, same, as("other")));
}

TEST(Apply, MergesKeyedListsAndKeepsOthersFields) {
  auto live = J(R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},
                    "spec":{"template":{"spec":{"containers":[{"name":"a","image":"a:1"},{"name":"b","image":"b:1"}]}}}})");
  auto cfg = J(R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},
                   "spec":{"template":{"spec":{"containers":[{"name":"a","image":"a:2"}]}}}})");
  auto out = apply_config(&live, cfg, as("kubectl"));
  const auto& cs = out.at("spec").at("template").at("spec").at("containers").as_array();
  ASSERT_EQ(cs.size(), 2u);
  EXPECT_EQ(cs[0].at("image"), "a:2");
  EXPECT_EQ(cs[1].at("image"), "b:1");
}

TEST(FieldSets, RoundTripThroughFieldsV1) {
  auto obj = J(
      R"({"metadata":{"name":"x","labels":{"a":"1"}},"spec":{"ports":[{"port":80,"name":"h"}],"type":"ClusterIP"}})");
  auto fs = fields_of(obj, true);
  EXPECT_EQ(fields_from_v1(fields_to_v1(fs)), fs);
  EXPECT_EQ(fs.size(), 4u);  // labels.a, ports[port=80].port, .name, type
}
