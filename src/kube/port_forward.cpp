#include "kube/port_forward.hpp"

#include <spdlog/spdlog.h>

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <deque>
#include <future>
#include <thread>

#include "kube/url.hpp"
#include "net/client_io.hpp"

namespace kubemcp::kube {
namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using Strand = asio::strand<asio::io_context::executor_type>;

namespace {

// What every relay of one forward adds to.
struct Traffic {
  std::atomic<std::uint64_t> to_pod{0};
  std::atomic<std::uint64_t> from_pod{0};
};

// One local connection relayed over one WebSocket.
struct Relay : std::enable_shared_from_this<Relay> {
  Relay(tcp::socket s, std::shared_ptr<net::WebSocket> w, std::function<void(std::string)> err,
        std::shared_ptr<Traffic> t)
      : strand(asio::make_strand(net::client_io())),
        sock(std::move(s)),
        ws(std::move(w)),
        on_error(std::move(err)),
        traffic(std::move(t)) {}

  Strand strand;
  tcp::socket sock;
  std::shared_ptr<net::WebSocket> ws;
  std::function<void(std::string)> on_error;
  std::shared_ptr<Traffic> traffic;
  std::deque<std::string> out;
  bool writing = false;
  bool ws_closed = false;
  std::size_t data_prefix = 2, error_prefix = 2;
  std::string error_text;

  void start() {
    auto self = shared_from_this();
    ws->start([self](std::string m) { self->on_message(std::move(m)); },
              [self](std::string reason) {
                asio::post(self->strand, [self, reason] {
                  self->ws_closed = true;
                  if (!reason.empty() && reason != "cancelled") self->on_error(reason);
                  if (!self->writing) self->shutdown();
                });
              });
    asio::co_spawn(strand, read_local(), asio::detached);
  }

  // Strips the 2-byte port header the server sends first on each channel.
  static std::string_view skip(std::string_view data, std::size_t& prefix) {
    const std::size_t n = std::min(prefix, data.size());
    prefix -= n;
    return data.substr(n);
  }

  void on_message(std::string m) {
    if (m.empty()) return;
    const unsigned char channel = static_cast<unsigned char>(m[0]);
    auto self = shared_from_this();
    asio::post(strand, [self, channel, m = std::move(m)] {
      std::string_view data(m.data() + 1, m.size() - 1);
      if (channel == 0) {
        data = skip(data, self->data_prefix);
        if (data.empty()) return;
        self->traffic->from_pod += data.size();
        self->out.emplace_back(data);
        if (!self->writing) asio::co_spawn(self->strand, self->write_local(), asio::detached);
      } else if (channel == 1) {
        data = skip(data, self->error_prefix);
        self->error_text.append(data);
        if (!self->error_text.empty()) self->on_error(self->error_text);
      }
    });
  }

  asio::awaitable<void> write_local() {
    auto self = shared_from_this();
    writing = true;
    boost::system::error_code ec;
    while (!out.empty()) {
      co_await asio::async_write(sock, asio::buffer(out.front()),
                                 asio::redirect_error(asio::use_awaitable, ec));
      if (ec) break;
      out.pop_front();
    }
    writing = false;
    if (ec) {
      out.clear();
      ws->close();
      shutdown();
    } else if (ws_closed) {
      shutdown();
    }
  }

  asio::awaitable<void> read_local() {
    auto self = shared_from_this();
    char buf[32768];
    for (;;) {
      boost::system::error_code ec;
      const std::size_t n = co_await sock.async_read_some(
          asio::buffer(buf), asio::redirect_error(asio::use_awaitable, ec));
      if (ec) break;
      traffic->to_pod += n;
      std::string msg(1, '\0');
      msg.append(buf, n);
      ws->send(std::move(msg));
    }
    // Local side finished: close the stream; the pod side closes the socket in turn.
    ws->close();
  }

  void shutdown() {
    boost::system::error_code ec;
    sock.shutdown(tcp::socket::shutdown_both, ec);
    sock.close(ec);
  }

  void abort() {
    auto self = shared_from_this();
    ws->abort();
    asio::post(strand, [self] { self->shutdown(); });
  }
};

}  // namespace

struct PortForward::Impl : std::enable_shared_from_this<PortForward::Impl> {
  std::shared_ptr<Client> client;
  std::string ns, pod;
  std::uint16_t remote = 0;
  std::uint16_t local = 0;
  Strand strand{asio::make_strand(net::client_io())};
  tcp::acceptor acceptor{strand};
  std::atomic<bool> active{true};
  std::atomic<std::size_t> total{0};
  std::shared_ptr<Traffic> traffic = std::make_shared<Traffic>();
  mutable std::mutex mu;
  std::string last_error;
  std::vector<std::weak_ptr<Relay>> relays;

  void note_error(const std::string& e) {
    spdlog::warn("port-forward {}/{}:{}: {}", ns, pod, remote, e);
    std::lock_guard lock(mu);
    last_error = e;
  }

  asio::awaitable<void> accept_loop() {
    auto self = shared_from_this();
    for (;;) {
      boost::system::error_code ec;
      tcp::socket s = co_await acceptor.async_accept(asio::redirect_error(asio::use_awaitable, ec));
      if (ec || !active) co_return;
      ++total;
      // The upgrade blocks on the handshake; do it off the io pool.
      std::thread([self, s = std::move(s)]() mutable { self->connect(std::move(s)); }).detach();
    }
  }

  void connect(tcp::socket s) {
    try {
      Request req;
      req.path = resource_path("", "v1", "pods", true, ns, pod, "portforward");
      req.query.add("ports", std::to_string(remote));
      req.accept = "";
      auto ws = client->websocket(req, {"v4.channel.k8s.io"});
      auto relay = std::make_shared<Relay>(
          std::move(s), ws, [self = shared_from_this()](std::string e) { self->note_error(e); },
          traffic);
      {
        std::lock_guard lock(mu);
        if (!active) {
          ws->abort();
          return;
        }
        relays.erase(
            std::remove_if(relays.begin(), relays.end(), [](const auto& w) { return w.expired(); }),
            relays.end());
        relays.push_back(relay);
      }
      relay->start();
    } catch (const std::exception& e) {
      note_error(e.what());
      boost::system::error_code ec;
      s.close(ec);
    }
  }
};

std::shared_ptr<PortForward> PortForward::start(std::shared_ptr<Client> client, std::string ns,
                                                std::string pod, std::uint16_t remote_port,
                                                std::uint16_t local_port,
                                                const net::CancelPtr& cancel) {
  if (ns.empty()) ns = client->default_namespace();
  {
    Request check;
    check.path = resource_path("", "v1", "pods", true, ns, pod);
    client->send(check, cancel);  // ApiError 404 when the pod does not exist
  }
  auto impl = std::make_shared<Impl>();
  impl->client = std::move(client);
  impl->ns = std::move(ns);
  impl->pod = std::move(pod);
  impl->remote = remote_port;
  boost::system::error_code ec;
  const tcp::endpoint ep(asio::ip::make_address("127.0.0.1"), local_port);
  impl->acceptor.open(ep.protocol(), ec);
  if (!ec) impl->acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) impl->acceptor.bind(ep, ec);
  if (!ec) impl->acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec)
    throw KubeError("port-forward: cannot listen on 127.0.0.1:" + std::to_string(local_port) +
                    ": " + ec.message());
  impl->local = impl->acceptor.local_endpoint().port();
  asio::co_spawn(impl->strand, impl->accept_loop(), asio::detached);
  return std::shared_ptr<PortForward>(new PortForward(impl));
}

PortForward::~PortForward() {
  stop();
}

void PortForward::stop() {
  if (!impl_->active.exchange(false)) return;
  auto impl = impl_;
  // The port is closed when stop() returns: a caller that says "stopped" must be right.
  auto closed = std::make_shared<std::promise<void>>();
  auto done = closed->get_future();
  asio::post(impl->strand, [impl, closed] {
    boost::system::error_code ec;
    impl->acceptor.close(ec);
    closed->set_value();
  });
  done.wait_for(std::chrono::seconds(2));  // never forever, should the io threads be stuck
  std::vector<std::shared_ptr<Relay>> open;
  {
    std::lock_guard lock(impl->mu);
    for (auto& w : impl->relays)
      if (auto r = w.lock()) open.push_back(r);
    impl->relays.clear();
  }
  for (auto& r : open) r->abort();
}

std::uint16_t PortForward::local_port() const {
  return impl_->local;
}
std::uint16_t PortForward::remote_port() const {
  return impl_->remote;
}
const std::string& PortForward::ns() const {
  return impl_->ns;
}
const std::string& PortForward::pod() const {
  return impl_->pod;
}
bool PortForward::active() const {
  return impl_->active;
}
std::size_t PortForward::connections_total() const {
  return impl_->total;
}
std::size_t PortForward::connections_open() const {
  std::lock_guard lock(impl_->mu);
  std::size_t n = 0;
  for (const auto& w : impl_->relays)
    if (!w.expired()) ++n;
  return n;
}
std::uint64_t PortForward::bytes_to_pod() const {
  return impl_->traffic->to_pod;
}
std::uint64_t PortForward::bytes_from_pod() const {
  return impl_->traffic->from_pod;
}
std::string PortForward::last_error() const {
  std::lock_guard lock(impl_->mu);
  return impl_->last_error;
}

}  // namespace kubemcp::kube
