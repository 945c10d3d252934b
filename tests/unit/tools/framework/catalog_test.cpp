#include "tools/framework/catalog.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <set>

#include "fleet/fleet.hpp"

using namespace kubemcp::tools;

TEST(Catalog, EveryToolIsACompleteRecord) {
  Catalog catalog;
  ASSERT_FALSE(catalog.tools().empty());
  std::set<std::string> names;
  for (const auto& t : catalog.tools()) {
    EXPECT_TRUE(names.insert(t.name).second) << "duplicate tool " << t.name;
    EXPECT_EQ(t.name.rfind("k8s_", 0), 0u) << t.name;
    EXPECT_FALSE(t.title.empty()) << t.name;
    EXPECT_GT(t.description.size(), 40u) << t.name;
    EXPECT_NE(t.description.find("Example"), std::string::npos) << t.name << " needs an example";
    EXPECT_EQ(t.input_schema.at("type").as_string(), "object") << t.name;
    EXPECT_TRUE(t.handler) << t.name;
    const auto d = Catalog::describe(t);
    const auto& a = d.at("annotations").as_object();
    for (const char* k : {"readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint"})
      EXPECT_TRUE(a.contains(k)) << t.name << " lacks " << k;
  }
}

TEST(Catalog, ReadOnlyServesOnlyReadTools) {
  Catalog catalog(
      CatalogOptions{.tiers = {Tier::basic, Tier::core, Tier::extra}, .read_only = true});
  for (const auto& t : catalog.tools()) EXPECT_TRUE(t.annotations.read_only) << t.name;
  EXPECT_NE(catalog.find("k8s_clusters"), nullptr);
}

TEST(Catalog, TiersFilterTheList) {
  Catalog core_only(CatalogOptions{.tiers = {Tier::core}, .read_only = false});
  for (const auto& t : core_only.tools()) EXPECT_EQ(t.tier, Tier::core);
  EXPECT_EQ(core_only.find("k8s_clusters"), nullptr);
}

TEST(Catalog, ParseTiers) {
  EXPECT_EQ(parse_tiers("basic,extra"), (std::set<Tier>{Tier::basic, Tier::extra}));
  EXPECT_THROW(parse_tiers("basic,nope"), std::invalid_argument);
  EXPECT_THROW(parse_tiers(""), std::invalid_argument);
}

TEST(Catalog, ResultTextIsValidUtf8) {
  Tool t;
  t.name = "k8s_bytes";
  t.title = "Bytes";
  t.description = "Returns invalid UTF-8.";
  t.input_schema = schema(R"({"type":"object"})");
  t.annotations.read_only = true;
  t.handler = [](const boost::json::object&, Context&) {
    return Result::ok(std::string("ok \xff\xfe caf\xc3\xa9 cut \xe2\x82"));
  };
  Catalog catalog({t}, {});
  kubemcp::fleet::Fleet fleet{kubemcp::fleet::Registry{kubemcp::fleet::FleetConfig{}}};
  Context ctx{fleet, std::make_shared<kubemcp::net::CancelToken>(), {}, {}};
  const Result r = catalog.call(*catalog.find("k8s_bytes"), boost::json::object{}, ctx);
  EXPECT_EQ(r.text, "ok \xEF\xBF\xBD\xEF\xBF\xBD caf\xc3\xa9 cut \xEF\xBF\xBD\xEF\xBF\xBD");
}
