// The pure validators behind the simulator's 422s and 400s, checked against apimachinery's
// wording (k8s.io/apimachinery/pkg/util/validation, robfig/cron/v3, strconv).
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "sim/cron_spec.hpp"
#include "sim/field_errors.hpp"
#include "sim/query_params.hpp"
#include "sim/util.hpp"
#include "sim/validate_names.hpp"

namespace kubemcp::sim {
namespace {

TEST(ValidateNames, Dns1123LabelAndSubdomain) {
  EXPECT_TRUE(dns1123_label("my-name").empty());
  EXPECT_EQ(dns1123_label("a.b"), Messages{"must not contain dots"});
  auto long_label = dns1123_label(std::string(64, 'a'));
  ASSERT_EQ(long_label.size(), 1u);
  EXPECT_EQ(long_label[0], "must be no more than 63 characters");
  EXPECT_TRUE(dns1123_subdomain("a.b-c.d").empty());
  auto bad = dns1123_subdomain("Bad_Name");
  ASSERT_EQ(bad.size(), 1u);
  EXPECT_EQ(bad[0],
            "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, "
            "'-' or '.', and must start and end with an alphanumeric character (e.g. "
            "'example.com', regex used for validation is "
            "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
  EXPECT_EQ(dns1123_subdomain(std::string(254, 'a')).front(),
            "must be no more than 253 characters");
}

TEST(ValidateNames, Dns1035LabelNeedsALeadingLetter) {
  EXPECT_TRUE(dns1035_label("web").empty());
  EXPECT_EQ(dns1035_label("1web").size(), 1u);
  EXPECT_NE(dns1035_label("1web")[0].find("start with an alphabetic character"), std::string::npos);
}

TEST(ValidateNames, QualifiedNamesAndLabelValues) {
  EXPECT_TRUE(qualified_name("app.kubernetes.io/name").empty());
  EXPECT_TRUE(qualified_name("MyName").empty());
  auto empty_prefix = qualified_name("/x");
  ASSERT_EQ(empty_prefix.size(), 1u);
  EXPECT_EQ(empty_prefix[0], "prefix part must be non-empty");
  auto slashes = qualified_name("a/b/c");
  ASSERT_EQ(slashes.size(), 1u);
  EXPECT_TRUE(slashes[0].starts_with("a qualified name must consist of"));
  EXPECT_EQ(qualified_name("x/" + std::string(64, 'a'))[0],
            "name part must be no more than 63 characters");
  EXPECT_TRUE(label_value("").empty());
  EXPECT_TRUE(label_value("my_value.1").empty());
  EXPECT_EQ(label_value("-x").size(), 1u);
}

TEST(ValidateNames, ConfigKeysAndPortNames) {
  EXPECT_TRUE(config_map_key("KEY_name-1.txt").empty());
  EXPECT_EQ(config_map_key(".."), Messages{"must not be '..'"});
  EXPECT_EQ(config_map_key("..x"), Messages{"must not start with '..'"});
  EXPECT_EQ(config_map_key("a b").size(), 1u);
  EXPECT_TRUE(port_name("http").empty());
  EXPECT_EQ(port_name("123"), Messages{"must contain at least one letter (a-z)"});
  EXPECT_EQ(port_name("a--b"), Messages{"must not contain consecutive hyphens"});
  EXPECT_EQ(port_name("-ab").back(), "must not begin or end with a hyphen");
}

TEST(ValidateNames, NameRulesPerKind) {
  EXPECT_EQ(name_rule_of("Service"), NameRule::Dns1035);
  EXPECT_EQ(name_rule_of("Namespace"), NameRule::Label);
  EXPECT_EQ(name_rule_of("ConfigMap"), NameRule::Subdomain);
  EXPECT_EQ(name_messages(NameRule::PathSegment, "a/b"), Messages{"may not contain '/'"});
}

TEST(CronSpec, AcceptsWhatRobfigAccepts) {
  for (const char* ok :
       {"0 2 * * *", "*/5 1-3,7 * JAN-mar mon/2", "@hourly", "@every 1h30m", "0 0 1 1 ?"})
    EXPECT_FALSE(cron_schedule_error(ok).has_value()) << ok;
}

TEST(CronSpec, RefusesWithRobfigsWording) {
  EXPECT_EQ(cron_schedule_error("61 * * * *"), "end of range (61) above maximum (59): 61");
  EXPECT_EQ(cron_schedule_error("every day"), "expected exactly 5 fields, found 2: [every day]");
  EXPECT_EQ(cron_schedule_error("5-1 * * * *"),
            "beginning of range (5) beyond end of range (1): 5-1");
  EXPECT_EQ(cron_schedule_error("* * 0 * *"), "beginning of range (0) below minimum (1): 0");
  EXPECT_EQ(cron_schedule_error("*/0 * * * *"), "step of range should be a positive number: */0");
  EXPECT_EQ(cron_schedule_error("x * * * *"),
            "failed to parse int from x: strconv.Atoi: parsing \"x\": invalid syntax");
  EXPECT_EQ(cron_schedule_error("1-2-3 * * * *"), "too many hyphens: 1-2-3");
  EXPECT_EQ(cron_schedule_error("@every soon"),
            "failed to parse duration @every soon: time: invalid duration \"soon\"");
  EXPECT_EQ(cron_schedule_error(""), "empty spec string");
}

TEST(QueryParams, ParsesLikeStrconv) {
  EXPECT_EQ(parse_query_int("42"), 42);
  EXPECT_EQ(parse_query_int("-7"), -7);
  EXPECT_FALSE(query_int("").has_value());
  try {
    parse_query_int("1e3");
    FAIL();
  } catch (const ApiError& e) {
    EXPECT_EQ(e.code, 400);
    EXPECT_STREQ(e.what(), "strconv.ParseInt: parsing \"1e3\": invalid syntax");
  }
  try {
    parse_query_int("99999999999999999999");
    FAIL();
  } catch (const ApiError& e) {
    EXPECT_STREQ(e.what(),
                 "strconv.ParseInt: parsing \"99999999999999999999\": value out of range");
  }
}

TEST(FieldErrors, RaisesOneInvalidStatusWithCauses) {
  FieldErrors errs;
  errs.invalid("spec.replicas", -1, "must be greater than or equal to 0");
  errs.not_supported("spec.type", boost::json::string("X"), {"A", "B"});
  errs.required("spec.ports[0].name");
  try {
    errs.raise("Deployment", "apps", "web");
    FAIL();
  } catch (const ApiError& e) {
    EXPECT_EQ(e.code, 422);
    EXPECT_EQ(e.reason, "Invalid");
    EXPECT_STREQ(e.what(),
                 "Deployment.apps \"web\" is invalid: [spec.replicas: Invalid value: -1: must be "
                 "greater than or equal to 0, spec.type: Unsupported value: \"X\": supported "
                 "values: \"A\", \"B\", spec.ports[0].name: Required value]");
    const auto& causes = e.details.at("causes").as_array();
    ASSERT_EQ(causes.size(), 3u);
    EXPECT_EQ(causes[1].at("reason"), "FieldValueNotSupported");
    EXPECT_EQ(causes[2].at("field"), "spec.ports[0].name");
    EXPECT_EQ(e.details.at("group"), "apps");
  }
  FieldErrors none;
  EXPECT_NO_THROW(none.raise("Pod", "", "p"));
}

TEST(FieldErrors, GoRendersValues) {
  EXPECT_EQ(field_value(boost::json::value(nullptr)), "\"null\"");
  EXPECT_EQ(field_value(boost::json::string("a\"b\n")), "\"a\\\"b\\n\"");
  EXPECT_EQ(
      go_label_selector(boost::json::parse(R"({"matchLabels":{"b":"2","a":"1"}})").as_object()),
      "v1.LabelSelector{MatchLabels:map[string]string{\"a\":\"1\", \"b\":\"2\"}, "
      "MatchExpressions:[]v1.LabelSelectorRequirement(nil)}");
}

}  // namespace
}  // namespace kubemcp::sim
