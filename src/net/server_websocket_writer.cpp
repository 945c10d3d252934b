// The writing half of a server WebSocket (see server_ws.hpp).
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "net/server_ws.hpp"

namespace kubemcp::net::server_detail {
namespace asio = boost::asio;
namespace websocket = boost::beast::websocket;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

// `stream` is held by the coroutine frame so the socket outlives the writer.
asio::awaitable<void> websocket_writer(std::shared_ptr<WsStream> ws, std::shared_ptr<Outbox> box,
                                       [[maybe_unused]] std::shared_ptr<Stream> stream) {
  for (;;) {
    bool done = false;
    uint16_t code = 1000;
    auto msgs = co_await box->next(done, code);
    for (auto& m : msgs) {
      auto [ec, n] = co_await ws->async_write(asio::buffer(m), use_tuple);
      if (ec) {
        box->mark_gone();
        co_return;
      }
    }
    if (done) {
      if (code != 0) co_await ws->async_close(websocket::close_reason(code), use_tuple);
      co_return;
    }
  }
}

}  // namespace kubemcp::net::server_detail
