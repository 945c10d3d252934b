#include "render/events.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "render/age.hpp"

using namespace kubemcp::render;
namespace json = boost::json;

TEST(Events, FoldsRepeatsFiltersAndSortsNewestLast) {
  const auto now = *parse_rfc3339("2026-11-26T07:00:00Z");
  const auto events = json::parse(R"([
    {"metadata":{"namespace":"shop"},"type":"Warning","reason":"BackOff","message":"restarting","count":3,
     "involvedObject":{"kind":"Pod","name":"a"},"firstTimestamp":"2026-11-26T06:00:00Z","lastTimestamp":"2026-11-26T06:50:00Z"},
    {"metadata":{"namespace":"shop"},"type":"Warning","reason":"BackOff","message":"restarting","count":2,
     "involvedObject":{"kind":"Pod","name":"a"},"firstTimestamp":"2026-11-26T06:10:00Z","lastTimestamp":"2026-11-26T06:58:00Z"},
    {"metadata":{"namespace":"shop"},"type":"Normal","reason":"Pulled","message":"pulled",
     "involvedObject":{"kind":"Pod","name":"b"},"lastTimestamp":"2026-11-26T06:40:00Z"},
    {"metadata":{"namespace":"shop"},"type":"Warning","reason":"Old","message":"long ago",
     "involvedObject":{"kind":"Pod","name":"c"},"lastTimestamp":"2026-11-25T06:40:00Z"}
  ])")
                          .as_array();
  auto all = fold_events(events, {}, now);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all.back().object, "pod/a");
  EXPECT_EQ(all.back().count, 5);
  EXPECT_EQ(all.back().first, "2026-11-26T06:00:00Z");
  EXPECT_EQ(all.back().last, "2026-11-26T06:58:00Z");
  EXPECT_EQ(all.front().reason, "Old");

  EventFilter warnings_last_hour;
  warnings_last_hour.types = {"warning"};
  warnings_last_hour.since = std::chrono::hours(1);
  auto recent = fold_events(events, warnings_last_hour, now);
  ASSERT_EQ(recent.size(), 1u);
  EXPECT_EQ(recent[0].reason, "BackOff");

  EventFilter about_b;
  about_b.object_kind = "pod";
  about_b.object_name = "b";
  ASSERT_EQ(fold_events(events, about_b, now).size(), 1u);
}

TEST(Events, ParsesDurations) {
  EXPECT_EQ(parse_duration("90s")->count(), 90);
  EXPECT_EQ(parse_duration("1h30m")->count(), 5400);
  EXPECT_EQ(parse_duration("2d")->count(), 172800);
  EXPECT_FALSE(parse_duration("5"));
  EXPECT_FALSE(parse_duration("m5"));
  EXPECT_FALSE(parse_duration("5x"));
  EXPECT_FALSE(parse_duration(""));
}
