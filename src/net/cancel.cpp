#include "net/cancel.hpp"

#include <vector>

namespace kubemcp::net {

void CancelToken::cancel() {
  std::vector<std::function<void()>> to_run;
  {
    std::lock_guard lock(mutex_);
    if (cancelled_.exchange(true)) return;
    for (auto& [id, cb] : callbacks_) to_run.push_back(std::move(cb));
    callbacks_.clear();
  }
  for (auto& cb : to_run) cb();
}

std::size_t CancelToken::on_cancel(std::function<void()> callback) {
  {
    std::lock_guard lock(mutex_);
    if (!cancelled_.load()) {
      const std::size_t id = next_id_++;
      callbacks_.emplace(id, std::move(callback));
      return id;
    }
  }
  callback();
  return 0;
}

void CancelToken::remove(std::size_t id) {
  std::lock_guard lock(mutex_);
  callbacks_.erase(id);
}

CancelRegistration::CancelRegistration(CancelPtr token, std::function<void()> callback)
    : token_(std::move(token)) {
  if (token_) id_ = token_->on_cancel(std::move(callback));
}

CancelRegistration::~CancelRegistration() {
  if (token_ && id_ != 0) token_->remove(id_);
}

}  // namespace kubemcp::net
