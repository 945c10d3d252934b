// k8s_delete against a fake cluster: by name and by selector in kubectl's words, a bulk delete
// held for confirm with the list of what it would delete, a dry run that keeps everything, and
// bad selections refused before any request.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <string>

#include "../support/fake_cluster.hpp"

using namespace kubemcp::testing;

namespace {

std::size_t deletes(const FakeCluster& c) {
  const auto r = c.requests();
  return std::count_if(r.begin(), r.end(),
                       [](const std::string& q) { return q.rfind("DELETE ", 0) == 0; });
}

}  // namespace

TEST(DeleteTool, OneByNameThenItIsGone) {
  FakeFleet f({"stage"});
  f["stage"].add(pod("shop", "web-1"));
  const auto r = f.call("k8s_delete", {{"resource", "pod"}, {"name", "web-1"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(r.text, "pod \"web-1\" deleted\n");
  EXPECT_EQ(deletes(f["stage"]), 1u);
  const auto after = f.call("k8s_get", {{"resource", "pods"}, {"name", "web-1"}});
  EXPECT_TRUE(after.is_error);
  EXPECT_NE(after.text.find("NotFound"), std::string::npos) << after.text;
}

TEST(DeleteTool, BySelectorOnlyWhatMatches) {
  FakeFleet f({"stage"});
  for (const char* n : {"web-1", "web-2", "db-1"}) f["stage"].add(pod("shop", n));
  const auto r = f.call("k8s_delete", {{"resource", "pods"}, {"selector", "app=web"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_NE(r.text.find("pod \"web-1\" deleted\npod \"web-2\" deleted\n"), std::string::npos)
      << r.text;
  EXPECT_EQ(r.text.find("db-1"), std::string::npos);
  const auto none = f.call("k8s_delete", {{"resource", "pods"}, {"selector", "app=web"}});
  EXPECT_FALSE(none.is_error) << "nothing matched is an answer";
  EXPECT_EQ(none.text,
            "No resources found in shop namespace matching 'app=web'; nothing was deleted.");
}

TEST(DeleteTool, MoreThanBulkLimitNeedsConfirmAndListsWhatItWouldDelete) {
  FakeFleet f({"stage"});
  for (int i = 0; i < 21; ++i) f["stage"].add(pod("shop", "web-" + std::to_string(i)));
  const auto held = f.call("k8s_delete", {{"resource", "pods"}, {"selector", "app=web"}});
  EXPECT_TRUE(held.is_error);
  EXPECT_NE(held.text.find("needs confirm=true: it deletes 21 objects, more than bulk_limit (20)"),
            std::string::npos)
      << held.text;
  EXPECT_NE(held.text.find("web-20"), std::string::npos) << "the list names each object";
  EXPECT_EQ(deletes(f["stage"]), 0u);
  const auto done =
      f.call("k8s_delete", {{"resource", "pods"}, {"selector", "app=web"}, {"confirm", true}});
  ASSERT_FALSE(done.is_error) << done.text;
  EXPECT_EQ(deletes(f["stage"]), 21u);
}

TEST(DeleteTool, DryRunAsksTheServerAndKeepsTheObject) {
  FakeFleet f({"stage"});
  f["stage"].add(pod("shop", "web-1"));
  const auto r = f.call("k8s_delete", {{"resource", "pod"}, {"name", "web-1"}, {"dry_run", true}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_NE(r.text.find("Server dry run: nothing was deleted."), std::string::npos) << r.text;
  const auto reqs = f["stage"].requests();
  EXPECT_TRUE(std::any_of(reqs.begin(), reqs.end(), [](const std::string& q) {
    return q.rfind("DELETE ", 0) == 0 && q.find("dryRun=All") != std::string::npos;
  }));
  EXPECT_FALSE(f.call("k8s_get", {{"resource", "pods"}, {"name", "web-1"}}).is_error);
}

TEST(DeleteTool, ASelectionThatIsNotExactlyOneIsRefusedBeforeAnyRequest) {
  FakeFleet f({"stage"});
  f["stage"].add(pod("shop", "web-1"));
  const auto none = f.call("k8s_delete", {{"resource", "pods"}});
  EXPECT_TRUE(none.is_error);
  const auto two = f.call("k8s_delete", {{"resource", "pod/web-1"}, {"name", "web-1"}});
  EXPECT_TRUE(two.is_error);
  EXPECT_NE(two.text.find("give the name once"), std::string::npos) << two.text;
  EXPECT_TRUE(f["stage"].requests().empty());
}
