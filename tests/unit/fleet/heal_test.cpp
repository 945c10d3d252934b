#include "fleet/heal.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include "fleet/command.hpp"

using namespace kubemcp::fleet;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {
struct Scratch {
  fs::path dir;
  Scratch() {
    char tmpl[] = "/tmp/kubemcp-heal-XXXXXX";
    dir = ::mkdtemp(tmpl);
  }
  ~Scratch() { fs::remove_all(dir); }
  // A login script that counts its runs in `count`, sleeps, and exits with `code`.
  std::vector<std::string> script(const std::string& name, int code, double sleep_s = 0.1) {
    const auto path = dir / name;
    std::ofstream(path) << "#!/bin/sh\necho run >> '" << (dir / (name + ".count")).string()
                        << "'\necho 'token: do-not-print-me'\nsleep " << sleep_s << "\nexit "
                        << code << "\n";
    fs::permissions(path, fs::perms::owner_all);
    return {path.string()};
  }
  int runs(const std::string& name) {
    std::ifstream in(dir / (name + ".count"));
    int n = 0;
    for (std::string l; std::getline(in, l);) ++n;
    return n;
  }
};

ClusterConfig cluster(std::vector<std::string> login) {
  ClusterConfig c;
  c.name = "stage";
  c.aliases = {"s"};
  c.login = std::move(login);
  return c;
}
}  // namespace

TEST(Command, CapturesOutputExitCodeAndTimeout) {
  auto ok = run_command({"sh", "-c", "echo out; echo err >&2; exit 3"}, 5s);
  EXPECT_TRUE(ok.started);
  EXPECT_EQ(ok.exit_code, 3);
  EXPECT_NE(ok.output.find("out"), std::string::npos);
  EXPECT_NE(ok.output.find("err"), std::string::npos);
  EXPECT_EQ(ok.error, "exited with code 3");
  auto slow = run_command({"sh", "-c", "sleep 10"}, 200ms);
  EXPECT_TRUE(slow.timed_out);
  EXPECT_FALSE(slow.ok());
  auto missing = run_command({"/no/such/program"}, 1s);
  EXPECT_FALSE(missing.started);
  EXPECT_NE(missing.error.find("cannot run '/no/such/program'"), std::string::npos);
  EXPECT_EQ(describe_command({"kube", "s", "two words"}), "kube s 'two words'");
}

namespace {
// Gone or a zombie no one has reaped yet: either way, not running.
bool running(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(stat, line)) return false;
  const auto close = line.rfind(')');
  return close != std::string::npos && line.size() > close + 2 && line[close + 2] != 'Z';
}
pid_t read_pid(const fs::path& p) {
  std::ifstream in(p);
  pid_t pid = 0;
  in >> pid;
  return pid;
}
}  // namespace

TEST(Command, LoginThatClosesItsOutputAndSleepsIsStoppedAtTheTimeout) {
  Scratch s;
  const auto pidfile = (s.dir / "pid").string();
  const auto t0 = std::chrono::steady_clock::now();
  auto r =
      run_command({"sh", "-c", "echo $$ > '" + pidfile + "'; exec >/dev/null 2>&1; sleep 60"}, 1s);
  const auto took = std::chrono::steady_clock::now() - t0;
  EXPECT_TRUE(r.timed_out);
  EXPECT_EQ(r.error, "timed out after 1s");
  EXPECT_LT(took, 4s);  // the timeout, then SIGTERM does it
  EXPECT_FALSE(running(read_pid(pidfile)));
}

TEST(Command, LoginThatLeavesABackgroundChildReturnsAndTheChildIsEnded) {
  Scratch s;
  const auto pidfile = (s.dir / "pid").string();
  const auto t0 = std::chrono::steady_clock::now();
  // The background sleep holds the output pipe open after the login itself exited.
  auto r = run_command({"sh", "-c", "sleep 60 & echo $! > '" + pidfile + "'; echo logged in"}, 30s);
  const auto took = std::chrono::steady_clock::now() - t0;
  EXPECT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.output, "logged in\n");
  EXPECT_LT(took, 4s);
  EXPECT_FALSE(running(read_pid(pidfile)));
}

TEST(Heal, CallsWaitingOnAHealThatNeverEndsGiveUpAtItsDeadline) {
  Scratch s;
  HealOptions options;
  options.login_timeout = 500ms;  // deadline: 0.5 s + 2 s kill grace + 2 s
  Healer healer(options);
  const auto c = cluster(s.script("login", 0, 0.1));
  std::atomic<bool> release{false};
  // The login succeeds, but re-reading the kubeconfig hangs (a stuck file system, say).
  std::thread stuck([&] {
    healer.heal(c, HealKind::login, 0, [&] {
      while (!release) std::this_thread::sleep_for(10ms);
    });
  });
  std::this_thread::sleep_for(300ms);
  const auto t0 = std::chrono::steady_clock::now();
  const auto o = healer.heal(c, HealKind::login, 0, [] {});
  const auto took = std::chrono::steady_clock::now() - t0;
  release = true;
  stuck.join();
  EXPECT_FALSE(o.retry);
  EXPECT_LT(took, 6s);
  EXPECT_NE(o.error.find("login for stage with '"), std::string::npos) << o.error;
  EXPECT_NE(o.error.find("started by another call, is still running after its 4s deadline"),
            std::string::npos)
      << o.error;
}

TEST(Heal, ConcurrentFailuresShareOneLogin) {
  Scratch s;
  Healer healer;
  const auto c = cluster(s.script("login", 0, 0.3));
  const auto seen = healer.epoch("stage", HealKind::login);
  std::atomic<int> reloads{0}, retries{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 50; ++i)
    threads.emplace_back([&] {
      auto o = healer.heal(c, HealKind::login, seen, [&] { ++reloads; });
      if (o.retry) ++retries;
      EXPECT_NE(o.summary.find("re-authenticated to stage with '"), std::string::npos);
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(s.runs("login"), 1);
  EXPECT_EQ(reloads.load(), 1);
  EXPECT_EQ(retries.load(), 50);
  EXPECT_EQ(healer.epoch("stage", HealKind::login), seen + 1);
  ASSERT_TRUE(healer.last("stage"));
  EXPECT_TRUE(healer.last("stage")->ok);
}

TEST(Heal, FailedLoginIsNotRepeatedDuringCooldownAndNeverShowsOutput) {
  Scratch s;
  Healer healer(HealOptions{.cooldown = 60s});
  const auto c = cluster(s.script("bad", 1, 0));
  auto first = healer.heal(c, HealKind::login, 0, [] {});
  EXPECT_FALSE(first.retry);
  EXPECT_NE(first.error.find("exited with code 1"), std::string::npos);
  EXPECT_NE(first.error.find("by hand"), std::string::npos);
  EXPECT_EQ(first.error.find("do-not-print-me"), std::string::npos);
  for (int i = 0; i < 5; ++i) {
    auto again = healer.heal(c, HealKind::login, 0, [] {});
    EXPECT_FALSE(again.retry);
    EXPECT_NE(again.error.find("cool-down"), std::string::npos);
  }
  EXPECT_EQ(s.runs("bad"), 1);
  EXPECT_FALSE(healer.last("stage")->ok);
}

TEST(Heal, LoginRunsAgainAfterCooldown) {
  Scratch s;
  Healer healer(HealOptions{.cooldown = 100ms});
  const auto c = cluster(s.script("bad", 1, 0));
  healer.heal(c, HealKind::login, 0, [] {});
  std::this_thread::sleep_for(150ms);
  healer.heal(c, HealKind::login, 0, [] {});
  EXPECT_EQ(s.runs("bad"), 2);
}

TEST(Heal, LaterFailureAfterASuccessfulHealRetriesWithoutLogin) {
  Scratch s;
  Healer healer;
  const auto c = cluster(s.script("login", 0, 0));
  EXPECT_TRUE(healer.heal(c, HealKind::login, 0, [] {}).retry);
  // A call that started before that heal (it saw epoch 0) fails late: no second login.
  EXPECT_TRUE(healer.heal(c, HealKind::login, 0, [] {}).retry);
  EXPECT_EQ(s.runs("login"), 1);
  // A call made after the heal fails again: that is a new expiry, so log in again.
  EXPECT_TRUE(healer.heal(c, HealKind::login, 1, [] {}).retry);
  EXPECT_EQ(s.runs("login"), 2);
}

TEST(Heal, NoCommandSaysWhatToConfigure) {
  Healer healer(HealOptions{.default_kube_login = false});
  auto o = healer.heal(cluster({}), HealKind::login, 0, [] {});
  EXPECT_FALSE(o.retry);
  EXPECT_NE(o.error.find("set `login:"), std::string::npos);
  auto n = healer.heal(cluster({}), HealKind::network, 0, [] {});
  EXPECT_NE(n.error.find("network_heal"), std::string::npos);
}

TEST(Heal, NetworkHealWaitsUntilTheClusterAnswers) {
  Scratch s;
  Healer healer(HealOptions{.wait_ready = 5s});
  auto c = cluster({});
  c.network_heal = s.script("vpn", 0, 0);
  int probes = 0;
  auto o = healer.heal(
      c, HealKind::network, 0, [] {}, [&] { return ++probes >= 3; });
  EXPECT_TRUE(o.retry);
  EXPECT_EQ(probes, 3);
  EXPECT_NE(o.summary.find("restored the network to stage"), std::string::npos);
}
