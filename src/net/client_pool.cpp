// HttpClient's connection pool, TLS context and cancellation plumbing. The coroutines that
// use a connection live in client_connect/exchange/stream/websocket.cpp.
#include <openssl/ssl.h>
#include <sys/socket.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/url/parse.hpp>
#include <cerrno>

#include "net/base64.hpp"
#include "net/client_impl.hpp"
#include "net/client_io.hpp"

namespace kubemcp::net {
namespace asio = boost::asio;
namespace ssl = asio::ssl;
using client_detail::Clock;
using client_detail::Conn;
using client_detail::ReqState;
using client_detail::Stage;

namespace client_detail {

void Conn::close() {
  if (!plain && !secure) return;
  beast::error_code ec;
  lowest().socket().shutdown(asio::ip::tcp::socket::shutdown_both, ec);
  lowest().socket().close(ec);
}

std::string host_header(const std::string& host, std::uint16_t port, const std::string& scheme) {
  std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  if (!((scheme == "https" && port == 443) || (scheme == "http" && port == 80)))
    h += ":" + std::to_string(port);
  return h;
}

std::shared_ptr<CancelRegistration> watch_cancel(const CancelPtr& cancel,
                                                 const std::shared_ptr<ReqState>& st) {
  if (!cancel) return nullptr;
  auto strand = st->conn->strand;
  std::weak_ptr<ReqState> weak = st;
  return std::make_shared<CancelRegistration>(cancel, [weak, strand] {
    if (auto s = weak.lock()) {
      s->cancelled = true;
      asio::post(strand, [s] {
        if (s->closer) s->closer();
      });
    }
  });
}

std::shared_ptr<ReqState> new_state(std::shared_ptr<Conn> c) {
  auto st = std::make_shared<ReqState>();
  st->conn = c;
  st->closer = [c] { c->close(); };
  return st;
}

// An idle connection is usable when its socket has nothing to read: a peer that closed it
// (EOF) or sent anything while idle (a TLS close_notify) means it is gone. Checking before
// reuse keeps writes off dead connections, where a failure after sending could not be retried.
bool idle_socket_alive(Conn& c) {
  auto& sock = c.lowest().socket();
  if (!sock.is_open()) return false;
  char byte;
  const auto n = ::recv(sock.native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
}

}  // namespace client_detail

std::shared_ptr<Conn> HttpClient::Impl::fresh(client_detail::Strand s) {
  auto c = std::make_shared<Conn>(s);
  std::lock_guard lock(mu);
  c->generation = generation;
  return c;
}

std::shared_ptr<Conn> HttpClient::Impl::fresh() {
  return fresh(asio::make_strand(client_io()));
}

std::shared_ptr<Conn> HttpClient::Impl::acquire() {
  std::vector<std::shared_ptr<Conn>> stale;
  std::shared_ptr<Conn> found;
  {
    std::lock_guard lock(mu);
    const auto now = Clock::now();
    while (!idle.empty()) {
      auto c = std::move(idle.back());
      idle.pop_back();
      if (c->generation == generation && now - c->idle_since < opt.idle_timeout &&
          client_detail::idle_socket_alive(*c)) {
        c->reused = true;
        found = std::move(c);
        break;
      }
      stale.push_back(std::move(c));
    }
  }
  for (auto& c : stale) asio::post(c->strand, [c] { c->close(); });
  return found ? found : fresh();
}

void HttpClient::Impl::release(const std::shared_ptr<Conn>& c) {
  {
    std::lock_guard lock(mu);
    if (c->generation == generation && idle.size() < opt.max_idle) {
      c->idle_since = Clock::now();
      idle.push_back(c);
      return;
    }
  }
  c->close();
}

void HttpClient::Impl::fail(const ReqState& st, Stage stage, const std::string& what,
                            const boost::beast::error_code& ec) const {
  if (st.cancelled) throw ClientError(Stage::Cancelled, "request cancelled");
  if (ec == boost::beast::error::timeout)
    throw ClientError(stage == Stage::Connect || stage == Stage::Tls || stage == Stage::Proxy
                          ? stage
                          : Stage::Timeout,
                      what + ": timed out");
  throw ClientError(stage, what + ": " + ec.message());
}

namespace {

void configure_tls(ssl::context& ctx, const ClientTls& tls) {
  ctx.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                  ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
  // Connections are pooled, never resumed: no session cache, no tickets.
  SSL_CTX_set_session_cache_mode(ctx.native_handle(), SSL_SESS_CACHE_OFF);
  SSL_CTX_set_options(ctx.native_handle(), SSL_OP_NO_TICKET);
  if (tls.insecure) {
    ctx.set_verify_mode(ssl::verify_none);
  } else {
    ctx.set_verify_mode(ssl::verify_peer);
    boost::system::error_code ec;
    if (!tls.ca_pem.empty()) {
      ctx.add_certificate_authority(asio::buffer(tls.ca_pem), ec);
      if (ec)
        throw ClientConfigError("certificate-authority",
                                "the certificate authority is not a valid PEM certificate");
    } else {
      ctx.set_default_verify_paths(ec);
    }
  }
  if (tls.cert_pem.empty() && tls.key_pem.empty()) return;
  boost::system::error_code ec;
  if (tls.cert_pem.empty() || tls.key_pem.empty())
    throw ClientConfigError("client-certificate",
                            "a client certificate needs both the certificate and the key");
  ctx.use_certificate_chain(asio::buffer(tls.cert_pem), ec);
  if (ec)
    throw ClientConfigError("client-certificate",
                            "the client certificate is not a valid PEM certificate");
  ctx.use_private_key(asio::buffer(tls.key_pem), ssl::context::pem, ec);
  if (ec)
    throw ClientConfigError("client-key",
                            "the client key is not a valid PEM key or does not match "
                            "the certificate");
}

client_detail::Proxy parse_proxy(const std::string& url) {
  auto r = boost::urls::parse_uri(url);
  if (!r) throw ClientConfigError("proxy-url", "proxy-url is not a valid URL");
  if (r->scheme() != "http")
    throw ClientConfigError("proxy-url", "only http:// proxies (HTTP CONNECT) are supported");
  client_detail::Proxy p;
  p.host = std::string(r->host_address());
  p.port = r->has_port() ? r->port_number() : 80;
  if (r->has_userinfo())
    p.authorization =
        "Basic " + base64_encode(std::string(r->user()) + ":" + std::string(r->password()));
  return p;
}

}  // namespace

std::shared_ptr<HttpClient> HttpClient::create(ClientOptions options) {
  // The io pool must outlive every client (static destruction runs in reverse order).
  client_io();
  auto impl = std::make_shared<Impl>();
  impl->opt = std::move(options);
  impl->host_hdr = client_detail::host_header(impl->opt.host, impl->opt.port, impl->opt.scheme);
  configure_tls(impl->ctx, impl->opt.tls);
  if (!impl->opt.proxy_url.empty()) impl->proxy = parse_proxy(impl->opt.proxy_url);
  return std::shared_ptr<HttpClient>(new HttpClient(std::move(impl)));
}

HttpClient::~HttpClient() {
  reset();
}

const ClientOptions& HttpClient::options() const {
  return impl_->opt;
}

std::size_t HttpClient::idle_connections() const {
  std::lock_guard lock(impl_->mu);
  return impl_->idle.size();
}

void HttpClient::reset() {
  std::vector<std::shared_ptr<Conn>> old;
  {
    std::lock_guard lock(impl_->mu);
    ++impl_->generation;
    old.swap(impl_->idle);
  }
  for (auto& c : old) asio::post(c->strand, [c] { c->close(); });
}

}  // namespace kubemcp::net
