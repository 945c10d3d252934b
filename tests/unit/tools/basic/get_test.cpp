// k8s_get against fake clusters: exact continuation (every object once, in order, with counts),
// the budget shared between clusters, cursor checks, "nothing matched", json structured content.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <regex>
#include <set>

#include "../support/fake_cluster.hpp"
#include "tools/basic/get_cursor.hpp"

namespace json = boost::json;
using kubemcp::testing::FakeFleet;
using kubemcp::testing::pod;

namespace {

std::string name_of(int i) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "web-%04d", i);
  return buf;
}

void add_pods(FakeFleet& f, const std::string& cluster, int n) {
  for (int i = 0; i < n; ++i) f[cluster].add(pod("shop", name_of(i)));
}

std::string cursor_in(const std::string& text) {
  std::smatch m;
  return std::regex_search(text, m, std::regex("continue=\"([A-Za-z0-9_-]+)\"")) ? m[1].str() : "";
}

// Follows the cursors; returns "cluster/name" of every row shown.
std::vector<std::string> follow(FakeFleet& f, json::object args, bool several, int* calls) {
  std::vector<std::string> seen;
  for (*calls = 1;; ++*calls) {
    const auto r = f.call("k8s_get", args);
    EXPECT_FALSE(r.is_error) << r.text;
    std::istringstream lines(r.text);
    for (std::string l; std::getline(lines, l);) {
      std::smatch m;
      if (several && std::regex_search(l, m, std::regex("^(\\S+)\\s+(web-\\d{4})\\s")))
        seen.push_back(m[1].str() + "/" + m[2].str());
      if (!several && std::regex_search(l, m, std::regex("^(web-\\d{4})\\s")))
        seen.push_back("one/" + m[1].str());
    }
    const std::string c = cursor_in(r.text);
    if (c.empty() || *calls > 200) return seen;
    args["continue"] = c;
  }
}

}  // namespace

TEST(GetTool, TheCursorsYieldEveryObjectOnceInOrder) {
  FakeFleet f({"one"}, 1000);
  add_pods(f, "one", 230);
  int calls = 0;
  const auto seen = follow(f, {{"resource", "pods"}, {"limit", 100}}, false, &calls);
  ASSERT_EQ(seen.size(), 230u);
  for (int i = 0; i < 230; ++i) EXPECT_EQ(seen[i], "one/" + name_of(i));
  EXPECT_GT(calls, 4) << "the budget cut pages part-way";
}

TEST(GetTool, ACutSaysWhatWasShownAndWhatRemains) {
  FakeFleet f({"one"}, 1500);
  add_pods(f, "one", 230);
  const auto r = f.call("k8s_get", {{"resource", "pods"}});
  EXPECT_TRUE(r.cut);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(
      r.text, m,
      std::regex(
          "\\[cut: (\\d+) pods shown, (\\d+) remain \\(over the 1500-character budget\\)\\]")))
      << r.text;
  EXPECT_EQ(std::stoi(m[1]) + std::stoi(m[2]), 230);
  EXPECT_EQ(r.cut_note.rfind("[cut: ", 0), 0u);
}

TEST(GetTool, SeveralClustersShareTheBudgetAndEachResumesOnItsOwn) {
  FakeFleet f({"a", "b", "c"}, 2400);
  add_pods(f, "a", 90);
  add_pods(f, "b", 10);
  add_pods(f, "c", 150);
  const auto first = f.call("k8s_get", {{"resource", "pods"}, {"cluster", "all"}});
  // b fits whole (so the note does not name it); a and c each show some: none is crowded out.
  const std::regex b_row("(^|\\n)b\\s+web-\\d{4}\\s");
  EXPECT_EQ(std::distance(std::sregex_iterator(first.text.begin(), first.text.end(), b_row),
                          std::sregex_iterator()),
            10)
      << first.text;
  EXPECT_EQ(first.text.find("b: "), std::string::npos) << first.text;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(
      first.text, m, std::regex("a: (\\d+) pods shown, \\d+ remain; c: (\\d+) pods shown")))
      << first.text;
  EXPECT_GT(std::stoi(m[1]), 5);
  EXPECT_GT(std::stoi(m[2]), 5);
  int calls = 0;
  const auto seen = follow(f, {{"resource", "pods"}, {"cluster", "all"}}, true, &calls);
  EXPECT_EQ(seen.size(), 250u);
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), 250u);
}

TEST(GetTool, ABadCursorIsAnErrorThatSaysWhatToDo) {
  FakeFleet f({"a", "b"});
  add_pods(f, "a", 3);
  auto r = f.call("k8s_get", {{"resource", "pods"}, {"continue", "%%%"}});
  EXPECT_TRUE(r.is_error);
  EXPECT_NE(r.text.find("drop `continue` to start from the first page"), std::string::npos);
  const std::string other = kubemcp::tools::get::encode_cursor({{"b", {{"pods", {"1", 0}}}}});
  r = f.call("k8s_get", {{"resource", "pods"}, {"cluster", "a"}, {"continue", other}});
  EXPECT_TRUE(r.is_error);
  EXPECT_NE(r.text.find("cluster 'b', which this call does not read"), std::string::npos) << r.text;
  EXPECT_TRUE(f["a"].requests().empty()) << "nothing is sent for bad input";
}

TEST(GetTool, CursorsRoundTripAndRejectOtherText) {
  using namespace kubemcp::tools::get;
  const Cursor c{{"stage", {{"pods", {"abc", 12}}, {"deployments.apps", {"", 3}}}}};
  EXPECT_EQ(decode_cursor(encode_cursor(c)), c);
  EXPECT_EQ(encode_cursor(c).find_first_of("+/="), std::string::npos) << "base64url, unpadded";
  EXPECT_THROW(decode_cursor("eyJ2Ijoyf"), std::invalid_argument);  // not JSON
  EXPECT_THROW(decode_cursor(encode_cursor({}) + "x"), std::invalid_argument);
}

TEST(GetTool, NothingMatchedIsAnAnswerNotAnError) {
  FakeFleet f({"one"});
  add_pods(f, "one", 2);
  const auto r = f.call("k8s_get", {{"resource", "pods"}, {"selector", "app=nobody"}});
  EXPECT_FALSE(r.is_error);
  EXPECT_EQ(r.text, "No resources found in shop namespace matching the selectors.\n");
}

TEST(GetTool, JsonCarriesStructuredContentAndTheCursor) {
  FakeFleet f({"one"});
  add_pods(f, "one", 5);
  const auto r = f.call("k8s_get", {{"resource", "pods"}, {"output", "json"}, {"limit", 2}});
  ASSERT_TRUE(r.structured);
  const auto& s = r.structured->as_object();
  EXPECT_EQ(s.at("result").at("items").as_array().size(), 2u);
  EXPECT_FALSE(s.at("result").at("metadata").as_object().contains("continue"));
  const auto next = f.call("k8s_get", {{"resource", "pods"},
                                       {"output", "json"},
                                       {"limit", 2},
                                       {"continue", s.at("continue").as_string()}});
  EXPECT_EQ(next.structured->at("result").at("items").as_array()[0].at("metadata").at("name"),
            "web-0002");
}

TEST(GetTool, AFailedClusterAnswersInPlace) {
  FakeFleet f({"a", "b"});
  add_pods(f, "a", 2);
  f["b"].fail_with(403);
  const auto r = f.call("k8s_get", {{"resource", "pods"}, {"cluster", "all"}});
  EXPECT_FALSE(r.is_error);
  EXPECT_TRUE(std::regex_search(r.text, std::regex("(^|\n)a\\s+web-0000\\s"))) << r.text;
  EXPECT_NE(r.text.find("b: Error from server (Forbidden)"), std::string::npos) << r.text;
}
