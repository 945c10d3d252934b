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

// labels.Parse accepts these forms; each must parse and match as upstream matches.
TEST(LabelSelector, EveryFormTheApiServerAccepts) {
  auto l = labels({{"app", "web"}, {"replicas", "3"}, {"example.com/tier", "front"}});
  EXPECT_TRUE(LabelSelector::parse("replicas>1").matches(&l));
  EXPECT_FALSE(LabelSelector::parse("replicas>3").matches(&l));
  EXPECT_TRUE(LabelSelector::parse("replicas<4").matches(&l));
  EXPECT_FALSE(LabelSelector::parse("app>1").matches(&l));  // not an integer: no match
  EXPECT_TRUE(LabelSelector::parse("example.com/tier=front").matches(&l));
  EXPECT_TRUE(LabelSelector::parse("app in (in,web)").matches(&l));  // "in" as a value
  EXPECT_TRUE(LabelSelector::parse("env notin ()").matches(&l));
  EXPECT_TRUE(LabelSelector::parse("app in (x,,web)").matches(&l));
  EXPECT_FALSE(LabelSelector::parse("env=").matches(nullptr));
  EXPECT_TRUE(LabelSelector::parse("  app = web ,  !env ").matches(&l));
  EXPECT_EQ(LabelSelector::parse("replicas>1,!env").to_string(), "replicas>1,!env");
}

static std::string parse_error(const char* text) {
  try {
    LabelSelector::parse(text);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "parsed";
}

TEST(LabelSelector, RefusesWithTheApiServersWords) {
  EXPECT_EQ(parse_error("app=web,"), "found '', expected: identifier after ','");
  EXPECT_EQ(parse_error("a=b c"), "found 'c', expected: ',' or 'end of string'");
  EXPECT_EQ(parse_error("a b"),
            "unable to parse requirement: found 'b', expected: '=', '!=', '==', 'in', notin'");
  EXPECT_EQ(parse_error("app in web"), "unable to parse requirement: found 'web' expected: '('");
  EXPECT_EQ(parse_error("=x"), "found '=', expected: !, identifier, or 'end of string'");
  EXPECT_EQ(parse_error("-ltier=postgres"),
            "unable to parse requirement: <nil>: Invalid value: \"-ltier\": name part must "
            "consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
            "alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for "
            "validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')");
  EXPECT_EQ(parse_error("replicas>abc"),
            "unable to parse requirement: values[0]: Invalid value: \"abc\": for 'Gt', 'Lt' "
            "operators, the value must be an integer");
  EXPECT_EQ(parse_error("app=a@b"),
            "unable to parse requirement: values[0][app]: Invalid value: \"a@b\": a valid label "
            "must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and "
            "must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  "
            "or '12345', regex used for validation is "
            "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')");
  EXPECT_EQ(parse_error("app!!x"),
            "unable to parse requirement: found '!', expected: '=', '!=', '==', 'in', notin'");
}

TEST(FieldSelector, ResolvedPathsFallbacksAndEscapes) {
  json::object ev =
      json::parse(R"({"reportingComponent":"default-scheduler","reason":"a,b"})").as_object();
  auto s = FieldSelector::parse("source=default-scheduler,reason=a\\,b");
  s.resolve([](const std::string& label) {
    return label == "source" ? FieldPath{"source.component", "reportingComponent", ""}
                             : FieldPath{};
  });
  EXPECT_TRUE(s.matches(ev));
  auto node = FieldSelector::parse("spec.unschedulable=false");
  EXPECT_FALSE(node.matches(json::object{}));
  node.resolve([](const std::string&) { return FieldPath{"spec.unschedulable", "", "false"}; });
  EXPECT_TRUE(node.matches(json::object{}));
  EXPECT_THROW(FieldSelector::parse("a=\\x"), std::invalid_argument);
}
