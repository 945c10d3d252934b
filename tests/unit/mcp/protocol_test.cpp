// The session by protocol version (negotiation, per-version tools/list and tools/call,
// 2025-03-26 batches), message validation, and logging to the client.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <thread>

#include "fleet/fleet.hpp"
#include "mcp/server.hpp"
#include "outbox.hpp"
#include "tools/framework/catalog.hpp"

using namespace kubemcp;
namespace json = boost::json;
using namespace std::chrono_literals;

namespace {

// A tool with an output schema and structured content, as k8s_clusters has.
tools::Tool data_tool() {
  tools::Tool t;
  t.name = "data";
  t.title = "Data fixture";
  t.description = "Answers with a table and its data.";
  t.input_schema = tools::schema(
      R"({"type":"object","properties":{"limit":{"type":"integer","minimum":1,"maximum":5000}},
          "additionalProperties":false})");
  t.output_schema = tools::schema(R"({"type":"object","properties":{"n":{"type":"integer"}}})");
  t.handler = [](const json::object& args, tools::Context&) {
    tools::Result r = tools::Result::ok("N\n42\n");
    r.structured = json::object{{"n", args.contains("limit") ? args.at("limit") : json::value(42)}};
    return r;
  };
  return t;
}

// Logs at each level it is asked for, then says whether the session may elicit.
tools::Tool chatty_tool() {
  tools::Tool t;
  t.name = "chatty";
  t.title = "Chatty fixture";
  t.description = "Logs.";
  t.input_schema = tools::schema(R"({"type":"object"})");
  t.handler = [](const json::object&, tools::Context& ctx) {
    ctx.log("debug", "a debug line");
    ctx.log("warning", "a warning line");
    auto r =
        tools::Result::ok(std::string("can_elicit=") + (ctx.can_elicit ? "yes" : "no") +
                          "\nrow\n[cut: 7 more lines over the 100-character budget] narrow it\n");
    // The flag tells the log, not the text: a tool that says "[cut: " without setting it is
    // not logged (see the unit test of the catalog).
    r.cut = true;
    r.cut_note = "[cut: 7 more lines over the 100-character budget] narrow it";
    return r;
  };
  return t;
}

struct Protocol : ::testing::Test {
  fleet::Fleet fleet_{fleet::Registry{fleet::FleetConfig{}}};
  tools::Catalog catalog{{data_tool(), chatty_tool()}, {}};
  Outbox out;
  std::unique_ptr<mcp::Server> server;

  void SetUp() override {
    mcp::ServerOptions o;
    o.shutdown_grace = 200ms;
    server = std::make_unique<mcp::Server>(
        catalog, fleet_, [this](const std::string& l) { out.push(l); }, o);
  }
  void send(const std::string& s) { server->handle_line(s); }
  void init(const std::string& version, const std::string& capabilities = "{}") {
    send(R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":")" +
         version + R"(","capabilities":)" + capabilities +
         R"(,"clientInfo":{"name":"t","version":"1"}}})");
    ASSERT_TRUE(out.response(1).contains("result"));
    send(R"({"jsonrpc":"2.0","method":"notifications/initialized"})");
  }
  json::object tool(const char* name) {
    send(R"({"jsonrpc":"2.0","id":90,"method":"tools/list"})");
    const auto listed = out.response(90);
    for (const auto& t : listed.at("result").at("tools").as_array())
      if (t.at("name").as_string() == name) return t.as_object();
    ADD_FAILURE() << "no tool " << name;
    return {};
  }
  json::object call(int id, const std::string& params) {
    send(R"({"jsonrpc":"2.0","id":)" + std::to_string(id) + R"(,"method":"tools/call","params":)" +
         params + "}");
    return out.response(id);
  }
  std::vector<json::object> logs() {
    std::vector<json::object> found;
    for (const auto& m : out.all())
      if (m.contains("method") && m.at("method").as_string() == "notifications/message")
        found.push_back(m.at("params").as_object());
    return found;
  }
  int error_code(const json::object& response) {
    return response.contains("error") ? int(response.at("error").at("code").as_int64()) : 0;
  }
};

}  // namespace

TEST_F(Protocol, AnswersEachSupportedVersionWithItself) {
  for (const char* v : {"2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"}) {
    Outbox fresh;
    mcp::Server s(catalog, fleet_, [&](const std::string& l) { fresh.push(l); });
    s.handle_line(R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":")" +
                  std::string(v) +
                  R"(","capabilities":{},"clientInfo":{"name":"t","version":"1"}}})");
    EXPECT_EQ(fresh.response(1).at("result").at("protocolVersion").as_string(), v);
  }
}

TEST_F(Protocol, ServerTitleOnlyFrom20250618) {
  init("2025-03-26");
  EXPECT_FALSE(out.response(1).at("result").at("serverInfo").as_object().contains("title"));
  Outbox fresh;
  mcp::Server s(catalog, fleet_, [&](const std::string& l) { fresh.push(l); });
  s.handle_line(
      R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}})");
  EXPECT_TRUE(fresh.response(1).at("result").at("serverInfo").as_object().contains("title"));
}

TEST_F(Protocol, Version20241105HasNoAnnotationsTitleOrOutputSchema) {
  init("2024-11-05");
  const auto t = tool("data");
  EXPECT_FALSE(t.contains("annotations"));
  EXPECT_FALSE(t.contains("title"));
  EXPECT_FALSE(t.contains("outputSchema"));
  EXPECT_TRUE(t.contains("inputSchema") && t.contains("description"));
}

TEST_F(Protocol, Version20250326HasAnnotationsButNoTitleOrOutputSchema) {
  init("2025-03-26");
  const auto t = tool("data");
  EXPECT_TRUE(t.contains("annotations"));
  EXPECT_FALSE(t.contains("title"));
  EXPECT_FALSE(t.contains("outputSchema"));
}

TEST_F(Protocol, ResourceListingsHaveTitlesAndCompletionsOnlyWhereTheVersionDoes) {
  init("2024-11-05");
  EXPECT_FALSE(out.response(1).at("result").at("capabilities").as_object().contains("completions"));
  send(R"({"jsonrpc":"2.0","id":2,"method":"resources/list"})");
  const auto resources = out.response(2);
  for (const auto& r : resources.at("result").at("resources").as_array())
    EXPECT_FALSE(r.as_object().contains("title"));
  send(R"({"jsonrpc":"2.0","id":3,"method":"resources/templates/list"})");
  const auto templates = out.response(3);
  for (const auto& r : templates.at("result").at("resourceTemplates").as_array())
    EXPECT_FALSE(r.as_object().contains("title"));
  Outbox fresh;
  mcp::Server s(catalog, fleet_, [&](const std::string& l) { fresh.push(l); });
  s.handle_line(
      R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"t","version":"1"}}})");
  EXPECT_TRUE(
      fresh.response(1).at("result").at("capabilities").as_object().contains("completions"));
  s.handle_line(R"({"jsonrpc":"2.0","id":2,"method":"resources/list"})");
  EXPECT_TRUE(fresh.response(2).at("result").at("resources").at(0).as_object().contains("title"));
}

TEST_F(Protocol, Version20250618HasEverything) {
  init("2025-06-18");
  const auto t = tool("data");
  EXPECT_TRUE(t.contains("annotations") && t.contains("title") && t.contains("outputSchema"));
  const auto r = call(2, R"({"name":"data","arguments":{"limit":7}})").at("result").as_object();
  EXPECT_EQ(r.at("structuredContent").at("n").as_int64(), 7);
  EXPECT_EQ(r.at("content").as_array().size(), 1u);
}

TEST_F(Protocol, BeforeStructuredContentTheJsonTravelsAsText) {
  init("2025-03-26");
  const auto r = call(2, R"({"name":"data","arguments":{"limit":7}})").at("result").as_object();
  EXPECT_FALSE(r.contains("structuredContent"));
  const auto& content = r.at("content").as_array();
  ASSERT_EQ(content.size(), 2u);
  EXPECT_EQ(content.at(0).at("text").as_string(), "N\n42\n");
  EXPECT_EQ(json::parse(content.at(1).at("text").as_string()).at("n").as_int64(), 7);
}

TEST_F(Protocol, Batch20250326IsAnsweredAsOneBatch) {
  init("2025-03-26");
  send(R"([{"jsonrpc":"2.0","id":2,"method":"ping"},
           {"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":1,"progress":1}},
           {"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"data","arguments":{}}},
           {"jsonrpc":"2.0","id":4,"method":"nope"},
           {"jsonrpc":"2.0","id":null,"method":"ping"}])");
  const auto batch = out.batch(0);
  ASSERT_EQ(batch.size(), 4u) << json::serialize(batch);  // the notification gets nothing
  EXPECT_EQ(batch.at(0).at("id").as_int64(), 2);
  EXPECT_TRUE(batch.at(0).as_object().contains("result"));
  EXPECT_EQ(batch.at(1).at("id").as_int64(), 3);
  EXPECT_EQ(batch.at(1).at("result").at("content").at(0).at("text").as_string(), "N\n42\n");
  EXPECT_EQ(batch.at(2).at("error").at("code").as_int64(), -32601);
  EXPECT_EQ(batch.at(3).at("error").at("code").as_int64(), -32600);
  EXPECT_EQ(out.all().size(), 1u) << "nothing but the initialize answer outside the batch";
}

TEST_F(Protocol, BatchOfNotificationsGetsNoAnswerAndEmptyBatchIsInvalid) {
  init("2025-03-26");
  send(R"([{"jsonrpc":"2.0","method":"notifications/initialized"}])");
  send("[]");
  const auto e = out.wait_for([](const json::object& o) { return o.contains("error"); });
  EXPECT_EQ(e.at("error").at("code").as_int64(), -32600);
  EXPECT_EQ(out.batch_count(), 0u);
}

TEST_F(Protocol, BatchesAreRefusedBeforeInitializeAndFrom20250618) {
  send(R"([{"jsonrpc":"2.0","id":1,"method":"ping"}])");
  EXPECT_EQ(out.wait_for([](const json::object& o) { return o.contains("error"); })
                .at("error")
                .at("code")
                .as_int64(),
            -32600);
  init("2025-06-18");
  send(R"([{"jsonrpc":"2.0","id":5,"method":"ping"}])");
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(out.batch_count(), 0u);
  std::size_t errors = 0;
  for (const auto& m : out.all())
    if (m.contains("error") && m.at("error").at("code").as_int64() == -32600) ++errors;
  EXPECT_EQ(errors, 2u);
}

TEST_F(Protocol, NullIdIsAnsweredWithInvalidRequest) {
  init("2025-11-25");
  send(R"({"jsonrpc":"2.0","id":null,"method":"tools/list"})");
  const auto e = out.wait_for([](const json::object& o) { return o.contains("error"); });
  EXPECT_EQ(e.at("error").at("code").as_int64(), -32600);
  EXPECT_TRUE(e.at("id").is_null());
}

TEST_F(Protocol, MalformedNotificationsGetNoResponse) {
  init("2025-11-25");
  const auto before = out.size();
  send(R"({"jsonrpc":"2.0","method":"notifications/cancelled","params":"soon"})");
  send(R"({"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":{"x":1}}})");
  send(R"({"jsonrpc":"1.0","method":"notifications/initialized"})");
  send(R"({"jsonrpc":"2.0","id":7,"method":"ping"})");
  out.response(7);
  EXPECT_EQ(out.size(), before + 1) << "only the ping is answered";
}

TEST_F(Protocol, InitializeParamsAreValidated) {
  for (
      const char* params :
      {R"({"capabilities":{},"clientInfo":{"name":"t","version":"1"}})",
       R"({"protocolVersion":5,"capabilities":{},"clientInfo":{"name":"t","version":"1"}})",
       R"({"protocolVersion":"2025-11-25","clientInfo":{"name":"t","version":"1"}})",
       R"({"protocolVersion":"2025-11-25","capabilities":[],"clientInfo":{"name":"t","version":"1"}})",
       R"({"protocolVersion":"2025-11-25","capabilities":{}})",
       R"({"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"t"}})"}) {
    Outbox fresh;
    mcp::Server s(catalog, fleet_, [&](const std::string& l) { fresh.push(l); });
    s.handle_line(std::string(R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":)") +
                  params + "}");
    EXPECT_EQ(error_code(fresh.response(1)), -32602) << params;
    // Not initialized by a refused initialize.
    s.handle_line(R"({"jsonrpc":"2.0","id":2,"method":"tools/list"})");
    EXPECT_EQ(error_code(fresh.response(2)), -32600) << params;
  }
}

TEST_F(Protocol, SecondInitializeIsRefused) {
  init("2024-11-05");
  send(
      R"({"jsonrpc":"2.0","id":2,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"t","version":"1"}}})");
  const auto e = out.response(2);
  EXPECT_EQ(error_code(e), -32600);
  EXPECT_NE(std::string(e.at("error").at("message").as_string()).find("already initialized"),
            std::string::npos);
  EXPECT_FALSE(tool("data").contains("annotations")) << "still speaking 2024-11-05";
}

TEST_F(Protocol, ArgumentsThatAreNotAnObjectAreInvalidParams) {
  init("2025-11-25");
  int id = 1;
  for (const char* args : {R"("limit=5")", "[1]", "7", "true"}) {
    const auto r = call(++id, std::string(R"({"name":"data","arguments":)") + args + "}");
    EXPECT_EQ(error_code(r), -32602) << args;
    EXPECT_NE(std::string(r.at("error").at("message").as_string()).find("input schema"),
              std::string::npos);
  }
}

TEST_F(Protocol, ProgressTokenMustBeAStringOrAnInteger) {
  init("2025-11-25");
  int id = 10;
  for (const char* token : {"1.5", "{}", "[1]", "true"}) {
    const auto r =
        call(++id, std::string(R"({"name":"data","_meta":{"progressToken":)") + token + "}}");
    EXPECT_EQ(error_code(r), -32602) << token;
  }
  for (const char* token : {R"("tok")", "7", "-3", "1e2"}) {
    const auto r =
        call(++id, std::string(R"({"name":"data","_meta":{"progressToken":)") + token + "}}");
    EXPECT_TRUE(r.contains("result")) << token;
  }
}

TEST_F(Protocol, ToolErrorsNameTheBoundAndAcceptWholeNumbersInExponentForm) {
  init("2025-11-25");
  auto r = call(2, R"({"name":"data","arguments":{"limit":0}})").at("result").as_object();
  EXPECT_TRUE(r.at("isError").as_bool());
  const std::string text(r.at("content").at(0).at("text").as_string());
  EXPECT_NE(text.find("argument 'limit' must be between 1 and 5000, got 0"), std::string::npos)
      << text;
  EXPECT_NE(text.find("See the tool's input schema"), std::string::npos) << text;
  EXPECT_EQ(text.find("kubemcp tools"), std::string::npos)
      << "no command line the model cannot run";
  r = call(3, R"({"name":"data","arguments":{"limit":1e3}})").at("result").as_object();
  EXPECT_FALSE(r.at("isError").as_bool());
  EXPECT_EQ(r.at("structuredContent").at("n").to_number<double>(), 1000.0);
}

TEST_F(Protocol, LogsGoToTheClientAtTheLevelItSet) {
  init("2025-11-25");
  call(2, R"({"name":"chatty"})");
  EXPECT_TRUE(logs().empty()) << "no logging/setLevel yet: nothing is sent";
  send(R"({"jsonrpc":"2.0","id":3,"method":"logging/setLevel","params":{"level":"warning"}})");
  out.response(3);
  call(4, R"({"name":"chatty"})");
  auto seen = logs();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].at("level").as_string(), "warning");
  EXPECT_EQ(seen[0].at("data").as_string(), "a warning line");
  send(R"({"jsonrpc":"2.0","id":5,"method":"logging/setLevel","params":{"level":"debug"}})");
  out.response(5);
  call(6, R"({"name":"chatty"})");
  seen = logs();
  ASSERT_EQ(seen.size(), 4u);  // + debug, warning and the budget cut (info)
  EXPECT_EQ(seen[1].at("level").as_string(), "debug");
  EXPECT_EQ(seen[3].at("level").as_string(), "info");
  EXPECT_EQ(seen[3].at("data").as_string(),
            "chatty output was cut to the budget: [cut: 7 more lines over the 100-character "
            "budget] narrow it");
}

TEST_F(Protocol, ElicitationOnlyWhereVersionAndClientHaveIt) {
  init("2025-06-18", R"({"elicitation":{}})");
  EXPECT_NE(
      std::string(
          call(2, R"({"name":"chatty"})").at("result").at("content").at(0).at("text").as_string())
          .find("can_elicit=yes"),
      std::string::npos);
  Outbox fresh;
  mcp::Server s(catalog, fleet_, [&](const std::string& l) { fresh.push(l); });
  s.handle_line(
      R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-03-26","capabilities":{"elicitation":{}},"clientInfo":{"name":"t","version":"1"}}})");
  s.handle_line(R"({"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"chatty"}})");
  EXPECT_NE(std::string(fresh.response(2).at("result").at("content").at(0).at("text").as_string())
                .find("can_elicit=no"),
            std::string::npos);
}
