// completion/complete offline: ranking, the variables that need no cluster, errors, and the
// cache's deadline (a slow list answers with what is cached, and fills it for next time).
#include "mcp/completion.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/json.hpp>
#include <thread>

#include "fleet/fleet.hpp"
#include "mcp/rpc_fault.hpp"

using namespace kubemcp;
using namespace std::chrono_literals;
namespace json = boost::json;
using Values = std::vector<std::string>;

namespace {

fleet::Fleet make_fleet() {
  fleet::FleetConfig cfg;
  for (const auto& [name, alias] :
       {std::pair{"ephemeral", "e"}, {"stage", "s"}, {"production", "prod"}}) {
    fleet::ClusterConfig c;
    c.name = name;
    c.aliases = {alias};
    c.kubeconfig = "/nonexistent";
    cfg.clusters.push_back(c);
  }
  return fleet::Fleet(fleet::Registry(cfg));
}

json::object prompt_ref(const char* name) {
  return {{"type", "ref/prompt"}, {"name", name}};
}
json::object template_ref(const char* uri) {
  return {{"type", "ref/resource"}, {"uri", uri}};
}

Values values(const json::object& r) {
  Values out;
  for (const auto& v : r.at("completion").at("values").as_array()) out.emplace_back(v.as_string());
  return out;
}

}  // namespace

TEST(Completion, RanksPrefixBeforeSubstring) {
  EXPECT_EQ(mcp::rank_matches({"stage", "prod", "s", "staging", "post", "stage"}, "st"),
            (Values{"stage", "staging", "post"}));
  EXPECT_EQ(mcp::rank_matches({"Web", "api"}, ""), (Values{"Web", "api"}));
  EXPECT_EQ(mcp::rank_matches({"Web", "api"}, "w"), (Values{"Web"}));
}

TEST(Completion, ClusterNamesAndAliasesForPromptsAndTemplates) {
  auto fleet = make_fleet();
  mcp::Completer c(fleet);
  const auto r =
      c.complete(json::object{{"ref", prompt_ref("triage_namespace")},
                              {"argument", json::object{{"name", "cluster"}, {"value", "s"}}}});
  EXPECT_EQ(values(r), (Values{"stage", "s"}));
  EXPECT_EQ(r.at("completion").at("total").as_uint64(), 2u);
  EXPECT_FALSE(r.at("completion").at("hasMore").as_bool());
  const auto t = c.complete(
      json::object{{"ref", template_ref("k8s://{cluster}/{namespace}/{resource}/{name}")},
                   {"argument", json::object{{"name", "cluster"}, {"value", "pro"}}}});
  EXPECT_EQ(values(t), (Values{"production", "prod"}));
}

TEST(Completion, ClusterListsCompleteTheirLastItem) {
  auto fleet = make_fleet();
  mcp::Completer c(fleet);
  const auto first =
      c.complete(json::object{{"ref", prompt_ref("compare_workload")},
                              {"argument", json::object{{"name", "clusters"}, {"value", "all"}}}});
  EXPECT_EQ(values(first), (Values{"all"}));
  const auto second = c.complete(
      json::object{{"ref", prompt_ref("compare_workload")},
                   {"argument", json::object{{"name", "clusters"}, {"value", "stage,pr"}}}});
  EXPECT_EQ(values(second), (Values{"stage,production", "stage,prod"}));
}

TEST(Completion, FixedChoices) {
  auto fleet = make_fleet();
  mcp::Completer c(fleet);
  const auto r =
      c.complete(json::object{{"ref", prompt_ref("review_rollout")},
                              {"argument", json::object{{"name", "phase"}, {"value", ""}}}});
  EXPECT_EQ(values(r), (Values{"before", "after"}));
}

TEST(Completion, UnknownRefsAndArgumentsAreInvalidParams) {
  auto fleet = make_fleet();
  mcp::Completer c(fleet);
  const auto code_of = [&](json::object params) {
    try {
      c.complete(params);
    } catch (const mcp::RpcFault& f) {
      return f.code;
    }
    return 0;
  };
  const json::object arg{{"name", "cluster"}, {"value", ""}};
  EXPECT_EQ(code_of({{"ref", prompt_ref("nope")}, {"argument", arg}}), -32602);
  EXPECT_EQ(code_of({{"ref", template_ref("k8s://{x}")}, {"argument", arg}}), -32602);
  EXPECT_EQ(code_of({{"ref", prompt_ref("triage_namespace")},
                     {"argument", json::object{{"name", "pod"}, {"value", ""}}}}),
            -32602);
  EXPECT_EQ(code_of({{"ref", template_ref("k8s://{cluster}/{resource}/{name}")},
                     {"argument", json::object{{"name", "namespace"}, {"value", ""}}}}),
            -32602);
  EXPECT_EQ(code_of({{"ref", json::object{{"type", "ref/tool"}}}, {"argument", arg}}), -32602);
  EXPECT_EQ(code_of({{"ref", prompt_ref("triage_namespace")}}), -32602);
}

TEST(Completion, AnUnreachableClusterAnswersInTimeWithNothing) {
  auto fleet = make_fleet();  // kubeconfigs that do not exist: every live list fails
  mcp::Completer c(fleet, {.ttl = 15s, .deadline = 300ms});
  const auto start = std::chrono::steady_clock::now();
  const auto r = c.complete(
      json::object{{"ref", template_ref("k8s://{cluster}/{namespace}/{resource}/{name}")},
                   {"argument", json::object{{"name", "resource"}, {"value", "po"}}},
                   {"context", json::object{{"arguments", json::object{{"cluster", "s"}}}}}});
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
  EXPECT_TRUE(values(r).empty());
}

TEST(Completion, ASlowListAnswersWithTheCacheAndFillsIt) {
  auto fleet = make_fleet();
  mcp::Completer c(fleet, {.ttl = 1000ms, .deadline = 100ms});
  std::atomic<int> calls{0};
  std::atomic<int> delay_ms{0};
  const auto fetch = [&](const net::CancelPtr& cancel) {
    const int n = ++calls;
    for (int i = 0; i < delay_ms / 10 && !cancel->cancelled(); ++i)
      std::this_thread::sleep_for(10ms);
    return Values{"v" + std::to_string(n)};
  };
  EXPECT_EQ(c.cached("k", fetch), (Values{"v1"})) << "a fast list answers at once";
  EXPECT_EQ(c.cached("k", fetch), (Values{"v1"})) << "fresh: no second fetch";
  EXPECT_EQ(calls, 1);
  std::this_thread::sleep_for(1100ms);  // stale now
  delay_ms = 400;
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(c.cached("k", fetch), (Values{"v1"})) << "slow: the cached list, at the deadline";
  EXPECT_LT(std::chrono::steady_clock::now() - start, 300ms);
  EXPECT_EQ(c.cached("k", fetch), (Values{"v1"})) << "single flight: no second fetch meanwhile";
  std::this_thread::sleep_for(500ms);
  EXPECT_EQ(c.cached("k", fetch), (Values{"v2"})) << "the slow fetch filled the cache";
  EXPECT_EQ(calls, 2);
}
