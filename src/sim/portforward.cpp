#include "sim/portforward.hpp"

#include <boost/json.hpp>
#include <cstdio>
#include <functional>
#include <mutex>
#include <vector>

#include "sim/cluster.hpp"
#include "sim/images.hpp"
#include "sim/log_events.hpp"
#include "sim/port_app.hpp"
#include "sim/spdy_portforward.hpp"
#include "sim/util.hpp"

namespace kubemcp::sim {
namespace json = boost::json;

namespace {

constexpr const char* kSpdyTunnel = "SPDY/3.1+portforward.k8s.io";
constexpr const char* kV4 = "v4.channel.k8s.io";

net::HttpResponse status_response(const ApiError& e) {
  net::HttpResponse r;
  r.status = e.code;
  r.body = json::serialize(status_object(e.code, e.reason, e.what(), e.details));
  return r;
}

// The process listening on a port: the container that declares it, else the first container
// whose image listens there.
struct Listener {
  std::string container, image;
  int instance = 0;  // restart count: which log the requests go to
};

struct PodPorts {
  std::string pod, uid, first_image;
  std::map<int, Listener> open;
};

int restart_count(const json::object& pod, const std::string& container) {
  const auto* st = obj_at(pod, "status");
  if (const auto* cs = st ? arr_at(*st, "containerStatuses") : nullptr)
    for (const auto& s : *cs)
      if (s.is_object() && str_at(s.as_object(), "name") == container)
        return static_cast<int>(int_at(s.as_object(), "restartCount"));
  return 0;
}

PodPorts pod_ports(const json::object& pod) {
  PodPorts pp;
  const auto& md = *obj_at(pod, "metadata");
  pp.pod = str_at(md, "name");
  pp.uid = str_at(md, "uid");
  std::vector<Listener> containers;
  std::vector<std::vector<int>> declared;
  if (const auto* spec = obj_at(pod, "spec"))
    if (const auto* cs = arr_at(*spec, "containers"))
      for (const auto& c0 : *cs) {
        if (!c0.is_object()) continue;
        const auto& co = c0.as_object();
        const std::string name = str_at(co, "name");
        containers.push_back({name, str_at(co, "image"), restart_count(pod, name)});
        declared.emplace_back();
        if (const auto* ports = arr_at(co, "ports"))
          for (const auto& p : *ports)
            if (p.is_object())
              declared.back().push_back(static_cast<int>(int_at(p.as_object(), "containerPort")));
      }
  if (!containers.empty()) pp.first_image = containers.front().image;
  for (std::size_t i = 0; i < containers.size(); ++i)
    for (int port : declared[i]) pp.open.emplace(port, containers[i]);
  for (const auto& c : containers)
    for (int port : image_profile(c.image).ports) pp.open.emplace(port, c);
  return pp;
}

// The container logs each request it serves, in its image's access-log format.
PortConnection::OnRequest request_logger(Cluster& c, const PodPorts& pp, const Listener& l) {
  const auto format = image_profile(l.image).request;
  if (!format) return {};
  LogEvents* events = &c.log_events();
  std::string key = LogEvents::key(pp.uid, l.container, l.instance);
  return [events, key, format](const ServedRequest& r) { events->add(key, r.time, format(r)); };
}

std::unique_ptr<PortConnection> dial(Cluster& c, const PodPorts& pp, int port) {
  auto it = pp.open.find(port);
  if (it == pp.open.end()) return nullptr;
  return std::make_unique<PortConnection>(pp.pod, it->second.image, port,
                                          request_logger(c, pp, it->second));
}

// What containerd's CRI streaming server reports through the kubelet for a closed port.
std::string refused_message(const PodPorts& pp, int port) {
  const std::string sandbox = (pp.uid + pp.uid).substr(0, 64);
  const std::string p = std::to_string(port);
  return "error forwarding port " + p + " to pod " + sandbox +
         ", uid : failed to execute portforward in network namespace \"/var/run/netns/cni-" +
         pp.uid + "\": failed to connect to localhost:" + p + " inside namespace \"" + sandbox +
         "\", IPv4: dial tcp4 127.0.0.1:" + p +
         ": connect: connection refused IPv6 dial tcp6 [::1]:" + p +
         ": connect: connection refused ";
}

// --- v4.channel.k8s.io ---------------------------------------------------------------------

struct Forward {
  int port = 0;
  std::unique_ptr<PortConnection> conn;  // null: nothing listens on the port
  bool answered = false;                 // the connection ended (answer or error sent)
};

class V4Session {
 public:
  V4Session(std::string pod, std::vector<Forward> ports)
      : pod_(std::move(pod)), ports_(std::move(ports)) {}

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
    if (!f.conn) {
      f.answered = true;
      ch_->send_binary(std::string(1, static_cast<char>(chan + 1)) + "error forwarding port " +
                       std::to_string(f.port) + " to pod " + pod_ +
                       ": failed to connect to localhost:" + std::to_string(f.port) +
                       ": connection refused");
      finish_if_done();
      return;
    }
    PortConnection::Output out = f.conn->input(std::string_view(m).substr(1));
    if (!out.bytes.empty()) ch_->send_binary(std::string(1, static_cast<char>(chan)) + out.bytes);
    if (out.close) {
      f.answered = true;
      finish_if_done();
    }
  }

 private:
  void finish_if_done() {
    for (const auto& f : ports_)
      if (!f.answered) return;
    ch_->close(1000);  // one WebSocket carries one connection per port
  }
  std::string pod_;
  std::vector<Forward> ports_;
  std::shared_ptr<net::MessageChannel> ch_;
  std::mutex mu_;
};

std::vector<int> requested_ports(const std::multimap<std::string, std::string>& query) {
  std::vector<int> out;
  for (const auto& [k, v] : query) {
    if (k != "ports" && k != "port") continue;
    size_t start = 0;
    while (start <= v.size()) {
      size_t comma = v.find(',', start);
      std::string one =
          v.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
      int port = std::atoi(one.c_str());
      if (port <= 0 || port > 65535) throw bad_request("invalid port \"" + one + "\"");
      out.push_back(port);
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  }
  if (out.empty()) throw bad_request("query parameter \"ports\" is required");
  return out;
}

net::HttpResponse v4_upgrade(Cluster& c, const PodPorts& pp,
                             const std::multimap<std::string, std::string>& query) {
  std::vector<Forward> forwards;
  for (int port : requested_ports(query)) forwards.push_back({port, dial(c, pp, port), false});
  auto session = std::make_shared<V4Session>(pp.pod, std::move(forwards));
  net::HttpResponse r;
  r.upgrade = std::make_shared<net::UpgradeHandler>();
  r.upgrade->subprotocol = kV4;
  r.upgrade->on_open = [session](std::shared_ptr<net::MessageChannel> ch) {
    session->open(std::move(ch));
  };
  r.upgrade->on_message = [session](std::string m) { session->input(m); };
  return r;
}

// --- SPDY/3.1+portforward.k8s.io -------------------------------------------------------------

struct SpdyConnection {
  std::mutex mu;
  std::unique_ptr<SpdyPortForwardSession> session;
};

net::HttpResponse spdy_upgrade(Cluster& c, const PodPorts& pp) {
  auto conn = std::make_shared<SpdyConnection>();
  net::HttpResponse r;
  r.upgrade = std::make_shared<net::UpgradeHandler>();
  r.upgrade->subprotocol = kSpdyTunnel;
  Cluster* cluster = &c;
  r.upgrade->on_open = [conn, cluster, pp](std::shared_ptr<net::MessageChannel> ch) {
    // The session holds the channel until the socket is gone (on_close drops the session).
    SpdyPortForwardSession::Hooks hooks;
    hooks.send = [ch](std::string bytes) { ch->send_binary(std::move(bytes)); };
    hooks.close = [ch] { ch->close(1000); };
    hooks.dial = [cluster, pp](int port, std::string& error) {
      auto conn = dial(*cluster, pp, port);
      if (!conn) error = refused_message(pp, port);
      return conn;
    };
    std::lock_guard lock(conn->mu);
    conn->session = std::make_unique<SpdyPortForwardSession>(std::move(hooks));
  };
  r.upgrade->on_message = [conn](std::string m) {
    std::lock_guard lock(conn->mu);
    if (conn->session) conn->session->input(m);
  };
  r.upgrade->on_close = [conn] {
    std::lock_guard lock(conn->mu);
    conn->session.reset();
  };
  return r;
}

// Which protocol the client asked for; throws the Status a plain SPDY upgrade gets.
std::string choose_protocol(const net::HttpRequest& req) {
  std::string upgrade = req.header("upgrade");
  for (auto& ch : upgrade) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  const std::string offered = req.header("sec-websocket-protocol");
  if (upgrade.find("websocket") != std::string::npos) {
    // kube-apiserver prefers the tunnel whenever a client offers it.
    if (offered.find(kSpdyTunnel) != std::string::npos) return kSpdyTunnel;
    if (offered.find(kV4) != std::string::npos) return kV4;
  }
  throw ApiError(400, "BadRequest",
                 "this simulated API server forwards ports over WebSocket only, with the "
                 "SPDY/3.1+portforward.k8s.io (kubectl 1.31+) or v4.channel.k8s.io "
                 "subprotocol; a plain SPDY upgrade is not supported");
}

}  // namespace

net::HttpResponse portforward_request(Cluster& c, const std::string& ns,
                                      const std::string& pod_name,
                                      const std::multimap<std::string, std::string>& query,
                                      const net::HttpRequest& req) {
  try {
    const std::string protocol = choose_protocol(req);
    auto pods = c.registry().find("", "v1", "pods");
    auto pod = c.store().get(*pods, ns, pod_name);
    if (!pod) throw not_found(*pods, pod_name);
    const auto* st = obj_at(*pod, "status");
    if (!st || str_at(*st, "phase") != "Running")
      throw bad_request("unable to upgrade connection: pod " + pod_name + " is not running");
    const PodPorts pp = pod_ports(*pod);
    return protocol == kSpdyTunnel ? spdy_upgrade(c, pp) : v4_upgrade(c, pp, query);
  } catch (const ApiError& e) {
    return status_response(e);
  }
}

}  // namespace kubemcp::sim
