// Server-to-client requests: answered by the matching response, ended by the tool call's
// cancellation (the client is told) or by the session's end.
#include "mcp/outgoing.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <future>
#include <mutex>
#include <thread>

using kubemcp::mcp::OutgoingRequests;
namespace json = boost::json;

namespace {

struct Sent {
  std::mutex m;
  std::vector<json::object> lines;
  void operator()(const std::string& l) {
    std::lock_guard lock(m);
    lines.push_back(json::parse(l).as_object());
  }
  std::optional<json::object> first() {
    std::lock_guard lock(m);
    if (lines.empty()) return std::nullopt;
    return lines.front();
  }
  json::object wait_first() {
    for (int i = 0; i < 500; ++i) {
      if (auto f = first()) return *f;
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    throw std::runtime_error("nothing sent");
  }
};

}  // namespace

TEST(Outgoing, TheMatchingResponseAnswersTheRequest) {
  Sent sent;
  OutgoingRequests out([&](const std::string& l) { sent(l); });
  auto answer = std::async(std::launch::async, [&] {
    return out.request("elicitation/create", json::object{{"message", "ok?"}}, nullptr);
  });
  const auto request = sent.wait_first();
  EXPECT_EQ(request.at("method").as_string(), "elicitation/create");
  EXPECT_EQ(request.at("params").at("message").as_string(), "ok?");
  EXPECT_FALSE(out.deliver(json::value("kubemcp-999"), json::object{}, false)) << "not ours";
  EXPECT_FALSE(out.deliver(json::value(1), json::object{}, false)) << "a client id space";
  EXPECT_TRUE(out.deliver(request.at("id"), json::object{{"action", "accept"}}, false));
  const auto a = answer.get();
  EXPECT_EQ(a.end, OutgoingRequests::Answer::End::result);
  EXPECT_EQ(a.value.at("action").as_string(), "accept");
  EXPECT_FALSE(out.deliver(request.at("id"), json::object{}, false)) << "answered once";
}

TEST(Outgoing, CancellationEndsTheWaitAndTellsTheClient) {
  Sent sent;
  OutgoingRequests out([&](const std::string& l) { sent(l); });
  auto cancel = std::make_shared<kubemcp::net::CancelToken>();
  auto answer =
      std::async(std::launch::async, [&] { return out.request("elicitation/create", {}, cancel); });
  const auto request = sent.wait_first();
  cancel->cancel();
  EXPECT_EQ(answer.get().end, OutgoingRequests::Answer::End::cancelled);
  std::lock_guard lock(sent.m);
  ASSERT_EQ(sent.lines.size(), 2u);
  EXPECT_EQ(sent.lines[1].at("method").as_string(), "notifications/cancelled");
  EXPECT_EQ(sent.lines[1].at("params").at("requestId"), request.at("id"));
}

TEST(Outgoing, TheSessionsEndEndsEveryWait) {
  Sent sent;
  OutgoingRequests out([&](const std::string& l) { sent(l); });
  auto answer = std::async(std::launch::async,
                           [&] { return out.request("elicitation/create", {}, nullptr); });
  sent.wait_first();
  out.close();
  EXPECT_EQ(answer.get().end, OutgoingRequests::Answer::End::closed);
  EXPECT_EQ(out.request("elicitation/create", {}, nullptr).end,
            OutgoingRequests::Answer::End::closed);
}
