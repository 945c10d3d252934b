#pragma once
// Cooperative cancellation shared by every layer: the MCP server cancels a call
// (notifications/cancelled), tools check it between steps, and network requests
// register a callback that closes their socket so a blocked read ends at once.
#include <atomic>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <mutex>

namespace kubemcp::net {

class CancelToken {
 public:
  bool cancelled() const noexcept { return cancelled_.load(std::memory_order_acquire); }

  // Cancels once; runs every registered callback outside the lock.
  void cancel();

  // Registers a callback run on cancel (at once if already cancelled).
  // Returns an id for remove(); the callback must not call back into this token.
  std::size_t on_cancel(std::function<void()> callback);
  void remove(std::size_t id);

 private:
  std::atomic<bool> cancelled_{false};
  std::mutex mutex_;
  std::size_t next_id_ = 1;
  std::map<std::size_t, std::function<void()>> callbacks_;
};

using CancelPtr = std::shared_ptr<CancelToken>;

// Keeps a callback registered for the lifetime of a scope.
class CancelRegistration {
 public:
  CancelRegistration(CancelPtr token, std::function<void()> callback);
  ~CancelRegistration();
  CancelRegistration(const CancelRegistration&) = delete;
  CancelRegistration& operator=(const CancelRegistration&) = delete;

 private:
  CancelPtr token_;
  std::size_t id_ = 0;
};

}  // namespace kubemcp::net
