// k8s_get_events against fake clusters: warnings folded, a failed cluster in place, nothing found.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "../support/fake_cluster.hpp"

using namespace kubemcp::testing;

TEST(EventsTool, WarningsOfANamespace) {
  FakeFleet f({"stage"});
  f["stage"].add(warning_event("shop", "worker-1", "BackOff", "Back-off restarting"));
  f["stage"].add(warning_event("other", "x-1", "Failed", "elsewhere"));
  const auto r = f.call("k8s_get_events", {{"types", "Warning"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(r.text.rfind("LAST SEEN", 0), 0u) << r.text;
  EXPECT_NE(r.text.find("(x3 over "), std::string::npos) << "the count is shown";
  EXPECT_NE(r.text.find("pod/worker-1"), std::string::npos);
  EXPECT_EQ(r.text.find("elsewhere"), std::string::npos) << "only the namespace asked for";
}

TEST(EventsTool, AllNamespacesAddsTheColumn) {
  FakeFleet f({"stage"});
  f["stage"].add(warning_event("shop", "worker-1", "BackOff", "Back-off restarting"));
  f["stage"].add(warning_event("other", "x-1", "Failed", "elsewhere"));
  const auto r = f.call("k8s_get_events", {{"all_namespaces", true}});
  EXPECT_EQ(r.text.rfind("NAMESPACE", 0), 0u) << r.text;
  EXPECT_NE(r.text.find("elsewhere"), std::string::npos);
}

TEST(EventsTool, AFailedClusterIsReportedInPlaceAndNothingFoundIsAnAnswer) {
  FakeFleet f({"a", "b"});
  f["b"].fail_with(500);
  const auto r = f.call("k8s_get_events", {{"cluster", "all"}});
  EXPECT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(r.text.rfind("No events found.\n", 0), 0u) << r.text;
  EXPECT_NE(r.text.find("b: Error from server (InternalError)"), std::string::npos) << r.text;
  const auto bad = f.call("k8s_get_events", {{"since", "yesterday"}});
  EXPECT_TRUE(bad.is_error);
  EXPECT_NE(bad.text.find("since takes a duration like 30s"), std::string::npos);
}
