// Opening a client connection: resolve, TCP connect, HTTP CONNECT through a proxy, TLS.
#include <openssl/ssl.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include "net/client_impl.hpp"

namespace kubemcp::net {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using asio::awaitable;
using asio::use_awaitable;
using client_detail::Stage;

namespace {
bool is_ip(const std::string& host) {
  boost::system::error_code ec;
  asio::ip::make_address(host, ec);
  return !ec;
}
}  // namespace

awaitable<void> HttpClient::Impl::connect(ReqState& st, Conn& c) {
  if (st.cancelled) throw ClientError(Stage::Cancelled, "request cancelled");
  beast::error_code ec;
  const std::string host = proxy ? proxy->host : opt.host;
  const std::uint16_t port = proxy ? proxy->port : opt.port;
  tcp::resolver resolver(c.strand);
  auto results = co_await resolver.async_resolve(host, std::to_string(port),
                                                 asio::redirect_error(use_awaitable, ec));
  if (ec) fail(st, Stage::Resolve, "cannot resolve " + host, ec);
  c.plain->expires_after(opt.connect_timeout);
  co_await c.plain->async_connect(results, asio::redirect_error(use_awaitable, ec));
  if (ec) fail(st, Stage::Connect, "cannot connect to " + host + ":" + std::to_string(port), ec);
  if (proxy) {
    const std::string authority = client_detail::host_header(opt.host, opt.port, "");
    http::request<http::empty_body> req{http::verb::connect, authority, 11};
    req.set(http::field::host, authority);
    if (!proxy->authorization.empty())
      req.set(http::field::proxy_authorization, proxy->authorization);
    co_await http::async_write(*c.plain, req, asio::redirect_error(use_awaitable, ec));
    if (ec) fail(st, Stage::Proxy, "proxy CONNECT failed", ec);
    http::response_parser<http::empty_body> p;
    p.skip(true);
    co_await http::async_read(*c.plain, c.buffer, p, asio::redirect_error(use_awaitable, ec));
    if (ec) fail(st, Stage::Proxy, "proxy CONNECT failed", ec);
    if (p.get().result_int() != 200)
      throw ClientError(Stage::Proxy,
                        "proxy refused CONNECT with HTTP " + std::to_string(p.get().result_int()));
  }
  if (opt.scheme == "https") {
    c.secure.emplace(std::move(*c.plain), ctx);
    c.plain.reset();
    const std::string name = opt.tls.server_name.empty() ? opt.host : opt.tls.server_name;
    if (!is_ip(name)) SSL_set_tlsext_host_name(c.secure->native_handle(), name.c_str());
    if (!opt.tls.insecure) c.secure->set_verify_callback(ssl::host_name_verification(name));
    beast::get_lowest_layer(*c.secure).expires_after(opt.connect_timeout);
    co_await c.secure->async_handshake(ssl::stream_base::client,
                                       asio::redirect_error(use_awaitable, ec));
    if (ec) fail(st, Stage::Tls, "TLS handshake with " + opt.host + " failed", ec);
  }
  c.lowest().expires_never();
  c.connected = true;
}

}  // namespace kubemcp::net
