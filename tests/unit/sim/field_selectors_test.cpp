#include "sim/field_selectors.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "sim/util.hpp"

using namespace kubemcp::sim;
namespace json = boost::json;

namespace {

const Registry& reg() {
  static Registry r;
  return r;
}

std::string refusal(const char* plural, const char* group, const char* text) {
  try {
    field_selector_for(*reg().find(group, "", plural), text);
  } catch (const ApiError& e) {
    EXPECT_EQ(e.code, 400);
    EXPECT_EQ(e.reason, "BadRequest");
    return e.what();
  }
  return "accepted";
}

}  // namespace

TEST(FieldSelectorFor, EachKindAcceptsItsOwnLabels) {
  for (const char* ok :
       {"spec.nodeName=n", "spec.restartPolicy=Always", "spec.schedulerName=s",
        "spec.serviceAccountName=default", "spec.hostNetwork=true", "status.phase=Running",
        "status.podIP=1.2.3.4", "status.podIPs=x", "status.nominatedNodeName=n", "metadata.name=a",
        "metadata.namespace=b", "spec.host=n"})
    EXPECT_EQ(refusal("pods", "", ok), "accepted") << ok;
  EXPECT_EQ(refusal("secrets", "", "type=Opaque"), "accepted");
  EXPECT_EQ(refusal("nodes", "", "spec.unschedulable=true"), "accepted");
  EXPECT_EQ(refusal("events", "", "involvedObject.kind=Pod,reason=x,source=s,type=Normal"),
            "accepted");
  EXPECT_EQ(refusal("services", "", "spec.type=ClusterIP"), "accepted");
  EXPECT_EQ(refusal("deployments", "apps", "metadata.name=web"), "accepted");
}

TEST(FieldSelectorFor, OthersAreRefusedAsUpstreamWordsIt) {
  EXPECT_EQ(refusal("pods", "", "status.hostIP=1.2.3.4"),
            "field label not supported: status.hostIP");
  EXPECT_EQ(refusal("nodes", "", "metadata.namespace=x"),
            "field label not supported: metadata.namespace");
  EXPECT_EQ(refusal("jobs", "batch", "spec.parallelism=1"),
            "field label \"spec.parallelism\" not supported for Job");
  EXPECT_EQ(refusal("deployments", "apps", "spec.replicas=1"),
            "\"spec.replicas\" is not a known field selector: only \"metadata.name\", "
            "\"metadata.namespace\"");
  EXPECT_EQ(refusal("pods", "", "status.phase"),
            "invalid selector: 'status.phase'; can't understand 'status.phase'");
}

TEST(FieldSelectorFor, DefaultsAndAliasesMatchWhatTheStrategySelects) {
  json::object pod = json::parse(R"({"metadata":{"name":"p"},"spec":{"nodeName":"n1"},
    "status":{"podIP":"10.0.0.1","podIPs":[{"ip":"10.0.0.1"}]}})")
                         .as_object();
  const auto& pods = *reg().find("", "", "pods");
  EXPECT_TRUE(field_selector_for(pods, "spec.host=n1").matches(pod));
  EXPECT_TRUE(field_selector_for(pods, "spec.hostNetwork=false").matches(pod));
  EXPECT_TRUE(field_selector_for(pods, "status.podIPs=").matches(pod));
  EXPECT_FALSE(field_selector_for(pods, "status.podIPs=10.0.0.1").matches(pod));
  json::object job = json::parse(R"({"status":{"succeeded":2}})").as_object();
  EXPECT_TRUE(
      field_selector_for(*reg().find("batch", "", "jobs"), "status.successful=2").matches(job));
  EXPECT_TRUE(field_selector_for(*reg().find("batch", "", "jobs"), "status.successful=0")
                  .matches(json::object{}));
}

TEST(FieldSelectorFor, CustomResourcesTakeNameNamespaceAndSelectableFields) {
  Registry r;
  auto added = r.add_crd(json::parse(R"({"spec":{"group":"example.com","scope":"Namespaced",
    "names":{"plural":"widgets","kind":"Widget"},
    "versions":[{"name":"v1","served":true,"selectableFields":[{"jsonPath":".spec.color"}]}]}})")
                             .as_object());
  const auto& w = *added.at(0);
  EXPECT_TRUE(
      field_selector_for(w, "metadata.namespace=a,spec.color=red")
          .matches(
              json::parse(R"({"metadata":{"namespace":"a"},"spec":{"color":"red"}})").as_object()));
  try {
    field_selector_for(w, "spec.size=1");
    FAIL() << "accepted";
  } catch (const ApiError& e) {
    EXPECT_EQ(std::string(e.what()), "field label not supported: spec.size");
  }
}
