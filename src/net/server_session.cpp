// One server connection: TLS handshake (or none for plain HTTP), then HTTP requests until the
// connection closes or a handler turns it into a stream or a WebSocket.
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include "net/server_impl.hpp"

namespace kubemcp::net {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using server_detail::PlainStream;
using server_detail::Stream;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

namespace {

std::string x509_name_entry(X509_NAME* name, int nid, std::vector<std::string>* all = nullptr) {
  std::string first;
  int idx = -1;
  while ((idx = X509_NAME_get_index_by_NID(name, nid, idx)) >= 0) {
    X509_NAME_ENTRY* e = X509_NAME_get_entry(name, idx);
    ASN1_STRING* s = X509_NAME_ENTRY_get_data(e);
    std::string v(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)), ASN1_STRING_length(s));
    if (first.empty()) first = v;
    if (all) all->push_back(v);
  }
  return first;
}

}  // namespace

namespace {

// A request over a limit gets a short answer before the connection closes.
http::response<http::string_body> refusal(http::status status, const std::string& why) {
  http::response<http::string_body> res{status, 11};
  res.set(http::field::content_type, "text/plain");
  res.body() = why + "\n";
  res.keep_alive(false);
  res.prepare_payload();
  return res;
}

template <class S>
std::string peer_of(S& stream) {
  boost::system::error_code ec;
  const auto ep = beast::get_lowest_layer(stream).socket().remote_endpoint(ec);
  return ec ? std::string() : ep.address().to_string();
}

}  // namespace

asio::awaitable<void> HttpsServer::Impl::session(std::shared_ptr<Stream> stream, uint64_t id) {
  auto self = shared_from_this();
  Forget forget{this, id};

  auto& lowest = beast::get_lowest_layer(*stream);
  lowest.expires_after(std::chrono::seconds(30));
  auto [hec] = co_await stream->async_handshake(asio::ssl::stream_base::server, use_tuple);
  if (hec) co_return;

  ClientCert cert;
  if (X509* peer = SSL_get1_peer_certificate(stream->native_handle())) {
    if (SSL_get_verify_result(stream->native_handle()) == X509_V_OK) {
      X509_NAME* subject = X509_get_subject_name(peer);
      cert.cn = x509_name_entry(subject, NID_commonName);
      x509_name_entry(subject, NID_organizationName, &cert.orgs);
      unsigned char md[EVP_MAX_MD_SIZE];
      unsigned int md_len = 0;
      if (X509_digest(peer, EVP_sha256(), md, &md_len) == 1)
        for (unsigned int i = 0; i < md_len; ++i) {
          static const char* hex = "0123456789abcdef";
          cert.sha256 += hex[md[i] >> 4];
          cert.sha256 += hex[md[i] & 15];
        }
    }
    X509_free(peer);
  }
  if (!co_await exchange_requests(stream, cert)) co_return;
  lowest.expires_after(std::chrono::seconds(2));
  co_await stream->async_shutdown(use_tuple);
  lowest.close();
}

asio::awaitable<void> HttpsServer::Impl::plain_session(std::shared_ptr<PlainStream> stream,
                                                       uint64_t id) {
  auto self = shared_from_this();
  Forget forget{this, id};
  // A named local: g++ 12 mishandles the lifetime of temporaries in a co_await expression.
  const ClientCert none;
  if (!co_await exchange_requests(stream, none)) co_return;
  boost::system::error_code ec;
  stream->socket().shutdown(tcp::socket::shutdown_send, ec);
  stream->close();
}

// Requests until the connection closes. False when the connection is already done with (a
// stream, an upgrade or a drop); true when the caller should shut it down.
template <class S>
asio::awaitable<bool> HttpsServer::Impl::exchange_requests(std::shared_ptr<S> stream,
                                                           const ClientCert& cert) {
  auto& lowest = beast::get_lowest_layer(*stream);
  const std::string remote = peer_of(*stream);
  beast::flat_buffer buffer;
  for (;;) {
    http::request_parser<http::string_body> parser;
    parser.body_limit(limits.max_body_bytes);
    parser.header_limit(static_cast<std::uint32_t>(limits.max_header_bytes));
    lowest.expires_after(limits.request_timeout);  // idle keep-alive and slow senders
    auto [rec, n] = co_await http::async_read(*stream, buffer, parser, use_tuple);
    if (rec == http::error::body_limit || rec == http::error::header_limit ||
        (rec == beast::error::timeout && parser.got_some())) {
      const bool body = rec == http::error::body_limit;
      const bool header = rec == http::error::header_limit;
      auto res = refusal(
          body     ? http::status::payload_too_large
          : header ? http::status::request_header_fields_too_large
                   : http::status::request_timeout,
          body ? "request body larger than " + std::to_string(limits.max_body_bytes) + " bytes"
          : header
              ? "request headers larger than " + std::to_string(limits.max_header_bytes) + " bytes"
              : "request not received in time");
      lowest.expires_after(std::chrono::seconds(10));
      co_await http::async_write(*stream, res, use_tuple);
      // Read (and drop) what the client is still sending for a moment, so that it sees the
      // answer rather than a reset.
      lowest.expires_after(std::chrono::seconds(2));
      boost::system::error_code ignored;
      lowest.socket().shutdown(tcp::socket::shutdown_send, ignored);
      char sink[16384];
      for (std::size_t total = 0; total < (64u << 20);) {
        auto [dec, dn] = co_await lowest.async_read_some(asio::buffer(sink), use_tuple);
        if (dec) break;
        total += dn;
      }
      lowest.close();
      co_return false;
    }
    if (rec) break;
    auto req = parser.release();

    HttpRequest r;
    r.method = std::string(req.method_string());
    r.target = std::string(req.target());
    for (const auto& f : req) {
      std::string name(f.name_string());
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      r.headers.emplace_back(std::move(name), std::string(f.value()));
    }
    r.body = std::move(req.body());
    r.client_cert_cn = cert.cn;
    r.client_cert_orgs = cert.orgs;
    r.client_cert_sha256 = cert.sha256;
    r.remote = remote;

    HttpResponse resp;
    try {
      resp = handler(r);
    } catch (const std::exception& e) {
      resp = HttpResponse{};
      resp.status = 500;
      resp.content_type = "text/plain";
      resp.body = std::string("internal error: ") + e.what();
    }
    lowest.expires_never();

    if (resp.drop) {
      lowest.close();
      co_return false;
    }
    if constexpr (std::is_same_v<S, Stream>) {
      if (resp.upgrade && websocket::is_upgrade(req)) {
        co_await server_detail::websocket_session(stream, std::move(req), resp.upgrade);
        co_return false;
      }
    }
    if (resp.stream) {
      co_await server_detail::stream_response(stream, req, resp);
      lowest.close();
      co_return false;
    }

    http::response<http::string_body> res{static_cast<http::status>(resp.status), req.version()};
    res.set(http::field::content_type, resp.content_type);
    for (const auto& [k, v] : resp.headers) res.insert(k, v);  // repeated names (Warning) stay
    res.body() = std::move(resp.body);
    res.keep_alive(req.keep_alive());
    res.prepare_payload();
    lowest.expires_after(std::chrono::seconds(120));
    auto [wec, wn] = co_await http::async_write(*stream, res, use_tuple);
    if (wec || !res.keep_alive()) break;
  }
  co_return true;
}

template asio::awaitable<bool> HttpsServer::Impl::exchange_requests(std::shared_ptr<Stream>,
                                                                    const ClientCert&);
template asio::awaitable<bool> HttpsServer::Impl::exchange_requests(std::shared_ptr<PlainStream>,
                                                                    const ClientCert&);

}  // namespace kubemcp::net
