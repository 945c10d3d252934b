// The client against a local HTTPS/WebSocket peer: auth methods on the wire, TLS checks,
// keep-alive, typed errors, retries, gzip, streams, cancellation, kubeconfig reload,
// discovery, exec and port-forward framing.
#include <gtest/gtest.h>

#include <boost/asio/read.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <future>
#include <regex>

#include "kube/discovery.hpp"
#include "kube/exec.hpp"
#include "kube/logs.hpp"
#include "kube/port_forward.hpp"
#include "kube/rest_client.hpp"
#include "kube/verbs.hpp"
#include "net/base64.hpp"
#include "peer.hpp"

using namespace kubemcp::kube;
namespace fs = std::filesystem;
namespace json = boost::json;
using kubemcp::net::base64_encode;

namespace {

struct TempDir {
  fs::path path;
  TempDir() {
    char tmpl[] = "/tmp/kubetr-XXXXXX";
    path = mkdtemp(tmpl);
  }
  ~TempDir() { fs::remove_all(path); }
  std::string write(const std::string& name, const std::string& text, bool exec = false) const {
    {
      std::ofstream out(path / (name + ".tmp"));
      out << text;
    }
    fs::rename(path / (name + ".tmp"), path / name);  // atomic, like a login tool
    if (exec) fs::permissions(path / name, fs::perms::owner_all);
    return (path / name).string();
  }
};

std::string kubeconfig(const std::string& server, const std::string& cluster_extra,
                       const std::string& user) {
  return "apiVersion: v1\nkind: Config\ncurrent-context: t\nclusters:\n- name: c\n  cluster:\n"
         "    server: " +
         server + "\n" + cluster_extra + "users:\n- name: u\n  user:\n" + user +
         "contexts:\n- name: t\n  context: {cluster: c, user: u, namespace: shop}\n";
}

std::string ca_line() {
  return "    certificate-authority-data: " + base64_encode(peer::Pki::get().ca_pem) + "\n";
}

std::shared_ptr<Client> client_for(const std::string& path) {
  ClientConfig cfg;
  cfg.name = "test";
  cfg.kubeconfig = path;
  cfg.request_timeout = std::chrono::seconds(10);
  return Client::create(cfg);
}

peer::Reply json_reply(const std::string& body) {
  peer::Reply r;
  r.body = body;
  return r;
}

const std::string kPodList =
    R"({"kind":"PodList","apiVersion":"v1","metadata":{"resourceVersion":"7"},"items":[{"metadata":{"name":"web-1","namespace":"shop"}}]})";

ResourceInfo pods() {
  ResourceInfo r;
  r.version = "v1";
  r.resource = "pods";
  r.kind = "Pod";
  r.singular = "pod";
  return r;
}

}  // namespace

TEST(Transport, BearerTokenKeepAliveAndDefaultNamespace) {
  std::mutex mu;
  std::vector<std::string> auths, paths;
  peer::Server server([&](const peer::Request& r) {
    std::lock_guard lock(mu);
    auths.push_back(r.header("authorization"));
    paths.push_back(r.target);
    return json_reply(kPodList);
  });
  TempDir dir;
  auto c =
      client_for(dir.write("config", kubeconfig(server.url(), ca_line(), "    token: tok-123\n")));
  EXPECT_EQ(c->default_namespace(), "shop");
  EXPECT_EQ(c->auth_method(), "token");
  for (int i = 0; i < 5; ++i) {
    ListOptions lo;
    lo.label_selector = "app=web";
    lo.limit = 10;
    auto v = list(*c, pods(), "shop", lo);
    EXPECT_EQ(v.at("items").as_array().size(), 1u);
  }
  EXPECT_EQ(server.connections(), 1);  // one warm connection
  EXPECT_EQ(auths.front(), "Bearer tok-123");
  EXPECT_EQ(paths.front(), "/api/v1/namespaces/shop/pods?labelSelector=app%3Dweb&limit=10");
  auto one = get(*c, pods(), "", "web-1");  // empty namespace → the context's
  EXPECT_EQ(paths.back(), "/api/v1/namespaces/shop/pods/web-1");
}

TEST(Transport, FanOutWithFutures) {
  peer::Server server([&](const peer::Request&) { return json_reply(kPodList); });
  TempDir dir;
  auto c = client_for(dir.write("config", kubeconfig(server.url(), ca_line(), "    token: t\n")));
  std::vector<std::future<Response>> futures;
  for (int i = 0; i < 12; ++i) {
    Request r;
    r.path = "/api/v1/pods";
    futures.push_back(c->send_async(r));
  }
  for (auto& f : futures) EXPECT_EQ(f.get().json().at("kind"), "PodList");
  EXPECT_LE(server.connections(), 12);
  EXPECT_GE(c->idle_connections(), 1u);
}

TEST(Transport, TlsVerification) {
  peer::Server server([&](const peer::Request&) { return json_reply("{}"); });
  TempDir dir;
  // Wrong CA: handshake fails, the request provably never reached the server.
  auto bad = client_for(
      dir.write("bad", kubeconfig(server.url(),
                                  "    certificate-authority-data: " +
                                      base64_encode(peer::Pki::get().other_ca_pem) + "\n",
                                  "    token: t\n")));
  Request r;
  r.path = "/version";
  try {
    bad->send(r);
    FAIL();
  } catch (const NetworkError& e) {
    EXPECT_TRUE(e.never_sent());
    EXPECT_NE(std::string(e.what()).find("TLS"), std::string::npos);
  }
  // tls-server-name verifies another name in the certificate.
  auto named = client_for(dir.write(
      "named", kubeconfig(server.url(), ca_line() + "    tls-server-name: api.test.internal\n",
                          "    token: t\n")));
  EXPECT_EQ(named->send(r).status, 200);
  auto wrong_name = client_for(dir.write(
      "wrongname", kubeconfig(server.url(), ca_line() + "    tls-server-name: other.internal\n",
                              "    token: t\n")));
  EXPECT_THROW(wrong_name->send(r), NetworkError);
  // insecure-skip-tls-verify accepts any certificate.
  auto insecure = client_for(dir.write(
      "insecure",
      kubeconfig(server.url(), "    insecure-skip-tls-verify: true\n", "    token: t\n")));
  EXPECT_EQ(insecure->send(r).status, 200);
}

TEST(Transport, ClientCertificate) {
  peer::Server server(
      [&](const peer::Request& r) { return json_reply("{\"cn\":\"" + r.client_cn + "\"}"); }, true);
  TempDir dir;
  const auto& pki = peer::Pki::get();
  auto data = client_for(dir.write(
      "data", kubeconfig(server.url(), ca_line(),
                         "    client-certificate-data: " + base64_encode(pki.client_cert) +
                             "\n    client-key-data: " + base64_encode(pki.client_key) + "\n")));
  Request r;
  r.path = "/version";
  EXPECT_EQ(data->send(r).json().at("cn"), "jane");
  EXPECT_EQ(data->auth_method(), "client-certificate");
  dir.write("client.crt", pki.client_cert);
  dir.write("client.key", pki.client_key);
  auto files = client_for(dir.write(
      "files", kubeconfig(server.url(), ca_line(),
                          "    client-certificate: client.crt\n    client-key: client.key\n")));
  EXPECT_EQ(files->send(r).json().at("cn"), "jane");
  // A key that is not PEM is a ConfigError naming the field, without the value.
  try {
    client_for(dir.write(
        "broken",
        kubeconfig(server.url(), ca_line(),
                   "    client-certificate-data: " + base64_encode(pki.client_cert) +
                       "\n    client-key-data: " + base64_encode("SECRET-KEY-BYTES") + "\n")));
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.field(), "client-key");
    EXPECT_EQ(std::string(e.what()).find("SECRET-KEY-BYTES"), std::string::npos);
  }
}

TEST(Transport, ExecPluginRefreshedAfter401) {
  TempDir dir;
  const std::string counter = (dir.path / "n").string();
  const std::string plugin = dir.write("plugin.sh",
                                       R"(#!/bin/sh
n=$(cat )" + counter + R"( 2>/dev/null || echo 0); n=$((n+1)); echo $n > )" +
                                           counter + R"(
echo "{\"kind\":\"ExecCredential\",\"apiVersion\":\"client.authentication.k8s.io/v1\",\"status\":{\"token\":\"gen-$n\"}}"
)",
                                       true);
  peer::Server server([&](const peer::Request& r) {
    if (r.header("authorization") != "Bearer gen-2")
      return peer::status_reply(401, "Unauthorized", "Unauthorized");
    return json_reply("{}");
  });
  auto c = client_for(dir.write(
      "config", kubeconfig(server.url(), ca_line(),
                           "    exec:\n      apiVersion: client.authentication.k8s.io/v1\n"
                           "      command: " +
                               plugin + "\n      interactiveMode: Never\n")));
  Request r;
  r.path = "/api";
  EXPECT_EQ(c->send(r).status, 200);  // gen-1 rejected, plugin re-run, gen-2 accepted
  std::ifstream in(counter);
  int runs = 0;
  in >> runs;
  EXPECT_EQ(runs, 2);
}

TEST(Transport, UnauthorizedIsAuthError) {
  peer::Server server([&](const peer::Request&) {
    return peer::status_reply(401, "Unauthorized", "Unauthorized");
  });
  TempDir dir;
  auto c = client_for(
      dir.write("config", kubeconfig(server.url(), ca_line(), "    token: expired-token\n")));
  Request r;
  r.path = "/api/v1/pods";
  try {
    c->send(r);
    FAIL();
  } catch (const AuthError& e) {
    EXPECT_EQ(e.code(), 401);
    EXPECT_EQ(e.cluster(), "test");
    EXPECT_EQ(std::string(e.what()).find("expired-token"), std::string::npos);
  }
}

TEST(Transport, ApiErrorsCarryTheStatus) {
  peer::Server server([&](const peer::Request& r) {
    if (r.method == "POST")
      return peer::status_reply(409, "AlreadyExists", "pods \"web-1\" already exists");
    return peer::status_reply(404, "NotFound", "pods \"nope\" not found");
  });
  TempDir dir;
  auto c = client_for(dir.write("config", kubeconfig(server.url(), ca_line(), "    token: t\n")));
  try {
    get(*c, pods(), "shop", "nope");
    FAIL();
  } catch (const ApiError& e) {
    EXPECT_EQ(e.code(), 404);
    EXPECT_EQ(e.reason(), "NotFound");
    EXPECT_EQ(e.message(), "pods \"nope\" not found");
  }
  try {
    create(*c, pods(), "shop", json::parse(R"({"metadata":{"name":"web-1"}})"));
    FAIL();
  } catch (const ApiError& e) {
    EXPECT_TRUE(e.conflict());
    EXPECT_EQ(e.reason(), "AlreadyExists");
  }
}

TEST(Transport, TooManyRequestsHonoursRetryAfter) {
  std::atomic<int> calls{0};
  peer::Server server([&](const peer::Request&) {
    if (++calls == 1) {
      auto r = peer::status_reply(429, "TooManyRequests", "slow down");
      r.headers.emplace_back("Retry-After", "1");
      return r;
    }
    return json_reply("{}");
  });
  TempDir dir;
  auto c = client_for(dir.write("config", kubeconfig(server.url(), ca_line(), "    token: t\n")));
  Request r;
  r.path = "/api";
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(c->send(r).status, 200);
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(900));
  EXPECT_EQ(calls, 2);
}

TEST(Transport, RetriesAreToldToTheThreadsListener) {
  std::atomic<int> calls{0};
  peer::Server server([&](const peer::Request&) {
    if (++calls == 1) {
      auto r = peer::status_reply(429, "TooManyRequests", "slow down");
      r.headers.emplace_back("Retry-After", "1");
      return r;
    }
    return json_reply("{}");
  });
  TempDir dir;
  auto c = client_for(dir.write("config", kubeconfig(server.url(), ca_line(), "    token: t\n")));
  Request r;
  r.path = "/api";
  std::vector<std::string> outer, inner;
  RetryNotices listening([&](const std::string& what) { outer.push_back(what); });
  {
    RetryNotices nested([&](const std::string& what) { inner.push_back(what); });
    EXPECT_EQ(c->send(r).status, 200);
  }
  ASSERT_EQ(inner.size(), 1u) << "the innermost listener is told";
  EXPECT_TRUE(outer.empty());
  EXPECT_NE(inner[0].find("throttled a request (429); retrying in 1 s (attempt 1 of 3)"),
            std::string::npos)
      << inner[0];
  EXPECT_EQ(c->send(r).status, 200);
  EXPECT_TRUE(outer.empty()) << "no retry, nothing told";
}

TEST(Transport, GzipBodiesAreDecoded) {
  std::string big = R"({"kind":"PodList","items":[)";
  for (int i = 0; i < 2000; ++i)
    big += std::string(i ? "," : "") + R"({"metadata":{"name":"p)" + std::to_string(i) + "\"}}";
  big += "]}";
  std::string accept_encoding;
  peer::Server server([&](const peer::Request& r) {
    accept_encoding = r.header("accept-encoding");
    auto reply = json_reply(big);
    reply.gzip = true;
    return reply;
  });
  TempDir dir;
  auto c = client_for(dir.write("config", kubeconfig(server.url(), ca_line(), "    token: t\n")));
  auto v = list(*c, pods(), "");
  EXPECT_EQ(accept_encoding, "gzip");
  EXPECT_EQ(v.at("items").as_array().size(), 2000u);
}

TEST(Transport, RefusedAndTimeoutAreNetworkErrors) {
  TempDir dir;
  std::uint16_t port;
  {
    peer::Server gone([](const peer::Request&) { return peer::Reply{}; });
    port = gone.port();
  }
  auto refused =
      client_for(dir.write("refused", kubeconfig("https://127.0.0.1:" + std::to_string(port),
                                                 ca_line(), "    token: t\n")));
  Request r;
  r.path = "/api";
  try {
    refused->send(r);
    FAIL();
  } catch (const NetworkError& e) {
    EXPECT_TRUE(e.never_sent());
  }
  peer::Server slow([](const peer::Request&) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    return json_reply("{}");
  });
  auto c = client_for(dir.write("slow", kubeconfig(slow.url(), ca_line(), "    token: t\n")));
  r.timeout = std::chrono::milliseconds(300);
  try {
    c->send(r);
    FAIL();
  } catch (const NetworkError& e) {
    EXPECT_FALSE(e.never_sent());  // the request was sent: not safe to retry a write
    EXPECT_TRUE(e.timeout());
  }
}

TEST(Transport, CancelledRequestEndsAtOnce) {
  peer::Server slow([](const peer::Request&) {
    std::this_thread::sleep_for(std::chrono::milliseconds(3000));
    return json_reply("{}");
  });
  TempDir dir;
  auto c = client_for(dir.write("config", kubeconfig(slow.url(), ca_line(), "    token: t\n")));
  auto cancel = std::make_shared<kubemcp::net::CancelToken>();
  std::thread canceller([cancel] {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    cancel->cancel();
  });
  Request r;
  r.path = "/api";
  const auto start = std::chrono::steady_clock::now();
  EXPECT_THROW(c->send(r, cancel), CancelledError);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(1500));
  canceller.join();
}

TEST(Transport, WatchEventsAndCancel) {
  std::string target;
  peer::Server server([&](const peer::Request& r) {
    target = r.target;
    peer::Reply reply;
    reply.stream = [](const auto& write) {
      write(R"({"type":"ADDED","object":{"metadata":{"name":"a","resourceVersion":"10"}}})"
            "\n");
      write(R"({"type":"MODIFIED","object":{"metadata":{"name":"a","resourceVersion":"11"}}})"
            "\n");
      // Keep the watch open until the client goes away.
      for (int i = 0; i < 100 && write(" "); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    };
    return reply;
  });
  TempDir dir;
  auto c = client_for(dir.write("config", kubeconfig(server.url(), ca_line(), "    token: t\n")));
  auto cancel = std::make_shared<kubemcp::net::CancelToken>();
  std::vector<std::string> types;
  const auto start = std::chrono::steady_clock::now();
  ListOptions lo;
  lo.resource_version = "9";
  EXPECT_THROW(watch(
                   *c, pods(), "shop", lo,
                   [&](const WatchEvent& e) {
                     types.push_back(e.type);
                     if (types.size() == 2) cancel->cancel();
                     return true;
                   },
                   cancel),
               CancelledError);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(2000));
  EXPECT_EQ(types, (std::vector<std::string>{"ADDED", "MODIFIED"}));
  EXPECT_EQ(target, "/api/v1/namespaces/shop/pods?watch=1&resourceVersion=9");
}

TEST(Transport, WatchExpiredIsApiError410) {
  peer::Server server([&](const peer::Request&) {
    peer::Reply reply;
    reply.stream = [](const auto& write) {
      write(
          R"J({"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","status":"Failure","message":"too old resource version: 1 (5)","reason":"Expired","code":410}})J"
          "\n");
    };
    return reply;
  });
  TempDir dir;
  auto c = client_for(dir.write("config", kubeconfig(server.url(), ca_line(), "    token: t\n")));
  try {
    watch(*c, pods(), "shop", {}, [](const WatchEvent&) { return true; });
    FAIL();
  } catch (const ApiError& e) {
    EXPECT_EQ(e.code(), 410);
    EXPECT_EQ(e.reason(), "Expired");
  }
}

TEST(Transport, LogsFollowLines) {
  std::string target;
  peer::Server server([&](const peer::Request& r) {
    target = r.target;
    peer::Reply reply;
    reply.content_type = "text/plain";
    reply.stream = [](const auto& write) {
      write("line one\nline ");
      write("two\n");
      write("tail without newline");
    };
    return reply;
  });
  TempDir dir;
  auto c = client_for(dir.write("config", kubeconfig(server.url(), ca_line(), "    token: t\n")));
  std::vector<std::string> lines;
  LogOptions o;
  o.container = "app";
  o.follow = true;
  o.tail_lines = 5;
  stream_logs(*c, "shop", "web-1", o, [&](std::string_view l) {
    lines.emplace_back(l);
    return true;
  });
  EXPECT_EQ(lines, (std::vector<std::string>{"line one", "line two", "tail without newline"}));
  EXPECT_EQ(target, "/api/v1/namespaces/shop/pods/web-1/log?container=app&follow=true&tailLines=5");
}

TEST(Transport, KubeconfigRewriteIsPickedUpAndDropsConnections) {
  std::mutex mu;
  std::vector<std::string> auths;
  peer::Server server([&](const peer::Request& r) {
    std::lock_guard lock(mu);
    auths.push_back(r.header("authorization"));
    return json_reply("{}");
  });
  TempDir dir;
  const auto path = dir.write("config", kubeconfig(server.url(), ca_line(), "    token: old\n"));
  auto c = client_for(path);
  Request r;
  r.path = "/api";
  c->send(r);
  c->send(r);
  EXPECT_EQ(server.connections(), 1);
  dir.write("config", kubeconfig(server.url(), ca_line(), "    token: new-after-login\n"));
  c->send(r);
  EXPECT_EQ(auths.back(), "Bearer new-after-login");
  EXPECT_EQ(server.connections(), 2);  // pooled connection dropped
  EXPECT_FALSE(c->reload_if_changed());
}

TEST(Transport, TokenFileIsReadOnEveryChange) {
  std::string auth;
  peer::Server server([&](const peer::Request& r) {
    auth = r.header("authorization");
    return json_reply("{}");
  });
  TempDir dir;
  dir.write("token", "file-token-1\n");
  auto c = client_for(dir.write(
      "config", kubeconfig(server.url(), ca_line(), "    token: static\n    tokenFile: token\n")));
  Request r;
  r.path = "/api";
  c->send(r);
  EXPECT_EQ(auth, "Bearer file-token-1");
  dir.write("token", "file-token-2-rotated\n");
  c->send(r);
  EXPECT_EQ(auth, "Bearer file-token-2-rotated");
}

TEST(Transport, DiscoveryFromLegacyDocuments) {
  auto load = [](const std::string& name) {
    std::ifstream in(std::string(KUBEMCP_TEST_DATA) + "/kube/discovery/" + name);
    return std::string((std::istreambuf_iterator<char>(in)), {});
  };
  std::atomic<int> requests{0};
  peer::Server server([&](const peer::Request& r) {
    ++requests;
    std::string p = r.path();
    if (p == "/api") return json_reply(load("api.json"));
    if (p == "/apis") return json_reply(load("apis.json"));
    if (p == "/api/v1") return json_reply(load("api_v1.json"));
    if (p.starts_with("/apis/")) {
      std::string gv = p.substr(6);
      std::replace(gv.begin(), gv.end(), '/', '_');
      if (gv == "metrics.example.io_v1beta1")
        return peer::status_reply(503, "ServiceUnavailable", "metrics down");
      return json_reply(load(gv + ".json"));
    }
    return peer::status_reply(404, "NotFound", "no");
  });
  TempDir dir;
  auto c = client_for(dir.write("config", kubeconfig(server.url(), ca_line(), "    token: t\n")));
  auto& d = c->discovery();
  EXPECT_EQ(d.resolve("deploy").group_resource(), "deployments.apps");
  EXPECT_EQ(d.resolve("ct").kind, "CronTab");
  EXPECT_FALSE(d.aggregated());
  const int after_first = requests;
  EXPECT_EQ(d.resolve("po").resource, "pods");  // cached
  EXPECT_EQ(requests, after_first);
  EXPECT_EQ(d.resolve_many("all").size(), 11u);  // metrics group failed but the rest works
  d.min_refresh = std::chrono::seconds(0);
  EXPECT_THROW(d.resolve("nosuchthings"), MappingError);
  EXPECT_GT(requests, after_first);  // an unknown name refreshed once
  EXPECT_EQ(d.for_kind("apps/v1", "Deployment").resource, "deployments");
}

TEST(Transport, ExecOverWebSocketV5) {
  std::string target, offered;
  peer::Server server([&](const peer::Request& r) {
    target = r.target;
    offered = r.header("sec-websocket-protocol");
    peer::Reply reply;
    reply.ws_protocol = "v5.channel.k8s.io";
    reply.ws = [](peer::WsStream& ws) {
      std::string in;
      for (;;) {
        boost::beast::flat_buffer b;
        ws.read(b);
        std::string m = boost::beast::buffers_to_string(b.data());
        if (m.size() >= 2 && static_cast<unsigned char>(m[0]) == 255 && m[1] == 0) break;
        if (!m.empty() && m[0] == 0) in += m.substr(1);
      }
      ws.write(boost::asio::buffer(std::string("\x01") + "got:" + in));
      ws.write(boost::asio::buffer(std::string("\x02") + "warning"));
      ws.write(boost::asio::buffer(
          std::string("\x03") +
          R"({"metadata":{},"status":"Failure","reason":"NonZeroExitCode","message":"command terminated with non-zero exit code: 7","details":{"causes":[{"reason":"ExitCode","message":"7"}]}})"));
      ws.close(boost::beast::websocket::close_code::normal);
    };
    return reply;
  });
  TempDir dir;
  auto c = client_for(dir.write("config", kubeconfig(server.url(), ca_line(), "    token: t\n")));
  ExecOptions o;
  o.command = {"sh", "-c", "cat; exit 7"};
  o.container = "app";
  o.stdin_data = "hello stdin";
  auto res = exec(*c, "shop", "web-1", o);
  EXPECT_EQ(res.protocol, "v5.channel.k8s.io");
  EXPECT_EQ(res.stdout_data, "got:hello stdin");
  EXPECT_EQ(res.stderr_data, "warning");
  EXPECT_EQ(res.exit_code, 7);
  EXPECT_FALSE(res.timed_out);
  EXPECT_EQ(offered, "v5.channel.k8s.io, v4.channel.k8s.io");
  EXPECT_EQ(target,
            "/api/v1/namespaces/shop/pods/web-1/exec?command=sh&command=-c&command=cat%3B%20exit%"
            "207&container=app&stdin=true&stdout=true&stderr=true");
}

TEST(Transport, ExecV4SuccessAndTimeout) {
  peer::Server server([&](const peer::Request& r) {
    peer::Reply reply;
    reply.ws_protocol = "v4.channel.k8s.io";
    const bool hang = r.target.find("command=sleep") != std::string::npos;
    reply.ws = [hang](peer::WsStream& ws) {
      if (hang) {
        boost::beast::flat_buffer b;
        boost::system::error_code ec;
        ws.read(b, ec);  // until the client gives up
        return;
      }
      ws.write(boost::asio::buffer(std::string("\x01") + "ok\n"));
      ws.write(boost::asio::buffer(std::string("\x03") + R"({"metadata":{},"status":"Success"})"));
      ws.close(boost::beast::websocket::close_code::normal);
    };
    return reply;
  });
  TempDir dir;
  auto c = client_for(dir.write("config", kubeconfig(server.url(), ca_line(), "    token: t\n")));
  ExecOptions o;
  o.command = {"echo", "ok"};
  auto res = exec(*c, "shop", "web-1", o);
  EXPECT_EQ(res.protocol, "v4.channel.k8s.io");
  EXPECT_EQ(res.exit_code, 0);
  EXPECT_EQ(res.stdout_data, "ok\n");
  o.command = {"sleep", "100"};
  o.timeout = std::chrono::milliseconds(300);
  res = exec(*c, "shop", "web-1", o);
  EXPECT_TRUE(res.timed_out);
}

TEST(Transport, ExecRefusedUpgradeIsTypedError) {
  peer::Server server([&](const peer::Request&) {
    return peer::status_reply(403, "Forbidden", "pods \"web-1\" is forbidden: cannot exec");
  });
  TempDir dir;
  auto c = client_for(dir.write("config", kubeconfig(server.url(), ca_line(), "    token: t\n")));
  ExecOptions o;
  o.command = {"ls"};
  try {
    exec(*c, "shop", "web-1", o);
    FAIL();
  } catch (const ApiError& e) {
    EXPECT_EQ(e.code(), 403);
    EXPECT_EQ(e.reason(), "Forbidden");
  }
}

TEST(Transport, PortForwardRelaysBytes) {
  std::string target;
  peer::Server server([&](const peer::Request& r) {
    if (r.target.find("/portforward") == std::string::npos)
      return json_reply(R"({"kind":"Pod","metadata":{"name":"web-1"}})");
    target = r.target;
    peer::Reply reply;
    reply.ws_protocol = "v4.channel.k8s.io";
    reply.ws = [](peer::WsStream& ws) {
      // Port 8080 little-endian on the data and the error channel first.
      ws.write(boost::asio::buffer(std::string("\x00\x90\x1f", 3)));
      ws.write(boost::asio::buffer(std::string("\x01\x90\x1f", 3)));
      for (;;) {
        boost::beast::flat_buffer b;
        boost::system::error_code ec;
        ws.read(b, ec);
        if (ec) return;
        std::string m = boost::beast::buffers_to_string(b.data());
        if (m.empty() || m[0] != 0) continue;
        std::string up = m.substr(1);
        for (auto& ch : up) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
        ws.write(boost::asio::buffer(std::string(1, '\0') + up));
      }
    };
    return reply;
  });
  TempDir dir;
  auto c = client_for(dir.write("config", kubeconfig(server.url(), ca_line(), "    token: t\n")));
  auto pf = PortForward::start(c, "shop", "web-1", 8080);
  ASSERT_NE(pf->local_port(), 0);
  for (int round = 0; round < 2; ++round) {
    boost::asio::io_context io;
    boost::asio::ip::tcp::socket s(io);
    s.connect({boost::asio::ip::make_address("127.0.0.1"), pf->local_port()});
    boost::asio::write(s, boost::asio::buffer(std::string("hello port ") + std::to_string(round)));
    std::string got(12, '\0');
    boost::asio::read(s, boost::asio::buffer(got));
    EXPECT_EQ(got, "HELLO PORT " + std::to_string(round));
  }
  EXPECT_EQ(pf->connections_total(), 2u);
  EXPECT_EQ(target, "/api/v1/namespaces/shop/pods/web-1/portforward?ports=8080");
  pf->stop();
  EXPECT_FALSE(pf->active());
}

namespace {

// A minimal HTTP CONNECT proxy: one thread per tunnel, records the CONNECT targets and the
// Proxy-Authorization header it saw.
class ConnectProxy {
 public:
  ConnectProxy() {
    acceptor_.open(boost::asio::ip::tcp::v4());
    acceptor_.bind({boost::asio::ip::make_address("127.0.0.1"), 0});
    acceptor_.listen();
    thread_ = std::thread([this] {
      for (;;) {
        boost::system::error_code ec;
        auto s = std::make_shared<boost::asio::ip::tcp::socket>(io_);
        acceptor_.accept(*s, ec);
        if (ec || stop_) return;
        tunnels_.emplace_back([this, s] { tunnel(s); });
      }
    });
  }
  ~ConnectProxy() {
    stop_ = true;
    boost::system::error_code ec;
    {
      boost::asio::ip::tcp::socket wake(io_);
      wake.connect(acceptor_.local_endpoint(), ec);
    }
    thread_.join();
    for (auto& t : tunnels_) t.join();
  }
  std::string url(const std::string& userinfo = "") const {
    return "http://" + userinfo + "127.0.0.1:" + std::to_string(acceptor_.local_endpoint().port());
  }
  std::vector<std::string> targets;
  std::string proxy_authorization;

 private:
  void tunnel(std::shared_ptr<boost::asio::ip::tcp::socket> client) {
    boost::asio::streambuf buf;
    boost::system::error_code ec;
    boost::asio::read_until(*client, buf, "\r\n\r\n", ec);
    if (ec) return;
    std::string head((std::istreambuf_iterator<char>(&buf)), {});
    std::smatch m;
    if (!std::regex_search(head, m, std::regex("^CONNECT ([^ ]+):([0-9]+) HTTP/1.1"))) return;
    targets.push_back(m[1].str() + ":" + m[2].str());
    std::smatch a;
    if (std::regex_search(head, a, std::regex("Proxy-Authorization: ([^\r]+)")))
      proxy_authorization = a[1];
    boost::asio::ip::tcp::socket upstream(io_);
    upstream.connect({boost::asio::ip::make_address(m[1].str()),
                      static_cast<unsigned short>(std::stoi(m[2].str()))},
                     ec);
    if (ec) return;
    boost::asio::write(*client, boost::asio::buffer(std::string("HTTP/1.1 200 OK\r\n\r\n")));
    auto pump = [](boost::asio::ip::tcp::socket& from, boost::asio::ip::tcp::socket& to) {
      char b[16384];
      boost::system::error_code e;
      for (;;) {
        const std::size_t n = from.read_some(boost::asio::buffer(b), e);
        if (e) break;
        boost::asio::write(to, boost::asio::buffer(b, n), e);
        if (e) break;
      }
      to.shutdown(boost::asio::ip::tcp::socket::shutdown_both, e);
    };
    std::thread up([&] { pump(*client, upstream); });
    pump(upstream, *client);
    up.join();
  }
  boost::asio::io_context io_;
  boost::asio::ip::tcp::acceptor acceptor_{io_};
  std::atomic<bool> stop_{false};
  std::thread thread_;
  std::vector<std::thread> tunnels_;
};

}  // namespace

TEST(Transport, ProxyUrlTunnelsWithConnect) {
  peer::Server server([&](const peer::Request& r) {
    return json_reply("{\"auth\":\"" + r.header("authorization") + "\"}");
  });
  TempDir dir;
  {
    ConnectProxy proxy;
    auto c = client_for(dir.write(
        "config",
        kubeconfig(server.url(), ca_line() + "    proxy-url: " + proxy.url("user:pw@") + "\n",
                   "    token: via-proxy\n")));
    Request r;
    r.path = "/api";
    EXPECT_EQ(c->send(r).json().at("auth"), "Bearer via-proxy");  // TLS end to end
    EXPECT_EQ(proxy.targets,
              (std::vector<std::string>{"127.0.0.1:" + std::to_string(server.port())}));
    EXPECT_EQ(proxy.proxy_authorization, "Basic " + base64_encode("user:pw"));
    c.reset();
  }
  // A proxy that is not there: never sent.
  auto gone = client_for(
      dir.write("gone", kubeconfig(server.url(), ca_line() + "    proxy-url: http://127.0.0.1:1\n",
                                   "    token: t\n")));
  Request r;
  r.path = "/api";
  try {
    gone->send(r);
    FAIL();
  } catch (const NetworkError& e) {
    EXPECT_TRUE(e.never_sent());
  }
}

TEST(Transport, UnknownHostIsNeverSent) {
  TempDir dir;
  auto c = client_for(dir.write(
      "config", kubeconfig("https://no-such-host.invalid:6443", ca_line(), "    token: t\n")));
  Request r;
  r.path = "/api";
  try {
    c->send(r);
    FAIL();
  } catch (const NetworkError& e) {
    EXPECT_TRUE(e.never_sent());
    EXPECT_NE(std::string(e.what()).find("no-such-host.invalid"), std::string::npos);
  }
}

TEST(Transport, ResponseSizeIsBounded) {
  peer::Server server(
      [&](const peer::Request&) { return json_reply(std::string(4096, ' ') + "{}"); });
  TempDir dir;
  ClientConfig cfg;
  cfg.name = "test";
  cfg.kubeconfig = dir.write("config", kubeconfig(server.url(), ca_line(), "    token: t\n"));
  cfg.max_body = 1024;
  auto c = Client::create(cfg);
  Request r;
  r.path = "/api";
  try {
    c->send(r);
    FAIL();
  } catch (const KubeError& e) {
    EXPECT_NE(std::string(e.what()).find("exceeds 1024 bytes"), std::string::npos);
  }
}

TEST(Transport, AttachUsesTheAttachSubresource) {
  std::string target;
  peer::Server server([&](const peer::Request& r) {
    target = r.target;
    peer::Reply reply;
    reply.ws_protocol = "v5.channel.k8s.io";
    reply.ws = [](peer::WsStream& ws) {
      ws.write(boost::asio::buffer(std::string("\x01") + "main process output\n"));
      ws.write(boost::asio::buffer(std::string("\x03") + R"({"metadata":{},"status":"Success"})"));
      ws.close(boost::beast::websocket::close_code::normal);
    };
    return reply;
  });
  TempDir dir;
  auto c = client_for(dir.write("config", kubeconfig(server.url(), ca_line(), "    token: t\n")));
  ExecOptions o;
  o.container = "app";
  auto res = attach(*c, "shop", "web-1", o);
  EXPECT_EQ(res.stdout_data, "main process output\n");
  EXPECT_EQ(res.exit_code, 0);
  EXPECT_EQ(target,
            "/api/v1/namespaces/shop/pods/web-1/attach?container=app&stdout=true&stderr=true");
}

TEST(Transport, ExecPluginClientCertificate) {
  peer::Server server(
      [&](const peer::Request& r) { return json_reply("{\"cn\":\"" + r.client_cn + "\"}"); }, true);
  TempDir dir;
  const auto& pki = peer::Pki::get();
  json::object cred{{"kind", "ExecCredential"},
                    {"apiVersion", "client.authentication.k8s.io/v1beta1"},
                    {"status",
                     {{"clientCertificateData", pki.client_cert},
                      {"clientKeyData", pki.client_key},
                      {"expirationTimestamp", "2099-01-01T00:00:00Z"}}}};
  const std::string out = dir.write("cred.json", json::serialize(cred));
  const std::string plugin = dir.write("plugin.sh", "#!/bin/sh\ncat " + out + "\n", true);
  auto c = client_for(dir.write(
      "config", kubeconfig(server.url(), ca_line(),
                           "    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n"
                           "      command: " +
                               plugin + "\n")));
  Request r;
  r.path = "/version";
  EXPECT_EQ(c->send(r).json().at("cn"), "jane");
}

TEST(Transport, AggregatedDiscoveryAndDisableCompression) {
  auto load = [](const std::string& name) {
    std::ifstream in(std::string(KUBEMCP_TEST_DATA) + "/kube/discovery/" + name);
    return std::string((std::istreambuf_iterator<char>(in)), {});
  };
  std::string accept, accept_encoding;
  peer::Server server([&](const peer::Request& r) {
    accept = r.header("accept");
    accept_encoding = r.header("accept-encoding");
    auto reply =
        json_reply(load(r.path() == "/api" ? "aggregated_api.json" : "aggregated_apis.json"));
    reply.content_type = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";
    return reply;
  });
  TempDir dir;
  auto c = client_for(dir.write(
      "config",
      kubeconfig(server.url(), ca_line() + "    disable-compression: true\n", "    token: t\n")));
  auto& d = c->discovery();
  EXPECT_EQ(d.resolve("deploy").subresource("scale")->kind, "Scale");
  EXPECT_TRUE(d.aggregated());
  EXPECT_NE(accept.find("as=APIGroupDiscoveryList"), std::string::npos);
  EXPECT_EQ(accept_encoding, "");   // disable-compression
  EXPECT_EQ(server.requests(), 2);  // /api and /apis only
}
