#include "kube/url.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "kube/exec.hpp"
#include "kube/logs.hpp"
#include "kube/verbs.hpp"

using namespace kubemcp::kube;
namespace json = boost::json;

TEST(Url, EncodeKeepsUnreservedOnly) {
  EXPECT_EQ(url_encode("abc-_.~XYZ09"), "abc-_.~XYZ09");
  EXPECT_EQ(url_encode("a b/c=d,e&f"), "a%20b%2Fc%3Dd%2Ce%26f");
  EXPECT_EQ(url_encode("app in (a,b)"), "app%20in%20%28a%2Cb%29");
  EXPECT_EQ(url_encode("\xc3\xa9"), "%C3%A9");
}

TEST(Url, QueryKeepsOrderAndRepeats) {
  Query q;
  q.add("command", "ls").add("command", "-l").add_if(false, "x", "1").add_nonempty("y", "");
  q.add("labelSelector", "app=web,tier!=db");
  EXPECT_EQ(q.encode(), "command=ls&command=-l&labelSelector=app%3Dweb%2Ctier%21%3Ddb");
  EXPECT_EQ(q.get("command"), "ls");
  EXPECT_EQ(q.get("nope"), "");
}

TEST(Url, ResourcePaths) {
  EXPECT_EQ(resource_path("", "v1", "pods", true, "shop"), "/api/v1/namespaces/shop/pods");
  EXPECT_EQ(resource_path("", "v1", "pods", true, ""), "/api/v1/pods");
  EXPECT_EQ(resource_path("", "v1", "pods", true, "shop", "web-1", "log"),
            "/api/v1/namespaces/shop/pods/web-1/log");
  EXPECT_EQ(resource_path("apps", "v1", "deployments", true, "shop", "api", "scale"),
            "/apis/apps/v1/namespaces/shop/deployments/api/scale");
  EXPECT_EQ(resource_path("", "v1", "namespaces", false, "ignored", "shop"),
            "/api/v1/namespaces/shop");
  EXPECT_EQ(resource_path("stable.example.com", "v1", "widgets", false, "", "w"),
            "/apis/stable.example.com/v1/widgets/w");
  EXPECT_EQ(group_version_path("", "v1"), "/api/v1");
}

TEST(Url, Selectors) {
  EXPECT_EQ(label_selector({{"tier", "fe"}, {"app", "web"}}), "app=web,tier=fe");
  EXPECT_EQ(check_selector("app=web,tier in (a,b),!canary"), "");
  EXPECT_NE(check_selector("app in (a,b"), "");
  EXPECT_NE(check_selector("app=web,,x=y"), "");
  EXPECT_NE(check_selector("a)"), "");
  EXPECT_EQ(check_selector(""), "");
}

TEST(Url, ListQuery) {
  ListOptions o;
  o.label_selector = "app=web";
  o.field_selector = "status.phase=Running";
  o.limit = 50;
  o.continue_token = "abc==";
  o.timeout_seconds = 30;
  Query q;
  add_list_query(q, o);
  EXPECT_EQ(q.encode(),
            "labelSelector=app%3Dweb&fieldSelector=status.phase%3DRunning&limit=50&continue=abc%3D%"
            "3D&timeoutSeconds=30");
}

TEST(Url, SplitApiVersion) {
  EXPECT_EQ(split_api_version("v1"), (std::pair<std::string, std::string>{"", "v1"}));
  EXPECT_EQ(split_api_version("apps/v1"), (std::pair<std::string, std::string>{"apps", "v1"}));
}

TEST(Url, LogQueryHasEveryOption) {
  LogOptions o;
  o.container = "app";
  o.follow = true;
  o.previous = true;
  o.timestamps = true;
  o.tail_lines = 10;
  o.since_seconds = 60;
  o.since_time = "2026-01-01T00:00:00Z";
  o.limit_bytes = 4096;
  EXPECT_EQ(log_query(o).encode(),
            "container=app&follow=true&previous=true&timestamps=true&tailLines=10&sinceSeconds=60&"
            "sinceTime=2026-01-01T00%3A00%3A00Z&limitBytes=4096");
  EXPECT_EQ(log_query({}).encode(), "");
}

TEST(Url, ExecQuery) {
  ExecOptions o;
  o.command = {"sh", "-c", "echo hi; exit 7"};
  o.container = "app";
  o.stdin_data = "x";
  EXPECT_EQ(exec_query(o).encode(),
            "command=sh&command=-c&command=echo%20hi%3B%20exit%207&container=app&stdin=true&"
            "stdout=true&stderr=true");
}

TEST(Url, DeleteBody) {
  DeleteOptions d;
  d.propagation = "Foreground";
  d.grace_period_seconds = 0;
  d.dry_run = true;
  EXPECT_EQ(json::serialize(delete_body(d)),
            R"({"kind":"DeleteOptions","apiVersion":"v1","propagationPolicy":"Foreground",)"
            R"("gracePeriodSeconds":0,"dryRun":["All"]})");
}

TEST(Url, PatchContentTypes) {
  EXPECT_STREQ(patch_content_type(PatchType::Merge), "application/merge-patch+json");
  EXPECT_STREQ(patch_content_type(PatchType::Json), "application/json-patch+json");
  EXPECT_STREQ(patch_content_type(PatchType::Strategic), "application/strategic-merge-patch+json");
  EXPECT_STREQ(patch_content_type(PatchType::Apply), "application/apply-patch+yaml");
}

TEST(Url, LineSplitter) {
  LineSplitter s;
  std::vector<std::string> lines;
  auto take = [&](std::string_view l) {
    lines.emplace_back(l);
    return true;
  };
  s.feed("{\"a\":1}\n{\"b\"", take);
  s.feed(":2}\r\n\nlast", take);
  EXPECT_EQ(lines, (std::vector<std::string>{"{\"a\":1}", "{\"b\":2}", ""}));
  EXPECT_EQ(s.take_rest(), "last");
}

// Issue 10, item 2: kube-apiserver decodes %2F before routing, so the path builder is the
// last line: no name or namespace may carry the request to another endpoint.
TEST(Url, ResourcePathRefusesSegmentsThatReachOtherEndpoints) {
  EXPECT_THROW(resource_path("", "v1", "services", true, "shop", "web/proxy/admin"),
               std::invalid_argument);
  EXPECT_THROW(resource_path("", "v1", "nodes", false, "", "n1/proxy"), std::invalid_argument);
  EXPECT_THROW(resource_path("", "v1", "pods", true, "shop", "web%2Fexec"), std::invalid_argument);
  EXPECT_THROW(resource_path("", "v1", "pods", true, "shop", ".."), std::invalid_argument);
  EXPECT_THROW(resource_path("", "v1", "pods", true, "shop/pods/web/exec", ""),
               std::invalid_argument);
  EXPECT_THROW(resource_path("", "v1", "pods/exec", true, "shop", "web"), std::invalid_argument);
  EXPECT_EQ(resource_path("rbac.authorization.k8s.io", "v1", "clusterroles", false, "",
                          "system:controller:job-controller"),
            "/apis/rbac.authorization.k8s.io/v1/clusterroles/system%3Acontroller%3Ajob-controller");
  EXPECT_EQ(check_namespace("kube-system"), "");
  EXPECT_NE(check_namespace("Kube"), "");
  EXPECT_NE(check_namespace(std::string(64, 'a')), "");
  EXPECT_NE(check_name("a b"), "");
  EXPECT_EQ(check_name("web-1.example"), "");
}

TEST(Url, WithoutUserinfo) {
  EXPECT_EQ(without_userinfo("https://admin:pw@10.0.0.1:6443/base"), "https://10.0.0.1:6443/base");
  EXPECT_EQ(without_userinfo("https://u@h"), "https://h");
  EXPECT_EQ(without_userinfo("https://h:6443/a@b"), "https://h:6443/a@b");
  EXPECT_EQ(without_userinfo("https://h"), "https://h");
}
