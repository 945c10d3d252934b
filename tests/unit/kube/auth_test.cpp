#include "kube/auth.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>

#include "kube/errors.hpp"
#include "net/base64.hpp"

using namespace kubemcp::kube;
namespace fs = std::filesystem;
namespace json = boost::json;
using SysClock = std::chrono::system_clock;

namespace {

struct TempDir {
  fs::path path;
  TempDir() {
    char tmpl[] = "/tmp/kubeauth-XXXXXX";
    path = mkdtemp(tmpl);
  }
  ~TempDir() { fs::remove_all(path); }
  std::string write(const std::string& name, const std::string& text, bool exec = false) const {
    std::ofstream(path / name) << text;
    if (exec) fs::permissions(path / name, fs::perms::owner_all);
    return (path / name).string();
  }
};

std::string header(const kubemcp::net::Headers& h, const std::string& name) {
  return kubemcp::net::find_header(h, name);
}

ResolvedContext context_with(UserEntry user) {
  ResolvedContext r;
  r.context_name = "ctx";
  r.cluster_name = "c";
  r.user_name = "u";
  r.cluster.server = "https://127.0.0.1:6443";
  r.user = std::move(user);
  return r;
}

}  // namespace

TEST(ExecCredential, ParsesTokenAndExpiry) {
  const auto c = parse_exec_credential(
      R"({"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1",)"
      R"("status":{"token":"tok","expirationTimestamp":"2030-01-02T03:04:05Z"}})",
      "client.authentication.k8s.io/v1", "stage");
  EXPECT_EQ(c.token, "tok");
  ASSERT_TRUE(c.expiration);
  EXPECT_EQ(SysClock::to_time_t(*c.expiration), 1893553445);
}

TEST(ExecCredential, ParsesClientCertificate) {
  const auto c = parse_exec_credential(
      R"({"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1beta1",)"
      R"("status":{"clientCertificateData":"CERT","clientKeyData":"KEY"}})",
      "client.authentication.k8s.io/v1beta1", "stage");
  EXPECT_EQ(c.client_certificate_data, "CERT");
  EXPECT_EQ(c.client_key_data, "KEY");
  EXPECT_FALSE(c.expiration);
}

TEST(ExecCredential, RejectsBadOutputWithoutEchoingIt) {
  const std::string v1 = "client.authentication.k8s.io/v1";
  const std::vector<std::string> bad = {
      "not json secret-token-xyz",
      R"({"kind":"Other","apiVersion":"client.authentication.k8s.io/v1","status":{"token":"secret-token-xyz"}})",
      R"({"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1beta1","status":{"token":"secret-token-xyz"}})",
      R"({"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1"})",
      R"({"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1","status":{}})",
      R"({"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1","status":{"clientCertificateData":"secret-token-xyz"}})",
      R"({"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1","status":{"token":"secret-token-xyz","expirationTimestamp":"tomorrow"}})",
  };
  for (const auto& text : bad) {
    try {
      parse_exec_credential(text, v1, "stage");
      ADD_FAILURE() << text;
    } catch (const AuthError& e) {
      EXPECT_TRUE(e.plugin_failed());
      EXPECT_EQ(e.cluster(), "stage");
      EXPECT_EQ(std::string(e.what()).find("secret-token-xyz"), std::string::npos) << e.what();
    }
  }
}

TEST(ExecCredential, Rfc3339) {
  EXPECT_EQ(SysClock::to_time_t(*parse_rfc3339("1970-01-01T00:00:10Z")), 10);
  EXPECT_EQ(SysClock::to_time_t(*parse_rfc3339("1970-01-01T01:00:10+01:00")), 10);
  EXPECT_EQ(SysClock::to_time_t(*parse_rfc3339("1970-01-01T00:00:10.5-00:30")), 1810);
  EXPECT_FALSE(parse_rfc3339("1970-01-01 00:00:10"));
  EXPECT_FALSE(parse_rfc3339("1970-01-01T00:00:10"));
  EXPECT_FALSE(parse_rfc3339("garbage"));
}

TEST(ExecCredential, ExecInfoDocument) {
  ExecConfig e;
  e.api_version = "client.authentication.k8s.io/v1";
  ClusterEntry c;
  c.server = "https://api:6443";
  c.certificate_authority_data = "PEM";
  c.tls_server_name = "api.internal";
  auto doc = json::parse(exec_info(e, c));
  EXPECT_EQ(doc.at("kind"), "ExecCredential");
  EXPECT_EQ(doc.at("apiVersion"), "client.authentication.k8s.io/v1");
  EXPECT_EQ(doc.at("spec").at("interactive"), false);
  EXPECT_FALSE(doc.at("spec").as_object().contains("cluster"));
  e.provide_cluster_info = true;
  doc = json::parse(exec_info(e, c));
  EXPECT_EQ(doc.at("spec").at("cluster").at("server"), "https://api:6443");
  EXPECT_EQ(doc.at("spec").at("cluster").at("tls-server-name"), "api.internal");
  EXPECT_EQ(doc.at("spec").at("cluster").at("certificate-authority-data").as_string(),
            kubemcp::net::base64_encode("PEM"));
}

TEST(ExecPlugin, RunsWithArgsEnvAndClusterInfoAndCaches) {
  TempDir dir;
  const std::string counter = (dir.path / "runs").string();
  const std::string plugin = dir.write("plugin.sh", R"(#!/bin/sh
echo run >> )" + counter + R"(
case "$KUBERNETES_EXEC_INFO" in *'"server":"https://127.0.0.1:6443"'*) ;; *) echo "no cluster info" >&2; exit 3;; esac
[ "$REGION" = eu ] || exit 4
[ "$1" = --cluster ] && [ "$2" = stage ] || exit 5
echo '{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1","status":{"token":"plugin-token","expirationTimestamp":"2099-01-01T00:00:00Z"}}'
)",
                                       true);
  UserEntry u;
  u.exec = ExecConfig{"client.authentication.k8s.io/v1",
                      plugin,
                      {"--cluster", "stage"},
                      {{"REGION", "eu"}},
                      true,
                      "Never",
                      ""};
  Authenticator auth("stage", context_with(u));
  EXPECT_EQ(auth.method(), "exec");
  kubemcp::net::Headers h;
  auth.apply(h);
  EXPECT_EQ(header(h, "Authorization"), "Bearer plugin-token");
  kubemcp::net::Headers h2;
  auth.apply(h2);  // cached until expiry: no second run
  auto runs = [&] {
    std::ifstream in(counter);
    std::string line;
    int n = 0;
    while (std::getline(in, line)) ++n;
    return n;
  };
  EXPECT_EQ(runs(), 1);
  EXPECT_TRUE(auth.invalidate());  // after a 401
  kubemcp::net::Headers h3;
  auth.apply(h3);
  EXPECT_EQ(runs(), 2);
}

TEST(ExecPlugin, ExpiredCredentialIsRefreshed) {
  TempDir dir;
  const std::string counter = (dir.path / "runs").string();
  const std::string plugin = dir.write("plugin.sh", R"(#!/bin/sh
echo run >> )" + counter + R"(
echo '{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1beta1","status":{"token":"t","expirationTimestamp":"2000-01-01T00:00:00Z"}}'
)",
                                       true);
  UserEntry u;
  u.exec = ExecConfig{"client.authentication.k8s.io/v1beta1", plugin, {}, {}, false, "", ""};
  Authenticator auth("stage", context_with(u));
  kubemcp::net::Headers h;
  auth.apply(h);
  auth.apply(h);
  std::ifstream in(counter);
  std::string all((std::istreambuf_iterator<char>(in)), {});
  EXPECT_EQ(all, "run\nrun\n");
}

TEST(ExecPlugin, FailureIsAuthErrorWithoutOutput) {
  TempDir dir;
  const std::string plugin =
      dir.write("fail.sh", "#!/bin/sh\necho leaked-secret\necho leaked-secret >&2\nexit 9\n", true);
  UserEntry u;
  u.exec = ExecConfig{"client.authentication.k8s.io/v1", plugin, {}, {}, false, "Never", ""};
  Authenticator auth("stage", context_with(u));
  kubemcp::net::Headers h;
  try {
    auth.apply(h);
    FAIL();
  } catch (const AuthError& e) {
    EXPECT_TRUE(e.plugin_failed());
    EXPECT_NE(std::string(e.what()).find("exit code 9"), std::string::npos);
    EXPECT_EQ(std::string(e.what()).find("leaked-secret"), std::string::npos);
  }
  UserEntry missing;
  missing.exec = ExecConfig{"client.authentication.k8s.io/v1",
                            "no-such-plugin-xyz",
                            {},
                            {},
                            false,
                            "Never",
                            "run: apt install xyz"};
  Authenticator auth2("stage", context_with(missing));
  try {
    auth2.apply(h);
    FAIL();
  } catch (const AuthError& e) {
    EXPECT_TRUE(e.plugin_failed());
    EXPECT_NE(std::string(e.what()).find("apt install xyz"), std::string::npos);
  }
}

TEST(ExecPlugin, InteractiveAlwaysIsRefused) {
  UserEntry u;
  u.exec = ExecConfig{"client.authentication.k8s.io/v1", "/bin/true", {}, {}, false, "Always", ""};
  Authenticator auth("stage", context_with(u));
  kubemcp::net::Headers h;
  try {
    auth.apply(h);
    FAIL();
  } catch (const AuthError& e) {
    EXPECT_TRUE(e.plugin_failed());
    EXPECT_NE(std::string(e.what()).find("interactive"), std::string::npos);
  }
}

TEST(Authenticator, TokenFileWinsAndIsReRead) {
  TempDir dir;
  const std::string file = dir.write("token", "first-token\n");
  UserEntry u;
  u.token = "static-token";
  u.token_file = file;
  Authenticator auth("stage", context_with(u));
  EXPECT_EQ(auth.method(), "tokenFile");
  kubemcp::net::Headers h;
  auth.apply(h);
  EXPECT_EQ(header(h, "Authorization"), "Bearer first-token");
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  dir.write("token", "second-token-longer\n");
  kubemcp::net::Headers h2;
  auth.apply(h2);
  EXPECT_EQ(header(h2, "Authorization"), "Bearer second-token-longer");
}

TEST(Authenticator, StaticTokenBasicImpersonation) {
  UserEntry t;
  t.token = "abc";
  t.impersonate = "jane";
  t.impersonate_groups = {"g1", "g2"};
  t.impersonate_uid = "u-1";
  t.impersonate_extra["scopes"] = {"view"};
  Authenticator a("c", context_with(t));
  kubemcp::net::Headers h;
  a.apply(h);
  EXPECT_EQ(header(h, "Authorization"), "Bearer abc");
  EXPECT_EQ(header(h, "Impersonate-User"), "jane");
  int groups = 0;
  for (const auto& [k, v] : h) groups += k == "Impersonate-Group";
  EXPECT_EQ(groups, 2);
  EXPECT_EQ(header(h, "Impersonate-Uid"), "u-1");
  EXPECT_EQ(header(h, "Impersonate-Extra-scopes"), "view");
  EXPECT_FALSE(a.invalidate());  // a static token cannot get better by retrying

  UserEntry b;
  b.username = "admin";
  b.password = "pw";
  Authenticator basic("c", context_with(b));
  kubemcp::net::Headers hb;
  basic.apply(hb);
  EXPECT_EQ(header(hb, "Authorization"), "Basic " + kubemcp::net::base64_encode("admin:pw"));
}

TEST(Authenticator, ContradictionsAreConfigErrors) {
  UserEntry both;
  both.token = "a";
  both.username = "b";
  EXPECT_THROW(Authenticator("c", context_with(both)), ConfigError);
  UserEntry gcp;
  gcp.auth_provider = AuthProviderConfig{"gcp", {}};
  try {
    Authenticator("c", context_with(gcp));
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.cluster(), "c");
    EXPECT_EQ(e.field(), "auth-provider");
  }
  UserEntry half;
  half.client_certificate_data = "CERT";
  EXPECT_THROW(Authenticator("c", context_with(half)), ConfigError);
  UserEntry unreadable;
  unreadable.client_certificate = "/nonexistent/cert";
  unreadable.client_key = "/nonexistent/key";
  try {
    Authenticator("c", context_with(unreadable));
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.field(), "client-certificate");
  }
}

TEST(Authenticator, OidcIdToken) {
  auto b64url = [](std::string s) {
    std::string e = kubemcp::net::base64_encode(s);
    for (auto& c : e) c = c == '+' ? '-' : c == '/' ? '_' : c;
    while (!e.empty() && e.back() == '=') e.pop_back();
    return e;
  };
  const std::string valid = b64url("{}") + "." + b64url(R"({"exp":4102444800})") + ".sig";
  const std::string expired = b64url("{}") + "." + b64url(R"({"exp":946684800})") + ".sig";
  UserEntry u;
  u.auth_provider = AuthProviderConfig{"oidc", {{"id-token", valid}}};
  Authenticator a("c", context_with(u));
  kubemcp::net::Headers h;
  a.apply(h);
  EXPECT_EQ(header(h, "Authorization"), "Bearer " + valid);
  u.auth_provider = AuthProviderConfig{"oidc", {{"id-token", expired}}};
  Authenticator b("c", context_with(u));
  try {
    b.apply(h);
    FAIL();
  } catch (const AuthError& e) {
    EXPECT_EQ(std::string(e.what()).find(expired), std::string::npos);
  }
}

TEST(Authenticator, InClusterContext) {
  TempDir dir;
  dir.write("token", "sa-token");
  dir.write("ca.crt", "PEM");
  dir.write("namespace", "kube-system\n");
  setenv("KUBERNETES_SERVICE_HOST", "10.96.0.1", 1);
  setenv("KUBERNETES_SERVICE_PORT", "443", 1);
  const auto r = in_cluster_context(dir.path.string());
  EXPECT_EQ(r.cluster.server, "https://10.96.0.1:443");
  EXPECT_EQ(r.cluster.certificate_authority, (dir.path / "ca.crt").string());
  EXPECT_EQ(r.user.token_file, (dir.path / "token").string());
  EXPECT_EQ(r.namespace_, "kube-system");
  unsetenv("KUBERNETES_SERVICE_HOST");
  EXPECT_THROW(in_cluster_context(dir.path.string()), ConfigError);
}

TEST(Errors, StatusBodiesBecomeTypedErrors) {
  try {
    throw_status(
        "stage", 404,
        R"({"kind":"Status","apiVersion":"v1","status":"Failure","message":"pods \"x\" not found","reason":"NotFound","details":{"name":"x","kind":"pods"},"code":404})");
  } catch (const ApiError& e) {
    EXPECT_EQ(e.code(), 404);
    EXPECT_EQ(e.reason(), "NotFound");
    EXPECT_EQ(e.message(), "pods \"x\" not found");
    EXPECT_EQ(e.details().at("name"), "x");
    EXPECT_TRUE(e.not_found());
  }
  try {
    throw_status(
        "stage", 401,
        R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401})");
  } catch (const AuthError& e) {
    EXPECT_EQ(e.code(), 401);
    EXPECT_EQ(e.cluster(), "stage");
    EXPECT_FALSE(e.plugin_failed());
  }
  try {
    throw_status("stage", 429, "slow down", "7");
  } catch (const ApiError& e) {
    EXPECT_EQ(e.reason(), "TooManyRequests");
    EXPECT_EQ(e.retry_after(), 7);
    EXPECT_EQ(e.message(), "slow down");
  }
  try {
    throw_status("stage", 403, R"({"kind":"Status","reason":"Forbidden","message":"no"})");
  } catch (const AuthError&) {
    FAIL() << "403 is not an auth failure";
  } catch (const ApiError& e) {
    EXPECT_EQ(e.code(), 403);
  }
}
