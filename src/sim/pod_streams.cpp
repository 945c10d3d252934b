#include "sim/pod_streams.hpp"

#include <boost/json.hpp>

#include "sim/binding.hpp"
#include "sim/cluster.hpp"
#include "sim/containers.hpp"
#include "sim/eviction.hpp"
#include "sim/exec.hpp"
#include "sim/field_errors.hpp"
#include "sim/log_events.hpp"
#include "sim/log_fixtures.hpp"
#include "sim/logs.hpp"
#include "sim/portforward.hpp"
#include "sim/query_params.hpp"
#include "sim/util.hpp"

namespace kubemcp::sim {
namespace json = boost::json;

namespace {

using Query = std::multimap<std::string, std::string>;

std::string qget(const Query& q, const std::string& k) {
  auto it = q.find(k);
  return it == q.end() ? std::string() : it->second;
}

net::HttpResponse status_response(const ApiError& e) {
  net::HttpResponse r;
  r.status = e.code;
  r.body = json::serialize(status_object(e.code, e.reason, e.what(), e.details));
  return r;
}

std::string stamp(int64_t t) {
  std::string s = rfc3339(t);
  return s.substr(0, s.size() - 1) + ".000000000Z";
}

const json::object* find_named(const json::array* arr, const std::string& name) {
  if (!arr) return nullptr;
  for (const auto& v : *arr)
    if (v.is_object() && str_at(v.as_object(), "name") == name) return &v.as_object();
  return nullptr;
}

// Works out which container instance the request reads, as the kubelet would.
LogSource log_source(const json::object& pod, const std::string& container, bool previous) {
  const auto& md = *obj_at(pod, "metadata");
  std::string pod_name = str_at(md, "name");
  const auto* spec = obj_at(pod, "spec");
  const auto* status = obj_at(pod, "status");
  const json::object* cspec = find_named(spec ? arr_at(*spec, "containers") : nullptr, container);
  if (!cspec) cspec = find_named(spec ? arr_at(*spec, "initContainers") : nullptr, container);
  if (!cspec) throw bad_request("container " + container + " is not valid for pod " + pod_name);
  const json::object* cs =
      find_named(status ? arr_at(*status, "containerStatuses") : nullptr, container);
  if (!cs) cs = find_named(status ? arr_at(*status, "initContainerStatuses") : nullptr, container);
  LogSource s{pod_name, container, str_at(*cspec, "image"), 0, -1, 0, false};
  auto waiting_error = [&](const std::string& reason) {
    std::string why = reason == "ImagePullBackOff" || reason == "ErrImagePull"
                          ? "trying and failing to pull image"
                          : reason;
    return bad_request("container \"" + container + "\" in pod \"" + pod_name +
                       "\" is waiting to start: " + why);
  };
  if (!cs) throw waiting_error("ContainerCreating");
  int restarts = static_cast<int>(int_at(*cs, "restartCount"));
  const auto* state = obj_at(*cs, "state");
  const auto* last = obj_at(*cs, "lastState");
  const auto* last_term = last ? obj_at(*last, "terminated") : nullptr;
  if (previous) {
    if (!last_term)
      throw bad_request("previous terminated container \"" + container + "\" in pod \"" + pod_name +
                        "\" not found");
    s.start = parse_rfc3339(str_at(*last_term, "startedAt"));
    s.end = parse_rfc3339(str_at(*last_term, "finishedAt"));
    s.instance = std::max(0, restarts - 1);
    s.crashes = int_at(*last_term, "exitCode") != 0;
    return s;
  }
  s.instance = restarts;
  if (const auto* run = state ? obj_at(*state, "running") : nullptr) {
    s.start = parse_rfc3339(str_at(*run, "startedAt"));
    return s;
  }
  if (const auto* term = state ? obj_at(*state, "terminated") : nullptr) {
    s.start = parse_rfc3339(str_at(*term, "startedAt"));
    s.end = parse_rfc3339(str_at(*term, "finishedAt"));
    s.crashes = int_at(*term, "exitCode") != 0;
    return s;
  }
  const auto* wait = state ? obj_at(*state, "waiting") : nullptr;
  std::string reason = wait ? str_at(*wait, "reason") : "ContainerCreating";
  if (reason == "CrashLoopBackOff" && last_term) {
    // The kubelet serves the logs of the instance that just died.
    s.start = parse_rfc3339(str_at(*last_term, "startedAt"));
    s.end = parse_rfc3339(str_at(*last_term, "finishedAt"));
    s.instance = std::max(0, restarts - 1);
    s.crashes = true;
    return s;
  }
  throw waiting_error(reason);
}

// Lines written since a followed log last looked: generated lines [next, upto] and event
// lines after `seq` (which advances).
std::vector<LogLine> new_lines(const LogEvents& events, const std::string& key,
                               const LogSource& src, int64_t next, int64_t upto, uint64_t& seq) {
  const auto fresh = events.after(key, seq);
  if (!fresh.empty()) seq = fresh.back().seq;
  return merge_log_lines(log_lines(src, next, upto), fresh);
}

// The numeric PodLogOptions, checked as ValidatePodLogOptions does (422 PodLogOptions).
struct LogNumbers {
  std::optional<int64_t> tail, limit, since;
};

LogNumbers log_numbers(const Query& q, const std::string& name) {
  LogNumbers n{query_int(qget(q, "tailLines")), query_int(qget(q, "limitBytes")),
               query_int(qget(q, "sinceSeconds"))};
  FieldErrors errs;
  if (n.tail && *n.tail < 0)
    errs.invalid("tailLines", *n.tail, "must be greater than or equal to 0");
  if (n.limit && *n.limit < 1) errs.invalid("limitBytes", *n.limit, "must be greater than 0");
  if (n.since && *n.since < 1) errs.invalid("sinceSeconds", *n.since, "must be greater than 0");
  errs.raise("PodLogOptions", "", name);
  // Beyond any log's length; keeps the arithmetic below far from overflow.
  constexpr int64_t kBig = int64_t{1} << 40;
  for (auto* v : {&n.tail, &n.limit, &n.since})
    if (*v) **v = std::min(**v, kBig);
  return n;
}

net::HttpResponse logs(Cluster& c, const std::string& ns, const std::string& name, const Query& q) {
  const LogNumbers numbers = log_numbers(q, name);
  auto pods = c.registry().find("", "v1", "pods");
  auto pod = c.store().get(*pods, ns, name);
  if (!pod) throw not_found(*pods, name);
  std::string container = choose_container(*pod, qget(q, "container"));
  bool previous = qget(q, "previous") == "true";
  LogSource src = log_source(*pod, container, previous);
  FixtureLogQuery fixture_query;
  if (numbers.tail) fixture_query.tail_lines = *numbers.tail;
  if (numbers.limit) fixture_query.limit_bytes = *numbers.limit;
  if (auto r = fixture_log(*pod, fixture_query, c.scheduler())) return std::move(*r);
  int64_t now = now_unix();
  int64_t last = last_log_index(src, now);
  int64_t first = 0;
  int64_t from = src.start;  // the oldest event line wanted
  if (numbers.since) {
    from = std::max(from, now - *numbers.since);
    first = first_log_index(src, now - *numbers.since);
  }
  if (auto st = qget(q, "sinceTime"); !st.empty()) {
    int64_t since = parse_rfc3339(st);
    if (since < 0) throw bad_request("sinceTime: invalid RFC 3339 time \"" + st + "\"");
    from = std::max(from, since);
    first = std::max(first, first_log_index(src, since));
  }
  if (numbers.tail) first = std::max(first, last - *numbers.tail + 1);
  // Logs rotate: at most the last 10,000 lines of an instance are kept.
  first = std::max(first, last - 9999);
  LogEvents* events = &c.log_events();
  const std::string key =
      LogEvents::key(str_at(*obj_at(*pod, "metadata"), "uid"), container, src.instance);
  uint64_t seen = events->last_seq();
  std::vector<LogLine> lines =
      merge_log_lines(log_lines(src, first, last), events->since(key, from));
  const int64_t keep = std::min<int64_t>(numbers.tail.value_or(10000), 10000);
  if (static_cast<int64_t>(lines.size()) > keep) lines.erase(lines.begin(), lines.end() - keep);
  bool ts = qget(q, "timestamps") == "true";
  int64_t limit = numbers.limit.value_or(-1);
  auto render = [ts](const LogLine& l) {
    return (ts ? stamp(l.time) + " " : std::string()) + l.text + "\n";
  };
  std::string body;
  for (const auto& l : lines) body += render(l);
  if (limit >= 0 && static_cast<int64_t>(body.size()) > limit) body.resize(limit);

  net::HttpResponse r;
  r.content_type = "text/plain";
  if (qget(q, "follow") != "true" || src.end >= 0) {
    r.body = std::move(body);
    return r;
  }
  // Follow: send what exists, then each new line when its time comes, until the client leaves.
  Scheduler* sched = &c.scheduler();
  int cut_ms = c.faults().cut_streams_after_ms.load();
  r.stream = [=](std::shared_ptr<net::StreamSink> sink) {
    auto sent = std::make_shared<int64_t>(static_cast<int64_t>(body.size()));
    sink->write(body);
    if (limit >= 0 && *sent >= limit) {
      sink->close();
      return;
    }
    auto next = std::make_shared<int64_t>(last + 1);
    auto seq = std::make_shared<uint64_t>(seen);
    auto tick = std::make_shared<std::function<void()>>();
    *tick = [=, weak = std::weak_ptr<std::function<void()>>(tick)] {
      if (!sink->is_open()) return;
      int64_t upto = last_log_index(src, now_unix());
      for (const auto& l : new_lines(*events, key, src, *next, upto, *seq)) {
        std::string line = render(l);
        if (limit >= 0 && *sent + static_cast<int64_t>(line.size()) > limit) {
          sink->write(line.substr(0, limit - *sent));
          sink->close();
          return;
        }
        *sent += line.size();
        if (!sink->write(line)) return;
      }
      *next = std::max(*next, upto + 1);
      if (auto t = weak.lock()) sched->after(std::chrono::milliseconds(500), [t] { (*t)(); });
    };
    sched->after(std::chrono::milliseconds(500), [tick] { (*tick)(); });
    if (cut_ms > 0) sched->after(std::chrono::milliseconds(cut_ms), [sink] { sink->close(); });
  };
  return r;
}

// Attach: the container's output as it is written (stdout channel), over the same WebSocket
// protocols as exec. The simulated main process reads no input; resize is accepted.
net::HttpResponse attach(Cluster& c, const std::string& ns, const std::string& name, const Query& q,
                         const net::HttpRequest& req) {
  std::string offered = req.header("sec-websocket-protocol");
  std::string upgrade = req.header("upgrade");
  for (auto& ch : upgrade) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  std::string proto;
  for (const char* p : {"v5.channel.k8s.io", "v4.channel.k8s.io"})
    if (offered.find(p) != std::string::npos) {
      proto = p;
      break;
    }
  if (upgrade.find("websocket") == std::string::npos || proto.empty())
    throw ApiError(400, "BadRequest",
                   "attach needs a WebSocket upgrade with v5.channel.k8s.io or "
                   "v4.channel.k8s.io; SPDY is not supported");
  auto pods = c.registry().find("", "v1", "pods");
  auto pod = c.store().get(*pods, ns, name);
  if (!pod) throw not_found(*pods, name);
  std::string container = choose_container(*pod, qget(q, "container"));
  LogSource src = log_source(*pod, container, false);
  if (src.end >= 0) throw bad_request("cannot attach to a container that is not running");
  Scheduler* sched = &c.scheduler();
  LogEvents* events = &c.log_events();
  const std::string key =
      LogEvents::key(str_at(*obj_at(*pod, "metadata"), "uid"), container, src.instance);
  net::HttpResponse r;
  r.upgrade = std::make_shared<net::UpgradeHandler>();
  r.upgrade->subprotocol = proto;
  r.upgrade->on_open = [sched, src, events, key](std::shared_ptr<net::MessageChannel> ch) {
    auto next = std::make_shared<int64_t>(last_log_index(src, now_unix()) + 1);
    auto seq = std::make_shared<uint64_t>(events->last_seq());
    auto tick = std::make_shared<std::function<void()>>();
    *tick = [=, weak = std::weak_ptr<std::function<void()>>(tick)] {
      if (!ch->is_open()) return;
      int64_t upto = last_log_index(src, now_unix());
      for (const auto& l : new_lines(*events, key, src, *next, upto, *seq))
        if (!ch->send_binary("\x01" + l.text + "\n")) return;
      *next = std::max(*next, upto + 1);
      if (auto t = weak.lock()) sched->after(std::chrono::milliseconds(500), [t] { (*t)(); });
    };
    // The tick owns itself only through the scheduler: it ends when the client leaves.
    sched->after(std::chrono::milliseconds(100), [tick] { (*tick)(); });
  };
  return r;
}

}  // namespace

// The dryRun query parameter of a write: "All" or nothing.
static bool dry_run(const Query& q) {
  std::string v = qget(q, "dryRun");
  if (v.empty()) return false;
  if (v != "All") throw bad_request("Invalid dry run value: " + v + " (must be All)");
  return true;
}

net::HttpResponse pod_subresource(Cluster& c, const std::string& ns, const std::string& pod,
                                  const std::string& sub, const std::string& method,
                                  const Query& query, const net::HttpRequest& req) {
  try {
    if (sub == "log" && method == "GET") return logs(c, ns, pod, query);
    if (sub == "exec" && (method == "GET" || method == "POST"))
      return exec_request(c, ns, pod, query, req);
    if (sub == "attach" && (method == "GET" || method == "POST"))
      return attach(c, ns, pod, query, req);
    if (sub == "portforward" && (method == "GET" || method == "POST"))
      return portforward_request(c, ns, pod, query, req);
    if (sub == "eviction" && method == "POST") return evict(c, ns, pod, req.body, dry_run(query));
    if (sub == "binding" && method == "POST") return bind_pod(c, ns, pod, req.body, dry_run(query));
    (void)req;
    throw ApiError(404, "NotFound", "the server could not find the requested resource");
  } catch (const ApiError& e) {
    return status_response(e);
  }
}

}  // namespace kubemcp::sim
