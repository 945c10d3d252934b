// HTTPS server on Asio C++20 coroutines, one coroutine per connection on its own strand (the
// Beast example style): TLS setup, listening, accepting, refusing (network faults) and stop.
// The per-connection work is in server_session/stream/websocket.cpp.
#include <openssl/ssl.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/v6_only.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include "net/server_impl.hpp"

namespace kubemcp::net {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using server_detail::Stream;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);
namespace {
void setup_tls(asio::ssl::context& ssl, const TlsServerConfig& tls);
}

HttpsServer::HttpsServer(IoPool& pool, const TlsServerConfig& tls, HttpHandler handler,
                         const std::string& host, uint16_t port, const ServerLimits& limits) {
  auto& ioc = *static_cast<asio::io_context*>(pool.context());
  impl_ = std::make_shared<Impl>(ioc, std::move(handler));
  impl_->limits = limits;
  impl_->tls = !tls.cert_chain_pem.empty();
  if (impl_->tls) setup_tls(impl_->ssl, tls);
  tcp::endpoint ep(asio::ip::make_address(host), port);
  impl_->acceptor.open(ep.protocol());
  impl_->acceptor.set_option(asio::socket_base::reuse_address(true));
  if (ep.address().is_v6()) impl_->acceptor.set_option(asio::ip::v6_only(true));
  impl_->acceptor.bind(ep);
  impl_->acceptor.listen(asio::socket_base::max_listen_connections);
  impl_->endpoint = impl_->acceptor.local_endpoint();
  asio::co_spawn(impl_->acceptor.get_executor(), impl_->accept_loop(), asio::detached);
}

namespace {
void setup_tls(asio::ssl::context& ssl, const TlsServerConfig& tls) {
  ssl.set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                  asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                  asio::ssl::context::no_tlsv1_1);
  ssl.use_certificate_chain(asio::buffer(tls.cert_chain_pem));
  ssl.use_private_key(asio::buffer(tls.key_pem), asio::ssl::context::pem);
  if (!tls.client_ca_pem.empty()) {
    ssl.add_certificate_authority(asio::buffer(tls.client_ca_pem));
    // Ask for a client certificate but let bearer-token clients in without one; the handler
    // sees a CN only when the certificate verified.
    ssl.set_verify_mode(asio::ssl::verify_peer);
    ssl.set_verify_callback([](bool, asio::ssl::verify_context&) { return true; });
    static const unsigned char sid[] = "kubemcp-sim";
    SSL_CTX_set_session_id_context(ssl.native_handle(), sid, sizeof(sid) - 1);
  }
}
}  // namespace

HttpsServer::~HttpsServer() {
  stop();
}

uint16_t HttpsServer::port() const {
  return impl_->acceptor.local_endpoint().port();
}

void HttpsServer::set_refusing(bool refusing) {
  // A simulated network failure: the listening socket goes away (connects are refused) and
  // open connections are cut; coming back listens on the same port again.
  auto impl = impl_;
  if (impl->refusing.exchange(refusing) == refusing) return;
  asio::post(impl->acceptor.get_executor(), [impl, refusing] {
    boost::system::error_code ec;
    if (refusing) {
      impl->acceptor.close(ec);
      std::lock_guard lock(impl->mu);
      impl->close_all();
      return;
    }
    if (impl->stopped) return;
    impl->acceptor.open(impl->endpoint.protocol(), ec);
    impl->acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    impl->acceptor.bind(impl->endpoint, ec);
    impl->acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (!ec) asio::co_spawn(impl->acceptor.get_executor(), impl->accept_loop(), asio::detached);
  });
}

void HttpsServer::stop() {
  if (!impl_ || impl_->stopped.exchange(true)) return;
  auto impl = impl_;
  asio::post(impl->acceptor.get_executor(), [impl] {
    boost::system::error_code ec;
    impl->acceptor.close(ec);
  });
  std::lock_guard lock(impl->mu);
  impl->close_all();
}

void HttpsServer::Impl::close_all() {
  for (auto& [id, close] : open) close();
}

namespace {
// A closer that does nothing once the connection is gone.
template <class S>
std::function<void()> closer(const std::shared_ptr<S>& s) {
  return [w = std::weak_ptr<S>(s)] {
    if (auto s = w.lock())
      asio::post(s->get_executor(), [s] { beast::get_lowest_layer(*s).socket().close(); });
  };
}
}  // namespace

asio::awaitable<void> HttpsServer::Impl::accept_loop() {
  auto self = shared_from_this();
  for (;;) {
    auto [ec, sock] = co_await acceptor.async_accept(asio::make_strand(ioc), use_tuple);
    if (stopped || !acceptor.is_open()) co_return;
    if (ec) continue;
    std::lock_guard lock(mu);
    if (limits.max_connections && open.size() >= limits.max_connections) {
      boost::system::error_code ignored;
      sock.close(ignored);  // over the limit: the client sees the connection closed at once
      continue;
    }
    const uint64_t id = next_id++;
    if (tls) {
      auto stream = std::make_shared<Stream>(std::move(sock), ssl);
      open[id] = closer(stream);
      asio::co_spawn(stream->get_executor(), session(stream, id), asio::detached);
    } else {
      auto stream = std::make_shared<PlainStream>(std::move(sock));
      open[id] = closer(stream);
      asio::co_spawn(stream->get_executor(), plain_session(stream, id), asio::detached);
    }
  }
}

}  // namespace kubemcp::net
