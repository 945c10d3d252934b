#include "sim/portforward.hpp"

#include <boost/json.hpp>
#include <mutex>
#include <set>
#include <vector>

#include "sim/cluster.hpp"
#include "sim/util.hpp"

namespace kubemcp::sim {
namespace json = boost::json;

std::string port_responder(const std::string& pod, const std::string& image, int port,
                           const std::string& request) {
  std::string path = "/";
  auto sp1 = request.find(' ');
  if (sp1 != std::string::npos)
    path = request.substr(sp1 + 1, request.find(' ', sp1 + 1) - sp1 - 1);
  std::string body =
      "pod " + pod + " port " + std::to_string(port) + " (" + image + "): " + path + "\n";
  return "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\nX-Pod: " + pod + "\r\nConnection: close\r\n\r\n" + body;
}

namespace {

net::HttpResponse status_response(const ApiError& e) {
  net::HttpResponse r;
  r.status = e.code;
  r.body = json::serialize(status_object(e.code, e.reason, e.what(), e.details));
  return r;
}

struct Forward {
  int port = 0;
  bool open = false;  // declared by a container
  std::string buffer;
  bool answered = false;
};

class PortForwardSession : public std::enable_shared_from_this<PortForwardSession> {
 public:
  PortForwardSession(std::string pod, std::string image, std::vector<Forward> ports)
      : pod_(std::move(pod)), image_(std::move(image)), ports_(std::move(ports)) {}

  void open(std::shared_ptr<net::MessageChannel> ch) {
    ch_ = std::move(ch);
    for (size_t i = 0; i < ports_.size(); ++i) {
      std::string le{static_cast<char>(ports_[i].port & 0xff),
                     static_cast<char>(ports_[i].port >> 8)};
      ch_->send_binary(std::string(1, static_cast<char>(2 * i)) + le);
      ch_->send_binary(std::string(1, static_cast<char>(2 * i + 1)) + le);
    }
  }

  void input(const std::string& m) {
    if (m.empty()) return;
    size_t chan = static_cast<unsigned char>(m[0]);
    if (chan % 2 != 0 || chan / 2 >= ports_.size()) return;
    std::lock_guard lock(mu_);
    Forward& f = ports_[chan / 2];
    if (f.answered) return;
    f.buffer += m.substr(1);
    if (!f.open) {
      f.answered = true;
      ch_->send_binary(std::string(1, static_cast<char>(chan + 1)) + "error forwarding port " +
                       std::to_string(f.port) + " to pod " + pod_ +
                       ": failed to connect to localhost:" + std::to_string(f.port) +
                       ": connection refused");
      finish_if_done();
      return;
    }
    if (f.buffer.find("\r\n\r\n") == std::string::npos) return;
    f.answered = true;
    ch_->send_binary(std::string(1, static_cast<char>(chan)) +
                     port_responder(pod_, image_, f.port, f.buffer));
    finish_if_done();
  }

 private:
  void finish_if_done() {
    for (const auto& f : ports_)
      if (!f.answered) return;
    ch_->close(1000);  // one WebSocket carries one connection per port
  }
  std::string pod_, image_;
  std::vector<Forward> ports_;
  std::shared_ptr<net::MessageChannel> ch_;
  std::mutex mu_;
};

}  // namespace

net::HttpResponse portforward_request(Cluster& c, const std::string& ns,
                                      const std::string& pod_name,
                                      const std::multimap<std::string, std::string>& query,
                                      const net::HttpRequest& req) {
  try {
    std::string upgrade = req.header("upgrade");
    for (auto& ch : upgrade) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    std::string offered = req.header("sec-websocket-protocol");
    if (upgrade.find("websocket") == std::string::npos ||
        offered.find("v4.channel.k8s.io") == std::string::npos)
      throw ApiError(400, "BadRequest",
                     "this simulated API server forwards ports over WebSocket with the "
                     "v4.channel.k8s.io subprotocol only; SPDY (including SPDY tunnelled in "
                     "WebSocket) is not supported");
    auto pods = c.registry().find("", "v1", "pods");
    auto pod = c.store().get(*pods, ns, pod_name);
    if (!pod) throw not_found(*pods, pod_name);
    const auto* st = obj_at(*pod, "status");
    if (!st || str_at(*st, "phase") != "Running")
      throw bad_request("unable to upgrade connection: pod " + pod_name + " is not running");
    std::set<int> declared;
    std::string image;
    if (const auto* spec = obj_at(*pod, "spec"))
      if (const auto* cs = arr_at(*spec, "containers"))
        for (const auto& c0 : *cs) {
          if (!c0.is_object()) continue;
          if (image.empty()) image = str_at(c0.as_object(), "image");
          if (const auto* ports = arr_at(c0.as_object(), "ports"))
            for (const auto& p : *ports)
              if (p.is_object())
                declared.insert(static_cast<int>(int_at(p.as_object(), "containerPort")));
        }
    std::vector<Forward> forwards;
    for (const auto& [k, v] : query) {
      if (k != "ports" && k != "port") continue;
      size_t start = 0;
      while (start <= v.size()) {
        size_t comma = v.find(',', start);
        std::string one =
            v.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        int port = std::atoi(one.c_str());
        if (port <= 0 || port > 65535) throw bad_request("invalid port \"" + one + "\"");
        forwards.push_back(Forward{port, declared.count(port) > 0, "", false});
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
    }
    if (forwards.empty()) throw bad_request("query parameter \"ports\" is required");
    auto session = std::make_shared<PortForwardSession>(pod_name, image, std::move(forwards));
    net::HttpResponse r;
    r.upgrade = std::make_shared<net::UpgradeHandler>();
    r.upgrade->subprotocol = "v4.channel.k8s.io";
    r.upgrade->on_open = [session](std::shared_ptr<net::MessageChannel> ch) {
      session->open(std::move(ch));
    };
    r.upgrade->on_message = [session](std::string m) { session->input(m); };
    return r;
  } catch (const ApiError& e) {
    return status_response(e);
  }
}

}  // namespace kubemcp::sim
