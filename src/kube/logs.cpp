#include "kube/logs.hpp"

#include "kube/verbs.hpp"

namespace kubemcp::kube {

Query log_query(const LogOptions& o) {
  Query q;
  q.add_nonempty("container", o.container);
  q.add_if(o.follow, "follow", "true");
  q.add_if(o.previous, "previous", "true");
  q.add_if(o.timestamps, "timestamps", "true");
  if (o.tail_lines) q.add("tailLines", std::to_string(*o.tail_lines));
  if (o.since_seconds) q.add("sinceSeconds", std::to_string(*o.since_seconds));
  q.add_nonempty("sinceTime", o.since_time);
  if (o.limit_bytes) q.add("limitBytes", std::to_string(*o.limit_bytes));
  q.add_if(o.insecure_skip_tls_verify_backend, "insecureSkipTLSVerifyBackend", "true");
  return q;
}

namespace {
Request log_request(Client& c, std::string_view ns, std::string_view pod, const LogOptions& o) {
  if (pod.empty()) throw KubeError("logs need a pod name");
  Request req;
  const std::string n = ns.empty() ? c.default_namespace() : std::string(ns);
  req.path = resource_path("", "v1", "pods", true, n, pod, "log");
  req.query = log_query(o);
  req.accept = "*/*";
  return req;
}
}  // namespace

std::string read_logs(Client& c, std::string_view ns, std::string_view pod, const LogOptions& o,
                      const net::CancelPtr& cancel) {
  LogOptions once = o;
  once.follow = false;
  return c.send(log_request(c, ns, pod, once), cancel).body;
}

void stream_logs(Client& c, std::string_view ns, std::string_view pod, const LogOptions& o,
                 const std::function<bool(std::string_view)>& on_line,
                 const net::CancelPtr& cancel) {
  LineSplitter lines(o.max_line);
  bool stopped = false;
  const auto deliver = [&](std::string_view line) {
    if (lines.line_cut() == 0) return on_line(line);
    return on_line(std::string(line) + " [line cut: " + std::to_string(lines.line_cut()) +
                   " more bytes]");
  };
  c.stream(log_request(c, ns, pod, o), cancel, [&](std::string_view chunk) {
    if (!lines.feed(chunk, deliver)) stopped = true;
    return !stopped;
  });
  if (!stopped) {
    const std::string rest = lines.take_rest();
    if (!rest.empty()) on_line(rest);
  }
}

}  // namespace kubemcp::kube
