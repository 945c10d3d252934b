#pragma once
// Internal to net/: the state behind HttpsServer, shared by its translation units
// (server_https.cpp: TLS, listening and accepting; server_session.cpp: the HTTP exchange
// loop; server_stream.cpp: chunked responses; server_websocket.cpp: upgrades;
// server_outbox.cpp: the queue that producers on other threads write to).
#include <atomic>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "net/server_https.hpp"

namespace kubemcp::net {
namespace server_detail {

using Stream = boost::beast::ssl_stream<boost::beast::tcp_stream>;  // TLS (the simulator)
using PlainStream = boost::beast::tcp_stream;                       // plain HTTP
using Request = boost::beast::http::request<boost::beast::http::string_body>;

// A queue of outgoing messages that wakes one waiting coroutine (on the given executor).
// Producers on any thread push; the connection's coroutine drains it with next().
class Outbox : public std::enable_shared_from_this<Outbox> {
 public:
  explicit Outbox(boost::asio::any_io_executor ex);

  bool push(std::string m);  // false once closed or the peer is gone
  void close(uint16_t code = 1000);
  void mark_gone();
  bool is_open() const;
  // Waits until there is something to do. Returns queued messages; `done` is set when the
  // producer closed and the queue is drained (`code` then holds its close code), or the peer
  // is gone.
  boost::asio::awaitable<std::deque<std::string>> next(bool& done, uint16_t& code);

 private:
  void wake();
  mutable std::mutex mu_;
  std::deque<std::string> q_;
  bool closed_ = false, gone_ = false;
  uint16_t close_code_ = 1000;
  boost::asio::steady_timer timer_;
};

class Sink : public StreamSink {
 public:
  explicit Sink(std::shared_ptr<Outbox> box) : box_(std::move(box)) {}
  bool write(std::string chunk) override { return box_->push(std::move(chunk)); }
  void close() override { box_->close(); }
  bool is_open() const override { return box_->is_open(); }

 private:
  std::shared_ptr<Outbox> box_;
};

class Channel : public MessageChannel {
 public:
  explicit Channel(std::shared_ptr<Outbox> box) : box_(std::move(box)) {}
  bool send_binary(std::string m) override { return box_->push(std::move(m)); }
  void close(uint16_t code) override { box_->close(code); }
  bool is_open() const override { return box_->is_open(); }

 private:
  std::shared_ptr<Outbox> box_;
};

// Sends a chunked response whose body the handler's producer writes (server_stream.cpp);
// instantiated for Stream and PlainStream.
template <class S>
boost::asio::awaitable<void> stream_response(std::shared_ptr<S> stream, const Request& req,
                                             HttpResponse& resp);
// Accepts the upgrade and runs the WebSocket until either side closes (server_websocket.cpp).
boost::asio::awaitable<void> websocket_session(std::shared_ptr<Stream> stream, Request req,
                                               std::shared_ptr<UpgradeHandler> up);

}  // namespace server_detail

struct HttpsServer::Impl : std::enable_shared_from_this<HttpsServer::Impl> {
  using Stream = server_detail::Stream;
  using PlainStream = server_detail::PlainStream;
  // Removes a connection from the open set when its coroutine ends.
  struct Forget {
    Impl* impl;
    uint64_t id;
    ~Forget() {
      std::lock_guard lock(impl->mu);
      impl->open.erase(id);
    }
  };
  boost::asio::io_context& ioc;
  boost::asio::ssl::context ssl{boost::asio::ssl::context::tls_server};
  bool tls = true;
  ServerLimits limits;
  boost::asio::ip::tcp::acceptor acceptor;
  HttpHandler handler;
  std::atomic<bool> refusing{false};
  std::atomic<bool> stopped{false};
  boost::asio::ip::tcp::endpoint endpoint;
  std::mutex mu;
  uint64_t next_id = 0;
  // For stop() and refusing: closes one open connection (posted to its strand).
  std::map<uint64_t, std::function<void()>> open;

  Impl(boost::asio::io_context& ctx, HttpHandler h)
      : ioc(ctx), acceptor(ctx), handler(std::move(h)) {}

  boost::asio::awaitable<void> accept_loop();
  void close_all();  // with mu held
  // One connection: TLS handshake, then requests until it closes (server_session.cpp).
  boost::asio::awaitable<void> session(std::shared_ptr<Stream> stream, uint64_t id);
  boost::asio::awaitable<void> plain_session(std::shared_ptr<PlainStream> stream, uint64_t id);
  // The request loop shared by both (server_session.cpp).
  // The client certificate that verified (all empty for none, and on plain HTTP).
  struct ClientCert {
    std::string cn;
    std::vector<std::string> orgs;
    std::string sha256;  // lower-case hex of the DER certificate's SHA-256
  };
  template <class S>
  boost::asio::awaitable<bool> exchange_requests(std::shared_ptr<S> stream, const ClientCert& cert);
};

}  // namespace kubemcp::net
