// Container logs by image: startup lines at once, then a line per probe or tick, and the
// access-log lines of requests served (sim/images.hpp, sim/logs.hpp, sim/log_events.hpp).
#include "sim/logs.hpp"

#include <gtest/gtest.h>

#include <regex>

#include "sim/images.hpp"
#include "sim/log_events.hpp"
#include "sim/port_app.hpp"

using namespace kubemcp::sim;

namespace {

constexpr int64_t kStart = 1764508320;  // 2025-11-30T13:12:00Z

LogSource source(const std::string& image, int64_t end = -1, bool crashes = false) {
  return LogSource{"web-1", "main", image, kStart, end, 0, crashes};
}

std::vector<std::string> texts(const std::vector<LogLine>& lines) {
  std::vector<std::string> out;
  for (const auto& l : lines) out.push_back(l.text);
  return out;
}

}  // namespace

TEST(ImageProfiles, ChosenByRepositoryNameWhateverTheRegistryTagOrDigest) {
  EXPECT_EQ(image_profile("nginx").name, "nginx");
  EXPECT_EQ(image_profile("docker.io/library/nginx:1.27.3@sha256:abcd").name, "nginx");
  EXPECT_EQ(image_profile("localhost:5000/nginxinc/nginx-unprivileged:stable").name, "nginx");
  EXPECT_EQ(image_profile("postgres:16.4").name, "postgres");
  EXPECT_EQ(image_profile("bitnami/postgresql").name, "postgres");
  EXPECT_EQ(image_profile("redis:7").name, "redis");
  EXPECT_EQ(image_profile("python:3.12-slim").name, "python");
  EXPECT_EQ(image_profile("node:22").name, "node");
  EXPECT_EQ(image_profile("busybox:1.36").name, "busybox");
  EXPECT_EQ(image_profile("quay.io/prometheus/node-exporter:v1.8.2").name, "generic");
  EXPECT_EQ(image_profile("ghcr.io/example/shop-api:2.4.1").name, "generic");
  EXPECT_EQ(image_profile("nginx").ports, std::vector<int>{80});
  EXPECT_TRUE(image_profile("busybox").ports.empty());
}

TEST(Logs, EveryServerImagePrintsFiveOrMoreLinesTheMomentItStarts) {
  for (const char* image : {"nginx:1.27", "postgres:17", "redis:7", "python:3.12", "node:22",
                            "ghcr.io/example/app:1"}) {
    const auto s = source(image);
    const int64_t last = last_log_index(s, kStart);
    ASSERT_GE(last, 4) << image;
    const auto lines = log_lines(s, 0, last);
    for (const auto& l : lines) {
      EXPECT_EQ(l.time, kStart) << image;
      EXPECT_FALSE(l.text.empty()) << image;
      EXPECT_EQ(l.text.find("{time}"), std::string::npos) << l.text;
      EXPECT_EQ(l.text.find("{pod}"), std::string::npos) << l.text;
    }
  }
  const auto nginx = texts(log_lines(source("nginx"), 0, last_log_index(source("nginx"), kStart)));
  EXPECT_EQ(nginx.front().rfind("/docker-entrypoint.sh: ", 0), 0u);
  EXPECT_EQ(nginx.back(), "2025/11/30 13:12:00 [notice] 1#1: start worker process 30");
  const auto pg =
      texts(log_lines(source("postgres"), 0, last_log_index(source("postgres"), kStart)));
  EXPECT_EQ(pg.back(),
            "2025-11-30 13:12:00.000 UTC [1] LOG:  database system is ready to accept connections");
}

TEST(Logs, PeriodicLinesFollowTheStartupOnesOnePerInterval) {
  const auto s = source("nginx:1.27");
  const int64_t iv = log_interval(s);
  ASSERT_GE(iv, 3);
  ASSERT_LE(iv, 10);
  const int64_t k = last_log_index(s, kStart) + 1;  // startup lines
  EXPECT_EQ(last_log_index(s, kStart + iv - 1), k - 1);
  EXPECT_EQ(last_log_index(s, kStart + iv), k);
  EXPECT_EQ(last_log_index(s, kStart - 1), -1) << "nothing before the start";
  const auto probe = log_lines(s, k, k);
  ASSERT_EQ(probe.size(), 1u);
  EXPECT_EQ(probe[0].time, kStart + iv);
  EXPECT_TRUE(std::regex_match(
      probe[0].text,
      std::regex(
          R"(10\.244\.\d\.1 - - \[30/Nov/2025:13:12:\d\d \+0000\] "GET \S+ HTTP/1\.1" 200 615 "-" "kube-probe/1\.32" "-")")))
      << probe[0].text;
  EXPECT_EQ(first_log_index(s, kStart), 0);
  EXPECT_EQ(first_log_index(s, kStart + 1), k);
  EXPECT_EQ(first_log_index(s, kStart + iv), k);
  EXPECT_EQ(first_log_index(s, kStart + iv + 1), k + 1);
}

TEST(Logs, BusyboxTicksEverySecondWithTheDate) {
  const auto s = source("busybox");
  EXPECT_EQ(last_log_index(s, kStart), -1);
  EXPECT_EQ(last_log_index(s, kStart + 5), 4) << "five lines after five seconds";
  EXPECT_EQ(texts(log_lines(s, 0, 1)), (std::vector<std::string>{"Sun Nov 30 13:12:01 UTC 2025",
                                                                 "Sun Nov 30 13:12:02 UTC 2025"}));
}

TEST(Logs, ACrashingInstanceEndsWithItsFatalLine) {
  const auto s = source("ghcr.io/example/worker:1", kStart + 100, true);
  const int64_t last = last_log_index(s, kStart + 1000);
  const auto lines = log_lines(s, 0, last);
  EXPECT_NE(lines.back().text.find("\"level\":\"fatal\""), std::string::npos);
  EXPECT_EQ(lines.back().time, kStart + 100);
  EXPECT_LE(lines.size(), 5u + 5u + 1u) << "startup, a short life, then the crash";
}

TEST(LogEvents, ServedRequestsBecomeAccessLinesMergedByTime) {
  LogEvents events;
  const std::string key = LogEvents::key("uid-1", "nginx", 0);
  PortConnection conn("web-1", "nginx:1.27", 80, [&](const ServedRequest& r) {
    events.add(key, kStart + 4,
               image_profile("nginx").request(ServedRequest{
                   r.client, r.method, r.path, r.user_agent, r.status, r.bytes, kStart + 4}));
  });
  auto out = conn.input("GET /hello?x=1 HTTP/1.1\r\nHost: a\r\nUser-Agent: curl/8.5.0\r\n\r\n");
  EXPECT_TRUE(out.close);
  auto got = events.since(key, kStart);
  ASSERT_EQ(got.size(), 1u);
  const std::string body = "pod web-1 port 80 (nginx:1.27): /hello?x=1\n";
  EXPECT_EQ(got[0].line.text,
            "127.0.0.1 - - [30/Nov/2025:13:12:04 +0000] \"GET /hello?x=1 "
            "HTTP/1.1\" 200 " +
                std::to_string(body.size()) + " \"-\" \"curl/8.5.0\" \"-\"");
  EXPECT_TRUE(events.since(key, kStart + 5).empty());
  EXPECT_TRUE(events.since(LogEvents::key("uid-1", "nginx", 1), 0).empty()) << "per instance";

  std::vector<LogLine> generated{{kStart, "a"}, {kStart + 4, "b"}, {kStart + 8, "c"}};
  EXPECT_EQ(texts(merge_log_lines(generated, got)),
            (std::vector<std::string>{"a", "b", got[0].line.text, "c"}));
  EXPECT_EQ(events.after(key, got[0].seq).size(), 0u);
  events.add(key, kStart + 9, "later");
  EXPECT_EQ(events.after(key, got[0].seq).size(), 1u);
}

TEST(LogEvents, StayBounded) {
  LogEvents events;
  for (std::size_t i = 0; i < LogEvents::kMaxLines + 10; ++i) events.add("k", kStart, "x");
  EXPECT_EQ(events.since("k", 0).size(), LogEvents::kMaxLines);
  for (std::size_t i = 0; i < LogEvents::kMaxContainers; ++i)
    events.add("c" + std::to_string(i), kStart, "x");
  EXPECT_TRUE(events.since("k", 0).empty()) << "the least recently written container went";
  EXPECT_EQ(events.since("c0", 0).size(), 1u);
}

TEST(PortConnection, AnHeadThatNeverEndsIsRefused) {
  PortConnection conn("p", "nginx", 80);
  EXPECT_FALSE(conn.input("GET / HTTP/1.1\r\n").close);
  auto out = conn.input(std::string(70 * 1024, 'h'));
  EXPECT_TRUE(out.close);
  EXPECT_EQ(out.bytes.rfind("HTTP/1.1 431 ", 0), 0u);
}
