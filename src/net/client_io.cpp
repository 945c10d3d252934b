#include "net/client_io.hpp"

#include <openssl/ssl.h>

#include <boost/asio/executor_work_guard.hpp>
#include <thread>
#include <vector>

namespace kubemcp::net {
namespace {

struct IoPool {
  boost::asio::io_context io{2};
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> guard{io.get_executor()};
  std::vector<std::thread> threads;

  IoPool() {
    // Initialise OpenSSL first so its exit-time cleanup runs after this pool's threads have
    // stopped (otherwise their thread-local OpenSSL state is never freed).
    OPENSSL_init_ssl(0, nullptr);
    for (int i = 0; i < 2; ++i) threads.emplace_back([this] { io.run(); });
  }
  ~IoPool() {
    guard.reset();
    io.stop();
    for (auto& t : threads)
      if (t.joinable()) t.join();
  }
};

}  // namespace

boost::asio::io_context& client_io() {
  static IoPool pool;
  return pool.io;
}

}  // namespace kubemcp::net
