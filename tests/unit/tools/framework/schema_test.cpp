#include "tools/framework/schema.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "tools/framework/tool.hpp"

using namespace kubemcp::tools;
namespace json = boost::json;

namespace {
const json::object kSchema = schema(R"({
  "type": "object",
  "properties": {
    "name": {"type": "string", "minLength": 1},
    "replicas": {"type": "integer", "minimum": 0, "maximum": 1000},
    "output": {"type": "string", "enum": ["table", "yaml"]},
    "cluster": {"type": ["string", "array"], "items": {"type": "string"}},
    "force": {"type": "boolean"},
    "labels": {"type": "object"}
  },
  "required": ["name"],
  "additionalProperties": false
})");

std::optional<std::string> check(const char* args) {
  return validate_arguments(kSchema, json::parse(args));
}
}  // namespace

TEST(Schema, AcceptsValidArguments) {
  EXPECT_EQ(
      check(
          R"({"name":"web","replicas":3,"output":"yaml","cluster":["s","p"],"force":true,"labels":{}})"),
      std::nullopt);
  EXPECT_EQ(check(R"({"name":"web","cluster":"all","replicas":3.0})"), std::nullopt);
}

TEST(Schema, ReportsEachFault) {
  EXPECT_EQ(*check(R"({})"), "missing required argument 'name'");
  EXPECT_EQ(*check(R"({"name":5})"), "argument 'name' must be string, got integer");
  EXPECT_EQ(*check(R"({"name":""})"), "argument 'name' must not be empty");
  EXPECT_EQ(*check(R"({"name":"a","replicas":-1})"),
            "argument 'replicas' must be between 0 and 1000, got -1");
  EXPECT_EQ(*check(R"({"name":"a","replicas":2.5})"),
            "argument 'replicas' must be integer, got number");
  EXPECT_EQ(*check(R"({"name":"a","output":"xml"})"),
            R"(argument 'output' must be one of "table", "yaml", got "xml")");
  EXPECT_EQ(*check(R"({"name":"a","cluster":[1]})"),
            "argument 'cluster[0]' must be string, got integer");
  EXPECT_EQ(*check(R"({"name":"a","cluster":true})"),
            "argument 'cluster' must be string or array, got boolean");
  EXPECT_NE(check(R"({"name":"a","nmae":"b"})")->find("unknown argument 'nmae'"),
            std::string::npos);
  EXPECT_EQ(*validate_arguments(kSchema, json::parse("[1]")), "arguments must be a JSON object");
}

TEST(Schema, IntegersThatDoNotFit64BitsAreInvalidNotUndefined) {
  // Each of these is an integer to JSON Schema but none fits the int64 a handler reads.
  for (const char* n :
       {"9223372036854775808", "18446744073709551615", "1e300", "-1e19", "9.3e18"}) {
    const auto err = check((std::string(R"({"name":"x","replicas":)") + n + "}").c_str());
    ASSERT_TRUE(err) << n;
    EXPECT_NE(err->find("argument 'replicas' must be an integer between -9223372036854775808 and "
                        "9223372036854775807"),
              std::string::npos)
        << *err;
  }
  // The edges that do fit are integers (here refused only by maximum).
  EXPECT_NE(check(R"({"name":"x","replicas":9223372036854775807})")->find("between 0 and 1000"),
            std::string::npos);
  EXPECT_FALSE(check(R"({"name":"x","replicas":3.0})"));
  EXPECT_NE(check(R"({"name":"x","replicas":1.5})")->find("must be integer, got number"),
            std::string::npos);
}

TEST(Schema, NumericChecksNameEveryBound) {
  EXPECT_EQ(*check(R"({"name":"a","replicas":1001})"),
            "argument 'replicas' must be between 0 and 1000, got 1001");
  EXPECT_EQ(*check(R"({"name":"a","replicas":2e3})"),
            "argument 'replicas' must be between 0 and 1000, got 2000");
  const auto lower_only =
      schema(R"({"type":"object","properties":{"tail":{"type":"integer","minimum":-1}}})");
  EXPECT_EQ(*validate_arguments(lower_only, json::parse(R"({"tail":-5})")),
            "argument 'tail' must be at least -1, got -5");
  const auto upper_only =
      schema(R"({"type":"object","properties":{"n":{"type":"number","maximum":1.5}}})");
  EXPECT_EQ(*validate_arguments(upper_only, json::parse(R"({"n":2.25})")),
            "argument 'n' must be at most 1.5, got 2.25");
}

TEST(Schema, WholeNumberInExponentFormIsAnInteger) {
  EXPECT_FALSE(check(R"({"name":"x","replicas":1e3})"));
  EXPECT_FALSE(check(R"({"name":"x","replicas":1E2})"));
  EXPECT_FALSE(check(R"({"name":"x","replicas":5.0e1})"));
  EXPECT_NE(check(R"({"name":"x","replicas":1.5e0})")->find("must be integer, got number"),
            std::string::npos);
}
