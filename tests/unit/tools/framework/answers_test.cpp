// Answers that must not mislead, checked across the read tools at once against fake clusters:
// "nothing matched" is the same kind of answer everywhere (not an error, a sentence starting
// "No"), bad input is an error that names what to change before anything is sent, and a
// cluster that failed after auto-heal ran still says what the heal did.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>
#include <vector>

#include "../support/fake_cluster.hpp"

using namespace kubemcp::testing;
namespace json = boost::json;

namespace {

struct Case {
  const char* tool;
  const char* args;  // JSON
  const char* says;  // what the answer must contain
};

json::object args_of(const Case& c) {
  return json::parse(c.args).as_object();
}

}  // namespace

TEST(Answers, NothingMatchedIsTheSameKindOfAnswerInEveryReadTool) {
  FakeFleet f({"stage", "prod"});
  f["stage"].add(pod("shop", "web-1"));
  const std::vector<Case> cases = {
      {"k8s_get", R"({"resource": "pods", "selector": "app=nobody"})",
       "No resources found in shop namespace matching the selectors."},
      {"k8s_describe", R"({"resource": "pods", "selector": "app=nobody"})",
       "No pods match 'app=nobody' in namespace shop."},
      {"k8s_logs", R"({"selector": "app=nobody"})",
       "No pods match 'app=nobody' in namespace shop."},
      {"k8s_get_events", R"({"for": "pod/nobody"})", "No events found for pod/nobody."},
      {"k8s_compare", R"({"resource": "configmaps"})",
       "No objects found to compare in stage (shop), prod (shop)."},
      {"k8s_compare", R"({"resource": "configmaps", "output": "diff"})",
       "No objects found to compare in stage (shop), prod (shop)."},
  };
  for (const auto& c : cases) {
    const auto r = f.call(c.tool, args_of(c));
    EXPECT_FALSE(r.is_error) << c.tool << " " << c.args << ": " << r.text;
    EXPECT_EQ(r.text.rfind(c.says, 0), 0u) << c.tool << " " << c.args << ": " << r.text;
  }
}

TEST(Answers, BadInputIsAnErrorSayingWhatToChangeAndNothingIsSent) {
  FakeFleet f({"stage", "prod"});
  const std::vector<Case> cases = {
      {"k8s_get", R"({"resource": "pods,svc", "name": "web"})", "a name goes with one resource"},
      {"k8s_get", R"({"resource": "pods", "continue": "garbage"})",
       "drop `continue` to start from the first page"},
      {"k8s_get", R"({"resource": "pods", "limit": 0})", "'limit' must be between 1 and"},
      {"k8s_get", R"({"resource": "pods", "cluster": "nope"})",
       "unknown cluster 'nope'; valid names and aliases: stage, prod"},
      {"k8s_get", R"({"resource": "pods", "namespace": "../x"})", "namespace '../x' is not valid"},
      {"k8s_describe", R"({"resource": "pods"})", "needs a name or a selector; example"},
      {"k8s_logs", R"({})", "needs exactly one of pod, resource"},
      {"k8s_logs", R"({"pod": "web-1", "since_time": "yesterday"})",
       "since_time takes an RFC 3339 time like 2026-01-02T15:04:05Z; got 'yesterday'"},
      {"k8s_logs", R"({"pod": "web-1", "since": "forever"})", "since takes a duration like"},
      {"k8s_get_events", R"({"since": "forever"})", "since takes a duration like"},
      {"k8s_get_events", R"({"for": "nothing"})", "must be KIND/NAME, e.g. pod/web-1"},
      {"k8s_health", R"({"since": "soon"})", "since takes a duration like"},
      {"k8s_health", R"({"namespace": "shop", "all_namespaces": true})",
       "give namespace or all_namespaces=true, not both"},
      {"k8s_compare", R"({"clusters": ["stage"]})", "needs two or more clusters"},
      {"k8s_compare", R"({"continue": "ConfigMap/x"})", "add output=\"diff\" or drop `continue`"},
      {"k8s_compare", R"({"output": "table"})", "'output' must be one of \"summary\", \"diff\""},
  };
  for (const auto& c : cases) {
    const auto r = f.call(c.tool, args_of(c));
    EXPECT_TRUE(r.is_error) << c.tool << " " << c.args << ": " << r.text;
    EXPECT_NE(r.text.find(c.says), std::string::npos) << c.tool << " " << c.args << ": " << r.text;
  }
  EXPECT_TRUE(f["stage"].requests().empty()) << f["stage"].requests().front();
  EXPECT_TRUE(f["prod"].requests().empty()) << f["prod"].requests().front();
}

TEST(Answers, ARequestTheServerCannotReadSaysWhichArgumentToFix) {
  FakeFleet f({"stage"});
  f["stage"].fail_next(400, 100);
  const auto r = f.call("k8s_get", {{"resource", "pods"}});
  EXPECT_TRUE(r.is_error);
  EXPECT_NE(r.text.find("fix that argument (a selector, a name or a value)"), std::string::npos)
      << r.text;
}

// A cluster whose token expired is healed by its login command, and then refuses (403): its
// answer is a failure, and the heal note is still there, naming the cluster.
TEST(Answers, HealNotesAppearForClustersThatFailedAfterTheHeal) {
  FakeFleet f({"a", "b"}, 16000, {"/bin/true"});
  f["a"].add(pod("shop", "web-1"));
  f["b"].fail_with(403);
  const std::string several = "Auto-heal (b): re-authenticated to b with '/bin/true' and retried.";
  const std::vector<Case> cases = {
      {"k8s_get", R"({"resource": "pods", "cluster": "all"})", several.c_str()},
      {"k8s_describe", R"({"resource": "pods", "selector": "app=web", "cluster": "all"})",
       several.c_str()},
      {"k8s_get_events", R"({"cluster": "all"})", several.c_str()},
      {"k8s_health", R"({"cluster": "all"})", several.c_str()},
      {"k8s_compare", R"({"clusters": ["a", "b"]})", several.c_str()},
      {"k8s_logs", R"({"pod": "web-1", "cluster": "b"})",
       "Auto-heal: re-authenticated to b with '/bin/true' and retried."},
  };
  for (const auto& c : cases) {
    f["b"].fail_next(401);  // the expired token: the first request of this call
    const auto r = f.call(c.tool, args_of(c));
    EXPECT_NE(r.text.find("Forbidden"), std::string::npos) << c.tool << ": " << r.text;
    EXPECT_NE(r.text.find(c.says), std::string::npos) << c.tool << ": " << r.text;
  }
}
