// The Streamable HTTP transport without a socket: Origin/Host rules, the token file (parse,
// reload), the metrics text, the session table, and the endpoint's routing — a POST's
// progress and result on its own stream, sessions, 202s, the caller's limits at the catalog.
#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <thread>

#include "fleet/fleet.hpp"
#include "mcp/auth_token_file.hpp"
#include "mcp/http_endpoint.hpp"
#include "mcp/http_guard.hpp"
#include "mcp/http_metrics.hpp"
#include "mcp/http_sessions.hpp"
#include "tools/framework/catalog.hpp"

using namespace kubemcp;
namespace json = boost::json;
using namespace std::chrono_literals;

namespace {

TEST(HttpGuard, OriginsDefaultToLocalhostAndAbsentIsAllowed) {
  const mcp::RequestGuard g({}, {}, "127.0.0.1");
  EXPECT_TRUE(g.origin_allowed(""));
  EXPECT_TRUE(g.origin_allowed("http://localhost:3000"));
  EXPECT_TRUE(g.origin_allowed("https://127.0.0.1"));
  EXPECT_TRUE(g.origin_allowed("http://[::1]:8080"));
  EXPECT_FALSE(g.origin_allowed("https://evil.example.com"));
  EXPECT_FALSE(g.origin_allowed("http://localhost.evil.example.com"));
  EXPECT_FALSE(g.origin_allowed("null"));
  const mcp::RequestGuard listed({"https://Console.example.com/"}, {}, "127.0.0.1");
  EXPECT_TRUE(listed.origin_allowed("https://console.example.com"));
  EXPECT_FALSE(listed.origin_allowed("http://localhost:3000"));
  EXPECT_TRUE(mcp::RequestGuard({"*"}, {}, "127.0.0.1").origin_allowed("https://any.example"));
}

TEST(HttpGuard, HostsAreLocalOrListedUnlessBoundToEveryAddress) {
  const mcp::RequestGuard local({}, {}, "127.0.0.1");
  EXPECT_TRUE(local.host_allowed("127.0.0.1:8808"));
  EXPECT_TRUE(local.host_allowed("localhost"));
  EXPECT_TRUE(local.host_allowed("[::1]:8808"));
  EXPECT_FALSE(local.host_allowed("attacker.example.com:8808"));
  EXPECT_FALSE(local.host_allowed(""));
  const mcp::RequestGuard listed({}, {"mcp.example.com"}, "0.0.0.0");
  EXPECT_TRUE(listed.host_allowed("MCP.example.com:443"));
  EXPECT_FALSE(listed.host_allowed("other.example.com"));
  EXPECT_TRUE(mcp::RequestGuard({}, {}, "0.0.0.0").host_allowed("10.1.2.3:8808"));
  EXPECT_TRUE(mcp::RequestGuard({}, {}, "10.1.2.3").host_allowed("10.1.2.3:8808"));
  EXPECT_EQ(mcp::host_name_of("[::1]:8808"), "::1");
}

TEST(TokenFile, ParsesNamesAndOptionsAndNeverQuotesATokenInErrors) {
  const auto e = mcp::parse_token_file(
      "# comment\n\n0123456789abcdef alice\nfedcba9876543210 ci read-only clusters=stage,eph\n",
      "t");
  ASSERT_EQ(e.size(), 2u);
  EXPECT_EQ(e[0].principal.name, "alice");
  EXPECT_FALSE(e[0].principal.read_only);
  EXPECT_TRUE(e[1].principal.read_only);
  EXPECT_EQ(e[1].principal.clusters, (std::vector<std::string>{"stage", "eph"}));
  EXPECT_EQ(e[0].digest.size(), 32u);
  const auto error = [](const std::string& text) {
    try {
      mcp::parse_token_file(text, "tokens");
    } catch (const std::runtime_error& ex) {
      return std::string(ex.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(error("shorttoken bob\n"), "tokens:1: the token is shorter than 16 characters");
  EXPECT_EQ(error("0123456789abcdef\n"),
            "tokens:1: a token needs a name after it (token name [options])");
  EXPECT_EQ(error("0123456789abcdef a writer\n"),
            "tokens:1: unknown option 'writer' (options: read-only, clusters=a,b)");
  EXPECT_EQ(error("0123456789abcdef a\n0123456789abcdef b\n"),
            "tokens:2: the same token appears twice");
  EXPECT_EQ(error("0123456789abcdef a\n0123456789abcdeX a\n"),
            "tokens:2: the name 'a' appears twice");
}

TEST(TokenFile, AuthenticatesAndReloadsWhenTheFileChanges) {
  const auto path =
      std::filesystem::temp_directory_path() / ("kubemcp-tokens-" + std::to_string(::getpid()));
  const auto write = [&](const std::string& text) { std::ofstream(path) << text; };
  write("aaaaaaaaaaaaaaaa alice\nbbbbbbbbbbbbbbbb bob read-only\n");
  mcp::TokenFileAuthenticator auth(path.string());
  auto v = auth.authenticate("aaaaaaaaaaaaaaaa");
  ASSERT_EQ(v.kind, mcp::AuthVerdict::Kind::Accepted);
  EXPECT_EQ(v.principal->name, "alice");
  EXPECT_TRUE(auth.authenticate("bbbbbbbbbbbbbbbb").principal->read_only);
  EXPECT_EQ(auth.authenticate("aaaaaaaaaaaaaaab").kind, mcp::AuthVerdict::Kind::Unknown);
  write("cccccccccccccccccccc carol\n");  // a different size: seen as a change at once
  EXPECT_EQ(auth.authenticate("aaaaaaaaaaaaaaaa").kind, mcp::AuthVerdict::Kind::Unknown);
  EXPECT_EQ(auth.authenticate("cccccccccccccccccccc").principal->name, "carol");
  write("bad\n");  // no longer parses: the last tokens stay
  EXPECT_EQ(auth.authenticate("cccccccccccccccccccc").kind, mcp::AuthVerdict::Kind::Accepted);
  std::filesystem::remove(path);
}

TEST(HttpMetrics, WritesCountersAndHistogramsInTheTextFormat) {
  mcp::Metrics m;
  m.tool_call("k8s_get", "stage", false, 0.02);
  m.tool_call("k8s_get", "stage", true, 3);
  m.http_request("POST", 200);
  m.bytes_out(10);
  m.set_sessions(2);
  m.set_heals([] {
    return std::vector<std::pair<std::string, std::uint64_t>>{
        {"cluster=\"stage\",kind=\"login\"", 1}};
  });
  const std::string t = m.text();
  for (const char* line : {
           "# TYPE kubemcp_tool_calls_total counter\n",
           "kubemcp_tool_calls_total{tool=\"k8s_get\",cluster=\"stage\"} 2\n",
           "kubemcp_tool_errors_total{tool=\"k8s_get\",cluster=\"stage\"} 1\n",
           "kubemcp_tool_call_duration_seconds_bucket{tool=\"k8s_get\",cluster=\"stage\",le=\"0."
           "01\"} 0\n",
           "kubemcp_tool_call_duration_seconds_bucket{tool=\"k8s_get\",cluster=\"stage\",le=\"0."
           "025\"} 1\n",
           "kubemcp_tool_call_duration_seconds_bucket{tool=\"k8s_get\",cluster=\"stage\",le=\"5\"} "
           "2\n",
           "kubemcp_tool_call_duration_seconds_bucket{tool=\"k8s_get\",cluster=\"stage\",le=\"+"
           "Inf\"} 2\n",
           "kubemcp_tool_call_duration_seconds_count{tool=\"k8s_get\",cluster=\"stage\"} 2\n",
           "kubemcp_http_requests_total{method=\"POST\",code=\"200\"} 1\n",
           "kubemcp_sessions 2\n",
           "kubemcp_response_bytes_total 10\n",
           "kubemcp_heals_total{cluster=\"stage\",kind=\"login\"} 1\n",
       })
    EXPECT_NE(t.find(line), std::string::npos) << line;
  EXPECT_EQ(mcp::prometheus_label("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
}

// --- sessions and routing -------------------------------------------------------------------

// Collects a streamed response.
class FakeSink : public net::StreamSink {
 public:
  bool write(std::string chunk) override {
    std::lock_guard lock(mu_);
    if (closed_) return false;
    text_ += chunk;
    cv_.notify_all();
    return true;
  }
  void close() override {
    std::lock_guard lock(mu_);
    closed_ = true;
    cv_.notify_all();
  }
  bool is_open() const override {
    std::lock_guard lock(mu_);
    return !closed_;
  }
  std::string wait_closed() {
    std::unique_lock lock(mu_);
    EXPECT_TRUE(cv_.wait_for(lock, 5s, [&] { return closed_; }));
    return text_;
  }
  std::string text() {
    std::lock_guard lock(mu_);
    return text_;
  }

 private:
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::string text_;
  bool closed_ = false;
};

tools::Tool stepper() {
  tools::Tool t;
  t.name = "steps";
  t.title = "Steps";
  t.description = "Reports two progress steps, then answers.";
  t.input_schema = tools::schema(R"({"type":"object","properties":{"cluster":{"type":"string"}}})");
  t.handler = [](const json::object&, tools::Context& ctx) {
    ctx.progress(1, 2, "one");
    ctx.progress(2, 2, "two");
    return tools::Result::ok(ctx.caller ? "caller " + ctx.caller->name : "no caller");
  };
  return t;
}

// Blocks until the test opens the gate.
struct Gate {
  std::mutex mu;
  std::condition_variable cv;
  bool open = false;
  void release() {
    std::lock_guard lock(mu);
    open = true;
    cv.notify_all();
  }
};
Gate* g_gate = nullptr;

tools::Tool gated() {
  tools::Tool t = stepper();
  t.name = "gated";
  t.handler = [](const json::object&, tools::Context&) {
    std::unique_lock lock(g_gate->mu);
    g_gate->cv.wait(lock, [] { return g_gate->open; });
    return tools::Result::ok("through");
  };
  return t;
}

tools::Tool writer() {
  tools::Tool t = stepper();
  t.name = "write";
  t.annotations.read_only = false;
  return t;
}

class FixedTokens : public mcp::Authenticator {
 public:
  mcp::AuthVerdict authenticate(std::string_view token) override {
    if (token == "reader-token")
      return {mcp::AuthVerdict::Kind::Accepted, mcp::Principal{"reader", true, {}}, {}};
    if (token == "stage-token")
      return {mcp::AuthVerdict::Kind::Accepted, mcp::Principal{"stager", false, {"stage"}}, {}};
    if (token == "expired-token") return {mcp::AuthVerdict::Kind::Rejected, {}, "token expired"};
    return {};
  }
};

fleet::FleetConfig two_clusters() {
  fleet::FleetConfig c;
  for (const char* name : {"stage", "prod"}) {
    fleet::ClusterConfig k;
    k.name = name;
    k.kubeconfig = "/nonexistent/kubeconfig";
    c.clusters.push_back(k);
  }
  c.default_cluster = "stage";
  return c;
}

struct Endpoint : ::testing::Test {
  fleet::Fleet fleet{fleet::Registry{two_clusters()}};
  tools::Catalog catalog{{stepper(), writer(), gated()}, {}};
  mcp::Metrics metrics;
  std::unique_ptr<mcp::HttpEndpoint> endpoint;
  int next_id = 100;  // a request id is in use until its call is done, just after its response

  void make(std::vector<std::shared_ptr<mcp::Authenticator>> auth = {}, bool stateless = false,
            std::size_t max_calls = 32) {
    mcp::EndpointOptions o;
    o.http.max_calls_per_client = max_calls;
    o.stateless = stateless;
    o.server.shutdown_grace = 200ms;
    o.server.workers = 2;
    endpoint = std::make_unique<mcp::HttpEndpoint>(catalog, fleet, o, std::move(auth), metrics);
  }
  net::HttpRequest post(const std::string& body, const std::string& session = "",
                        const std::string& token = "") {
    net::HttpRequest r;
    r.method = "POST";
    r.target = "/mcp";
    r.headers = {{"host", "127.0.0.1:8808"},
                 {"content-type", "application/json"},
                 {"accept", "application/json, text/event-stream"}};
    if (!session.empty()) r.headers.emplace_back("mcp-session-id", session);
    if (!token.empty()) r.headers.emplace_back("authorization", "Bearer " + token);
    r.body = body;
    return r;
  }
  std::string init(const std::string& token = "") {
    auto r = endpoint->handle(post(
        R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"t","version":"1"}}})",
        "", token));
    EXPECT_EQ(r.status, 200);
    for (const auto& [k, v] : r.headers)
      if (k == "Mcp-Session-Id") return v;
    return "";
  }
  // A tools/call streamed to a FakeSink: the whole SSE text once the stream closed.
  std::string call(const std::string& session, const std::string& tool,
                   const std::string& token = "", const std::string& args = "{}") {
    auto r = endpoint->handle(post(R"({"jsonrpc":"2.0","id":)" + std::to_string(++next_id) +
                                       R"(,"method":"tools/call","params":{"name":")" + tool +
                                       R"(","arguments":)" + args +
                                       R"(,"_meta":{"progressToken":"p"}}})",
                                   session, token));
    EXPECT_EQ(r.status, 200);
    if (!r.stream) return r.body;  // answered before handle() returned: one JSON body
    EXPECT_EQ(r.content_type, "text/event-stream");
    auto sink = std::make_shared<FakeSink>();
    r.stream(sink);
    return sink->wait_closed();
  }
};

TEST(HttpSessions, TableCreatesFindsRemovesExpiresAndHasAMaximum) {
  fleet::Fleet fleet{fleet::Registry{fleet::FleetConfig{}}};
  tools::Catalog catalog{{stepper()}, {}};
  const auto make = [&](mcp::Server::Send send) {
    return std::make_unique<mcp::Server>(catalog, fleet, std::move(send));
  };
  mcp::SessionTable table(2);
  auto a = table.create("alice", make);
  auto b = table.create("", make);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(table.create("", make), nullptr);  // full
  EXPECT_NE(a->id(), b->id());
  EXPECT_EQ(a->id().size(), 64u);
  EXPECT_EQ(table.find(a->id())->owner(), "alice");
  EXPECT_EQ(table.find("nope"), nullptr);
  EXPECT_EQ(table.remove(b->id()), b);
  EXPECT_EQ(table.find(b->id()), nullptr);
  const auto later = std::chrono::steady_clock::now() + 2h;
  EXPECT_TRUE(table.expire(std::chrono::steady_clock::now(), 1h).empty());
  EXPECT_EQ(table.expire(later, 1h).size(), 1u);
  EXPECT_EQ(table.size(), 0u);
}

TEST_F(Endpoint, ProgressAndResultGoOnThePostsOwnStreamInOrder) {
  make();
  const std::string id = init();
  ASSERT_EQ(id.size(), 64u);
  const std::string sse = call(id, "steps");
  const auto one = sse.find("\"message\":\"one\"");
  const auto two = sse.find("\"message\":\"two\"");
  const auto result = sse.find("\"result\"");
  ASSERT_NE(one, std::string::npos) << sse;
  EXPECT_LT(one, two);
  EXPECT_LT(two, result);
  if (sse.front() == 'e') {
    EXPECT_EQ(sse.rfind("event: message\ndata: ", 0), 0u);
  }
  EXPECT_NE(sse.find("no caller"), std::string::npos);
}

TEST_F(Endpoint, SessionsNotificationsAndDelete) {
  make();
  const std::string id = init();
  EXPECT_EQ(endpoint->handle(post(R"({"jsonrpc":"2.0","method":"notifications/initialized"})", id))
                .status,
            202);
  EXPECT_EQ(endpoint->handle(post(R"({"jsonrpc":"2.0","id":2,"method":"ping"})")).status, 400);
  EXPECT_EQ(endpoint->handle(post(R"({"jsonrpc":"2.0","id":2,"method":"ping"})", "x")).status, 404);
  auto ping = endpoint->handle(post(R"({"jsonrpc":"2.0","id":2,"method":"ping"})", id));
  EXPECT_EQ(ping.status, 200);
  EXPECT_EQ(json::parse(ping.body).at("id").as_int64(), 2);
  net::HttpRequest del = post("", id);
  del.method = "DELETE";
  EXPECT_EQ(endpoint->handle(del).status, 200);
  EXPECT_EQ(endpoint->handle(post(R"({"jsonrpc":"2.0","id":3,"method":"ping"})", id)).status, 404);
  EXPECT_EQ(endpoint->sessions(), 0u);
}

TEST_F(Endpoint, StatelessAnswersEveryPostOnAFreshServer) {
  make({}, true);
  auto init_r = endpoint->handle(post(
      R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"t","version":"1"}}})"));
  EXPECT_EQ(init_r.status, 200);
  for (const auto& [k, v] : init_r.headers) EXPECT_NE(k, "Mcp-Session-Id");
  EXPECT_NE(call("", "steps").find("no caller"), std::string::npos);
  EXPECT_EQ(endpoint->sessions(), 0u);
}

TEST_F(Endpoint, TokensAndTheCallersLimitsAtTheCatalog) {
  make({std::make_shared<FixedTokens>()});
  auto none = endpoint->handle(post(R"({"jsonrpc":"2.0","id":1,"method":"ping"})"));
  EXPECT_EQ(none.status, 401);
  ASSERT_FALSE(none.headers.empty());
  EXPECT_EQ(none.headers[0].second,
            "Bearer "
            "resource_metadata=\"http://127.0.0.1:8808/.well-known/oauth-protected-resource/mcp\"");
  auto expired =
      endpoint->handle(post(R"({"jsonrpc":"2.0","id":1,"method":"ping"})", "", "expired-token"));
  EXPECT_EQ(expired.status, 401);
  EXPECT_NE(expired.headers[0].second.find(
                "error=\"invalid_token\", error_description=\"token expired\""),
            std::string::npos);
  EXPECT_EQ(endpoint->handle(post(R"({"jsonrpc":"2.0","id":1,"method":"ping"})", "", "who")).status,
            401);

  const std::string reader = init("reader-token");
  EXPECT_NE(call(reader, "steps", "reader-token").find("caller reader"), std::string::npos);
  EXPECT_NE(
      call(reader, "write", "reader-token").find("write refused: the caller 'reader' is read-only"),
      std::string::npos);
  // Another caller cannot use this session.
  EXPECT_EQ(
      endpoint->handle(post(R"({"jsonrpc":"2.0","id":2,"method":"ping"})", reader, "stage-token"))
          .status,
      404);

  const std::string stager = init("stage-token");
  EXPECT_NE(call(stager, "steps", "stage-token", R"({"cluster":"stage"})").find("caller stager"),
            std::string::npos);
  const std::string prod = call(stager, "steps", "stage-token", R"({"cluster":"prod"})");
  EXPECT_NE(prod.find("refused: the caller 'stager' may not use cluster 'prod' (its token is "
                      "limited to stage)"),
            std::string::npos)
      << prod;
}

TEST_F(Endpoint, ConcurrentCallsPerSessionAreBounded) {
  Gate gate;
  g_gate = &gate;
  make({}, false, 2);
  const std::string id = init();
  std::vector<net::HttpResponse> held;
  for (int i = 0; i < 2; ++i) {
    held.push_back(endpoint->handle(post(R"({"jsonrpc":"2.0","id":)" + std::to_string(10 + i) +
                                             R"(,"method":"tools/call","params":{"name":"gated"}})",
                                         id)));
    ASSERT_TRUE(held.back().stream);
  }
  // A third call while two run: refused at once with the server-busy error.
  auto busy = endpoint->handle(
      post(R"({"jsonrpc":"2.0","id":12,"method":"tools/call","params":{"name":"gated"}})", id));
  EXPECT_FALSE(busy.stream);
  EXPECT_EQ(json::parse(busy.body).at("error").at("code").as_int64(), -32000);
  gate.release();
  for (auto& r : held) {
    auto sink = std::make_shared<FakeSink>();
    r.stream(sink);
    EXPECT_NE(sink->wait_closed().find("through"), std::string::npos);
  }
  g_gate = nullptr;
}

TEST_F(Endpoint, StatelessCallsPerClientAreBounded) {
  Gate gate;
  g_gate = &gate;
  make({}, true, 1);
  auto first = endpoint->handle(
      post(R"({"jsonrpc":"2.0","id":10,"method":"tools/call","params":{"name":"gated"}})"));
  ASSERT_TRUE(first.stream);
  auto second = endpoint->handle(
      post(R"({"jsonrpc":"2.0","id":11,"method":"tools/call","params":{"name":"gated"}})"));
  EXPECT_EQ(second.status, 429);
  gate.release();
  auto sink = std::make_shared<FakeSink>();
  first.stream(sink);
  EXPECT_NE(sink->wait_closed().find("through"), std::string::npos);
  first = {};  // the exchange (and its slot) goes once nothing holds it
  bool freed = false;
  for (int i = 0; i < 100 && !freed; ++i) {
    auto again = endpoint->handle(post(R"({"jsonrpc":"2.0","id":12,"method":"ping"})"));
    freed = again.status == 200;
    if (!freed) std::this_thread::sleep_for(20ms);
  }
  EXPECT_TRUE(freed);
  g_gate = nullptr;
}

}  // namespace
