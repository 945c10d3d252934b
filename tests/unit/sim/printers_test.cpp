#include "sim/printers.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "sim/util.hpp"

using namespace kubemcp::sim;
namespace json = boost::json;

static json::object J(const char* s) {
  return json::parse(s).as_object();
}

static std::vector<std::string> names(const json::array& cols, bool wide) {
  std::vector<std::string> out;
  for (const auto& c : cols)
    if (wide || c.at("priority").as_int64() == 0) out.emplace_back(c.at("name").as_string());
  return out;
}

TEST(HumanDuration, MatchesApimachinery) {
  EXPECT_EQ(human_duration(5), "5s");
  EXPECT_EQ(human_duration(119), "119s");
  EXPECT_EQ(human_duration(200), "3m20s");
  EXPECT_EQ(human_duration(600), "10m");
  EXPECT_EQ(human_duration(7200), "120m");
  EXPECT_EQ(human_duration(3 * 3600 + 60), "3h1m");
  EXPECT_EQ(human_duration(30 * 3600), "30h");
  EXPECT_EQ(human_duration(3 * 86400 + 3600), "3d1h");
  EXPECT_EQ(human_duration(30 * 86400), "30d");
  EXPECT_EQ(human_duration(3 * 365 * 86400), "3y");
}

TEST(Printers, PodColumnsAndCrashLoopStatus) {
  Registry reg;
  auto pods = reg.find("", "v1", "pods");
  EXPECT_EQ(names(column_definitions(*pods), false),
            (std::vector<std::string>{"Name", "Ready", "Status", "Restarts", "Age"}));
  EXPECT_EQ(names(column_definitions(*pods), true).size(), 9u);
  int64_t now = 1'000'000;
  auto pod = J(R"({"metadata":{"name":"w","creationTimestamp":"1970-01-12T12:46:40Z"},
    "spec":{"containers":[{"name":"c"}],"nodeName":"n1"},
    "status":{"phase":"Running","podIP":"10.0.0.1","containerStatuses":[{"name":"c","ready":false,"restartCount":7,
      "state":{"waiting":{"reason":"CrashLoopBackOff"}},
      "lastState":{"terminated":{"exitCode":1,"finishedAt":"1970-01-12T13:43:20Z"}}}]}})");
  auto cells = row_cells(*pods, pod, now);
  EXPECT_EQ(cells[0], "w");
  EXPECT_EQ(cells[1], "0/1");
  EXPECT_EQ(cells[2], "CrashLoopBackOff");
  EXPECT_EQ(cells[3], "7 (3m20s ago)");
  EXPECT_EQ(cells[4], "60m");
  EXPECT_EQ(cells[5], "10.0.0.1");
  EXPECT_EQ(cells[6], "n1");
}

TEST(Printers, DeploymentServiceAndDefault) {
  Registry reg;
  int64_t now = 1'000'000;
  auto dep = J(R"({"metadata":{"name":"web","creationTimestamp":"1970-01-12T13:46:30Z"},
    "spec":{"replicas":3,"selector":{"matchLabels":{"app":"web"}},
            "template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1"},{"name":"side","image":"s:2"}]}}},
    "status":{"readyReplicas":2,"updatedReplicas":3,"availableReplicas":2}})");
  auto cells = row_cells(*reg.find("apps", "v1", "deployments"), dep, now);
  EXPECT_EQ(json::serialize(cells),
            R"(["web","2/3",3,2,"10s","nginx,side","nginx:1,s:2","app=web"])");
  auto svc = J(R"({"metadata":{"name":"s"},"spec":{"type":"NodePort","clusterIP":"10.96.0.5",
    "ports":[{"port":80,"nodePort":30080,"protocol":"TCP"},{"port":53,"protocol":"UDP"}],"selector":{"app":"web"}}})");
  auto sc = row_cells(*reg.find("", "v1", "services"), svc, now);
  EXPECT_EQ(json::serialize(sc),
            R"(["s","NodePort","10.96.0.5","<none>","80:30080/TCP,53/UDP","<unknown>","app=web"])");
  auto sa = reg.find("rbac.authorization.k8s.io", "v1", "roles");
  EXPECT_EQ(names(column_definitions(*sa), true), (std::vector<std::string>{"Name", "Age"}));
}

TEST(Printers, TableCarriesPartialObjectMetadata) {
  Registry reg;
  auto cm = reg.find("", "v1", "configmaps");
  auto obj = std::make_shared<const json::object>(
      J(R"({"metadata":{"name":"c","namespace":"ns"},"data":{"a":"1","b":"2"}})"));
  auto t = make_table(*cm, {obj}, IncludeObject::Metadata, 0);
  EXPECT_EQ(t.at("kind"), "Table");
  const auto& row = t.at("rows").as_array()[0].as_object();
  EXPECT_EQ(row.at("cells").as_array()[1], 2);
  EXPECT_EQ(row.at("object").at("kind"), "PartialObjectMetadata");
  EXPECT_EQ(row.at("object").at("metadata").at("namespace"), "ns");
}
