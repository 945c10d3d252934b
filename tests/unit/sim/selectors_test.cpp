#include "sim/selectors.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

using namespace kubemcp::sim;
namespace json = boost::json;

static json::object labels(std::initializer_list<std::pair<const char*, const char*>> kv) {
  json::object o;
  for (auto& [k, v] : kv) o[k] = v;
  return o;
}

TEST(LabelSelector, EqualityAndInequality) {
  auto l = labels({{"app", "web"}, {"tier", "front"}});
  EXPECT_TRUE(LabelSelector::parse("app=web").matches(&l));
  EXPECT_TRUE(LabelSelector::parse("app==web,tier=front").matches(&l));
  EXPECT_FALSE(LabelSelector::parse("app=api").matches(&l));
  EXPECT_TRUE(LabelSelector::parse("app!=api").matches(&l));
  EXPECT_FALSE(LabelSelector::parse("app!=web").matches(&l));
  // != matches objects without the label, like the API server.
  EXPECT_TRUE(LabelSelector::parse("env!=prod").matches(&l));
}

TEST(LabelSelector, SetBasedAndExistence) {
  auto l = labels({{"app", "web"}, {"tier", "front"}});
  EXPECT_TRUE(LabelSelector::parse("app in (api, web)").matches(&l));
  EXPECT_FALSE(LabelSelector::parse("app in (api,db)").matches(&l));
  EXPECT_TRUE(LabelSelector::parse("app notin (api,db)").matches(&l));
  EXPECT_FALSE(LabelSelector::parse("app notin (web)").matches(&l));
  EXPECT_TRUE(LabelSelector::parse("tier").matches(&l));
  EXPECT_FALSE(LabelSelector::parse("!tier").matches(&l));
  EXPECT_TRUE(LabelSelector::parse("!env,app in (web),tier").matches(&l));
  EXPECT_FALSE(LabelSelector::parse("env").matches(nullptr));
  EXPECT_TRUE(LabelSelector::parse("").matches(nullptr));
}

TEST(LabelSelector, RejectsBadSyntax) {
  EXPECT_THROW(LabelSelector::parse("app in web"), std::invalid_argument);
  EXPECT_THROW(LabelSelector::parse("app=web,"), std::invalid_argument);
  EXPECT_THROW(LabelSelector::parse("a b c"), std::invalid_argument);
}

TEST(LabelSelector, FromJsonAndBack) {
  json::object sel = json::parse(R"({"matchLabels":{"app":"web"},
    "matchExpressions":[{"key":"tier","operator":"In","values":["a","b"]},
                        {"key":"canary","operator":"DoesNotExist"}]})")
                         .as_object();
  auto s = LabelSelector::from_json(sel);
  EXPECT_EQ(s.to_string(), "app=web,tier in (a,b),!canary");
  auto l = labels({{"app", "web"}, {"tier", "b"}});
  EXPECT_TRUE(s.matches(&l));
  l["canary"] = "yes";
  EXPECT_FALSE(s.matches(&l));
}

TEST(FieldSelector, DottedPathsAndNegation) {
  json::object pod = json::parse(R"({"metadata":{"name":"p1","namespace":"shop"},
    "spec":{"nodeName":"n1"},"status":{"phase":"Running"}})")
                         .as_object();
  EXPECT_TRUE(FieldSelector::parse("metadata.name=p1").matches(pod));
  EXPECT_TRUE(FieldSelector::parse("status.phase==Running,spec.nodeName=n1").matches(pod));
  EXPECT_FALSE(FieldSelector::parse("status.phase!=Running").matches(pod));
  EXPECT_TRUE(FieldSelector::parse("status.phase!=Succeeded,status.phase!=Failed").matches(pod));
  EXPECT_FALSE(FieldSelector::parse("spec.nodeName=n2").matches(pod));
  EXPECT_TRUE(FieldSelector::parse("spec.missing=").matches(pod));
  EXPECT_THROW(FieldSelector::parse("status.phase"), std::invalid_argument);
  json::object ev =
      json::parse(R"({"involvedObject":{"kind":"Pod","name":"p1","uid":"u"}})").as_object();
  EXPECT_TRUE(FieldSelector::parse("involvedObject.kind=Pod,involvedObject.name=p1").matches(ev));
}
