// Client WebSockets (exec, attach, port-forward): opening the dedicated connection, and the
// blocking reader. The upgrade and the socket are in client_websocket_tls/plain.cpp.
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <condition_variable>
#include <deque>
#include <future>

#include "net/client_impl.hpp"
#include "net/client_ws.hpp"

namespace kubemcp::net {
namespace asio = boost::asio;
using asio::awaitable;
using client_detail::Clock;

awaitable<UpgradeResult> HttpClient::Impl::run_websocket(std::shared_ptr<ReqState> st,
                                                         ClientRequest r,
                                                         std::vector<std::string> protocols) {
  auto self = shared_from_this();
  auto c = st->conn;
  co_await connect(*st, *c);
  if (c->secure) co_return co_await upgrade_tls(st, std::move(r), std::move(protocols));
  co_return co_await upgrade_plain(st, std::move(r), std::move(protocols));
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
