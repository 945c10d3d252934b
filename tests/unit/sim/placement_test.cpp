#include "sim/placement.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "sim/quota.hpp"

using namespace kubemcp::sim;
namespace json = boost::json;

namespace {

ObjPtr node(const char* name, const char* extra_spec = "{}") {
  auto spec = json::parse(extra_spec).as_object();
  return std::make_shared<const json::object>(json::object{
      {"metadata",
       json::object{{"name", name}, {"labels", json::object{{"kubernetes.io/hostname", name}}}}},
      {"spec", spec},
      {"status", json::object{{"allocatable",
                               json::object{{"cpu", "4"}, {"memory", "8Gi"}, {"pods", "110"}}}}}});
}

json::object pod(const char* spec) {
  return json::object{{"metadata", json::object{{"name", "p"}}},
                      {"spec", json::parse(spec).as_object()}};
}

}  // namespace

TEST(Quantity, ParsesDecimalAndBinarySuffixes) {
  EXPECT_DOUBLE_EQ(quantity("250m"), 0.25);
  EXPECT_DOUBLE_EQ(quantity("2"), 2);
  EXPECT_DOUBLE_EQ(quantity("128Mi"), 134217728);
  EXPECT_DOUBLE_EQ(quantity("1G"), 1e9);
  EXPECT_EQ(format_quantity(0.25, false), "250m");
  EXPECT_EQ(format_quantity(2, false), "2");
  EXPECT_EQ(format_quantity(1610612736, true), "1536Mi");
  EXPECT_EQ(format_quantity(0, true), "0");
}

TEST(Placement, EachFilterRefusesInItsOwnWords) {
  std::vector<ObjPtr> nodes{
      node("a", R"({"unschedulable":true})"),
      node("b", R"({"taints":[{"key":"gpu","value":"x","effect":"NoSchedule"}]})"), node("c")};
  auto p = pod(R"({"nodeSelector":{"kubernetes.io/hostname":"a"},
                   "containers":[{"name":"m","resources":{"requests":{"cpu":"1"}}}]})");
  auto where = place(p, nodes, {});
  EXPECT_TRUE(where.fit.empty());
  EXPECT_EQ(where.message,
            "0/3 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 1 "
            "node(s) had untolerated taint {gpu: x}, 1 node(s) were unschedulable. preemption: "
            "0/3 nodes are available: 3 Preemption is not helpful for scheduling.");
  auto tolerant = pod(R"({"tolerations":[{"operator":"Exists"}]})");
  EXPECT_EQ(place(tolerant, nodes, {}).fit.size(), 3u);  // tolerates the cordon and the taint
}

TEST(Placement, RequestsAddUpPerNode) {
  std::vector<ObjPtr> nodes{node("a")};
  auto busy = std::make_shared<const json::object>(
      pod(R"({"nodeName":"a","containers":[{"name":"m","resources":{"requests":{"cpu":"3"}}}]})"));
  auto want = pod(R"({"containers":[{"name":"m","resources":{"requests":{"cpu":"1500m"}}}]})");
  auto where = place(want, nodes, {busy});
  EXPECT_EQ(where.message,
            "0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: "
            "1 No preemption victims found for incoming pod.");
  EXPECT_EQ(place(pod(R"({"containers":[{"name":"m"}]})"), nodes, {busy}).fit.size(), 1u);
}
