// The MCP session against fixture tools: lifecycle, listing, validation, concurrency,
// cancellation and progress, with no cluster involved.
#include "mcp/server.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <condition_variable>
#include <thread>

#include "fleet/fleet.hpp"
#include "outbox.hpp"
#include "tools/framework/catalog.hpp"

using namespace kubemcp;
namespace json = boost::json;
using namespace std::chrono_literals;

namespace {

tools::Tool slow_tool() {
  tools::Tool t;
  t.name = "slow";
  t.title = "Slow fixture";
  t.description = "Waits until cancelled or 3 s, reporting progress.";
  t.input_schema =
      tools::schema(R"({"type":"object","properties":{"steps":{"type":"integer","minimum":1}},
                                     "required":["steps"],"additionalProperties":false})");
  t.handler = [](const json::object& args, tools::Context& ctx) {
    const auto steps = args.at("steps").as_int64();
    for (int64_t i = 1; i <= steps; ++i) {
      ctx.progress(double(i), double(steps), "step " + std::to_string(i));
      for (int k = 0; k < 30 && !ctx.cancelled(); ++k) std::this_thread::sleep_for(10ms);
      if (ctx.cancelled()) return tools::Result::error("cancelled");
    }
    return tools::Result::ok("done " + std::to_string(steps));
  };
  return t;
}

tools::Tool throwing_tool() {
  tools::Tool t;
  t.name = "boom";
  t.title = "Throws";
  t.description = "Throws.";
  t.input_schema = tools::schema(R"({"type":"object"})");
  t.handler = [](const json::object&, tools::Context&) -> tools::Result {
    throw std::runtime_error("exploded");
  };
  return t;
}

struct Fixture : ::testing::Test {
  fleet::Fleet registry{fleet::Registry{fleet::FleetConfig{}}};
  tools::Catalog catalog{{slow_tool(), throwing_tool()}, {}};
  Outbox out;
  std::unique_ptr<mcp::Server> server;

  void SetUp() override {
    mcp::ServerOptions o;
    o.page_size = 1;
    o.shutdown_grace = 200ms;
    server = std::make_unique<mcp::Server>(
        catalog, registry, [this](const std::string& l) { out.push(l); }, o);
  }
  void send(const std::string& s) { server->handle_line(s); }
  void init(const char* version = "2025-06-18") {
    send(std::string(
             R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":")") +
         version + R"(","capabilities":{},"clientInfo":{"name":"t","version":"1"}}})");
    send(R"({"jsonrpc":"2.0","method":"notifications/initialized"})");
  }
};

}  // namespace

TEST_F(Fixture, NegotiatesProtocolVersion) {
  init("2025-06-18");
  EXPECT_EQ(out.response(1).at("result").at("protocolVersion").as_string(), "2025-06-18");
  auto r = out.response(1).at("result").as_object();
  EXPECT_TRUE(r.at("capabilities").as_object().contains("tools"));
  EXPECT_TRUE(r.at("capabilities").as_object().contains("logging"));
}

TEST_F(Fixture, AnswersUnknownVersionWithLatest) {
  init("1999-01-01");
  EXPECT_EQ(out.response(1).at("result").at("protocolVersion").as_string(), "2025-11-25");
}

TEST_F(Fixture, RefusesRequestsBeforeInitializeButAnswersPing) {
  send(R"({"jsonrpc":"2.0","id":5,"method":"tools/list"})");
  EXPECT_EQ(out.response(5).at("error").at("code").as_int64(), -32600);
  send(R"({"jsonrpc":"2.0","id":6,"method":"ping"})");
  EXPECT_TRUE(out.response(6).contains("result"));
}

TEST_F(Fixture, PaginatesToolsList) {
  init();
  send(R"({"jsonrpc":"2.0","id":2,"method":"tools/list"})");
  auto first = out.response(2).at("result").as_object();
  ASSERT_EQ(first.at("tools").as_array().size(), 1u);
  EXPECT_EQ(first.at("tools").at(0).at("name").as_string(), "slow");
  const auto cursor = first.at("nextCursor").as_string();
  send(std::string(R"({"jsonrpc":"2.0","id":3,"method":"tools/list","params":{"cursor":")") +
       std::string(cursor) + "\"}}");
  auto second = out.response(3).at("result").as_object();
  EXPECT_EQ(second.at("tools").at(0).at("name").as_string(), "boom");
  EXPECT_FALSE(second.contains("nextCursor"));
  send(R"({"jsonrpc":"2.0","id":4,"method":"tools/list","params":{"cursor":"!!"}})");
  EXPECT_EQ(out.response(4).at("error").at("code").as_int64(), -32602);
}

TEST_F(Fixture, UnknownToolIsInvalidParams) {
  init();
  send(R"({"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"nope","arguments":{}}})");
  auto e = out.response(2).at("error").as_object();
  EXPECT_EQ(e.at("code").as_int64(), -32602);
  EXPECT_NE(std::string(e.at("message").as_string()).find("slow"), std::string::npos);
}

TEST_F(Fixture, BadArgumentsAreToolErrors) {
  init();
  send(
      R"({"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"slow","arguments":{"steps":"x"}}})");
  auto r = out.response(2).at("result").as_object();
  EXPECT_TRUE(r.at("isError").as_bool());
  EXPECT_NE(
      std::string(r.at("content").at(0).at("text").as_string()).find("'steps' must be integer"),
      std::string::npos);
  send(R"({"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"slow","arguments":{}}})");
  EXPECT_NE(std::string(out.response(3).at("result").at("content").at(0).at("text").as_string())
                .find("missing required argument 'steps'"),
            std::string::npos);
}

TEST_F(Fixture, HandlerExceptionIsToolError) {
  init();
  send(R"({"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"boom"}})");
  auto r = out.response(2).at("result").as_object();
  EXPECT_TRUE(r.at("isError").as_bool());
  EXPECT_NE(std::string(r.at("content").at(0).at("text").as_string()).find("exploded"),
            std::string::npos);
}

TEST_F(Fixture, SlowCallDoesNotBlockPingAndCancelStopsIt) {
  init();
  send(
      R"({"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"slow","arguments":{"steps":100}}})");
  send(R"({"jsonrpc":"2.0","id":3,"method":"ping"})");
  EXPECT_TRUE(out.response(3).contains("result"));
  EXPECT_EQ(server->in_flight(), 1u);
  send(
      R"({"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":2,"reason":"user"}})");
  for (int i = 0; i < 200 && server->in_flight() > 0; ++i) std::this_thread::sleep_for(10ms);
  EXPECT_EQ(server->in_flight(), 0u);
  EXPECT_FALSE(out.has_response(2)) << "a cancelled call must get no response";
}

TEST_F(Fixture, ProgressNotificationsIncreaseAndPrecedeResult) {
  init();
  send(
      R"({"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"slow","arguments":{"steps":3},"_meta":{"progressToken":"tok"}}})");
  auto done = out.response(2);
  EXPECT_EQ(done.at("result").at("content").at(0).at("text").as_string(), "done 3");
  std::vector<double> seen;
  for (const auto& m : out.all())
    if (m.contains("method") && m.at("method").as_string() == "notifications/progress") {
      EXPECT_EQ(m.at("params").at("progressToken").as_string(), "tok");
      EXPECT_EQ(m.at("params").at("total").to_number<double>(), 3.0);
      seen.push_back(m.at("params").at("progress").to_number<double>());
    }
  EXPECT_EQ(seen, (std::vector<double>{1, 2, 3}));
}

TEST_F(Fixture, FinishWaitsThenCancelsAfterGrace) {
  init();
  send(
      R"({"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"slow","arguments":{"steps":1000}}})");
  const auto start = std::chrono::steady_clock::now();
  server->finish();
  EXPECT_EQ(server->in_flight(), 0u);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
}

TEST_F(Fixture, MalformedLinesDoNotStopTheServer) {
  init();
  send("this is not json");
  send(R"({"jsonrpc":"2.0","id":9,"method":"ping"})");
  EXPECT_TRUE(out.response(9).contains("result"));
  bool saw_parse_error = false;
  for (const auto& m : out.all())
    if (m.contains("error") && m.at("error").at("code").as_int64() == -32700)
      saw_parse_error = true;
  EXPECT_TRUE(saw_parse_error);
}

TEST_F(Fixture, LoggingSetLevelValidatesLevel) {
  init();
  send(R"({"jsonrpc":"2.0","id":2,"method":"logging/setLevel","params":{"level":"loud"}})");
  EXPECT_EQ(out.response(2).at("error").at("code").as_int64(), -32602);
  send(R"({"jsonrpc":"2.0","id":3,"method":"logging/setLevel","params":{"level":"debug"}})");
  EXPECT_TRUE(out.response(3).contains("result"));
}

TEST_F(Fixture, UnknownMethodIsMethodNotFound) {
  init();
  send(R"({"jsonrpc":"2.0","id":2,"method":"sampling/createMessage"})");
  EXPECT_EQ(out.response(2).at("error").at("code").as_int64(), -32601);
}

TEST_F(Fixture, DeclaresPromptsResourcesAndCompletions) {
  init();
  const auto caps = out.response(1).at("result").at("capabilities").as_object();
  EXPECT_EQ(caps.at("prompts").at("listChanged"), false);
  EXPECT_EQ(caps.at("resources").at("subscribe"), true);
  EXPECT_EQ(caps.at("resources").at("listChanged"), false);
  EXPECT_TRUE(caps.at("completions").is_object());
}

TEST_F(Fixture, DispatchesPromptsResourcesAndCompletion) {
  init();
  // The fixture serves no k8s_* tool, so no prompt can be offered.
  send(R"({"jsonrpc":"2.0","id":2,"method":"prompts/list"})");
  EXPECT_TRUE(out.response(2).at("result").at("prompts").as_array().empty());
  send(R"({"jsonrpc":"2.0","id":3,"method":"prompts/get","params":{"name":"triage_namespace"}})");
  EXPECT_EQ(out.response(3).at("error").at("code").as_int64(), -32602);
  send(R"({"jsonrpc":"2.0","id":4,"method":"resources/list"})");
  EXPECT_EQ(out.response(4).at("result").at("resources").at(0).at("uri"), "k8s://clusters");
  send(R"({"jsonrpc":"2.0","id":5,"method":"resources/templates/list"})");
  EXPECT_EQ(out.response(5).at("result").at("resourceTemplates").as_array().size(), 2u);
  send(
      R"({"jsonrpc":"2.0","id":6,"method":"resources/read","params":{"uri":"k8s://x/../pods/y"}})");
  EXPECT_EQ(out.response(6).at("error").at("code").as_int64(), -32602);
  send(
      R"({"jsonrpc":"2.0","id":7,"method":"resources/unsubscribe","params":{"uri":"k8s://x/pods/y"}})");
  EXPECT_TRUE(out.response(7).contains("result"));
  send(
      R"({"jsonrpc":"2.0","id":8,"method":"completion/complete","params":{"ref":{"type":"ref/prompt","name":"review_rollout"},"argument":{"name":"phase","value":"a"}}})");
  EXPECT_EQ(out.response(8).at("result").at("completion").at("values").at(0), "after");
  send(
      R"({"jsonrpc":"2.0","id":9,"method":"resources/subscribe","params":{"uri":"k8s://clusters"}})");
  EXPECT_TRUE(out.response(9).contains("result"));
  server->finish();
  EXPECT_EQ(server->in_flight(), 0u);
}
