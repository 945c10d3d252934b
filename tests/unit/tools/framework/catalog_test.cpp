#include "tools/framework/catalog.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cctype>
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

// A model reads the description as prose: whole sentences, each starting with a capital (or a
// `code` word), none a "Label: ..." fragment, no doubled or stray spaces left where a long
// literal was split across source lines, and one example call at the end.
TEST(Catalog, DescriptionsAreWholeSentencesEndingWithAnExample) {
  Catalog catalog;
  for (const auto& t : catalog.tools()) {
    const auto& d = t.description;
    const auto example = d.rfind(" Example: ");
    ASSERT_NE(example, std::string::npos) << t.name;
    EXPECT_TRUE(d.ends_with("}.")) << t.name << " ends with its example call";
    const std::string prose = d.substr(0, example);
    EXPECT_TRUE(prose.ends_with(".")) << t.name << ": " << prose;
    for (const char* bad : {"  ", " ,", " .", " ;"})
      EXPECT_EQ(prose.find(bad), std::string::npos) << t.name << " has '" << bad << "'";
    std::string rest = prose;
    for (const char* abbreviation : {"e.g. ", "i.e. "})
      for (auto at = rest.find(abbreviation); at != std::string::npos; at = rest.find(abbreviation))
        rest.replace(at, 5, "eg ");
    std::size_t start = 0;
    while (start < rest.size()) {
      const auto end = rest.find(". ", start);
      const std::string sentence =
          rest.substr(start, end == std::string::npos ? std::string::npos : end - start);
      const char first = sentence.empty() ? ' ' : sentence.front();
      EXPECT_TRUE(std::isupper(static_cast<unsigned char>(first)) || first == '`')
          << t.name << ": '" << sentence << "' does not start a sentence";
      const auto word_end = sentence.find_first_of(" :");
      EXPECT_FALSE(word_end != std::string::npos && sentence[word_end] == ':')
          << t.name << ": '" << sentence << "' is a label, not a sentence";
      if (end == std::string::npos) break;
      start = end + 2;
    }
  }
}

namespace {

Tool fixture(std::string name, Tier tier, bool read_only) {
  Tool t;
  t.name = std::move(name);
  t.title = t.name;
  t.description = "A fixture tool.";
  t.input_schema = schema(R"({"type":"object"})");
  t.annotations.read_only = read_only;
  t.annotations.destructive = !read_only;
  t.tier = tier;
  t.handler = [](const boost::json::object&, Context&) { return Result::ok("ok"); };
  return t;
}

std::vector<Tool> mixed_tiers() {
  return {fixture("k8s_read", Tier::basic, true), fixture("k8s_write", Tier::core, false),
          fixture("k8s_core_read", Tier::core, true), fixture("k8s_exec_like", Tier::extra, false)};
}

std::vector<std::string> names(const Catalog& c) {
  std::vector<std::string> out;
  for (const auto& t : c.tools()) out.push_back(t.name);
  return out;
}

}  // namespace

TEST(Catalog, ReadOnlyDropsEveryToolThatChangesSomething) {
  const Catalog all(mixed_tiers(), {});
  EXPECT_EQ(names(all),
            (std::vector<std::string>{"k8s_read", "k8s_write", "k8s_core_read", "k8s_exec_like"}));
  const Catalog read_only(mixed_tiers(), {.read_only = true});
  EXPECT_EQ(names(read_only), (std::vector<std::string>{"k8s_read", "k8s_core_read"}));
}

TEST(Catalog, TiersFilterTheList) {
  EXPECT_EQ(names(Catalog(mixed_tiers(), {.tiers = {Tier::core}})),
            (std::vector<std::string>{"k8s_write", "k8s_core_read"}));
  EXPECT_EQ(names(Catalog(mixed_tiers(), {.tiers = {Tier::basic, Tier::extra}})),
            (std::vector<std::string>{"k8s_read", "k8s_exec_like"}));
  EXPECT_EQ(names(Catalog(mixed_tiers(), {.tiers = {Tier::core}, .read_only = true})),
            (std::vector<std::string>{"k8s_core_read"}));
  // The real catalog: the basic tier is not served when only core is asked for.
  EXPECT_EQ(Catalog(CatalogOptions{.tiers = {Tier::core}}).find("k8s_clusters"), nullptr);
}

TEST(Catalog, TheBasicTierIsTheReadToolsInListingOrder) {
  const Catalog basic(CatalogOptions{.tiers = {Tier::basic}});
  EXPECT_EQ(names(basic),
            (std::vector<std::string>{"k8s_clusters", "k8s_get", "k8s_describe", "k8s_logs",
                                      "k8s_get_events", "k8s_health", "k8s_compare"}));
}

// What a client reads in tools/list: each tool's hints, as the user would check them.
TEST(Catalog, AnnotationsByTool) {
  struct Want {
    const char* name;
    bool read_only, destructive, idempotent, open_world;
  };
  const Want wants[] = {
      {"k8s_clusters", true, false, true, false},  {"k8s_get", true, false, true, true},
      {"k8s_describe", true, false, true, true},   {"k8s_logs", true, false, true, true},
      {"k8s_get_events", true, false, true, true}, {"k8s_health", true, false, true, true},
      {"k8s_compare", true, false, true, true}};
  const Catalog catalog;
  for (const auto& w : wants) {
    const Tool* t = catalog.find(w.name);
    ASSERT_NE(t, nullptr) << w.name;
    const auto a = Catalog::describe(*t).at("annotations").as_object();
    EXPECT_EQ(a.at("readOnlyHint").as_bool(), w.read_only) << w.name;
    EXPECT_EQ(a.at("destructiveHint").as_bool(), w.destructive) << w.name;
    EXPECT_EQ(a.at("idempotentHint").as_bool(), w.idempotent) << w.name;
    EXPECT_EQ(a.at("openWorldHint").as_bool(), w.open_world) << w.name;
  }
}

// A protected cluster needs `confirm: true` from a client that cannot ask the user, so every
// tool that changes something must accept it (additionalProperties is false), and the tiers
// hold the tools the design lists.
TEST(Catalog, EveryChangeToolTakesConfirm) {
  const Catalog catalog;
  std::vector<std::string> changes;
  for (const auto& t : catalog.tools()) {
    if (t.annotations.read_only) continue;
    changes.push_back(t.name);
    const auto& props = t.input_schema.at("properties").as_object();
    ASSERT_TRUE(props.contains("confirm")) << t.name << " cannot be confirmed";
    EXPECT_EQ(props.at("confirm").at("type").as_string(), "boolean") << t.name;
  }
  EXPECT_EQ(changes,
            (std::vector<std::string>{"k8s_apply", "k8s_delete", "k8s_scale", "k8s_rollout",
                                      "k8s_exec", "k8s_cp", "k8s_port_forward"}));
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

TEST(Catalog, ACutIsLoggedFromTheFlagNotFromTheText) {
  Tool flagged = fixture("k8s_flagged", Tier::basic, true);
  flagged.handler = [](const boost::json::object&, Context&) {
    Result r = Result::ok("row\n[cut: 3 more lines] narrow it\n");
    r.cut = true;
    r.cut_note = "[cut: 3 more lines] narrow it";
    return r;
  };
  Tool says_cut = fixture("k8s_says_cut", Tier::basic, true);
  says_cut.handler = [](const boost::json::object&, Context&) {
    return Result::ok("a log line that says\n[cut: something] but nothing was cut\n");
  };
  Catalog catalog({flagged, says_cut}, {});
  kubemcp::fleet::Fleet fleet{kubemcp::fleet::Registry{kubemcp::fleet::FleetConfig{}}};
  std::vector<std::string> logged;
  Context ctx{
      fleet,
      std::make_shared<kubemcp::net::CancelToken>(),
      {},
      [&](const std::string& level, const std::string& m) { logged.push_back(level + " " + m); }};
  catalog.call(*catalog.find("k8s_says_cut"), boost::json::object{}, ctx);
  EXPECT_TRUE(logged.empty());
  const Result r = catalog.call(*catalog.find("k8s_flagged"), boost::json::object{}, ctx);
  EXPECT_TRUE(r.cut);
  EXPECT_EQ(logged,
            (std::vector<std::string>{
                "info k8s_flagged output was cut to the budget: [cut: 3 more lines] narrow it"}));
}
