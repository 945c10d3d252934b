// Auto-heal's rules for writes, against `kubemcp sim` with injected faults: a write that
// reached the server (a 500, a timeout after sending, an answer lost with its connection) is
// never repeated, nor is a handler that already sent a change when its login expired; one
// that provably never left (connection refused) is retried after network_heal.
#include <gtest/gtest.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <boost/json.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "fleet/fleet.hpp"
#include "kube/verbs.hpp"

extern char** environ;
using namespace kubemcp;
namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

std::string binary() {
  if (const char* b = std::getenv("KUBEMCP_BIN")) return b;
  return KUBEMCP_BIN;
}

// `kubemcp sim --clusters stage --seed empty` for the whole binary.
class SimProcess : public ::testing::Environment {
 public:
  static inline std::string dir;
  pid_t pid = -1;

  void SetUp() override {
    char tmpl[] = "/tmp/kubemcp-fleet-it-XXXXXX";
    dir = ::mkdtemp(tmpl);
    const std::string cmd =
        "exec '" + binary() + "' sim --dir '" + dir + "' --clusters stage --seed empty";
    int out[2];
    ASSERT_EQ(::pipe(out), 0);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, out[1], 1);
    posix_spawn_file_actions_addclose(&fa, out[0]);
    const char* argv[] = {"/bin/sh", "-c", cmd.c_str(), nullptr};
    ASSERT_EQ(posix_spawn(&pid, "/bin/sh", &fa, nullptr, const_cast<char**>(argv), environ), 0);
    posix_spawn_file_actions_destroy(&fa);
    ::close(out[1]);
    FILE* f = ::fdopen(out[0], "r");
    char line[4096] = {0};
    ASSERT_NE(std::fgets(line, sizeof line, f), nullptr) << "simulator did not start";
    ASSERT_EQ(std::string(line), "ready " + dir + "\n");
  }
  void TearDown() override {
    if (pid > 0) {
      ::kill(pid, SIGTERM);
      ::waitpid(pid, nullptr, 0);
    }
    fs::remove_all(dir);
  }
};

std::vector<std::string> ctl(std::initializer_list<std::string> args) {
  std::vector<std::string> v{binary(), "sim", "ctl", "--dir", SimProcess::dir};
  v.insert(v.end(), args);
  v.insert(v.end(), {"--cluster", "stage"});
  return v;
}

void run(const std::vector<std::string>& argv) {
  std::string cmd;
  for (const auto& a : argv) cmd += "'" + a + "' ";
  ASSERT_EQ(std::system((cmd + ">/dev/null 2>&1").c_str()), 0) << cmd;
}

kube::ResourceInfo configmaps() {
  kube::ResourceInfo r;
  r.version = "v1";
  r.resource = "configmaps";
  r.kind = "ConfigMap";
  return r;
}

json::value configmap(const std::string& name) {
  return json::object{{"apiVersion", "v1"},
                      {"kind", "ConfigMap"},
                      {"metadata", json::object{{"name", name}}},
                      {"data", json::object{{"k", "v"}}}};
}

struct FleetFixture : ::testing::Test {
  std::unique_ptr<fleet::Fleet> fleet;
  const fleet::ClusterConfig* stage = nullptr;
  std::string vpn_runs;

  void SetUp() override {
    vpn_runs =
        SimProcess::dir + "/vpn-" + ::testing::UnitTest::GetInstance()->current_test_info()->name();
    fleet::FleetConfig cfg;
    cfg.source = "test";
    fleet::ClusterConfig c;
    c.name = "stage";
    c.aliases = {"s"};
    c.kubeconfig = SimProcess::dir + "/config.s";
    c.namespace_ = "default";
    // network_heal counts its runs and makes the cluster reachable again.
    std::string heal = "echo run >> '" + vpn_runs + "'; ";
    for (const auto& a : ctl({"reachable"})) heal += "'" + a + "' ";
    c.network_heal = {"/bin/sh", "-c", heal + ">/dev/null"};
    c.login = {binary(), "sim", "login", "--dir", SimProcess::dir, "--cluster", "stage"};
    cfg.clusters.push_back(c);
    fleet::FleetOptions options;
    options.request_timeout = std::chrono::milliseconds(1500);
    options.heal.default_kube_login = false;
    fleet = std::make_unique<fleet::Fleet>(fleet::Registry(cfg), options);
    stage = &fleet->registry().clusters().front();
    run(ctl({"reset"}));
  }
  void TearDown() override { run(ctl({"reset"})); }

  int heal_runs() {
    std::ifstream in(vpn_runs);
    int n = 0;
    for (std::string l; std::getline(in, l);) ++n;
    return n;
  }
  // Creates a ConfigMap as a non-idempotent write through the fleet's heal-and-retry wrapper;
  // `attempts` counts how often the request was made.
  json::value write(const std::string& name, std::atomic<int>& attempts, std::string& healed) {
    return fleet->call(
        *stage,
        [&](kube::Client& c) {
          ++attempts;
          return kube::create(c, configmaps(), "default", configmap(name));
        },
        &healed, /*idempotent=*/false);
  }

  bool exists(const std::string& name) {
    try {
      kube::get(*fleet->client(*stage), configmaps(), "default", name);
      return true;
    } catch (const kube::ApiError& e) {
      EXPECT_EQ(e.code(), 404);
      return false;
    }
  }
};

}  // namespace

TEST_F(FleetFixture, AWriteAnsweredWith500IsNotRepeated) {
  run(ctl({"errors", "--percent", "100", "--code", "500"}));
  std::atomic<int> attempts{0};
  std::string healed;
  try {
    write("five-hundred", attempts, healed);
    FAIL() << "the injected 500 must surface";
  } catch (const kube::ApiError& e) {
    EXPECT_EQ(e.code(), 500);
  }
  EXPECT_EQ(attempts.load(), 1);
  EXPECT_TRUE(healed.empty());
  EXPECT_EQ(heal_runs(), 0);
}

TEST_F(FleetFixture, AWriteThatTimedOutAfterSendingIsNotRepeated) {
  run(ctl({"latency", "--ms", "3000"}));
  std::atomic<int> attempts{0};
  std::string healed;
  try {
    write("slow-write", attempts, healed);
    FAIL() << "the timeout must surface";
  } catch (const kube::NetworkError& e) {
    EXPECT_FALSE(e.never_sent());
  }
  EXPECT_EQ(attempts.load(), 1);
  EXPECT_EQ(heal_runs(), 0) << "no heal for a request that may have been applied";
}

TEST_F(FleetFixture, AWriteThatNeverLeftIsRetriedAfterNetworkHeal) {
  run(ctl({"unreachable"}));
  std::atomic<int> attempts{0};
  std::string healed;
  write("after-vpn", attempts, healed);
  EXPECT_EQ(attempts.load(), 2);
  EXPECT_EQ(heal_runs(), 1);
  EXPECT_NE(healed.find("restored the network to stage"), std::string::npos) << healed;
  EXPECT_TRUE(exists("after-vpn"));
}

TEST_F(FleetFixture, AChangeSentBeforeAnExpiredLoginIsNotRepeated) {
  std::atomic<int> attempts{0};
  std::string healed;
  try {
    fleet->call(
        *stage,
        [&](kube::Client& c) {
          ++attempts;
          kube::create(c, configmaps(), "default", configmap("before-login"));
          run(ctl({"revoke"}));  // the login expires between the write and the read after it
          return kube::get(c, configmaps(), "default", "before-login");
        },
        &healed);
    FAIL() << "the handler must not be run again";
  } catch (const fleet::ChangeNotRepeated& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("re-authenticated to stage"), std::string::npos) << what;
    EXPECT_NE(what.find("was not repeated"), std::string::npos) << what;
  }
  EXPECT_EQ(attempts.load(), 1);
  EXPECT_TRUE(exists("before-login")) << "the login was healed: the next call works";
}

TEST_F(FleetFixture, AReadOnlyHandlerIsRunAgainAfterTheLoginIsHealed) {
  std::atomic<int> attempts{0};
  std::string healed;
  run(ctl({"revoke"}));
  auto list = fleet->call(
      *stage,
      [&](kube::Client& c) {
        ++attempts;
        return kube::list(c, configmaps(), "default", {});
      },
      &healed);
  EXPECT_TRUE(list.is_object());
  EXPECT_EQ(attempts.load(), 2);
  EXPECT_NE(healed.find("re-authenticated to stage"), std::string::npos) << healed;
}

TEST_F(FleetFixture, ADeleteWhoseAnswerWasLostIsNeverSentAgain) {
  auto& c = *fleet->client(*stage);
  kube::create(c, configmaps(), "default", configmap("lost-answer"));
  ASSERT_TRUE(exists("lost-answer"));  // the next request reuses this warm connection
  run(ctl({"drop", "--count", "1"}));
  try {
    kube::remove(c, configmaps(), "default", "lost-answer", {});
    FAIL() << "the lost answer must surface; a re-sent DELETE would answer 404 instead";
  } catch (const kube::NetworkError& e) {
    EXPECT_FALSE(e.never_sent());
  }
  EXPECT_FALSE(exists("lost-answer")) << "the server handled the DELETE once";
}

TEST_F(FleetFixture, AGetWhoseAnswerWasLostIsSentAgain) {
  auto& c = *fleet->client(*stage);
  kube::create(c, configmaps(), "default", configmap("read-twice"));
  ASSERT_TRUE(exists("read-twice"));
  run(ctl({"drop", "--count", "1"}));
  auto v = kube::get(c, configmaps(), "default", "read-twice");
  EXPECT_EQ(v.at("metadata").at("name"), "read-twice");
}

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  ::testing::AddGlobalTestEnvironment(new SimProcess);
  return RUN_ALL_TESTS();
}
