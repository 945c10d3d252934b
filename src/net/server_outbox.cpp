// The queue between a handler's producer (any thread) and the connection's coroutine: a
// steady_timer that never expires is the event the coroutine waits on; a push cancels it.
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "net/server_impl.hpp"

namespace kubemcp::net::server_detail {
namespace asio = boost::asio;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

Outbox::Outbox(asio::any_io_executor ex) : timer_(ex, asio::steady_timer::time_point::max()) {}

bool Outbox::push(std::string m) {
  {
    std::lock_guard lock(mu_);
    if (closed_ || gone_) return false;
    q_.push_back(std::move(m));
  }
  wake();
  return true;
}

void Outbox::close(uint16_t code) {
  {
    std::lock_guard lock(mu_);
    if (closed_) return;
    closed_ = true;
    close_code_ = code;
  }
  wake();
}

void Outbox::mark_gone() {
  {
    std::lock_guard lock(mu_);
    gone_ = true;
  }
  wake();
}

bool Outbox::is_open() const {
  std::lock_guard lock(mu_);
  return !closed_ && !gone_;
}

asio::awaitable<std::deque<std::string>> Outbox::next(bool& done, uint16_t& code) {
  for (;;) {
    {
      std::lock_guard lock(mu_);
      if (gone_) {
        done = true;
        co_return std::deque<std::string>{};
      }
      if (!q_.empty()) {
        done = false;
        co_return std::exchange(q_, {});
      }
      if (closed_) {
        done = true;
        code = close_code_;
        co_return std::deque<std::string>{};
      }
    }
    timer_.expires_at(asio::steady_timer::time_point::max());
    co_await timer_.async_wait(use_tuple);
  }
}

void Outbox::wake() {
  asio::post(timer_.get_executor(), [self = shared_from_this()] { self->timer_.cancel(); });
}

}  // namespace kubemcp::net::server_detail
