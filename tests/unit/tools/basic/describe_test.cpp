// k8s_describe against a fake cluster: one object with its events, a selector, nothing matched.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "../support/fake_cluster.hpp"

using namespace kubemcp::testing;

TEST(DescribeTool, AnObjectWithItsEvents) {
  FakeFleet f({"stage"});
  f["stage"].add(crashlooping_pod("shop", "worker-1"));
  f["stage"].add(
      warning_event("shop", "worker-1", "BackOff", "Back-off restarting failed container"));
  const auto r = f.call("k8s_describe", {{"resource", "pod"}, {"name", "worker-1"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_NE(r.text.find("Name:"), std::string::npos) << r.text;
  EXPECT_NE(r.text.find("worker-1"), std::string::npos);
  EXPECT_NE(r.text.find("CrashLoopBackOff"), std::string::npos) << r.text;
  EXPECT_NE(r.text.find("Back-off restarting failed container"), std::string::npos) << r.text;
}

TEST(DescribeTool, NothingMatchedIsAnAnswerAndNoSelectorIsBadInput) {
  FakeFleet f({"stage"});
  f["stage"].add(pod("shop", "web-1"));
  const auto none = f.call("k8s_describe", {{"resource", "pods"}, {"selector", "app=nobody"}});
  EXPECT_FALSE(none.is_error);
  EXPECT_EQ(none.text, "No pods match 'app=nobody' in namespace shop.\n");
  const auto bad = f.call("k8s_describe", {{"resource", "pods"}});
  EXPECT_TRUE(bad.is_error);
  EXPECT_NE(bad.text.find("needs a name or a selector"), std::string::npos);
}

TEST(DescribeTool, NotFoundSaysWhatToCheck) {
  FakeFleet f({"stage"});
  const auto r = f.call("k8s_describe", {{"resource", "pod"}, {"name", "ghost"}});
  EXPECT_TRUE(r.is_error);
  EXPECT_NE(r.text.find("Error from server (NotFound): pods \"ghost\" not found"),
            std::string::npos)
      << r.text;
  EXPECT_NE(r.text.find("Check the name and namespace"), std::string::npos);
}
