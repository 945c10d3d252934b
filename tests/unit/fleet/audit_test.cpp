#include "fleet/audit.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

using kubemcp::fleet::Audit;
namespace json = boost::json;

// Issue 10, item 7: nested values and every key that can carry data are redacted.
TEST(Audit, RedactsNestedValuesAndKeysThatCarryData) {
  const json::object args = json::parse(R"({
    "cluster": "stage", "namespace": "shop", "name": "web",
    "patch": {"spec": {"template": "x"}},
    "object": {"metadata": {"name": "db"}, "stringData": {"password": "hunter2"},
               "spec": {"containers": [{"name": "c", "env": [{"name": "P", "value": "hunter2"}],
                                        "command": ["sh", "-c", "echo hunter2"]}]}},
    "command": ["mysql", "-phunter2"],
    "stdin": "hunter2",
    "items": [{"token": "hunter2"}, {"note": "kept"}]
  })")
                                .as_object();
  const json::object out = Audit::redact(args);
  const std::string text = json::serialize(out);
  EXPECT_EQ(text.find("hunter2"), std::string::npos) << text;
  EXPECT_EQ(out.at("name").as_string(), "web");
  EXPECT_EQ(out.at("namespace").as_string(), "shop");
  EXPECT_EQ(out.at("object").at("metadata").at("name").as_string(), "db");
  EXPECT_EQ(out.at("items").at(1).at("note").as_string(), "kept");
  EXPECT_EQ(out.at("stdin").as_string(), "<redacted: 7 bytes>");
  EXPECT_TRUE(out.at("patch").is_string());
  EXPECT_TRUE(out.at("command").is_string());
}
