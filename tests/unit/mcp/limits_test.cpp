// The session's bounds: the longest line, the pending-call queue, cancellation of queued calls.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <mutex>
#include <sstream>
#include <thread>

#include "fleet/fleet.hpp"
#include "mcp/jsonrpc.hpp"
#include "mcp/line_reader.hpp"
#include "mcp/server.hpp"
#include "tools/framework/catalog.hpp"

using namespace kubemcp;
namespace json = boost::json;
using namespace std::chrono_literals;

TEST(LineReader, SkipsALineOverTheLimitAndGoesOn) {
  std::istringstream in("short\n" + std::string(100, 'x') + "\nnext\nlast-without-newline");
  mcp::LineReader r(in, 30);
  std::string line;
  EXPECT_EQ(r.next(line), mcp::LineReader::Status::line);
  EXPECT_EQ(line, "short");
  EXPECT_EQ(r.next(line), mcp::LineReader::Status::too_long);
  EXPECT_LE(line.capacity(), 32u) << "the long line is not held";
  EXPECT_EQ(r.next(line), mcp::LineReader::Status::line);
  EXPECT_EQ(line, "next");
  EXPECT_EQ(r.next(line), mcp::LineReader::Status::line);
  EXPECT_EQ(line, "last-without-newline");
  EXPECT_EQ(r.next(line), mcp::LineReader::Status::end);
}

TEST(JsonRpc, OversizedMessageErrorNamesTheLimit) {
  const auto e = json::parse(mcp::oversized_message_error()).as_object();
  EXPECT_TRUE(e.at("id").is_null());
  EXPECT_EQ(e.at("error").at("code").as_int64(), mcp::code::invalid_request);
  EXPECT_NE(std::string(e.at("error").at("message").as_string()).find("33554432"),
            std::string::npos);
}

namespace {

// A tool that counts its starts and runs until cancelled.
std::atomic<int> g_started{0};

tools::Tool gate_tool() {
  tools::Tool t;
  t.name = "gate";
  t.title = "Gate";
  t.description = "Runs until cancelled.";
  t.input_schema = tools::schema(R"({"type":"object"})");
  t.annotations.read_only = true;
  t.handler = [](const json::object&, tools::Context& ctx) {
    ++g_started;
    while (!ctx.cancelled()) std::this_thread::sleep_for(5ms);
    return tools::Result::error("cancelled");
  };
  return t;
}

struct Limits : ::testing::Test {
  fleet::Fleet fleet{fleet::Registry{fleet::FleetConfig{}}};
  tools::Catalog catalog{{gate_tool()}, {}};
  std::mutex mu;
  std::vector<json::object> sent;
  std::unique_ptr<mcp::Server> server;

  void SetUp() override {
    g_started = 0;
    mcp::ServerOptions o;
    o.workers = 1;
    o.max_pending = 2;
    o.shutdown_grace = 100ms;
    server = std::make_unique<mcp::Server>(
        catalog, fleet,
        [this](const std::string& l) {
          std::lock_guard lock(mu);
          sent.push_back(json::parse(l).as_object());
        },
        o);
    server->handle_line(
        R"({"jsonrpc":"2.0","id":"init","method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}})");
  }
  void call(const std::string& id) {
    server->handle_line(R"({"jsonrpc":"2.0","id":)" + id +
                        R"(,"method":"tools/call","params":{"name":"gate"}})");
  }
  void cancel(const std::string& id) {
    server->handle_line(
        R"({"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":)" + id +
        "}}");
  }
  std::optional<json::object> answer(const json::value& id) {
    std::lock_guard lock(mu);
    for (const auto& m : sent)
      if (m.contains("id") && m.at("id") == id) return m;
    return std::nullopt;
  }
  void wait_idle() {
    for (int i = 0; i < 400 && server->in_flight() > 0; ++i) std::this_thread::sleep_for(5ms);
    ASSERT_EQ(server->in_flight(), 0u);
  }
};

}  // namespace

TEST_F(Limits, PendingCallsAreBoundedAndTheServerGoesOn) {
  call("1");
  call("2");  // queued behind 1 (one worker)
  call("3");  // over max_pending
  const auto busy = answer(3);
  ASSERT_TRUE(busy);
  EXPECT_EQ(busy->at("error").at("code").as_int64(), mcp::code::server_busy);
  EXPECT_NE(std::string(busy->at("error").at("message").as_string()).find("retry"),
            std::string::npos);
  cancel("1");
  cancel("2");
  wait_idle();
  call("4");  // room again
  for (int i = 0; i < 400 && g_started < 2; ++i) std::this_thread::sleep_for(5ms);
  EXPECT_FALSE(answer(4)) << "accepted and running";
  cancel("4");
  wait_idle();
}

TEST_F(Limits, CancellingAQueuedCallMeansItNeverRuns) {
  call("1");
  call("2");
  for (int i = 0; i < 400 && g_started < 1; ++i) std::this_thread::sleep_for(5ms);
  cancel("2");  // still queued behind 1
  cancel("1");
  wait_idle();
  EXPECT_EQ(g_started, 1) << "the cancelled queued call must not start";
  EXPECT_FALSE(answer(1));
  EXPECT_FALSE(answer(2));
}

TEST_F(Limits, CancelFindsItsCallWhateverTheNumberSpelling) {
  call("7");
  cancel("7.0");
  wait_idle();
  call("\"8\"");
  cancel("8");  // a number never names a string id
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(server->in_flight(), 1u);
  cancel("\"8\"");
  wait_idle();
}
