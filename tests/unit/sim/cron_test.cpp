#include <gtest/gtest.h>

#include "sim/controllers.hpp"
#include "sim/util.hpp"

using namespace kubemcp::sim;

static int64_t at(const char* t) {
  return parse_rfc3339(t);
}

TEST(Cron, FieldsStepsRangesAndLists) {
  EXPECT_TRUE(cron_matches("* * * * *", at("2026-03-04T05:06:00Z")));
  EXPECT_TRUE(cron_matches("0 2 * * *", at("2026-03-04T02:00:00Z")));
  EXPECT_FALSE(cron_matches("0 2 * * *", at("2026-03-04T02:01:00Z")));
  EXPECT_TRUE(cron_matches("*/15 * * * *", at("2026-03-04T02:45:00Z")));
  EXPECT_FALSE(cron_matches("*/15 * * * *", at("2026-03-04T02:44:00Z")));
  EXPECT_TRUE(cron_matches("5,35 9-17 * * *", at("2026-03-04T17:35:00Z")));
  EXPECT_FALSE(cron_matches("5,35 9-17 * * *", at("2026-03-04T18:35:00Z")));
  EXPECT_TRUE(cron_matches("@hourly", at("2026-03-04T18:00:00Z")));
  EXPECT_FALSE(cron_matches("bogus", at("2026-03-04T18:00:00Z")));
}

TEST(Cron, DayOfMonthOrDayOfWeek) {
  // 2026-03-04 is a Wednesday (3); both restricted means either matches, as in cron.
  EXPECT_TRUE(cron_matches("0 0 1 * 3", at("2026-03-04T00:00:00Z")));
  EXPECT_TRUE(cron_matches("0 0 4 * 1", at("2026-03-04T00:00:00Z")));
  EXPECT_FALSE(cron_matches("0 0 5 * 1", at("2026-03-04T00:00:00Z")));
  EXPECT_TRUE(cron_matches("0 0 * * 1-5", at("2026-03-04T00:00:00Z")));
  EXPECT_TRUE(cron_matches("0 0 * * 7", at("2026-03-08T00:00:00Z")));  // Sunday as 7
}
