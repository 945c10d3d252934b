// The native client against `kubemcp sim --seed demo` over real HTTPS: every auth method,
// every verb, the streams, typed errors and cancellation.
// The binary comes from the build (KUBEMCP_BIN) or $KUBEMCP_BIN.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <future>
#include <regex>
#include <thread>

#include "kube/cp.hpp"
#include "kube/discovery.hpp"
#include "kube/exec.hpp"
#include "kube/logs.hpp"
#include "kube/port_forward.hpp"
#include "kube/rest_client.hpp"
#include "kube/verbs.hpp"

extern char** environ;

using namespace kubemcp::kube;
namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

std::string binary() {
  if (const char* b = std::getenv("KUBEMCP_BIN")) return b;
  return KUBEMCP_BIN;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

// One simulator for the whole binary.
class Sim : public ::testing::Environment {
 public:
  static inline std::string dir;
  static inline std::string failure;
  pid_t pid = -1;

  void SetUp() override {
    char tmpl[] = "/tmp/kubemcp-kube-it-XXXXXX";
    dir = mkdtemp(tmpl);
    int out[2];
    if (pipe(out) != 0) {
      failure = "pipe failed";
      return;
    }
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, out[1], 1);
    posix_spawn_file_actions_addclose(&fa, out[0]);
    const std::string bin = binary();
    std::vector<std::string> args{bin, "sim", "--dir", dir, "--seed", "demo", "--pods", "1000"};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    if (posix_spawn(&pid, bin.c_str(), &fa, nullptr, argv.data(), environ) != 0) {
      failure = "cannot start " + bin;
      return;
    }
    posix_spawn_file_actions_destroy(&fa);
    close(out[1]);
    std::string text;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    pollfd p{out[0], POLLIN, 0};
    while (text.find("ready " + dir + "\n") == std::string::npos) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0 || poll(&p, 1, static_cast<int>(left.count())) <= 0) {
        failure = "the simulator did not print 'ready DIR' within 60 s";
        break;
      }
      char buf[4096];
      const ssize_t n = read(out[0], buf, sizeof buf);
      if (n <= 0) {
        failure = bin + " sim exited before ready (no simulator in this build?)";
        break;
      }
      text.append(buf, static_cast<std::size_t>(n));
    }
    // Keep draining stdout so the simulator never blocks on it.
    std::thread([fd = out[0]] {
      char buf[4096];
      while (read(fd, buf, sizeof buf) > 0) {
      }
      close(fd);
    }).detach();
  }

  void TearDown() override {
    if (pid > 0) {
      kill(pid, SIGTERM);
      int status;
      waitpid(pid, &status, 0);
    }
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
};

const auto* const sim_env = ::testing::AddGlobalTestEnvironment(new Sim);

class SimTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!Sim::failure.empty()) GTEST_SKIP() << Sim::failure;
  }
  static std::string path(const std::string& file) { return Sim::dir + "/" + file; }
  static std::shared_ptr<Client> client(const std::string& file = "config.s") {
    ClientConfig cfg;
    cfg.name = "stage";
    cfg.kubeconfig = path(file);
    return Client::create(cfg);
  }
  static std::string token_of(const std::string& file) {
    std::smatch m;
    const std::string text = slurp(path(file));
    if (std::regex_search(text, m, std::regex("token: ([0-9a-f]+)"))) return m[1];
    return {};
  }
  // A copy of config.s with the user replaced (a new file in the sim dir).
  static std::string variant(const std::string& name, const std::string& user_yaml) {
    std::string text = slurp(path("config.s"));
    text = std::regex_replace(text, std::regex("    token: [0-9a-f]+\n"), user_yaml);
    std::ofstream(path(name)) << text;
    return name;
  }
};

std::string unique(const std::string& base) {
  static std::atomic<int> n{0};
  return base + "-" + std::to_string(getpid()) + "-" + std::to_string(++n);
}

}  // namespace

// ---- auth ----

TEST_F(SimTest, TokenAuth) {
  auto c = client("config.s");
  EXPECT_EQ(c->auth_method(), "token");
  auto v = c->discovery().server_version();
  EXPECT_EQ(v.at("major"), "1");
  auto pods = list(*c, c->discovery().resolve("po"), "shop");
  EXPECT_GE(pods.at("items").as_array().size(), 3u);
}

TEST_F(SimTest, ClientCertificateAuth) {
  auto c = client("config.cert");
  EXPECT_EQ(c->auth_method(), "client-certificate");
  auto pods = list(*c, c->discovery().resolve("pods"), "shop");
  EXPECT_GE(pods.at("items").as_array().size(), 3u);
}

TEST_F(SimTest, ExecPluginAuth) {
  auto c = client("config.execplugin");
  EXPECT_EQ(c->auth_method(), "exec");
  auto deploys = list(*c, c->discovery().resolve("deploy"), "shop");
  EXPECT_GE(deploys.at("items").as_array().size(), 3u);
}

TEST_F(SimTest, TokenFileAuthIsReRead) {
  const std::string good = token_of("config.s");
  ASSERT_FALSE(good.empty());
  std::ofstream(path("token-file")) << "not-a-valid-token\n";
  auto c = client(variant("config.tokenfile", "    tokenFile: " + path("token-file") + "\n"));
  EXPECT_EQ(c->auth_method(), "tokenFile");
  Request r;
  r.path = "/api/v1/namespaces/shop/pods";
  EXPECT_THROW(c->send(r), AuthError);
  std::ofstream(path("token-file")) << good << "\n";  // rotated by some agent
  EXPECT_EQ(c->send(r).status, 200);
}

TEST_F(SimTest, UnauthorizedIsReportedAsAuthError) {
  auto c = client(variant("config.bad", "    token: deadbeefdeadbeef\n"));
  Request r;
  r.path = "/api/v1/namespaces/shop/pods";
  try {
    c->send(r);
    FAIL() << "expected AuthError";
  } catch (const AuthError& e) {
    EXPECT_EQ(e.code(), 401);
    EXPECT_EQ(e.cluster(), "stage");
    EXPECT_EQ(std::string(e.what()).find("deadbeef"), std::string::npos);
  }
}

TEST_F(SimTest, LoginRewriteIsPickedUp) {
  const std::string file = variant("config.relogin", "    token: deadbeefdeadbeef\n");
  auto c = client(file);
  Request r;
  r.path = "/api";
  EXPECT_THROW(c->send(r), AuthError);
  // A login command rewrites the file with a fresh token.
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  fs::copy_file(path("config.s"), path(file), fs::copy_options::overwrite_existing);
  EXPECT_EQ(c->send(r).status, 200);
}

// ---- discovery + verbs ----

TEST_F(SimTest, DiscoveryResolvesLikeKubectl) {
  auto c = client();
  auto& d = c->discovery();
  EXPECT_EQ(d.resolve("po").resource, "pods");
  EXPECT_EQ(d.resolve("Pod").resource, "pods");
  EXPECT_EQ(d.resolve("deploy").group, "apps");
  EXPECT_EQ(d.resolve("deployments.v1.apps").resource, "deployments");
  EXPECT_EQ(d.resolve("sts").kind, "StatefulSet");
  const ResourceInfo deploy = d.resolve("deploy");
  const auto* scale = deploy.subresource("scale");
  ASSERT_NE(scale, nullptr);
  EXPECT_EQ(scale->kind, "Scale");
  EXPECT_FALSE(d.resolve_many("all").empty());
  EXPECT_THROW(d.resolve("nosuchresources"), MappingError);
}

TEST_F(SimTest, GetListSelectorsAndPagination) {
  auto c = client();
  const auto pods = c->discovery().resolve("pods");
  ListOptions sel;
  sel.label_selector = "app=web";
  auto web = list(*c, pods, "shop", sel);
  ASSERT_EQ(web.at("items").as_array().size(), 3u);
  for (const auto& p : web.at("items").as_array())
    EXPECT_EQ(p.at("metadata").at("labels").at("app"), "web");
  const std::string name(web.at("items").as_array()[0].at("metadata").at("name").as_string());
  EXPECT_EQ(get(*c, pods, "shop", name).at("metadata").at("name").as_string(), name);
  ListOptions by_field;
  by_field.field_selector = "metadata.name=" + name;
  EXPECT_EQ(list(*c, pods, "shop", by_field).at("items").as_array().size(), 1u);
  // Pages of 100 over the 1,000 load pods.
  ListOptions page;
  page.limit = 100;
  auto first = list(*c, pods, "load", page);
  EXPECT_EQ(first.at("items").as_array().size(), 100u);
  EXPECT_FALSE(first.at("metadata").at("continue").as_string().empty());
  auto all = list_all(*c, pods, "load", page);
  EXPECT_EQ(all.at("items").as_array().size(), 1000u);
  auto capped = list_all(*c, pods, "load", page, 250);
  EXPECT_EQ(capped.at("items").as_array().size(), 250u);
  EXPECT_FALSE(capped.at("metadata").at("continue").as_string().empty());
  try {
    get(*c, pods, "shop", "no-such-pod");
    FAIL();
  } catch (const ApiError& e) {
    EXPECT_EQ(e.code(), 404);
    EXPECT_EQ(e.reason(), "NotFound");
  }
}

TEST_F(SimTest, TableRequests) {
  auto c = client();
  const auto pods = c->discovery().resolve("pods");
  auto t = get_table(*c, pods, "shop", "", {}, IncludeObject::Metadata);
  EXPECT_EQ(t.at("kind"), "Table");
  const auto& cols = t.at("columnDefinitions").as_array();
  ASSERT_FALSE(cols.empty());
  EXPECT_EQ(cols[0].at("name"), "Name");
  const auto& rows = t.at("rows").as_array();
  ASSERT_FALSE(rows.empty());
  EXPECT_EQ(rows[0].at("object").at("kind"), "PartialObjectMetadata");
  auto all_ns = get_table(*c, pods, "", "", {}, IncludeObject::Metadata);
  EXPECT_GT(all_ns.at("rows").as_array().size(), rows.size());
}

TEST_F(SimTest, CreateReplacePatchDelete) {
  auto c = client();
  const auto cms = c->discovery().resolve("cm");
  const std::string name = unique("cfg");
  json::value cm = {{"apiVersion", "v1"},
                    {"kind", "ConfigMap"},
                    {"metadata", {{"name", name}, {"labels", {{"team", "a"}}}}},
                    {"data", {{"k", "v1"}}}};
  auto created = create(*c, cms, "shop", cm);
  EXPECT_EQ(created.at("data").at("k"), "v1");
  EXPECT_THROW(create(*c, cms, "shop", cm), ApiError);  // AlreadyExists
  WriteOptions dry;
  dry.dry_run = true;
  auto dried = patch(*c, cms, "shop", name, PatchType::Merge, R"({"data":{"k":"dry"}})", dry);
  EXPECT_EQ(dried.at("data").at("k"), "dry");
  EXPECT_EQ(get(*c, cms, "shop", name).at("data").at("k"), "v1");  // not persisted
  auto merged = patch(*c, cms, "shop", name, PatchType::Merge, R"({"data":{"k2":"x"}})");
  EXPECT_EQ(merged.at("data").at("k2"), "x");
  auto jsonp = patch(*c, cms, "shop", name, PatchType::Json,
                     R"([{"op":"replace","path":"/data/k","value":"v2"}])");
  EXPECT_EQ(jsonp.at("data").at("k"), "v2");
  auto strategic =
      patch(*c, cms, "shop", name, PatchType::Strategic, R"({"metadata":{"labels":{"team":"b"}}})");
  EXPECT_EQ(strategic.at("metadata").at("labels").at("team"), "b");
  auto current = get(*c, cms, "shop", name);
  current.as_object()["data"].as_object()["k"] = "v3";
  auto replaced = replace(*c, cms, "shop", name, current);
  EXPECT_EQ(replaced.at("data").at("k"), "v3");
  DeleteOptions dry_delete;
  dry_delete.dry_run = true;
  remove(*c, cms, "shop", name, dry_delete);
  EXPECT_NO_THROW(get(*c, cms, "shop", name));
  DeleteOptions del;
  del.propagation = "Background";
  del.grace_period_seconds = 0;
  remove(*c, cms, "shop", name, del);
  EXPECT_THROW(get(*c, cms, "shop", name), ApiError);
}

TEST_F(SimTest, ServerSideApply) {
  auto c = client();
  const auto cms = c->discovery().resolve("configmaps");
  const std::string name = unique("applied");
  const std::string manifest =
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + name + "\ndata:\n  a: '1'\n";
  ApplyOptions dry;
  dry.dry_run = true;
  apply(*c, cms, "shop", "", manifest, dry);
  EXPECT_THROW(get(*c, cms, "shop", name), ApiError);  // dry run created nothing
  auto made = apply(*c, cms, "shop", "", manifest);
  EXPECT_EQ(made.at("data").at("a"), "1");
  auto changed =
      apply(*c, cms, "shop", name,
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + name + "\ndata:\n  a: '2'\n");
  EXPECT_EQ(changed.at("data").at("a"), "2");
  // Another manager changing an owned field conflicts unless forced.
  ApplyOptions other;
  other.field_manager = "someone-else";
  const std::string theirs =
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + name + "\ndata:\n  a: '3'\n";
  try {
    apply(*c, cms, "shop", name, theirs, other);
    FAIL() << "expected a conflict";
  } catch (const ApiError& e) {
    EXPECT_EQ(e.code(), 409);
  }
  other.force = true;
  EXPECT_EQ(apply(*c, cms, "shop", name, theirs, other).at("data").at("a"), "3");
  remove(*c, cms, "shop", name);
}

TEST_F(SimTest, ScaleAndStatusSubresources) {
  auto c = client();
  const auto deploy = c->discovery().resolve("deploy");
  auto s = get_scale(*c, deploy, "shop", "web");
  EXPECT_EQ(s.at("kind"), "Scale");
  const auto before = s.at("spec").at("replicas").as_int64();
  auto scaled = scale(*c, deploy, "shop", "web", before + 1);
  EXPECT_EQ(scaled.at("spec").at("replicas").as_int64(), before + 1);
  EXPECT_EQ(get(*c, deploy, "shop", "web").at("spec").at("replicas").as_int64(), before + 1);
  scale(*c, deploy, "shop", "web", before);
  auto st = get_subresource(*c, deploy, "shop", "web", "status");
  EXPECT_TRUE(st.at("status").is_object());
}

TEST_F(SimTest, WatchSeesChangesAndIsCancelled) {
  auto c = client();
  const auto cms = c->discovery().resolve("cm");
  auto listed = list(*c, cms, "shop");
  ListOptions o;
  o.resource_version = std::string(listed.at("metadata").at("resourceVersion").as_string());
  const std::string name = unique("watched");
  auto cancel = std::make_shared<kubemcp::net::CancelToken>();
  std::mutex mu;
  std::vector<std::string> seen;
  auto count = [&] {
    std::lock_guard lock(mu);
    return seen.size();
  };
  auto watcher = std::async(std::launch::async, [&] {
    try {
      watch(
          *c, cms, "shop", o,
          [&](const WatchEvent& e) {
            std::lock_guard lock(mu);
            if (e.object.at("metadata").at("name").as_string() == name) seen.push_back(e.type);
            return true;
          },
          cancel);
      return std::string("ended");
    } catch (const CancelledError&) {
      return std::string("cancelled");
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  create(*c, cms, "shop", {{"metadata", {{"name", name}}}, {"data", {{"x", "1"}}}});
  patch(*c, cms, "shop", name, PatchType::Merge, R"({"data":{"x":"2"}})");
  remove(*c, cms, "shop", name);
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (count() < 3 && std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  const auto t0 = std::chrono::steady_clock::now();
  cancel->cancel();
  EXPECT_EQ(watcher.get(), "cancelled");
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(1));
  EXPECT_EQ(seen, (std::vector<std::string>{"ADDED", "MODIFIED", "DELETED"}));
}

TEST_F(SimTest, FanOutAcrossClusters) {
  std::vector<std::shared_ptr<Client>> clients{client("config.e"), client("config.s"),
                                               client("config.p")};
  std::vector<std::future<Response>> answers;
  for (auto& c : clients) {
    Request r;
    r.path = "/api/v1/namespaces";
    answers.push_back(c->send_async(r));
  }
  for (auto& a : answers) EXPECT_EQ(a.get().json().at("kind"), "NamespaceList");
}

// ---- streams ----

TEST_F(SimTest, LogsAndFollow) {
  auto c = client();
  const auto pods = c->discovery().resolve("pods");
  ListOptions sel;
  sel.label_selector = "app=web";
  auto web = list(*c, pods, "shop", sel);
  const std::string pod(web.at("items").as_array()[0].at("metadata").at("name").as_string());
  LogOptions o;
  o.container = "nginx";
  o.tail_lines = 5;
  const std::string text = read_logs(*c, "shop", pod, o);
  EXPECT_FALSE(text.empty());
  EXPECT_LE(std::count(text.begin(), text.end(), '\n'), 5);
  o.follow = true;
  auto cancel = std::make_shared<kubemcp::net::CancelToken>();
  int lines = 0;
  try {
    stream_logs(
        *c, "shop", pod, o,
        [&](std::string_view) {
          if (++lines == 3) cancel->cancel();
          return true;
        },
        cancel);
  } catch (const CancelledError&) {
  }
  EXPECT_GE(lines, 3);
}

namespace {
bool unsupported(const ApiError& e) {
  return e.code() == 404 || e.code() == 405 || e.code() == 400 || e.code() == 501;
}
}  // namespace

TEST_F(SimTest, ExecExitCodeAndStdin) {
  auto c = client();
  ExecOptions o;
  o.command = {"sh", "-c", "echo out; echo err >&2; exit 7"};
  ExecResult r;
  try {
    r = exec(*c, "shop", "db-0", o);
  } catch (const ApiError& e) {
    if (unsupported(e)) GTEST_SKIP() << "the simulator does not serve exec: " << e.what();
    throw;
  }
  EXPECT_EQ(r.protocol, "v5.channel.k8s.io");
  EXPECT_EQ(r.stdout_data, "out\n");
  EXPECT_EQ(r.stderr_data, "err\n");
  EXPECT_EQ(r.exit_code, 7);
  o.command = {"sh", "-c", "tr a-z A-Z"};
  o.stdin_data = "hello stdin\n";
  r = exec(*c, "shop", "db-0", o);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.stdout_data, "HELLO STDIN\n");
}

TEST_F(SimTest, CopyRoundTrip) {
  auto c = client();
  char tmpl[] = "/tmp/kube-cp-it-XXXXXX";
  const fs::path local = mkdtemp(tmpl);
  fs::create_directories(local / "src" / "nested");
  std::ofstream(local / "src" / "a.txt") << "alpha\n";
  std::ofstream(local / "src" / "nested" / "b.bin") << std::string("\0\1\2\3", 4);
  try {
    copy_to_pod(*c, "shop", "db-0", (local / "src").string(), "/tmp/roundtrip");
  } catch (const ApiError& e) {
    fs::remove_all(local);
    if (unsupported(e)) GTEST_SKIP() << "the simulator does not serve exec: " << e.what();
    throw;
  }
  const auto back = copy_from_pod(*c, "shop", "db-0", "/tmp/roundtrip", (local / "back").string());
  EXPECT_EQ(back.files, 2u);
  EXPECT_EQ(slurp(local / "back" / "a.txt"), "alpha\n");
  EXPECT_EQ(slurp(local / "back" / "nested" / "b.bin"), std::string("\0\1\2\3", 4));
  fs::remove_all(local);
}

namespace {
// Sends `request` through a local port and returns what came back until the peer closed.
std::string through(std::uint16_t port, const std::string& request) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return "connect failed";
  }
  if (write(fd, request.data(), request.size()) != static_cast<ssize_t>(request.size())) {
    close(fd);
    return "write failed";
  }
  std::string got;
  pollfd p{fd, POLLIN, 0};
  while (poll(&p, 1, 5000) > 0) {
    char buf[1024];
    const ssize_t n = read(fd, buf, sizeof buf);
    if (n <= 0) break;
    got.append(buf, static_cast<std::size_t>(n));
  }
  close(fd);
  return got;
}
}  // namespace

TEST_F(SimTest, PortForwardCarriesBytes) {
  auto c = client();
  auto pf = PortForward::start(c, "shop", "db-0", 5432);
  ASSERT_NE(pf->local_port(), 0);
  // The simulated container answers HTTP on its declared ports; two connections in a row.
  for (const char* path : {"/first", "/second"}) {
    const std::string got =
        through(pf->local_port(), std::string("GET ") + path + " HTTP/1.1\r\nHost: x\r\n\r\n");
    if (got.empty() && pf->last_error().find("404") != std::string::npos)
      GTEST_SKIP() << "the simulator does not serve port-forward: " << pf->last_error();
    EXPECT_NE(got.find("HTTP/1.1 200 OK"), std::string::npos) << got << pf->last_error();
    EXPECT_NE(got.find("pod db-0 port 5432"), std::string::npos) << got;
    EXPECT_NE(got.find(path), std::string::npos) << got;
  }
  EXPECT_EQ(pf->connections_total(), 2u);
  EXPECT_EQ(pf->last_error(), "");
  // Issue 16: bytes each way, as k8s_port_forward lists them (requests out, responses in).
  EXPECT_EQ(pf->bytes_to_pod(),
            2 * std::string("GET /first HTTP/1.1\r\nHost: x\r\n\r\n").size() + 1);
  EXPECT_GT(pf->bytes_from_pod(), 2 * std::string("HTTP/1.1 200 OK\r\n").size());
  pf->stop();
  EXPECT_FALSE(pf->active());
  // stop() returns once the port is closed.
  EXPECT_EQ(through(pf->local_port(), "GET / HTTP/1.1\r\n\r\n"), "connect failed");
}

TEST_F(SimTest, PortForwardToAClosedPortReportsTheError) {
  auto c = client();
  auto pf = PortForward::start(c, "shop", "db-0", 6543);
  const std::string got = through(pf->local_port(), "GET / HTTP/1.1\r\n\r\n");
  EXPECT_EQ(got, "");
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  while (pf->last_error().empty() && std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_NE(pf->last_error().find("6543"), std::string::npos) << pf->last_error();
  EXPECT_THROW(PortForward::start(c, "shop", "no-such-pod", 80), ApiError);
}

TEST_F(SimTest, DeleteCollectionBySelector) {
  auto c = client();
  const auto cms = c->discovery().resolve("cm");
  const std::string label = unique("batch");
  for (int i = 0; i < 3; ++i)
    create(*c, cms, "shop",
           {{"metadata",
             {{"name", label + "-" + std::to_string(i)}, {"labels", {{"batch", label}}}}}});
  ListOptions sel;
  sel.label_selector = "batch=" + label;
  EXPECT_EQ(list(*c, cms, "shop", sel).at("items").as_array().size(), 3u);
  DeleteOptions dry;
  dry.dry_run = true;
  remove_collection(*c, cms, "shop", sel, dry);
  EXPECT_EQ(list(*c, cms, "shop", sel).at("items").as_array().size(), 3u);
  remove_collection(*c, cms, "shop", sel);
  EXPECT_EQ(list(*c, cms, "shop", sel).at("items").as_array().size(), 0u);
}

TEST_F(SimTest, WaitForRolloutAndDeletion) {
  auto c = client();
  const auto deploy = c->discovery().resolve("deploy");
  const auto before = get(*c, deploy, "shop", "web").at("spec").at("replicas").as_int64();
  scale(*c, deploy, "shop", "web", before + 1);
  // rollout status: observed generation caught up and every replica updated and available.
  auto rolled_out = [](const json::value& d) {
    if (d.is_null()) return false;
    const auto& spec = d.at("spec").as_object();
    const auto& st = d.at("status").as_object();
    auto num = [](const json::object& o, const char* k) -> std::int64_t {
      const auto* v = o.if_contains(k);
      return v && v->is_int64() ? v->as_int64() : 0;
    };
    return num(d.at("metadata").as_object(), "generation") <= num(st, "observedGeneration") &&
           num(st, "updatedReplicas") >= num(spec, "replicas") &&
           num(st, "availableReplicas") >= num(spec, "replicas");
  };
  auto done = wait_for(*c, deploy, "shop", "web", rolled_out, std::chrono::seconds(20));
  EXPECT_EQ(done.at("status").at("availableReplicas").as_int64(), before + 1);
  scale(*c, deploy, "shop", "web", before);

  const auto cms = c->discovery().resolve("cm");
  const std::string name = unique("doomed");
  create(*c, cms, "shop", {{"metadata", {{"name", name}}}});
  auto deleter = std::async(std::launch::async, [&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    remove(*c, cms, "shop", name);
  });
  auto gone = wait_for(
      *c, cms, "shop", name, [](const json::value& o) { return o.is_null(); },
      std::chrono::seconds(10));
  EXPECT_TRUE(gone.is_null());
  deleter.get();
  // Nothing happens: a timeout, reported as such, on time.
  const auto t0 = std::chrono::steady_clock::now();
  try {
    wait_for(
        *c, cms, "shop", "never-there", [](const json::value& o) { return !o.is_null(); },
        std::chrono::seconds(1));
    FAIL();
  } catch (const KubeError& e) {
    EXPECT_NE(std::string(e.what()).find("timed out"), std::string::npos);
  }
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(3));
}
