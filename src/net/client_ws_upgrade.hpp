#pragma once
// Internal to net/: the client WebSocket that owns an upgraded stream, and the upgrade itself,
// as templates over the stream type. Only client_websocket_tls.cpp and
// client_websocket_plain.cpp include this, each instantiating it for one stream type, so the
// two (the costliest Beast code of the client) compile in parallel.
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <deque>

#include "net/client_impl.hpp"
#include "net/client_ws.hpp"

namespace kubemcp::net::client_detail {
namespace websocket = beast::websocket;
namespace http = beast::http;
using asio::awaitable;
using asio::use_awaitable;

template <class Stream>
class WsImpl : public WebSocket, public std::enable_shared_from_this<WsImpl<Stream>> {
 public:
  WsImpl(Strand strand, Stream&& s) : strand_(strand), ws_(std::move(s)) {}

  websocket::stream<Stream>& ws() { return ws_; }
  void set_protocol(std::string p) { protocol_ = std::move(p); }
  const std::string& protocol() const override { return protocol_; }

  void start(std::function<void(std::string)> on_message,
             std::function<void(std::string)> on_closed) override {
    auto self = this->shared_from_this();
    asio::post(strand_, [self, m = std::move(on_message), c = std::move(on_closed)]() mutable {
      self->on_message_ = std::move(m);
      self->on_closed_ = std::move(c);
      asio::co_spawn(self->strand_, self->read_loop(), asio::detached);
    });
  }

  void send(std::string message) override {
    auto self = this->shared_from_this();
    asio::post(strand_, [self, m = std::move(message)]() mutable {
      self->out_.push_back(std::move(m));
      if (!self->writing_) asio::co_spawn(self->strand_, self->write_loop(), asio::detached);
    });
  }

  void close() override {
    auto self = this->shared_from_this();
    asio::post(strand_, [self] {
      self->close_requested_ = true;
      if (!self->writing_) asio::co_spawn(self->strand_, self->write_loop(), asio::detached);
    });
  }

  void abort() override {
    auto self = this->shared_from_this();
    asio::post(strand_, [self] {
      self->aborted_ = true;
      beast::error_code ec;
      beast::get_lowest_layer(self->ws_).socket().close(ec);
    });
  }

 private:
  awaitable<void> read_loop() {
    auto self = this->shared_from_this();
    beast::flat_buffer buffer;
    for (;;) {
      beast::error_code ec;
      co_await ws_.async_read(buffer, asio::redirect_error(use_awaitable, ec));
      if (ec) {
        // A close we started ends the pending read with operation_aborted: still clean.
        const bool clean =
            ec == websocket::error::closed || (close_sent_ && ec == asio::error::operation_aborted);
        finish(clean ? std::string() : aborted_ ? std::string("cancelled") : ec.message());
        co_return;
      }
      std::string msg = beast::buffers_to_string(buffer.data());
      buffer.consume(buffer.size());
      if (on_message_) on_message_(std::move(msg));
    }
  }

  awaitable<void> write_loop() {
    auto self = this->shared_from_this();
    writing_ = true;
    beast::error_code ec;
    while (!out_.empty() && !ec) {
      ws_.binary(true);
      co_await ws_.async_write(asio::buffer(out_.front()), asio::redirect_error(use_awaitable, ec));
      out_.pop_front();
    }
    if (!ec && close_requested_ && !close_sent_ && ws_.is_open()) {
      close_sent_ = true;
      co_await ws_.async_close(websocket::close_code::normal,
                               asio::redirect_error(use_awaitable, ec));
    }
    if (ec) out_.clear();
    writing_ = false;
  }

  void finish(std::string reason) {
    if (finished_) return;
    finished_ = true;
    beast::error_code ec;
    beast::get_lowest_layer(ws_).socket().close(ec);
    if (on_closed_) on_closed_(std::move(reason));
    on_message_ = nullptr;
    on_closed_ = nullptr;
  }

  Strand strand_;
  websocket::stream<Stream> ws_;
  std::string protocol_;
  std::deque<std::string> out_;
  bool writing_ = false;
  bool close_requested_ = false;
  bool close_sent_ = false;
  bool aborted_ = false;
  bool finished_ = false;
  std::function<void(std::string)> on_message_;
  std::function<void(std::string)> on_closed_;
};

template <class Stream>
awaitable<UpgradeResult> upgrade(HttpClient::Impl& impl,
                                 std::shared_ptr<HttpClient::Impl::ReqState> st, Stream&& s,
                                 ClientRequest r, std::vector<std::string> protocols) {
  using S = std::decay_t<Stream>;
  auto strand = st->conn->strand;
  auto ws = std::make_shared<WsImpl<S>>(strand, std::move(s));
  st->closer = [ws] {
    beast::error_code ec;
    beast::get_lowest_layer(ws->ws()).socket().close(ec);
  };
  if (st->cancelled) throw ClientError(Stage::Cancelled, "request cancelled");
  std::string offered;
  for (const auto& p : protocols) offered += (offered.empty() ? "" : ", ") + p;
  auto& w = ws->ws();
  beast::get_lowest_layer(w).expires_never();
  websocket::stream_base::timeout to{};
  to.handshake_timeout = r.timeout.count() > 0 ? r.timeout : std::chrono::seconds(30);
  // Ping when idle (kubectl pings every 5 s) so proxies keep quiet streams open; a peer
  // that answers nothing for 60 s is gone.
  to.idle_timeout = std::chrono::seconds(60);
  to.keep_alive_pings = true;
  w.set_option(to);
  w.read_message_max(64u << 20);
  Headers headers = r.headers;
  w.set_option(websocket::stream_base::decorator([headers, offered](websocket::request_type& q) {
    q.set(http::field::user_agent, "kubemcp/0.1");
    for (const auto& [k, v] : headers) q.insert(k, v);
    if (!offered.empty()) q.set(http::field::sec_websocket_protocol, offered);
  }));
  websocket::response_type res;
  beast::error_code ec;
  co_await w.async_handshake(res, impl.host_hdr, r.target, asio::redirect_error(use_awaitable, ec));
  UpgradeResult out;
  if (ec) {
    if (res.result_int() != 0 && res.result_int() != 101) {
      out.refused = impl.convert(std::move(res));
      co_return out;
    }
    impl.fail(*st, Stage::Receive, "WebSocket handshake failed", ec);
  }
  ws->set_protocol(std::string(res[http::field::sec_websocket_protocol]));
  out.socket = ws;
  co_return out;
}

}  // namespace kubemcp::net::client_detail
