// Server WebSockets (exec, attach, port-forward): accept the upgrade, then relay messages
// between the socket and the handler's channel.
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
#include <boost/beast/websocket.hpp>

#include "net/server_ws.hpp"

namespace kubemcp::net {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using server_detail::Stream;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);
namespace server_detail {

asio::awaitable<void> websocket_session(std::shared_ptr<Stream> stream, Request req,
                                        std::shared_ptr<UpgradeHandler> up) {
  auto ws = std::make_shared<WsStream>(*stream);
  std::string proto = up->subprotocol;
  ws->set_option(websocket::stream_base::decorator([proto](websocket::response_type& res) {
    if (!proto.empty()) res.set(http::field::sec_websocket_protocol, proto);
  }));
  ws->set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
  ws->binary(true);
  auto [aec] = co_await ws->async_accept(req, use_tuple);
  if (aec) co_return;

  auto box = std::make_shared<Outbox>(stream->get_executor());
  // The writer runs beside this reader on the connection's strand.
  asio::co_spawn(stream->get_executor(), websocket_writer(ws, box, stream), asio::detached);
  if (up->on_open) up->on_open(std::make_shared<Channel>(box));

  beast::flat_buffer buffer;
  for (;;) {
    auto [ec, n] = co_await ws->async_read(buffer, use_tuple);
    if (ec) break;
    std::string msg = beast::buffers_to_string(buffer.data());
    buffer.consume(buffer.size());
    if (up->on_message) up->on_message(std::move(msg));
  }
  box->mark_gone();
  if (up->on_close) up->on_close();
  beast::get_lowest_layer(*stream).close();
}

}  // namespace server_detail
}  // namespace kubemcp::net
