#include "tools/framework/cli_args.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

using namespace kubemcp::tools;
namespace json = boost::json;

namespace {
Tool fixture() {
  Tool t;
  t.name = "fixture";
  t.input_schema = schema(R"({"type":"object","properties":{
    "name":{"type":"string"}, "replicas":{"type":"integer"}, "force":{"type":"boolean"},
    "command":{"type":"array","items":{"type":"string"}}, "labels":{"type":"object"},
    "cluster":{"type":["string","array"]}, "ratio":{"type":"number"}}})");
  return t;
}
}  // namespace

TEST(CliArgs, ReadsValuesByTheirSchemaType) {
  auto a = parse_cli_arguments(
      fixture(), {"name=123", "replicas=3", "force=true", R"(command=["sh","-c","ls -l"])",
                  R"(labels={"a":"b"})", "cluster=prod", "ratio=0.5"});
  EXPECT_TRUE(a.at("name").is_string());
  EXPECT_EQ(a.at("name").as_string(), "123");
  EXPECT_EQ(a.at("replicas").as_int64(), 3);
  EXPECT_EQ(a.at("force").as_bool(), true);
  EXPECT_EQ(a.at("command").as_array().size(), 3u);
  EXPECT_EQ(a.at("command").at(2).as_string(), "ls -l");
  EXPECT_EQ(a.at("labels").at("a").as_string(), "b");
  EXPECT_EQ(a.at("cluster").as_string(), "prod");
  EXPECT_DOUBLE_EQ(a.at("ratio").as_double(), 0.5);
}

TEST(CliArgs, UnionOfStringAndArrayTakesJsonList) {
  auto a = parse_cli_arguments(fixture(), {R"(cluster=["s","p"])"});
  EXPECT_EQ(a.at("cluster").as_array().size(), 2u);
}

TEST(CliArgs, ValueMayContainEquals) {
  auto a = parse_cli_arguments(fixture(), {"name=app=web"});
  EXPECT_EQ(a.at("name").as_string(), "app=web");
}

TEST(CliArgs, ClearErrors) {
  EXPECT_THROW(parse_cli_arguments(fixture(), {"replicas=three"}), ArgumentError);
  EXPECT_THROW(parse_cli_arguments(fixture(), {"force=yes"}), ArgumentError);
  EXPECT_THROW(parse_cli_arguments(fixture(), {"command=[oops"}), ArgumentError);
  EXPECT_THROW(parse_cli_arguments(fixture(), {"noequals"}), ArgumentError);
  try {
    parse_cli_arguments(fixture(), {"nmae=x"});
    FAIL();
  } catch (const ArgumentError& e) {
    EXPECT_NE(std::string(e.what()).find("unknown argument 'nmae'"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("name"), std::string::npos);
  }
}
