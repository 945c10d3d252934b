#include "net/subprocess.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <set>
#include <sstream>

using namespace kubemcp::net;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {
SpawnOptions sh(const std::string& script) {
  SpawnOptions o;
  o.argv = {"sh", "-c", script};
  return o;
}

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}
}  // namespace

TEST(Subprocess, InheritsNoDescriptorOfOurs) {
  // Like Asio's sockets and spdlog's log file: opened without close-on-exec.
  const int file = ::open("/dev/null", O_RDONLY);
  const int sock = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(file, 3);
  ASSERT_GE(sock, 3);
  const auto r = run(sh("ls /proc/self/fd"), 5s, 4096);
  ::close(file);
  ::close(sock);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::set<std::string> fds;
  std::stringstream lines(r.out);
  for (std::string l; std::getline(lines, l);) fds.insert(l);
  // 0-2 and the directory ls is reading.
  EXPECT_EQ(fds, (std::set<std::string>{"0", "1", "2", "3"})) << r.out;
}

TEST(Subprocess, SeparatesAndCapsOutput) {
  const auto r = run(sh("echo out; echo err >&2; head -c 100000 /dev/zero"), 5s, 1000);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_TRUE(r.truncated);
  EXPECT_EQ(r.out.size(), 1000u);
  EXPECT_EQ(r.err, "err\n");
}

TEST(Subprocess, IgnoringSigtermEndsWithSigkillAfterTheGrace) {
  const auto t0 = Clock::now();
  const auto r = run(sh("trap '' TERM; sleep 30 & wait"), 300ms, 1000);
  EXPECT_TRUE(r.timed_out);
  const double took = seconds_since(t0);
  EXPECT_GE(took, 2.0);  // SIGTERM was tried first
  EXPECT_LT(took, 5.0);
  EXPECT_EQ(r.signal, SIGKILL);
}

TEST(Subprocess, ResourceLimitsApply) {
  SpawnOptions limited = sh("ulimit -t; ulimit -v; ulimit -f");
  limited.limits = {-1, 1024 * 1024, 7, 512L * 1024 * 1024};
  const auto l = run(limited, 5s, 1000);
  EXPECT_EQ(l.out, "7\n524288\n2048\n");  // seconds, KiB, 512-byte blocks
}

TEST(Subprocess, MissingProgramAndEnvironment) {
  SpawnOptions o;
  o.argv = {"no-such-program-kubemcp"};
  const auto r = run(o, 1s, 100);
  EXPECT_FALSE(r.started);
  EXPECT_EQ(r.error, "cannot run 'no-such-program-kubemcp': not found on PATH");
  SpawnOptions env = sh("echo \"[$HOME][$ONLY]\"");
  env.argv[0] = "/bin/sh";
  env.env = std::vector<std::string>{"ONLY=1"};
  EXPECT_EQ(run(env, 5s, 100).out, "[][1]\n");
}
