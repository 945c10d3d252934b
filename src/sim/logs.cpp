#include "sim/logs.hpp"

#include <cstdio>
#include <functional>

#include "sim/util.hpp"

namespace kubemcp::sim {

namespace {

uint64_t mix(const std::string& s, uint64_t n) {
  uint64_t h = std::hash<std::string>{}(s) ^ (n * 0x9E3779B97F4A7C15ull);
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  return h;
}

std::string flavour(const LogSource& s, int64_t i, int64_t t) {
  uint64_t h = mix(s.pod + "/" + s.container + "/" + std::to_string(s.instance), i);
  char buf[512];
  const std::string& img = s.image;
  if (i == 0) {
    std::snprintf(buf, sizeof buf, "starting %s (image %s, instance %d)", s.container.c_str(),
                  img.c_str(), s.instance);
    return buf;
  }
  if (img.find("nginx") != std::string::npos) {
    static const char* paths[] = {"/",         "/index.html",    "/healthz",
                                  "/api/cart", "/static/app.js", "/favicon.ico"};
    static const int codes[] = {200, 200, 200, 304, 404, 200};
    std::string ts = rfc3339(t);
    std::snprintf(buf, sizeof buf,
                  "10.244.%d.%d - - [%s] \"GET %s HTTP/1.1\" %d %d \"-\" \"kube-probe/1.32\"",
                  int(h % 3), int(h % 250 + 2), ts.c_str(), paths[h % 6], codes[(h >> 8) % 6],
                  int((h >> 16) % 5000 + 100));
    return buf;
  }
  if (img.find("postgres") != std::string::npos) {
    static const char* msgs[] = {"checkpoint starting: time",
                                 "checkpoint complete: wrote 42 buffers",
                                 "automatic vacuum of table \"shop.public.orders\"",
                                 "connection received: host=10.244.1.7 port=51234",
                                 "connection authorized: user=shop database=shop"};
    std::snprintf(buf, sizeof buf, "LOG:  %s", msgs[h % 5]);
    return buf;
  }
  if (img.find("redis") != std::string::npos) {
    std::snprintf(buf, sizeof buf, "1:M * %d changes in 60 seconds. Saving...", int(h % 100 + 1));
    return buf;
  }
  static const char* levels[] = {"info", "info", "info", "debug", "warn"};
  static const char* msgs[] = {"handled request", "cache refreshed", "order processed",
                               "health check ok", "slow upstream response"};
  int k = int(h % 5);
  std::snprintf(buf, sizeof buf,
                "{\"level\":\"%s\",\"msg\":\"%s\",\"pod\":\"%s\",\"latency_ms\":%d,\"seq\":%lld}",
                levels[k], msgs[k], s.pod.c_str(), int((h >> 12) % 900 + 3), (long long)i);
  return buf;
}

}  // namespace

int64_t log_interval(const LogSource& s) {
  return static_cast<int64_t>(mix(s.pod + s.container, 7) % 8 + 3);
}

int64_t last_log_index(const LogSource& s, int64_t now) {
  int64_t stop = s.end >= 0 && s.end < now ? s.end : now;
  if (stop < s.start) return -1;
  int64_t n = (stop - s.start) / log_interval(s);
  if (s.crashes && s.end >= 0) n = std::min<int64_t>(n, 4) + 1;  // a short life, then the crash
  return n;
}

std::vector<LogLine> log_lines(const LogSource& s, int64_t first, int64_t last) {
  std::vector<LogLine> out;
  int64_t iv = log_interval(s);
  int64_t crash_index = s.crashes && s.end >= 0 ? last_log_index(s, s.end) : -1;
  for (int64_t i = std::max<int64_t>(first, 0); i <= last; ++i) {
    int64_t t = s.start + i * iv;
    if (i == crash_index) {
      out.push_back({s.end >= 0 ? s.end : t,
                     "{\"level\":\"fatal\",\"msg\":\"cannot connect to database: dial tcp "
                     "10.96.0.42:5432: connect: connection refused\",\"exit_code\":1}"});
      continue;
    }
    out.push_back({t, flavour(s, i, t)});
  }
  return out;
}

}  // namespace kubemcp::sim
