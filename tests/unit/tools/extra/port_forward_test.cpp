// k8s_port_forward against a fake cluster: starting a forward only resolves the pod and binds
// a local listener (a stream opens per accepted connection, and none is made here), so start,
// list and stop run whole; bad port specs and unusable pods are refused before any listener.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <regex>
#include <string>

#include "../support/fake_cluster.hpp"

using namespace kubemcp::testing;
namespace json = boost::json;

namespace {

json::value service(const std::string& target_port) {
  return json::object{
      {"apiVersion", "v1"},
      {"kind", "Service"},
      {"metadata", {{"name", "web"}, {"namespace", "shop"}}},
      {"spec",
       {{"selector", {{"app", "web"}}},
        {"ports", json::array{{{"name", "web"}, {"port", 80}, {"targetPort", target_port}}}}}}};
}

std::string id_in(const std::string& text) {
  std::smatch m;
  return std::regex_search(text, m, std::regex(R"(\(id (pf-[0-9]+)\))")) ? m[1].str() : "";
}

void stop(FakeFleet& f, const std::string& id) {
  const auto r = f.call("k8s_port_forward", {{"action", "stop"}, {"id", id}});
  EXPECT_FALSE(r.is_error) << r.text;
}

}  // namespace

TEST(PortForwardTool, ADeploymentForwardsToItsReadyPodThroughANamedPort) {
  FakeFleet f({"stage"});
  f["stage"].add(deployment_of("shop", "web", "web"));
  f["stage"].add(two_container_pod("shop", "web-a", false));
  f["stage"].add(two_container_pod("shop", "web-b", true));
  const auto r = f.call("k8s_port_forward",
                        {{"action", "start"}, {"pod", "deployment/web"}, {"ports", ":http"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_TRUE(std::regex_search(
      r.text, std::regex(R"(^Forwarding 127\.0\.0\.1:[0-9]+ -> shop/deployment/web -> )"
                         R"(pod/web-b:http \(pod port 8080\) \(id pf-[0-9]+\))")))
      << r.text;
  const std::string id = id_in(r.text);
  ASSERT_FALSE(id.empty());
  const auto listed = f.call("k8s_port_forward", {{"action", "list"}});
  EXPECT_NE(listed.text.find(id), std::string::npos) << listed.text;
  stop(f, id);
}

TEST(PortForwardTool, AServiceForwardsToItsTargetPort) {
  FakeFleet f({"stage"});
  f["stage"].add(service("http"));
  f["stage"].add(two_container_pod("shop", "web-a", true));
  const auto r =
      f.call("k8s_port_forward", {{"action", "start"}, {"pod", "service/web"}, {"ports", "0:80"}});
  ASSERT_FALSE(r.is_error) << r.text;
  EXPECT_NE(r.text.find("-> shop/service/web -> pod/web-a:80 (pod port 8080)"), std::string::npos)
      << r.text;
  stop(f, id_in(r.text));
}

TEST(PortForwardTool, BadPortSpecsAreRefusedBeforeAnyRequest) {
  FakeFleet f({"stage"});
  for (const char* bad : {"8080:", "70000:80", "a:80", "1:2:3"}) {
    const auto r =
        f.call("k8s_port_forward", {{"action", "start"}, {"pod", "web-a"}, {"ports", bad}});
    EXPECT_TRUE(r.is_error) << bad;
  }
  EXPECT_TRUE(f["stage"].requests().empty());
}

TEST(PortForwardTool, APortTheTargetDoesNotDeclareOrAPodNotRunningIsRefused) {
  FakeFleet f({"stage"});
  f["stage"].add(two_container_pod("shop", "web-a", true));
  f["stage"].add(pod("shop", "web-p", "Pending", false));
  f["stage"].add(service("metrics"));
  const auto name = f.call("k8s_port_forward",
                           {{"action", "start"}, {"pod", "web-a"}, {"ports", "9000:metrics"}});
  EXPECT_TRUE(name.is_error);
  EXPECT_NE(name.text.find("pod web-a declares no port named 'metrics' (named ports: http)"),
            std::string::npos)
      << name.text;
  const auto svc =
      f.call("k8s_port_forward", {{"action", "start"}, {"pod", "service/web"}, {"ports", ":443"}});
  EXPECT_TRUE(svc.is_error);
  EXPECT_NE(svc.text.find("service web has no port 443 (ports: 80)"), std::string::npos)
      << svc.text;
  const auto pending =
      f.call("k8s_port_forward", {{"action", "start"}, {"pod", "web-p"}, {"ports", "80"}});
  EXPECT_TRUE(pending.is_error);
  EXPECT_NE(pending.text.find("unable to forward port because pod is not running. Current "
                              "status=Pending"),
            std::string::npos)
      << pending.text;
  const auto listed = f.call("k8s_port_forward", {{"action", "list"}});
  EXPECT_EQ(listed.text.find("web-a"), std::string::npos) << "nothing was left listening";
}
