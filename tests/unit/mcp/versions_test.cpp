// Which protocol versions kubemcp speaks and what each one has.
#include "mcp/versions.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

using namespace kubemcp::mcp;
namespace json = boost::json;

TEST(Versions, SpeaksEveryVersionClientsUseAndAnswersWithTheirs) {
  for (const char* v : {"2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"})
    EXPECT_EQ(negotiate_version(v).version, v);
  EXPECT_EQ(supported_versions().size(), 4u);
  EXPECT_EQ(latest_version().version, "2025-11-25");
}

TEST(Versions, AnswersAnUnknownVersionWithTheLatest) {
  for (const char* v : {"2024-10-07", "2026-07-28", "", "garbage"})
    EXPECT_EQ(negotiate_version(v).version, "2025-11-25") << v;
}

TEST(Versions, FeaturesFollowTheSpecification) {
  const auto& v1 = negotiate_version("2024-11-05");
  EXPECT_FALSE(v1.has_annotations || v1.accepts_batches || v1.has_title ||
               v1.has_structured_content || v1.has_elicitation);
  const auto& v2 = negotiate_version("2025-03-26");
  EXPECT_TRUE(v2.has_annotations && v2.accepts_batches);
  EXPECT_FALSE(v2.has_title || v2.has_structured_content || v2.has_elicitation);
  for (const char* later : {"2025-06-18", "2025-11-25"}) {
    const auto& v = negotiate_version(later);
    EXPECT_TRUE(v.has_annotations && v.has_title && v.has_structured_content && v.has_elicitation);
    EXPECT_FALSE(v.accepts_batches) << "batching was removed in 2025-06-18";
  }
}

TEST(Versions, ElicitationNeedsTheVersionAndTheClientCapability) {
  const json::object with = {{"elicitation", json::object{}}};
  const json::object without = {{"roots", json::object{}}};
  EXPECT_TRUE(session_features("2025-06-18", with).can_elicit());
  EXPECT_TRUE(session_features("2025-11-25", with).can_elicit());
  EXPECT_FALSE(session_features("2025-11-25", without).can_elicit());
  EXPECT_FALSE(session_features("2025-03-26", with).can_elicit());
  EXPECT_FALSE(session_features("2024-11-05", with).can_elicit());
}
