// Chunked responses (watches, followed logs): headers first, then whatever the handler's
// producer writes, until it closes the stream or the client goes away.
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

#include "net/server_impl.hpp"

namespace kubemcp::net {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using server_detail::Stream;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);
namespace server_detail {

template <class S>
asio::awaitable<void> stream_response(std::shared_ptr<S> stream, const Request& req,
                                      HttpResponse& resp) {
  http::response<http::empty_body> res{static_cast<http::status>(resp.status), req.version()};
  res.set(http::field::content_type, resp.content_type);
  for (const auto& [k, v] : resp.headers) res.insert(k, v);  // repeated names (Warning) stay
  res.chunked(true);
  res.keep_alive(false);
  http::response_serializer<http::empty_body> sr{res};
  auto [hec, hn] = co_await http::async_write_header(*stream, sr, use_tuple);
  if (hec) co_return;

  auto box = std::make_shared<Outbox>(stream->get_executor());
  // Notice a client that goes away while nothing is being written (e.g. an idle watch).
  asio::co_spawn(
      stream->get_executor(),
      [stream, box]() -> asio::awaitable<void> {
        char b[64];
        co_await stream->async_read_some(asio::buffer(b), use_tuple);
        box->mark_gone();
      },
      asio::detached);
  resp.stream(std::make_shared<Sink>(box));

  for (;;) {
    bool done = false;
    uint16_t code = 0;
    auto chunks = co_await box->next(done, code);
    for (auto& c : chunks) {
      if (c.empty()) continue;
      auto [ec, n] =
          co_await asio::async_write(*stream, http::make_chunk(asio::buffer(c)), use_tuple);
      if (ec) {
        box->mark_gone();
        co_return;
      }
    }
    if (done) break;
  }
  // The producer closed the stream: end the chunked body (an error here means the client left).
  co_await asio::async_write(*stream, http::make_chunk_last(), use_tuple);
  box->mark_gone();
}

template asio::awaitable<void> stream_response(std::shared_ptr<Stream>, const Request&,
                                               HttpResponse&);
template asio::awaitable<void> stream_response(std::shared_ptr<PlainStream>, const Request&,
                                               HttpResponse&);

}  // namespace server_detail
}  // namespace kubemcp::net
