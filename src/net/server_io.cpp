// The server side's io pool, and request header lookup: no Beast here.
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <thread>
#include <vector>

#include "net/server_https.hpp"

namespace kubemcp::net {
namespace asio = boost::asio;

std::string HttpRequest::header(std::string_view name) const {
  for (const auto& [k, v] : headers)
    if (k == name) return v;
  return {};
}

struct IoPool::Impl {
  asio::io_context ioc;
  asio::executor_work_guard<asio::io_context::executor_type> guard{ioc.get_executor()};
  std::vector<std::thread> threads;
};

IoPool::IoPool(unsigned threads) : impl_(std::make_unique<Impl>()) {
  for (unsigned i = 0; i < std::max(1u, threads); ++i)
    impl_->threads.emplace_back([this] { impl_->ioc.run(); });
}
IoPool::~IoPool() {
  stop();
}
void IoPool::stop() {
  impl_->guard.reset();
  impl_->ioc.stop();
  for (auto& t : impl_->threads)
    if (t.joinable() && t.get_id() != std::this_thread::get_id()) t.join();
  impl_->threads.clear();
}
void* IoPool::context() {
  return &impl_->ioc;
}

}  // namespace kubemcp::net
