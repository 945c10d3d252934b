// The per-cluster namespaces/kinds allow and deny lists (deny wins), one check for every tool.
#include "tools/framework/object_policy.hpp"

#include <gtest/gtest.h>

using namespace kubemcp;
using tools::check_object_allowed;
using tools::ObjectRef;

namespace {

fleet::ClusterConfig cluster() {
  fleet::ClusterConfig c;
  c.name = "stage";
  c.namespaces = {.allow = {"shop", "team-*"}, .deny = {"team-secret"}};
  c.kinds = {.allow = {},
             .deny = {"Secret", "*.rbac.authorization.k8s.io", "Ingress.networking.k8s.io"}};
  return c;
}

}  // namespace

TEST(ObjectPolicy, Globs) {
  EXPECT_TRUE(tools::glob_match("team-*", "team-a"));
  EXPECT_TRUE(tools::glob_match("*", ""));
  EXPECT_TRUE(tools::glob_match("a*b*c", "axxbyyc"));
  EXPECT_FALSE(tools::glob_match("a*b*c", "axxbyy"));
  EXPECT_FALSE(tools::glob_match("team-*", "teams"));
  EXPECT_TRUE(tools::glob_match("shop", "shop"));
  EXPECT_FALSE(tools::glob_match("shop", "shop2"));
}

TEST(ObjectPolicy, NoListsAllowEverything) {
  fleet::ClusterConfig c;
  c.name = "stage";
  EXPECT_EQ(check_object_allowed(c, {"kube-system", "", "Secret", "x"}), "");
}

TEST(ObjectPolicy, NamespaceAllowAndDenyWithDenyWinning) {
  const auto c = cluster();
  EXPECT_EQ(check_object_allowed(c, {"shop", "apps", "Deployment", "web"}), "");
  EXPECT_EQ(check_object_allowed(c, {"team-a", "", "ConfigMap", "x"}), "");
  EXPECT_EQ(check_object_allowed(c, {"team-secret", "", "ConfigMap", "x"}),
            "namespace 'team-secret' is denied on cluster 'stage' (namespaces.deny: team-secret)");
  EXPECT_EQ(check_object_allowed(c, {"default", "", "ConfigMap", "x"}),
            "namespace 'default' is not allowed on cluster 'stage' (namespaces.allow: shop, "
            "team-*)");
}

TEST(ObjectPolicy, KindsByKindOrKindDotGroupCaseInsensitive) {
  const auto c = cluster();
  EXPECT_EQ(check_object_allowed(c, {"shop", "", "Secret", "s"}),
            "kind Secret is denied on cluster 'stage' (kinds.deny: Secret)");
  EXPECT_NE(check_object_allowed(c, {"", "rbac.authorization.k8s.io", "ClusterRole", "r"}), "");
  EXPECT_NE(check_object_allowed(c, {"shop", "networking.k8s.io", "ingress", "i"}), "");
  // Same kind name in another group is not matched by a Kind.group entry.
  EXPECT_EQ(check_object_allowed(c, {"shop", "example.com", "Ingress", "i"}), "");
  fleet::ClusterConfig only_cm;
  only_cm.name = "e";
  only_cm.kinds.allow = {"ConfigMap"};
  EXPECT_EQ(check_object_allowed(only_cm, {"x", "", "ConfigMap", "c"}), "");
  EXPECT_EQ(check_object_allowed(only_cm, {"x", "apps", "Deployment", "d"}),
            "kind Deployment.apps is not allowed on cluster 'e' (kinds.allow: ConfigMap)");
}

TEST(ObjectPolicy, ClusterScopedObjectsAndNamespaceObjects) {
  const auto c = cluster();
  // Cluster-scoped: only the kinds lists apply.
  EXPECT_EQ(check_object_allowed(c, {"", "", "Node", "n1"}), "");
  // A Namespace object is checked by its own name against the namespace lists.
  EXPECT_EQ(check_object_allowed(c, {"", "", "Namespace", "team-b"}), "");
  EXPECT_EQ(check_object_allowed(c, {"", "", "Namespace", "kube-system"}),
            "namespace 'kube-system' is not allowed on cluster 'stage' (namespaces.allow: shop, "
            "team-*)");
}
