#include "mcp/jsonrpc.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

using namespace kubemcp::mcp;

TEST(JsonRpc, ParsesRequestWithParams) {
  auto p =
      parse_message(R"({"jsonrpc":"2.0","id":7,"method":"tools/list","params":{"cursor":"x"}})");
  ASSERT_TRUE(p.message);
  EXPECT_EQ(p.message->kind, Message::Kind::request);
  EXPECT_EQ(p.message->id.as_int64(), 7);
  EXPECT_EQ(p.message->method, "tools/list");
  EXPECT_EQ(p.message->params.at("cursor").as_string(), "x");
}

TEST(JsonRpc, NotificationHasNoId) {
  auto p = parse_message(R"({"jsonrpc":"2.0","method":"notifications/initialized"})");
  ASSERT_TRUE(p.message);
  EXPECT_EQ(p.message->kind, Message::Kind::notification);
}

TEST(JsonRpc, MalformedJsonIsParseError) {
  auto p = parse_message("{not json");
  ASSERT_TRUE(p.failure);
  EXPECT_EQ(p.failure->code, code::parse_error);
  EXPECT_TRUE(p.failure->id.is_null());
}

TEST(JsonRpc, WrongShapesAreInvalidRequests) {
  for (const char* line :
       {R"([1,2])", R"("text")", R"({"id":1,"method":"x"})",
        R"({"jsonrpc":"2.0","id":{"a":1},"method":"x"})", R"({"jsonrpc":"2.0","id":1,"method":5})",
        R"({"jsonrpc":"2.0","id":1})"}) {
    auto p = parse_message(line);
    ASSERT_TRUE(p.failure) << line;
    EXPECT_EQ(p.failure->code, code::invalid_request) << line;
  }
}

TEST(JsonRpc, KeepsIdOfInvalidRequestWhenReadable) {
  auto p = parse_message(R"({"jsonrpc":"1.0","id":"abc","method":"ping"})");
  ASSERT_TRUE(p.failure);
  EXPECT_EQ(p.failure->id.as_string(), "abc");
}

TEST(JsonRpc, ParamsMustBeAnObject) {
  auto p = parse_message(R"({"jsonrpc":"2.0","id":1,"method":"ping","params":[1]})");
  ASSERT_TRUE(p.failure);
  EXPECT_EQ(p.failure->code, code::invalid_params);
}

TEST(JsonRpc, DeepNestingIsRejectedNotRecursed) {
  std::string deep(100000, '[');
  auto p = parse_message(deep);
  ASSERT_TRUE(p.failure);
  EXPECT_EQ(p.failure->code, code::parse_error);
}

TEST(JsonRpc, BuildsErrorAndResult) {
  auto e = boost::json::parse(make_error(3, code::method_not_found, "nope"));
  EXPECT_EQ(e.at("error").at("code").as_int64(), -32601);
  EXPECT_EQ(e.at("id").as_int64(), 3);
  auto r = boost::json::parse(make_result("a", boost::json::object{{"k", 1}}));
  EXPECT_EQ(r.at("result").at("k").as_int64(), 1);
  EXPECT_EQ(r.at("jsonrpc").as_string(), "2.0");
}

TEST(JsonRpc, NullIdIsAnInvalidRequestNotANotification) {
  auto p = parse_message(R"({"jsonrpc":"2.0","id":null,"method":"ping"})");
  ASSERT_TRUE(p.failure);
  EXPECT_EQ(p.failure->code, code::invalid_request);
  EXPECT_FALSE(p.failure->silent) << "the client waits for an answer";
  EXPECT_TRUE(p.failure->id.is_null());
  EXPECT_NE(p.failure->message.find("id must not be null"), std::string::npos);
}

TEST(JsonRpc, MalformedNotificationsAreNeverAnswered) {
  for (const char* line :
       {R"({"jsonrpc":"2.0","method":"notifications/cancelled","params":"x"})",
        R"({"jsonrpc":"2.0","method":"notifications/cancelled","params":[1]})",
        R"({"jsonrpc":"1.0","method":"notifications/initialized"})",
        R"({"method":"notifications/initialized"})", R"({"jsonrpc":"2.0","method":7})"}) {
    auto p = parse_message(line);
    ASSERT_TRUE(p.failure) << line;
    EXPECT_TRUE(p.failure->silent) << line;
  }
}

TEST(JsonRpc, ResponsesWithoutAUsableIdAreIgnoredSilently) {
  auto p = parse_message(R"({"jsonrpc":"2.0","id":1.5,"error":{"code":-32600,"message":"x"}})");
  ASSERT_TRUE(p.failure);
  EXPECT_TRUE(p.failure->silent);
  auto q = parse_message(R"({"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"x"}})");
  ASSERT_TRUE(q.message);
  EXPECT_EQ(q.message->kind, Message::Kind::response);
}

TEST(JsonRpc, ReadsOneElementOfABatch) {
  auto p = read_message(boost::json::parse(R"({"jsonrpc":"2.0","id":"a","method":"ping"})"));
  ASSERT_TRUE(p.message);
  EXPECT_EQ(p.message->id.as_string(), "a");
  EXPECT_EQ(read_message(boost::json::value(3)).failure->code, code::invalid_request);
}
