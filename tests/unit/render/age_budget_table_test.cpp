#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "render/age.hpp"
#include "render/budget.hpp"
#include "render/kube_table.hpp"

using namespace kubemcp::render;
using std::chrono::seconds;
namespace json = boost::json;

TEST(Age, HumanDurationLikeKubectl) {
  EXPECT_EQ(human_duration(seconds(45)), "45s");
  EXPECT_EQ(human_duration(seconds(119)), "119s");
  EXPECT_EQ(human_duration(seconds(192)), "3m12s");
  EXPECT_EQ(human_duration(seconds(600)), "10m");
  EXPECT_EQ(human_duration(seconds(47 * 60)), "47m");
  EXPECT_EQ(human_duration(seconds(5 * 3600 + 12 * 60)), "5h12m");
  EXPECT_EQ(human_duration(seconds(20 * 3600)), "20h");
  EXPECT_EQ(human_duration(seconds(3 * 86400 + 4 * 3600)), "3d4h");
  EXPECT_EQ(human_duration(seconds(12 * 86400)), "12d");
  EXPECT_EQ(human_duration(seconds(-1)), "0s");
  EXPECT_EQ(human_duration(seconds(-5)), "<invalid>");
}

TEST(Age, ParsesRfc3339) {
  const auto a = parse_rfc3339("2026-11-26T06:21:00Z");
  const auto b = parse_rfc3339("2026-11-26T07:21:00.123+01:00");
  ASSERT_TRUE(a && b);
  EXPECT_EQ(std::chrono::duration_cast<seconds>(*a - *b).count(), 0);
  EXPECT_FALSE(parse_rfc3339("yesterday"));
  EXPECT_FALSE(parse_rfc3339("2026-11-26T06:21:00"));
  EXPECT_EQ(age_of("2026-11-26T06:00:00Z", *a), "21m");
}

TEST(Budget, CutsAtLinesAndSaysHowToContinue) {
  std::string text;
  for (int i = 0; i < 100; ++i) text += "line " + std::to_string(i) + "\n";
  const auto b = fit_to_budget(text, 50, "Pass continue=abc for the rest.");
  EXPECT_TRUE(b.cut);
  EXPECT_EQ(b.text.rfind("line 0\nline 1\n", 0), 0u);
  EXPECT_NE(b.text.find("[cut: "), std::string::npos);
  EXPECT_NE(b.text.find("Pass continue=abc for the rest."), std::string::npos);
  const auto kept = std::count(b.text.begin(), b.text.end(), '\n') - 1;
  EXPECT_EQ(static_cast<std::size_t>(kept) + b.lines_dropped, 100u);
  EXPECT_FALSE(fit_to_budget("short\n", 50, "").cut);
}

TEST(KubeTable, PicksColumnsByPriorityAndAddsNamespace) {
  const auto t = json::parse(R"({"kind":"Table","columnDefinitions":[
      {"name":"Name","priority":0},{"name":"Ready","priority":0},{"name":"IP","priority":1},{"name":"Restarts","priority":0}],
      "rows":[{"cells":["web-1","1/1","10.0.0.5",3],"object":{"metadata":{"namespace":"shop"}}},
              {"cells":["db-0","0/1",null,0.0],"object":{"metadata":{"namespace":"data"}}}]})")
                     .as_object();
  const auto narrow = table_view(t, {});
  EXPECT_EQ(narrow.headers, (std::vector<std::string>{"NAME", "READY", "RESTARTS"}));
  EXPECT_EQ(narrow.rows[0], (std::vector<std::string>{"web-1", "1/1", "3"}));
  const auto wide = table_view(t, {.wide = true, .with_namespace = true});
  EXPECT_EQ(wide.headers,
            (std::vector<std::string>{"NAMESPACE", "NAME", "READY", "IP", "RESTARTS"}));
  EXPECT_EQ(wide.rows[1], (std::vector<std::string>{"data", "db-0", "0/1", "<none>", "0"}));
}

TEST(Budget, CutInsideALongLineNeverSplitsACharacter) {
  std::string line;
  for (int i = 0; i < 100; ++i) line += "\xe2\x82\xac";  // €, three bytes each
  for (std::size_t budget = 10; budget < 20; ++budget) {
    const auto b = kubemcp::render::fit_to_budget(line, budget, "");
    const std::string kept = b.text.substr(0, b.text.find('\n'));
    EXPECT_EQ(kept.size() % 3, 0u) << budget;
    EXPECT_LE(kept.size(), budget);
  }
}
