// The unified diff prints what `diff -u` prints, hunk headers included.
#include "render/diff.hpp"

#include <gtest/gtest.h>

using kubemcp::render::DiffOptions;
using kubemcp::render::unified_diff;

namespace {

std::string lines(int from, int to, const std::string& prefix = "l") {
  std::string s;
  for (int i = from; i <= to; ++i) s += prefix + std::to_string(i) + "\n";
  return s;
}

}  // namespace

TEST(Diff, EqualTextsHaveNoDiff) {
  EXPECT_EQ(unified_diff("a\nb\n", "a\nb\n", "live", "applied"), "");
  EXPECT_EQ(unified_diff("", "", "a", "b"), "");
}

TEST(Diff, OneChangedLineWithContext) {
  EXPECT_EQ(unified_diff("a\nb\nc\nd\ne\n", "a\nb\nX\nd\ne\n", "live", "applied"),
            "--- live\n+++ applied\n@@ -1,5 +1,5 @@\n a\n b\n-c\n+X\n d\n e\n");
}

TEST(Diff, CreationFromNothing) {
  EXPECT_EQ(unified_diff("", "a\nb\n", "live", "applied"),
            "--- live\n+++ applied\n@@ -0,0 +1,2 @@\n+a\n+b\n");
  EXPECT_EQ(unified_diff("a\n", "", "x", "y"), "--- x\n+++ y\n@@ -1 +0,0 @@\n-a\n");
}

TEST(Diff, DistantChangesMakeSeparateHunks) {
  std::string from = lines(1, 20), to = from;
  to.replace(to.find("l2\n"), 3, "two\n");
  to.replace(to.find("l18\n"), 4, "eighteen\n");
  EXPECT_EQ(unified_diff(from, to, "a", "b"),
            "--- a\n+++ b\n"
            "@@ -1,5 +1,5 @@\n l1\n-l2\n+two\n l3\n l4\n l5\n"
            "@@ -15,6 +15,6 @@\n l15\n l16\n l17\n-l18\n+eighteen\n l19\n l20\n");
}

TEST(Diff, NearChangesShareAHunk) {
  std::string from = lines(1, 12), to = from;
  to.replace(to.find("l3\n"), 3, "");
  to.replace(to.find("l8\n"), 3, "l8\nnew\n");
  EXPECT_EQ(unified_diff(from, to, "a", "b"),
            "--- a\n+++ b\n@@ -1,11 +1,11 @@\n l1\n l2\n-l3\n l4\n l5\n l6\n l7\n l8\n+new\n l9\n"
            " l10\n l11\n");
}

TEST(Diff, MinimalScriptOnInterleavedChanges) {
  // Myers finds the shortest script: 2 removals + 2 additions, the shared lines kept.
  const std::string d = unified_diff("a\nb\nc\na\nb\nb\na\n", "c\nb\na\nb\na\nc\n", "x", "y",
                                     DiffOptions{.context = 0});
  int changes = 0;
  for (std::size_t p = 0; (p = d.find('\n', p)) != std::string::npos; ++p)
    if (p + 1 < d.size() && (d[p + 1] == '-' || d[p + 1] == '+') && d.compare(p + 1, 3, "---") &&
        d.compare(p + 1, 3, "+++"))
      ++changes;
  EXPECT_EQ(changes, 5) << d;  // the classic example: edit distance 5
}

TEST(Diff, FallsBackToReplacementPastTheLimit) {
  const std::string d =
      unified_diff(lines(1, 50, "a"), lines(1, 50, "b"), "x", "y", DiffOptions{3, 10});
  EXPECT_NE(d.find("@@ -1,50 +1,50 @@"), std::string::npos) << d;
  EXPECT_NE(d.find("-a50\n+b1\n"), std::string::npos);
}

TEST(Diff, MissingFinalNewlineIsIgnored) {
  EXPECT_EQ(unified_diff("a\nb", "a\nb\n", "x", "y"), "");
}
