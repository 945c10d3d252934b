// Client WebSockets (exec, attach, port-forward): the upgrade on a dedicated connection, the
// socket that owns the stream afterwards, and the blocking reader.
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <condition_variable>
#include <deque>
#include <future>

#include "net/client_impl.hpp"
#include "net/client_ws.hpp"

namespace kubemcp::net {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using asio::awaitable;
using asio::use_awaitable;
using client_detail::Clock;
using client_detail::Stage;
using client_detail::Strand;

namespace {

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

}  // namespace

awaitable<UpgradeResult> HttpClient::Impl::run_websocket(std::shared_ptr<ReqState> st,
                                                         ClientRequest r,
                                                         std::vector<std::string> protocols) {
  auto self = shared_from_this();
  auto c = st->conn;
  co_await connect(*st, *c);
  if (c->secure) co_return co_await upgrade(*this, st, std::move(*c->secure), r, protocols);
  co_return co_await upgrade(*this, st, std::move(*c->plain), r, protocols);
}

UpgradeResult HttpClient::websocket(const ClientRequest& request,
                                    const std::vector<std::string>& protocols,
                                    const CancelPtr& cancel) {
  auto st = client_detail::new_state(impl_->fresh());
  std::promise<UpgradeResult> promise;
  auto future = promise.get_future();
  {
    auto reg = client_detail::watch_cancel(cancel, st);
    asio::co_spawn(st->conn->strand, impl_->run_websocket(st, request, protocols),
                   [&promise](std::exception_ptr e, UpgradeResult r) {
                     if (e)
                       promise.set_exception(e);
                     else
                       promise.set_value(std::move(r));
                   });
    return future.get();
  }
}

// ---- WebSocketReader ----

struct WebSocketReader::State {
  std::mutex mu;
  std::condition_variable cv;
  std::deque<std::string> messages;
  bool closed = false;
  bool timed_out = false;
  std::string reason;
};

WebSocketReader::WebSocketReader(std::shared_ptr<WebSocket> socket)
    : socket_(std::move(socket)), state_(std::make_shared<State>()) {
  auto st = state_;
  socket_->start(
      [st](std::string m) {
        std::lock_guard lock(st->mu);
        st->messages.push_back(std::move(m));
        st->cv.notify_all();
      },
      [st](std::string reason) {
        std::lock_guard lock(st->mu);
        st->closed = true;
        st->reason = std::move(reason);
        st->cv.notify_all();
      });
}

WebSocketReader::~WebSocketReader() {
  socket_->abort();
}

std::optional<std::string> WebSocketReader::read(Clock::time_point deadline) {
  std::unique_lock lock(state_->mu);
  const auto ready = [&] { return !state_->messages.empty() || state_->closed; };
  if (deadline == Clock::time_point::max())
    state_->cv.wait(lock, ready);
  else if (!state_->cv.wait_until(lock, deadline, ready)) {
    state_->timed_out = true;
    return std::nullopt;
  }
  if (state_->messages.empty()) return std::nullopt;
  std::string m = std::move(state_->messages.front());
  state_->messages.pop_front();
  return m;
}

bool WebSocketReader::timed_out() const {
  std::lock_guard lock(state_->mu);
  return state_->timed_out;
}

std::string WebSocketReader::close_reason() const {
  std::lock_guard lock(state_->mu);
  return state_->reason;
}

}  // namespace kubemcp::net
