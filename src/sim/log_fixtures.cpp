#include "sim/log_fixtures.hpp"

#include <algorithm>
#include <cstdio>
#include <memory>

#include "net/base64.hpp"
#include "sim/scheduler.hpp"
#include "sim/util.hpp"

namespace kubemcp::sim {
namespace json = boost::json;
namespace {

constexpr int64_t kMinLine = 17;  // "line 0000000000 " and '\n'
// Pace of a generated log: 1 MiB every 10 ms (~100 MiB/s), so what is queued for a slow
// reader stays small without a way to ask the connection how much is still unsent.
constexpr int64_t kChunk = 1 << 20;
constexpr auto kTick = std::chrono::milliseconds(10);

// Lines [first, count) of `line` bytes each, cut after `limit` bytes.
struct Generated {
  int64_t line = 1024;
  int64_t next = 0;
  int64_t count = 0;
  int64_t left = -1;  // bytes still allowed by limitBytes (-1: no limit)

  std::string chunk() {
    std::string out;
    while (next < count && static_cast<int64_t>(out.size()) < kChunk) append_line(out);
    if (left >= 0) {
      const auto n = std::min<int64_t>(left, static_cast<int64_t>(out.size()));
      out.resize(static_cast<std::size_t>(n));
      left -= n;
      if (left == 0) next = count;
    }
    return out;
  }
  bool done() const { return next >= count; }

 private:
  void append_line(std::string& out) {
    char head[32];
    std::snprintf(head, sizeof head, "line %010lld ", static_cast<long long>(next++));
    const std::size_t start = out.size();
    out += head;
    out.append(static_cast<std::size_t>(line) - (out.size() - start) - 1, 'x');
    out += '\n';
  }
};

void pump(std::shared_ptr<Generated> g, std::shared_ptr<net::StreamSink> sink, Scheduler* sched) {
  if (!sink->is_open()) return;
  if (std::string c = g->chunk(); !c.empty() && !sink->write(std::move(c))) return;
  if (g->done()) {
    sink->close();
    return;
  }
  sched->after(kTick, [g, sink, sched] { pump(g, sink, sched); });
}

int64_t annotation_int(const json::object& ann, const char* key, int64_t fallback) {
  const std::string v = str_at(ann, key);
  if (v.empty()) return fallback;
  try {
    return std::stoll(v);
  } catch (const std::exception&) {
    return fallback;
  }
}

net::HttpResponse generated(const json::object& ann, const FixtureLogQuery& q, Scheduler& sched) {
  auto g = std::make_shared<Generated>();
  g->line = std::max(kMinLine, annotation_int(ann, "sim.kubemcp.io/log-line-bytes", 1024));
  g->count = annotation_int(ann, "sim.kubemcp.io/log-bytes", 0) / g->line;
  if (q.tail_lines) g->next = std::max<int64_t>(0, g->count - *q.tail_lines);
  if (q.limit_bytes) g->left = std::max<int64_t>(0, *q.limit_bytes);
  net::HttpResponse r;
  r.content_type = "text/plain";
  r.stream = [g, s = &sched](std::shared_ptr<net::StreamSink> sink) { pump(g, sink, s); };
  return r;
}

// The last n lines of s (a final line without '\n' counts as one), as the kubelet's tail.
std::string last_lines(const std::string& s, int64_t n) {
  if (n <= 0) return {};
  std::size_t pos = s.size();
  if (pos > 0 && s[pos - 1] == '\n') --pos;
  int64_t seen = 0;
  for (; pos > 0; --pos)
    if (s[pos - 1] == '\n' && ++seen == n) break;
  return s.substr(pos);
}

net::HttpResponse exact(const std::string& bytes, const FixtureLogQuery& q) {
  std::string body = q.tail_lines ? last_lines(bytes, *q.tail_lines) : bytes;
  if (q.limit_bytes && static_cast<int64_t>(body.size()) > *q.limit_bytes)
    body.resize(static_cast<std::size_t>(std::max<int64_t>(0, *q.limit_bytes)));
  net::HttpResponse r;
  r.content_type = "text/plain";
  r.body = std::move(body);
  return r;
}

}  // namespace

std::optional<net::HttpResponse> fixture_log(const json::object& pod, const FixtureLogQuery& q,
                                             Scheduler& sched) {
  const auto* md = obj_at(pod, "metadata");
  const auto* ann = md ? obj_at(*md, "annotations") : nullptr;
  if (!ann) return std::nullopt;
  if (ann->contains("sim.kubemcp.io/log-bytes")) return generated(*ann, q, sched);
  if (const std::string b64 = str_at(*ann, "sim.kubemcp.io/log-base64"); !b64.empty())
    if (auto bytes = net::base64_decode(b64)) return exact(*bytes, q);
  return std::nullopt;
}

}  // namespace kubemcp::sim
