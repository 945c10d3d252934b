#include "kube/exec.hpp"

#include <boost/json.hpp>

namespace kubemcp::kube {
namespace json = boost::json;
using Clock = std::chrono::steady_clock;

std::optional<int> exit_code_from_status(const json::value& status, std::string& message) {
  if (!status.is_object()) {
    message = "the server sent an unreadable exec status";
    return std::nullopt;
  }
  const auto& o = status.as_object();
  auto str = [](const json::object& obj, const char* k) {
    const auto* v = obj.if_contains(k);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
  };
  if (str(o, "status") == "Success") return 0;
  message = str(o, "message");
  if (str(o, "reason") == "NonZeroExitCode") {
    if (const auto* d = o.if_contains("details"); d && d->is_object())
      if (const auto* causes = d->as_object().if_contains("causes"); causes && causes->is_array())
        for (const auto& cause : causes->as_array()) {
          if (!cause.is_object() || str(cause.as_object(), "reason") != "ExitCode") continue;
          try {
            return std::stoi(str(cause.as_object(), "message"));
          } catch (...) {
          }
        }
  }
  return std::nullopt;
}

Query exec_query(const ExecOptions& o) {
  Query q;
  for (const auto& arg : o.command) q.add("command", arg);
  q.add_nonempty("container", o.container);
  q.add_if(o.stdin_data.has_value(), "stdin", "true");
  q.add("stdout", "true");
  q.add_if(!o.tty, "stderr", "true");
  q.add_if(o.tty, "tty", "true");
  return q;
}

namespace {

ExecResult run_channels(Client& c, std::string_view ns, std::string_view pod,
                        std::string_view subresource, Query query, const ExecOptions& o,
                        const net::CancelPtr& cancel);

}  // namespace

ExecResult exec(Client& c, std::string_view ns, std::string_view pod, const ExecOptions& o,
                const net::CancelPtr& cancel) {
  if (o.command.empty()) throw KubeError("exec needs a command");
  return run_channels(c, ns, pod, "exec", exec_query(o), o, cancel);
}

ExecResult attach(Client& c, std::string_view ns, std::string_view pod, const ExecOptions& o,
                  const net::CancelPtr& cancel) {
  ExecOptions a = o;
  a.command.clear();
  return run_channels(c, ns, pod, "attach", exec_query(a), a, cancel);
}

namespace {

ExecResult run_channels(Client& c, std::string_view ns, std::string_view pod,
                        std::string_view subresource, Query query, const ExecOptions& o,
                        const net::CancelPtr& cancel) {
  if (pod.empty()) throw KubeError(std::string(subresource) + " needs a pod name");
  Request req;
  const std::string n = ns.empty() ? c.default_namespace() : std::string(ns);
  req.path = resource_path("", "v1", "pods", true, n, pod, subresource);
  req.query = std::move(query);
  req.accept = "";
  req.timeout = o.timeout;
  const auto deadline = Clock::now() + o.timeout;
  auto socket = c.websocket(req, {"v5.channel.k8s.io", "v4.channel.k8s.io"}, cancel);
  ExecResult result;
  result.protocol = socket->protocol();
  net::WebSocketReader reader(socket);
  net::CancelRegistration reg(cancel, [socket] { socket->abort(); });
  if (o.stdin_data) {
    constexpr std::size_t kChunk = 32 * 1024;
    const std::string& in = *o.stdin_data;
    for (std::size_t off = 0; off < in.size(); off += kChunk) {
      std::string msg(1, '\0');
      msg.append(in, off, kChunk);
      socket->send(std::move(msg));
    }
    if (result.protocol == "v5.channel.k8s.io") socket->send(std::string("\xff\x00", 2));
  }
  bool have_status = false;
  for (;;) {
    // After the status, give the server a moment to close the socket.
    auto until =
        have_status ? std::min(deadline, Clock::now() + std::chrono::seconds(2)) : deadline;
    auto msg = reader.read(until);
    if (!msg) {
      if (reader.timed_out() && !have_status) result.timed_out = true;
      break;
    }
    if (msg->empty()) continue;
    const unsigned char channel = static_cast<unsigned char>((*msg)[0]);
    std::string_view data(msg->data() + 1, msg->size() - 1);
    // The head fills first; the rest rolls through the tail, which keeps its last max_tail
    // bytes (trimmed when it passes twice that, so each byte is moved about once).
    auto append = [&](std::string& head, std::string& tail, std::uint64_t& total) {
      total += data.size();
      const std::size_t room = o.max_output - std::min(o.max_output, head.size());
      const std::size_t to_head = std::min(data.size(), room);
      head.append(data.substr(0, to_head));
      if (to_head == data.size()) return;
      result.truncated = true;
      if (o.max_tail == 0) return;
      tail.append(data.substr(to_head));
      if (tail.size() > 2 * o.max_tail) tail.erase(0, tail.size() - o.max_tail);
    };
    if (channel == 1) {
      append(result.stdout_data, result.stdout_tail, result.stdout_bytes);
    } else if (channel == 2) {
      append(result.stderr_data, result.stderr_tail, result.stderr_bytes);
    } else if (channel == 3) {
      json::error_code ec;
      result.status = json::parse(data, ec);
      std::string message;
      auto code = exit_code_from_status(result.status, message);
      if (code)
        result.exit_code = *code;
      else
        result.failure = message.empty() ? "the command could not be run" : message;
      have_status = true;
    }
  }
  socket->abort();
  if (cancel && cancel->cancelled()) throw CancelledError();
  if (!have_status && !result.timed_out) {
    const std::string reason = reader.close_reason();
    if (!reason.empty() && reason != "cancelled")
      throw NetworkError(c.name(), "exec stream broke: " + reason, false, false);
  }
  for (auto* tail : {&result.stdout_tail, &result.stderr_tail})
    if (tail->size() > o.max_tail) tail->erase(0, tail->size() - o.max_tail);
  return result;
}

}  // namespace

}  // namespace kubemcp::kube
