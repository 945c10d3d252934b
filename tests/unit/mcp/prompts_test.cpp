// MCP prompts: listing follows the tools served, rendering names exact tool calls with the
// validated arguments, and every bad argument is a -32602 that says what is wrong.
#include "mcp/prompts.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "fleet/registry.hpp"
#include "mcp/rpc_fault.hpp"
#include "tools/framework/catalog.hpp"

using namespace kubemcp;
namespace json = boost::json;

namespace {

fleet::Registry registry() {
  fleet::FleetConfig cfg;
  for (const auto& [name, alias] :
       {std::pair{"ephemeral", "e"}, {"stage", "s"}, {"production", "p"}}) {
    fleet::ClusterConfig c;
    c.name = name;
    c.aliases = {alias};
    c.kubeconfig = "/nonexistent";
    cfg.clusters.push_back(c);
  }
  return fleet::Registry(cfg);
}

std::string render(const std::string& name, const json::object& args) {
  const tools::Catalog catalog;
  const auto reg = registry();
  const auto r = mcp::get_prompt(json::object{{"name", name}, {"arguments", args}}, catalog, reg);
  const auto& messages = r.at("messages").as_array();
  EXPECT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].at("role").as_string(), "user");
  return std::string(messages[0].at("content").at("text").as_string());
}

std::string error_of(const std::string& name, const json::object& args) {
  const tools::Catalog catalog;
  const auto reg = registry();
  try {
    mcp::get_prompt(json::object{{"name", name}, {"arguments", args}}, catalog, reg);
  } catch (const mcp::RpcFault& f) {
    EXPECT_EQ(f.code, -32602);
    return f.what();
  }
  return "";
}

}  // namespace

TEST(Prompts, ListsEveryPromptWithItsArguments) {
  const tools::Catalog catalog;
  const auto list = mcp::list_prompts({}, catalog).at("prompts").as_array();
  std::vector<std::string> names;
  for (const auto& p : list) {
    names.emplace_back(p.at("name").as_string());
    EXPECT_FALSE(p.at("title").as_string().empty());
    EXPECT_FALSE(p.at("description").as_string().empty());
    for (const auto& a : p.at("arguments").as_array()) {
      EXPECT_TRUE(a.at("required").is_bool());
      EXPECT_FALSE(a.at("description").as_string().empty());
    }
  }
  EXPECT_EQ(names, (std::vector<std::string>{"triage_namespace", "review_rollout",
                                             "compare_workload", "investigate_crashloop"}));
}

TEST(Prompts, ListOnlyThoseWhoseToolsAreServed) {
  const tools::Catalog core_only({.tiers = {tools::Tier::core}});
  EXPECT_TRUE(mcp::list_prompts({}, core_only).at("prompts").as_array().empty());
  const auto reg = registry();
  try {
    mcp::get_prompt(json::object{{"name", "triage_namespace"}}, core_only, reg);
    FAIL() << "a prompt whose tools are not served was rendered";
  } catch (const mcp::RpcFault& f) {
    EXPECT_NE(std::string(f.what()).find("Unknown prompt"), std::string::npos);
  }
}

TEST(Prompts, TriageNamesTheExactCallsInOrder) {
  const auto text = render("triage_namespace", {{"namespace", "shop"}, {"cluster", "s"}});
  const auto health = text.find(R"(`k8s_health {"namespace":"shop","cluster":"stage"}`)");
  const auto describe = text.find(
      R"(`k8s_describe {"resource":"pod","name":"<pod>","namespace":"shop","cluster":"stage"}`)");
  const auto logs = text.find(
      R"(`k8s_logs {"pod":"<pod>","previous":true,"tail":50,"namespace":"shop","cluster":"stage"}`)");
  const auto events = text.find(
      R"(`k8s_get_events {"types":["Warning"],"since":"1h","namespace":"shop","cluster":"stage"}`)");
  ASSERT_NE(health, std::string::npos) << text;
  ASSERT_NE(describe, std::string::npos) << text;
  ASSERT_NE(logs, std::string::npos) << text;
  ASSERT_NE(events, std::string::npos) << text;
  EXPECT_LT(health, describe);
  EXPECT_LT(describe, logs);
  EXPECT_LT(logs, events);
  EXPECT_NE(text.find("summarize"), std::string::npos);
}

TEST(Prompts, DefaultsAreSpelledOutAndOmittedFromCalls) {
  const auto text = render("triage_namespace", {});
  EXPECT_NE(text.find("the default cluster (`stage`)"), std::string::npos) << text;
  EXPECT_NE(text.find("`k8s_health {}`"), std::string::npos) << text;
}

TEST(Prompts, RolloutReviewHasBeforeAndAfter) {
  const auto both = render("review_rollout", {{"workload", "web"}, {"namespace", "shop"}});
  EXPECT_NE(both.find("Before the change"), std::string::npos);
  EXPECT_NE(both.find("After the change"), std::string::npos);
  EXPECT_NE(
      both.find(
          R"(`k8s_get {"resource":"deployment","name":"web","output":"yaml","namespace":"shop"}`)"),
      std::string::npos)
      << both;
  EXPECT_NE(both.find(R"("for":"deployment/web")"), std::string::npos);
  const auto after = render("review_rollout", {{"workload", "sts/db"}, {"phase", "after"}});
  EXPECT_EQ(after.find("Before the change"), std::string::npos);
  EXPECT_NE(after.find(R"("resource":"statefulset/db")"), std::string::npos) << after;
}

TEST(Prompts, CompareUsesOneFanOutCall) {
  const auto all =
      render("compare_workload", {{"workload", "deployment/api"}, {"namespace", "shop"}});
  EXPECT_NE(
      all.find(
          R"(`k8s_get {"resource":"deployment","name":"api","output":"yaml","namespace":"shop","cluster":"all"}`)"),
      std::string::npos)
      << all;
  const auto two = render("compare_workload", {{"workload", "api"}, {"clusters", "s, p,stage"}});
  EXPECT_NE(two.find(R"("cluster":["stage","production"])"), std::string::npos) << two;
}

TEST(Prompts, CrashloopFindsThePodWhenNotGiven) {
  const auto found = render("investigate_crashloop", {{"namespace", "shop"}});
  EXPECT_NE(found.find(R"(`k8s_health {"namespace":"shop"}`)"), std::string::npos) << found;
  const auto named = render("investigate_crashloop", {{"pod", "worker-1"}, {"cluster", "e"}});
  EXPECT_EQ(named.find("k8s_health"), std::string::npos);
  EXPECT_NE(
      named.find(
          R"(`k8s_logs {"pod":"worker-1","previous":true,"tail":100,"cluster":"ephemeral"}`)"),
      std::string::npos)
      << named;
  EXPECT_NE(named.find(R"("for":"pod/worker-1")"), std::string::npos);
}

TEST(Prompts, BadArgumentsSayWhatIsWrong) {
  EXPECT_EQ(error_of("nope", {}),
            "Unknown prompt: nope (prompts: triage_namespace, review_rollout, compare_workload, "
            "investigate_crashloop)");
  EXPECT_EQ(error_of("triage_namespace", {{"ns", "shop"}}),
            "prompt triage_namespace has no argument 'ns' (arguments: namespace, cluster)");
  EXPECT_NE(error_of("review_rollout", {}).find("needs the argument 'workload'"),
            std::string::npos);
  EXPECT_NE(error_of("triage_namespace", {{"namespace", "Shop/x"}}).find("namespace 'Shop/x'"),
            std::string::npos);
  EXPECT_NE(error_of("triage_namespace", {{"cluster", "mars"}}).find("stage (s)"),
            std::string::npos);
  EXPECT_NE(error_of("review_rollout", {{"workload", "pod/x"}}).find("not a deployment"),
            std::string::npos);
  EXPECT_NE(error_of("review_rollout", {{"workload", "deployment/a%2Fb"}}).find("workload name"),
            std::string::npos);
  EXPECT_EQ(error_of("review_rollout", {{"workload", "web"}, {"phase", "during"}}),
            "phase must be one of before, after, not 'during'");
  EXPECT_NE(error_of("compare_workload", {{"workload", "web"}, {"clusters", "s,stage"}})
                .find("at least two different clusters"),
            std::string::npos);
  EXPECT_EQ(error_of("investigate_crashloop", {{"pod", 3}}), "argument pod must be a string");
}
