// k8s_logs against a fake cluster: a pod's lines, grep, a selector that matches nothing.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "../support/fake_cluster.hpp"

using namespace kubemcp::testing;

TEST(LogsTool, APodsLinesAndGrep) {
  FakeFleet f({"stage"});
  f["stage"].add(pod("shop", "web-1"));
  f["stage"].set_log("shop", "web-1", "app", "starting\nGET / 200\nfatal: disk full\nGET / 500\n");
  const auto all = f.call("k8s_logs", {{"pod", "web-1"}});
  ASSERT_FALSE(all.is_error) << all.text;
  EXPECT_EQ(all.text, "starting\nGET / 200\nfatal: disk full\nGET / 500\n");
  const auto grep = f.call("k8s_logs", {{"pod", "web-1"}, {"grep", "GET"}});
  EXPECT_EQ(grep.text, "GET / 200\nGET / 500\n");
  const auto none = f.call("k8s_logs", {{"pod", "web-1"}, {"grep", "nothing"}});
  EXPECT_EQ(none.text, "No line matches 'nothing' (4 lines read).\n");
}

TEST(LogsTool, NothingMatchedIsAnAnswerAndAmbiguousInputIsAnError) {
  FakeFleet f({"stage"});
  const auto none = f.call("k8s_logs", {{"selector", "app=nobody"}});
  EXPECT_FALSE(none.is_error) << none.text;
  EXPECT_EQ(none.text, "No pods match 'app=nobody' in namespace shop.\n");
  const auto both = f.call("k8s_logs", {{"pod", "a"}, {"selector", "app=b"}});
  EXPECT_TRUE(both.is_error);
  EXPECT_NE(both.text.find("exactly one of pod, resource"), std::string::npos);
}

TEST(LogsTool, ACutIsFlaggedNotJustWritten) {
  FakeFleet f({"stage"}, 1000);
  f["stage"].add(pod("shop", "web-1"));
  std::string log;
  for (int i = 0; i < 400; ++i) log += "line " + std::to_string(i) + " of a long log\n";
  f["stage"].set_log("shop", "web-1", "app", log);
  const auto r = f.call("k8s_logs", {{"pod", "web-1"}, {"tail", -1}});
  EXPECT_TRUE(r.cut);
  EXPECT_EQ(r.cut_note.rfind("[cut: ", 0), 0u) << r.cut_note;
  EXPECT_NE(r.text.find("line 399 of a long log\n"), std::string::npos) << "the newest lines stay";
  ASSERT_EQ(f.logged.size(), 1u);
  EXPECT_EQ(f.logged[0].rfind("info k8s_logs output was cut to the budget: [cut: ", 0), 0u);
}
