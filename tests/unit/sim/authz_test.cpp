// The simulator's one grant table, as the request path (authorize) and the access reviews
// (decide, rules_status) read it.
#include "sim/authz.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

using namespace kubemcp::sim;

static const User kAdmin{"sim-admin", {"system:masters", "system:authenticated"}, "", {}};
static const User kViewer{"sim-viewer", {kViewerGroup, "system:authenticated"}, "", {}};

static Attributes res(const char* verb, const char* group, const char* resource,
                      const char* ns = "") {
  Attributes a;
  a.verb = verb;
  a.group = group;
  a.resource = resource;
  a.namespace_ = ns;
  return a;
}

static Attributes url(const char* verb, const char* path) {
  Attributes a;
  a.resource_request = false;
  a.verb = verb;
  a.path = path;
  return a;
}

TEST(Authz, MastersMayDoAnythingWithoutAReason) {
  auto d = decide(kAdmin, res("delete", "", "secrets", "kube-system"));
  EXPECT_TRUE(d.allowed);
  EXPECT_EQ(d.reason, "");
  EXPECT_TRUE(decide(kAdmin, url("post", "/anything")).allowed);
}

TEST(Authz, TheViewerReadsAllButSecrets) {
  auto d = decide(kViewer, res("watch", "apps", "deployments", "shop"));
  EXPECT_TRUE(d.allowed);
  EXPECT_EQ(d.reason,
            "RBAC: allowed by ClusterRoleBinding \"sim-viewers\" of ClusterRole \"view\" to Group "
            "\"sim:viewers\"");
  EXPECT_FALSE(decide(kViewer, res("get", "", "secrets", "shop")).allowed);
  EXPECT_FALSE(decide(kViewer, res("create", "", "configmaps", "shop")).allowed);
  EXPECT_EQ(decide(kViewer, res("create", "", "configmaps", "shop")).reason, "");
}

TEST(Authz, EveryoneMayAskAboutThemselvesAndReadDiscovery) {
  EXPECT_TRUE(
      decide(kViewer, res("create", "authorization.k8s.io", "selfsubjectaccessreviews")).allowed);
  EXPECT_TRUE(
      decide(kViewer, res("create", "authentication.k8s.io", "selfsubjectreviews")).allowed);
  EXPECT_TRUE(decide(kViewer, url("get", "/apis/apps/v1")).allowed);
  EXPECT_TRUE(decide(kViewer, url("get", "/version")).allowed);
  EXPECT_FALSE(decide(kViewer, url("post", "/version")).allowed);
  EXPECT_FALSE(decide(kViewer, url("get", "/metrics")).allowed);
  const User stranger{"nobody", {"system:authenticated"}, "", {}};
  EXPECT_FALSE(decide(stranger, res("list", "", "pods")).allowed);
}

TEST(Authz, RequestsAreAuthorizedByTheSameTable) {
  EXPECT_FALSE(authorize(kViewer, "GET", "/api/v1/namespaces/shop/pods").has_value());
  EXPECT_FALSE(authorize(kViewer, "GET", "/apis/apps/v1/deployments", "true").has_value());
  auto denied = authorize(kViewer, "POST", "/api/v1/namespaces/shop/configmaps");
  ASSERT_TRUE(denied);
  EXPECT_EQ(denied->at("message"),
            "configmaps is forbidden: User \"sim-viewer\" cannot create resource \"configmaps\" in "
            "API group \"\" in the namespace \"shop\"");
  auto path = authorize(kViewer, "PUT", "/version");
  ASSERT_TRUE(path);
  EXPECT_EQ(path->at("message"), "forbidden: User \"sim-viewer\" cannot put path \"/version\"");
}

TEST(Authz, RulesListWhatDecideAllows) {
  std::vector<std::pair<std::string, std::string>> served{
      {"", "pods"}, {"", "secrets"}, {"apps", "deployments"}};
  auto viewer = rules_status(kViewer, served);
  const auto& rules = viewer.at("resourceRules").as_array();
  boost::json::array want_core{"pods"};
  bool core = false, apps = false;
  for (const auto& r : rules) {
    const auto& groups = r.at("apiGroups").as_array();
    if (groups == boost::json::array{""}) {
      core = true;
      EXPECT_EQ(r.at("resources").as_array(), want_core) << "no secrets";
      EXPECT_EQ(r.at("verbs").as_array(), (boost::json::array{"get", "list", "watch"}));
    }
    if (groups == boost::json::array{"apps"}) apps = true;
  }
  EXPECT_TRUE(core && apps) << boost::json::serialize(viewer);
  EXPECT_EQ(viewer.at("incomplete"), false);
  auto admin = rules_status(kAdmin, served);
  const boost::json::array all{"*"};
  const auto& first = admin.at("resourceRules").as_array()[0].as_object();
  EXPECT_EQ(first.at("verbs").as_array(), all);
  EXPECT_EQ(first.at("apiGroups").as_array(), all);
  EXPECT_EQ(first.at("resources").as_array(), all);
}
