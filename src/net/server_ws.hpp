#pragma once
// Internal to net/: the server's WebSocket stream type, shared by the session that accepts and
// reads (server_websocket.cpp) and the writer that drains the outbox
// (server_websocket_writer.cpp); two files so that their Beast code compiles in parallel.
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <memory>

#include "net/server_impl.hpp"

namespace kubemcp::net::server_detail {

using WsStream = boost::beast::websocket::stream<Stream&>;

// Sends what the producer queues, then closes the socket with the producer's close code
// (no close frame when the code is 0). Ends early when the peer is gone.
boost::asio::awaitable<void> websocket_writer(std::shared_ptr<WsStream> ws,
                                              std::shared_ptr<Outbox> box,
                                              std::shared_ptr<Stream> stream);

}  // namespace kubemcp::net::server_detail
