#include "kube/kubeconfig.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "net/base64.hpp"

using namespace kubemcp::kube;
namespace fs = std::filesystem;

namespace {

const std::string kSecretToken = "s3cr3t-t0ken-value";
const std::string kSecretPassword = "hunter2-password";

std::string full_config() {
  return R"(apiVersion: v1
kind: Config
current-context: stage
clusters:
- name: stage-cluster
  cluster:
    server: https://10.0.0.1:6443
    certificate-authority: ca.crt
    tls-server-name: api.stage.internal
    proxy-url: http://proxy.internal:3128
    disable-compression: true
- name: data-cluster
  cluster:
    server: https://data.example.com
    certificate-authority-data: )" +
         kubemcp::net::base64_encode(
             "-----BEGIN CERTIFICATE-----\nX\n-----END CERTIFICATE-----\n") +
         R"(
- name: insecure-cluster
  cluster:
    server: https://insecure.example.com
    insecure-skip-tls-verify: true
users:
- name: token-user
  user:
    token: )" +
         kSecretToken + R"(
    tokenFile: /var/run/token
    as: jane
    as-groups: [admins, devs]
    as-uid: uid-42
    as-user-extra:
      scopes: [view, edit]
- name: cert-user
  user:
    client-certificate: certs/client.crt
    client-key: /abs/client.key
- name: certdata-user
  user:
    client-certificate-data: )" +
         kubemcp::net::base64_encode("CERT") + R"(
    client-key-data: )" +
         kubemcp::net::base64_encode("KEY") + R"(
- name: basic-user
  user:
    username: admin
    password: )" +
         kSecretPassword + R"(
- name: exec-user
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1
      command: ./bin/get-token
      args: [--cluster, stage]
      env:
      - name: REGION
        value: eu
      provideClusterInfo: true
      interactiveMode: Never
      installHint: install get-token
- name: exec-path-user
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: gke-gcloud-auth-plugin
- name: oidc-user
  user:
    auth-provider:
      name: oidc
      config:
        id-token: abc.def.ghi
        idp-issuer-url: https://issuer
contexts:
- name: stage
  context:
    cluster: stage-cluster
    user: token-user
    namespace: shop
- name: data
  context:
    cluster: data-cluster
    user: cert-user
- name: broken-cluster
  context:
    cluster: nowhere
    user: token-user
- name: broken-user
  context:
    cluster: data-cluster
    user: nobody
)";
}

std::string expect_error(const std::string& text, const std::string& origin = "/cfg/config") {
  try {
    auto cfg = parse_kubeconfig(text, origin);
    resolve_context(cfg, "");
  } catch (const KubeconfigError& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected a KubeconfigError for:\n" << text;
  return {};
}

struct TempDir {
  fs::path path;
  TempDir() {
    char tmpl[] = "/tmp/kubecfg-XXXXXX";
    path = mkdtemp(tmpl);
  }
  ~TempDir() { fs::remove_all(path); }
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(path / name) << text;
    return (path / name).string();
  }
};

}  // namespace

TEST(Kubeconfig, EveryClusterField) {
  const auto cfg = parse_kubeconfig(full_config(), "/home/u/.kube/config.s");
  const auto& c = cfg.clusters.at("stage-cluster");
  EXPECT_EQ(c.server, "https://10.0.0.1:6443");
  EXPECT_EQ(c.certificate_authority, "/home/u/.kube/ca.crt");  // relative to the file
  EXPECT_EQ(c.tls_server_name, "api.stage.internal");
  EXPECT_EQ(c.proxy_url, "http://proxy.internal:3128");
  EXPECT_TRUE(c.disable_compression);
  EXPECT_FALSE(c.insecure_skip_tls_verify);
  EXPECT_EQ(c.origin_file, "/home/u/.kube/config.s");
  EXPECT_EQ(cfg.clusters.at("data-cluster").certificate_authority_data,
            "-----BEGIN CERTIFICATE-----\nX\n-----END CERTIFICATE-----\n");
  EXPECT_TRUE(cfg.clusters.at("insecure-cluster").insecure_skip_tls_verify);
}

TEST(Kubeconfig, EveryUserField) {
  const auto cfg = parse_kubeconfig(full_config(), "/home/u/.kube/config.s");
  const auto& t = cfg.users.at("token-user");
  EXPECT_EQ(t.token, kSecretToken);
  EXPECT_EQ(t.token_file, "/var/run/token");
  EXPECT_EQ(t.impersonate, "jane");
  EXPECT_EQ(t.impersonate_groups, (std::vector<std::string>{"admins", "devs"}));
  EXPECT_EQ(t.impersonate_uid, "uid-42");
  EXPECT_EQ(t.impersonate_extra.at("scopes"), (std::vector<std::string>{"view", "edit"}));
  const auto& c = cfg.users.at("cert-user");
  EXPECT_EQ(c.client_certificate, "/home/u/.kube/certs/client.crt");
  EXPECT_EQ(c.client_key, "/abs/client.key");
  const auto& d = cfg.users.at("certdata-user");
  EXPECT_EQ(d.client_certificate_data, "CERT");
  EXPECT_EQ(d.client_key_data, "KEY");
  const auto& b = cfg.users.at("basic-user");
  EXPECT_EQ(b.username, "admin");
  EXPECT_EQ(b.password, kSecretPassword);
  const auto& e = cfg.users.at("exec-user");
  ASSERT_TRUE(e.exec);
  EXPECT_EQ(e.exec->api_version, "client.authentication.k8s.io/v1");
  EXPECT_EQ(e.exec->command, "/home/u/.kube/./bin/get-token");  // has a '/': file-relative
  EXPECT_EQ(e.exec->args, (std::vector<std::string>{"--cluster", "stage"}));
  ASSERT_EQ(e.exec->env.size(), 1u);
  EXPECT_EQ(e.exec->env[0].name, "REGION");
  EXPECT_EQ(e.exec->env[0].value, "eu");
  EXPECT_TRUE(e.exec->provide_cluster_info);
  EXPECT_EQ(e.exec->interactive_mode, "Never");
  EXPECT_EQ(e.exec->install_hint, "install get-token");
  EXPECT_EQ(cfg.users.at("exec-path-user").exec->command, "gke-gcloud-auth-plugin");  // PATH
  const auto& o = cfg.users.at("oidc-user");
  ASSERT_TRUE(o.auth_provider);
  EXPECT_EQ(o.auth_provider->name, "oidc");
  EXPECT_EQ(o.auth_provider->config.at("id-token"), "abc.def.ghi");
  EXPECT_EQ(o.auth_provider->config.at("idp-issuer-url"), "https://issuer");
}

TEST(Kubeconfig, ContextsAndResolve) {
  const auto cfg = parse_kubeconfig(full_config(), "/cfg/config");
  EXPECT_EQ(cfg.current_context, "stage");
  const auto r = resolve_context(cfg, "");
  EXPECT_EQ(r.context_name, "stage");
  EXPECT_EQ(r.cluster_name, "stage-cluster");
  EXPECT_EQ(r.user_name, "token-user");
  EXPECT_EQ(r.namespace_, "shop");
  EXPECT_EQ(r.cluster.server, "https://10.0.0.1:6443");
  EXPECT_EQ(r.user.token, kSecretToken);
  const auto d = resolve_context(cfg, "data");
  EXPECT_EQ(d.namespace_, "");
  EXPECT_EQ(d.user.client_key, "/abs/client.key");
}

TEST(Kubeconfig, ResolveErrorsNameTheEntry) {
  const auto cfg = parse_kubeconfig(full_config(), "/cfg/config");
  auto what = [&](const std::string& ctx) -> std::string {
    try {
      resolve_context(cfg, ctx);
    } catch (const KubeconfigError& e) {
      return e.what();
    }
    return {};
  };
  EXPECT_NE(what("nope").find("context 'nope' not found"), std::string::npos);
  EXPECT_NE(what("broken-cluster").find("cluster 'nowhere'"), std::string::npos);
  EXPECT_NE(what("broken-user").find("user 'nobody'"), std::string::npos);
  EXPECT_NE(what("nope").find("/cfg/config"), std::string::npos);
}

TEST(Kubeconfig, InsecureWithCaIsAnError) {
  const std::string msg = expect_error(R"(
clusters:
- name: c
  cluster: {server: "https://x", insecure-skip-tls-verify: true, certificate-authority: /ca}
contexts: [{name: x, context: {cluster: c}}]
current-context: x
)");
  EXPECT_NE(msg.find("cluster 'c'"), std::string::npos);
  EXPECT_NE(msg.find("insecure-skip-tls-verify"), std::string::npos);
}

TEST(Kubeconfig, BadFilesAreReportedWithFileAndField) {
  EXPECT_NE(expect_error("clusters: [\n").find("/cfg/config:"), std::string::npos);
  EXPECT_NE(expect_error("- just\n- a list\n").find("must be a YAML map"), std::string::npos);
  EXPECT_NE(expect_error("clusters: {a: b}\n").find("'clusters' must be a list"),
            std::string::npos);
  EXPECT_NE(expect_error("clusters:\n- cluster: {server: x}\n").find("has no name"),
            std::string::npos);
  const std::string bad_bool =
      expect_error("clusters:\n- name: c\n  cluster:\n    insecure-skip-tls-verify: maybe\n");
  EXPECT_NE(bad_bool.find("cluster 'c'"), std::string::npos);
  EXPECT_NE(bad_bool.find("insecure-skip-tls-verify"), std::string::npos);
  EXPECT_NE(bad_bool.find("/cfg/config:4"), std::string::npos);
  EXPECT_NE(expect_error("users:\n- name: u\n  user:\n    exec: {command: x}\n").find("apiVersion"),
            std::string::npos);
  EXPECT_NE(expect_error("users:\n- name: u\n  user:\n    exec:\n      apiVersion: "
                         "client.authentication.k8s.io/v1\n      command: x\n")
                .find("interactiveMode"),
            std::string::npos);
  EXPECT_NE(expect_error("users:\n- name: u\n  user:\n    as-groups: admins\n").find("as-groups"),
            std::string::npos);
  EXPECT_NE(expect_error("contexts: []\n").find("no current-context"), std::string::npos);
  EXPECT_NE(expect_error("clusters:\n- name: c\n  cluster: {}\ncontexts: [{name: x, context: "
                         "{cluster: c}}]\ncurrent-context: x\n")
                .find("has no server"),
            std::string::npos);
}

TEST(Kubeconfig, NoCredentialInAnyError) {
  // A malformed base64 value and a wrongly typed field next to secrets.
  const std::vector<std::string> bad = {
      "users:\n- name: u\n  user:\n    token: " + kSecretToken + "\n    client-key-data: '" +
          kSecretToken + "!!'\n",
      "users:\n- name: u\n  user:\n    password: " + kSecretPassword + "\n    username: [" +
          kSecretToken + "]\n",
      "users:\n- name: u\n  user:\n    token: [" + kSecretToken + "]\n",
      "users:\n- name: u\n  user:\n    exec: {apiVersion: v9, command: x, env: [{name: T, value: " +
          kSecretToken + "}]}\n",
  };
  for (const auto& text : bad) {
    const std::string msg = expect_error(text);
    EXPECT_FALSE(msg.empty());
    EXPECT_EQ(msg.find(kSecretToken), std::string::npos) << msg;
    EXPECT_EQ(msg.find(kSecretPassword), std::string::npos) << msg;
    EXPECT_NE(msg.find("user 'u'"), std::string::npos) << msg;
  }
}

TEST(Kubeconfig, LoadFileErrors) {
  try {
    load_kubeconfig_file("/nonexistent/kubeconfig");
    FAIL();
  } catch (const KubeconfigError& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/kubeconfig"), std::string::npos);
  }
  EXPECT_THROW(load_kubeconfig_list("/nonexistent/a:/nonexistent/b"), KubeconfigError);
  TempDir dir;
  try {
    load_kubeconfig_file(dir.path.string());
    FAIL();
  } catch (const KubeconfigError& e) {
    EXPECT_NE(std::string(e.what()).find("directory"), std::string::npos);
  }
  const auto binary = dir.write("binary", std::string("\x00\x01\xff\xfe garbage: [", 16));
  EXPECT_THROW(resolve_context(load_kubeconfig_file(binary), ""), KubeconfigError);
}

TEST(Kubeconfig, MergeRulesOfKubeconfigList) {
  TempDir dir;
  const auto a = dir.write("a", R"(
current-context: first
clusters: [{name: shared, cluster: {server: "https://from-a"}}]
users: [{name: u, user: {token: a}}]
contexts: [{name: first, context: {cluster: shared, user: u}}]
)");
  const auto b = dir.write("b", R"(
current-context: second
clusters:
- {name: shared, cluster: {server: "https://from-b"}}
- {name: only-b, cluster: {server: "https://only-b"}}
users: [{name: u, user: {token: b}}]
contexts: [{name: second, context: {cluster: only-b, user: u, namespace: nb}}]
)");
  const auto merged = load_kubeconfig_list(a + ":" + (dir.path / "missing").string() + ":" + b);
  EXPECT_EQ(merged.current_context, "first");                        // first wins
  EXPECT_EQ(merged.clusters.at("shared").server, "https://from-a");  // first definition wins
  EXPECT_EQ(merged.clusters.at("only-b").server, "https://only-b");  // later names are added
  EXPECT_EQ(merged.users.at("u").token, "a");
  EXPECT_EQ(merged.files, (std::vector<std::string>{a, b}));  // missing file skipped
  const auto second = resolve_context(merged, "second");
  EXPECT_EQ(second.cluster.server, "https://only-b");
  EXPECT_EQ(second.namespace_, "nb");
  // An explicit file means that file only.
  const auto only_b = load_kubeconfig_file(b);
  EXPECT_EQ(only_b.current_context, "second");
  EXPECT_EQ(only_b.clusters.at("shared").server, "https://from-b");
}

TEST(Kubeconfig, EmptyDocumentIsEmptyConfig) {
  const auto cfg = parse_kubeconfig("", "/x");
  EXPECT_TRUE(cfg.clusters.empty());
  EXPECT_TRUE(cfg.current_context.empty());
}
