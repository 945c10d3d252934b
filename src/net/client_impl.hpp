#pragma once
// Internal to net/: the state behind HttpClient, shared by the translation units that build
// it (client_pool.cpp: pool and TLS setup; client_connect.cpp: resolve, proxy, handshake;
// client_exchange.cpp: request/response; client_stream.cpp: streamed bodies;
// client_websocket.cpp: upgrades). Split so that two cores compile the Beast-heavy parts in
// parallel and each file instantiates only the templates it uses.
#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "net/client_http.hpp"

namespace kubemcp::net {
namespace client_detail {

namespace asio = boost::asio;
namespace beast = boost::beast;
using Strand = asio::strand<asio::io_context::executor_type>;
using Clock = std::chrono::steady_clock;
using Stage = ClientError::Stage;

struct Proxy {
  std::string host;
  std::uint16_t port = 0;
  std::string authorization;  // "Basic ..." or empty
};

// One connection; all its I/O runs on its strand.
struct Conn {
  explicit Conn(Strand s) : strand(s) { plain.emplace(strand); }
  Strand strand;
  std::optional<beast::tcp_stream> plain;
  std::optional<beast::ssl_stream<beast::tcp_stream>> secure;
  beast::flat_buffer buffer;
  Clock::time_point idle_since{};
  std::uint64_t generation = 0;
  bool connected = false;
  bool reused = false;

  beast::tcp_stream& lowest() { return secure ? beast::get_lowest_layer(*secure) : *plain; }
  void close();
};

// Per-request state shared with the cancel callback.
struct ReqState {
  std::shared_ptr<Conn> conn;
  std::atomic<bool> cancelled{false};
  std::function<void()> closer;  // touched on the strand only
};

std::string host_header(const std::string& host, std::uint16_t port, const std::string& scheme);

// Registers `st` with `cancel`: on cancellation the request's socket is closed on its strand.
std::shared_ptr<CancelRegistration> watch_cancel(const CancelPtr& cancel,
                                                 const std::shared_ptr<ReqState>& st);
std::shared_ptr<ReqState> new_state(std::shared_ptr<Conn> c);

}  // namespace client_detail

struct HttpClient::Impl : std::enable_shared_from_this<HttpClient::Impl> {
  using Conn = client_detail::Conn;
  using ReqState = client_detail::ReqState;
  using Stage = client_detail::Stage;

  ClientOptions opt;
  std::optional<client_detail::Proxy> proxy;
  boost::asio::ssl::context ctx{boost::asio::ssl::context::tls_client};
  std::string host_hdr;
  mutable std::mutex mu;
  std::vector<std::shared_ptr<Conn>> idle;
  std::uint64_t generation = 0;

  // Pool (client_pool.cpp).
  std::shared_ptr<Conn> fresh(client_detail::Strand s);
  std::shared_ptr<Conn> fresh();
  std::shared_ptr<Conn> acquire();
  void release(const std::shared_ptr<Conn>& c);

  // Throws the ClientError that describes `ec` at `stage` (Cancelled when cancelled).
  [[noreturn]] void fail(const ReqState& st, Stage stage, const std::string& what,
                         const boost::beast::error_code& ec) const;

  // The request as sent (Host, User-Agent, gzip when `compress`) and the answer as returned
  // (gzip/deflate decoded) (client_exchange.cpp).
  boost::beast::http::request<boost::beast::http::string_body> build(const ClientRequest& r,
                                                                     bool compress) const;
  ClientResponse convert(boost::beast::http::response<boost::beast::http::string_body>&& res) const;

  // Resolve, connect, proxy CONNECT and TLS handshake (client_connect.cpp).
  boost::asio::awaitable<void> connect(ReqState& st, Conn& c);

  // Keep-alive request/response with one retry on a stale pooled connection
  // (client_exchange.cpp).
  boost::asio::awaitable<ClientResponse> run_request(std::shared_ptr<ReqState> st, ClientRequest r);
  // Streamed response body on a dedicated connection (client_stream.cpp).
  boost::asio::awaitable<ClientResponse> run_stream(std::shared_ptr<ReqState> st, ClientRequest r,
                                                    std::function<bool(std::string_view)> on_data);
  // WebSocket upgrade on a dedicated connection (client_websocket.cpp).
  boost::asio::awaitable<UpgradeResult> run_websocket(std::shared_ptr<ReqState> st, ClientRequest r,
                                                      std::vector<std::string> protocols);
  // The upgrade on the connected stream (client_websocket_tls.cpp, client_websocket_plain.cpp).
  boost::asio::awaitable<UpgradeResult> upgrade_tls(std::shared_ptr<ReqState> st, ClientRequest r,
                                                    std::vector<std::string> protocols);
  boost::asio::awaitable<UpgradeResult> upgrade_plain(std::shared_ptr<ReqState> st, ClientRequest r,
                                                      std::vector<std::string> protocols);
};

}  // namespace kubemcp::net
