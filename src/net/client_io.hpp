#pragma once
// The shared io pool of the client side (a small fixed set of threads running one
// io_context). Only .cpp files include this: it pulls in Asio.
#include <boost/asio/io_context.hpp>

namespace kubemcp::net {

// Started on first use with two threads; lives until process exit.
boost::asio::io_context& client_io();

}  // namespace kubemcp::net
