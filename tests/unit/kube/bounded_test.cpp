// Bounded reads: JSON nesting up to the documented depth, log lines with a maximum length,
// UTF-8 that is never split.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>
#include <vector>

#include "kube/verbs.hpp"
#include "net/json_limits.hpp"
#include "net/utf8.hpp"

using namespace kubemcp;
namespace json = boost::json;

namespace {
std::string nested_json(std::size_t depth) {
  return std::string(depth - 1, '[') + "{\"a\":1}" + std::string(depth - 1, ']');
}
}  // namespace

TEST(JsonLimits, ParsesUpToTheDocumentedDepthAndRefusesDeeper) {
  boost::system::error_code ec;
  EXPECT_TRUE(json::parse(nested_json(100), ec).is_null()) << "Boost.JSON's default is 32";
  for (std::size_t depth : {33u, 100u, 10000u}) {
    const json::value v = net::parse_kube_json(nested_json(depth), ec);
    EXPECT_FALSE(ec) << depth << ": " << ec.message();
    EXPECT_EQ(json::serialize(v), nested_json(depth));
  }
  net::parse_kube_json(nested_json(net::kMaxJsonDepth + 1), ec);
  EXPECT_EQ(ec, json::error::too_deep);
  EXPECT_THROW(net::parse_kube_json(nested_json(net::kMaxJsonDepth + 1)),
               boost::system::system_error);
}

TEST(Utf8, CutsBetweenCharacters) {
  const std::string s = "ab\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80";  // a b é € 😀
  EXPECT_EQ(net::utf8_cut(s, 3), 2u);
  EXPECT_EQ(net::utf8_cut(s, 4), 4u);
  EXPECT_EQ(net::utf8_cut(s, 6), 4u);
  EXPECT_EQ(net::utf8_cut(s, 9), 7u);
  EXPECT_EQ(net::utf8_cut(s, 100), s.size());
  EXPECT_EQ(net::utf8_next_start(s, 3), 4u);
  EXPECT_EQ(net::utf8_next_start(s, 8), 11u);
  for (std::size_t n = 0; n <= s.size(); ++n)
    EXPECT_TRUE(net::is_valid_utf8(s.substr(0, net::utf8_cut(s, n)))) << n;
}

TEST(Utf8, ReplacesInvalidBytes) {
  EXPECT_EQ(net::to_valid_utf8("caf\xc3\xa9"), "caf\xc3\xa9");
  EXPECT_EQ(net::to_valid_utf8("a\xff"
                               "b"),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(net::to_valid_utf8("\xc0\xaf"), "\xEF\xBF\xBD\xEF\xBF\xBD") << "overlong";
  EXPECT_EQ(net::to_valid_utf8("\xed\xa0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD")
      << "surrogate";
  EXPECT_EQ(net::to_valid_utf8("end\xe2\x82"), "end\xEF\xBF\xBD\xEF\xBF\xBD") << "truncated";
  EXPECT_TRUE(net::is_valid_utf8(net::to_valid_utf8("\x80\xbf\xfe\xf5\x90\x80\x80")));
}

TEST(LineSplitter, CutsLongLinesAndSaysHowMuch) {
  kube::LineSplitter lines(8);
  std::vector<std::pair<std::string, std::size_t>> got;
  const auto take = [&](std::string_view l) {
    got.emplace_back(std::string(l), lines.line_cut());
    return true;
  };
  lines.feed("short\r\n0123456", take);
  lines.feed("789abcdef", take);
  lines.feed("\nxx\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\n", take);  // cut between characters
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0], (std::pair<std::string, std::size_t>{"short", 0}));
  EXPECT_EQ(got[1], (std::pair<std::string, std::size_t>{"01234567", 8}));
  EXPECT_EQ(got[2], (std::pair<std::string, std::size_t>{"xx\xc3\xa9\xc3\xa9\xc3\xa9", 2}));
}
