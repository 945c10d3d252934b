#include "sim/images.hpp"

#include <cstdio>
#include <ctime>

#include "sim/util.hpp"

namespace kubemcp::sim {
namespace {

std::string utc(int64_t t, const char* fmt) {
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, fmt, &tm);
  return buf;
}

template <typename... A>
std::string format(const char* fmt, A... args) {
  char buf[512];
  std::snprintf(buf, sizeof buf, fmt, args...);
  return buf;
}

// The kubelet's probes come from the node's address on the pod network.
std::string probe_source(const LineContext& c) {
  return format("10.244.%d.1", int(c.hash % 3));
}

const char* const kProbePaths[] = {"/", "/healthz", "/", "/readyz", "/index.html", "/"};

// nginx: error-log notices at start, then the combined access log.
std::string nginx_stamp(int64_t t) {
  return utc(t, "%Y/%m/%d %H:%M:%S");
}
std::string nginx_request(const ServedRequest& r) {
  return format("%s - - [%s] \"%s %s HTTP/1.1\" %d %zu \"-\" \"%s\" \"-\"", r.client.c_str(),
                utc(r.time, "%d/%b/%Y:%H:%M:%S +0000").c_str(), r.method.c_str(), r.path.c_str(),
                r.status, r.bytes, r.user_agent.c_str());
}
std::string nginx_periodic(const LineContext& c) {
  return nginx_request(
      {probe_source(c), "GET", kProbePaths[c.hash % 6], "kube-probe/1.32", 200, 615, c.time});
}

std::string postgres_stamp(int64_t t) {
  return utc(t, "%Y-%m-%d %H:%M:%S.000 UTC");
}
std::string postgres_periodic(const LineContext& c) {
  static const char* const msgs[] = {
      "checkpoint starting: time",
      "checkpoint complete: wrote 42 buffers (0.3%); 0 WAL file(s) added, 0 removed, 0 recycled",
      "automatic vacuum of table \"shop.public.orders\": index scans: 1",
      "connection received: host=10.244.1.7 port=51234",
      "connection authorized: user=shop database=shop application_name=psql"};
  return format("%s [%d] LOG:  %s", postgres_stamp(c.time).c_str(), int(c.hash % 900 + 60),
                msgs[(c.hash >> 8) % 5]);
}

std::string redis_stamp(int64_t t) {
  return utc(t, "%d %b %Y %H:%M:%S.000");
}
std::string redis_periodic(const LineContext& c) {
  const std::string ts = redis_stamp(c.time);
  switch ((c.hash >> 8) % 3) {
    case 0:
      return format("1:M %s * %d changes in 60 seconds. Saving...", ts.c_str(),
                    int(c.hash % 100 + 1));
    case 1:
      return format("1:M %s * Background saving started by pid %d", ts.c_str(),
                    int(c.hash % 900 + 20));
    default:
      return format("1:M %s * Background saving terminated with success", ts.c_str());
  }
}

// python: gunicorn with its access log on stdout.
std::string gunicorn_stamp(int64_t t) {
  return utc(t, "%Y-%m-%d %H:%M:%S +0000");
}
std::string gunicorn_request(const ServedRequest& r) {
  return format("%s - - [%s] \"%s %s HTTP/1.1\" %d %zu \"-\" \"%s\"", r.client.c_str(),
                utc(r.time, "%d/%b/%Y:%H:%M:%S +0000").c_str(), r.method.c_str(), r.path.c_str(),
                r.status, r.bytes, r.user_agent.c_str());
}
std::string gunicorn_periodic(const LineContext& c) {
  return gunicorn_request(
      {probe_source(c), "GET", kProbePaths[c.hash % 6], "kube-probe/1.32", 200, 2, c.time});
}

// node: an npm start script, then a Fastify server logging pino JSON.
std::string millis(int64_t t) {
  return std::to_string(t) + "000";
}
std::string node_request(const ServedRequest& r) {
  return format(
      "{\"level\":30,\"time\":%s,\"pid\":1,\"reqId\":\"req-%zx\",\"req\":{\"method\":\"%s\","
      "\"url\":\"%s\",\"remoteAddress\":\"%s\"},\"res\":{\"statusCode\":%d},\"msg\":\"request "
      "completed\"}",
      millis(r.time).c_str(), r.bytes ^ static_cast<std::size_t>(r.time), r.method.c_str(),
      r.path.c_str(), r.client.c_str(), r.status);
}
std::string node_periodic(const LineContext& c) {
  return node_request(
      {probe_source(c), "GET", kProbePaths[c.hash % 6], "kube-probe/1.32", 200, c.hash, c.time});
}

// busybox: the shell loop people run in it, `while true; do date; sleep 1; done`.
std::string busybox_periodic(const LineContext& c) {
  return utc(c.time, "%a %b %e %H:%M:%S UTC %Y");
}

std::string generic_periodic(const LineContext& c) {
  static const char* const levels[] = {"info", "info", "info", "debug", "warn"};
  static const char* const msgs[] = {"handled request", "cache refreshed", "order processed",
                                     "health check ok", "slow upstream response"};
  const int k = int(c.hash % 5);
  return format("{\"level\":\"%s\",\"msg\":\"%s\",\"pod\":\"%.*s\",\"latency_ms\":%d,\"seq\":%lld}",
                levels[k], msgs[k], int(c.pod.size()), c.pod.data(), int((c.hash >> 12) % 900 + 3),
                static_cast<long long>(c.index));
}

const std::vector<ImageProfile>& profiles() {
  static const std::vector<ImageProfile> table = {
      {"nginx",
       {"nginx", "nginx-unprivileged"},
       {80},
       {"/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform "
        "configuration",
        "/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/",
        "/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh",
        "10-listen-on-ipv6-by-default.sh: info: Getting the checksum of "
        "/etc/nginx/conf.d/default.conf",
        "10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in "
        "/etc/nginx/conf.d/default.conf",
        "/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh",
        "/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh",
        "/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh",
        "/docker-entrypoint.sh: Configuration complete; ready for start up",
        "{time} [notice] 1#1: using the \"epoll\" event method",
        "{time} [notice] 1#1: nginx/1.27.3",
        "{time} [notice] 1#1: built by gcc 12.2.0 (Debian 12.2.0-14)",
        "{time} [notice] 1#1: OS: Linux 6.8.0-49-generic",
        "{time} [notice] 1#1: getrlimit(RLIMIT_NOFILE): 1048576:1048576",
        "{time} [notice] 1#1: start worker processes",
        "{time} [notice] 1#1: start worker process 29",
        "{time} [notice] 1#1: start worker process 30"},
       3,
       8,
       nginx_stamp,
       nginx_periodic,
       nginx_request},
      {"postgres",
       {"postgres", "postgresql"},
       {5432},
       {"PostgreSQL Database directory appears to contain a database; Skipping initialization",
        "{time} [1] LOG:  starting PostgreSQL 17.2 (Debian 17.2-1.pgdg120+1) on "
        "x86_64-pc-linux-gnu, compiled by gcc (Debian 12.2.0-14) 12.2.0, 64-bit",
        "{time} [1] LOG:  listening on IPv4 address \"0.0.0.0\", port 5432",
        "{time} [1] LOG:  listening on IPv6 address \"::\", port 5432",
        "{time} [1] LOG:  listening on Unix socket \"/var/run/postgresql/.s.PGSQL.5432\"",
        "{time} [29] LOG:  database system was shut down at {time}",
        "{time} [1] LOG:  database system is ready to accept connections"},
       3,
       8,
       postgres_stamp,
       postgres_periodic,
       nullptr},
      {"redis",
       {"redis", "redis-stack-server", "valkey"},
       {6379},
       {"1:C {time} * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo",
        "1:C {time} * Redis version=7.4.1, bits=64, commit=00000000, modified=0, pid=1, just "
        "started",
        "1:C {time} # Warning: no config file specified, using the default config. In order to "
        "specify a config file use redis-server /path/to/redis.conf",
        "1:M {time} * monotonic clock: POSIX clock_gettime",
        "1:M {time} * Running mode=standalone, port=6379.", "1:M {time} * Server initialized",
        "1:M {time} * Ready to accept connections tcp"},
       3,
       8,
       redis_stamp,
       redis_periodic,
       nullptr},
      {"python",
       {"python", "pypy"},
       {8000},
       {"[{time}] [1] [INFO] Starting gunicorn 23.0.0",
        "[{time}] [1] [INFO] Listening at: http://0.0.0.0:8000 (1)",
        "[{time}] [1] [INFO] Using worker: sync", "[{time}] [7] [INFO] Booting worker with pid: 7",
        "[{time}] [8] [INFO] Booting worker with pid: 8"},
       3,
       8,
       gunicorn_stamp,
       gunicorn_periodic,
       gunicorn_request},
      {"node",
       {"node"},
       {3000},
       {"> app@1.0.0 start", "> node server.js",
        "{\"level\":30,\"time\":{time},\"pid\":1,\"hostname\":\"{pod}\",\"msg\":\"loading "
        "configuration from environment\"}",
        "{\"level\":30,\"time\":{time},\"pid\":1,\"hostname\":\"{pod}\",\"msg\":\"Server "
        "listening at http://0.0.0.0:3000\"}",
        "{\"level\":30,\"time\":{time},\"pid\":1,\"hostname\":\"{pod}\",\"msg\":\"ready\"}"},
       3,
       8,
       millis,
       node_periodic,
       node_request},
      {"busybox", {"busybox"}, {}, {}, 1, 1, rfc3339, busybox_periodic, nullptr},
      {"generic",
       {},
       {},
       {"{\"level\":\"info\",\"ts\":\"{time}\",\"msg\":\"starting\",\"pod\":\"{pod}\"}",
        "{\"level\":\"info\",\"ts\":\"{time}\",\"msg\":\"configuration loaded\",\"source\":"
        "\"/etc/app/config.yaml\"}",
        "{\"level\":\"info\",\"ts\":\"{time}\",\"msg\":\"connected to database\"}",
        "{\"level\":\"info\",\"ts\":\"{time}\",\"msg\":\"metrics listening\",\"addr\":\":9090\"}",
        "{\"level\":\"info\",\"ts\":\"{time}\",\"msg\":\"server listening\",\"addr\":\":8080\"}"},
       3,
       8,
       rfc3339,
       generic_periodic,
       nullptr},
  };
  return table;
}

// "registry:5000/library/nginx:1.27@sha256:..." -> "nginx".
std::string_view repository_name(std::string_view image) {
  if (auto at = image.find('@'); at != std::string_view::npos) image = image.substr(0, at);
  if (auto slash = image.rfind('/'); slash != std::string_view::npos)
    image = image.substr(slash + 1);
  if (auto colon = image.find(':'); colon != std::string_view::npos) image = image.substr(0, colon);
  return image;
}

void replace_all(std::string& s, std::string_view from, const std::string& to) {
  for (auto at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
    s.replace(at, from.size(), to);
}

}  // namespace

const ImageProfile& image_profile(std::string_view image) {
  const std::string_view repo = repository_name(image);
  for (const auto& p : profiles())
    for (auto r : p.repositories)
      if (r == repo) return p;
  return profiles().back();
}

std::vector<std::string> startup_lines(const ImageProfile& p, std::string_view pod, int64_t start) {
  std::vector<std::string> out;
  const std::string stamp = p.stamp(start);
  for (auto line : p.startup) {
    std::string s(line);
    replace_all(s, "{time}", stamp);
    replace_all(s, "{pod}", std::string(pod));
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace kubemcp::sim
