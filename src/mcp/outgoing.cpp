#include "mcp/outgoing.hpp"

#include <boost/json.hpp>

#include "mcp/jsonrpc.hpp"

namespace kubemcp::mcp {
namespace json = boost::json;

OutgoingRequests::Answer OutgoingRequests::request(std::string_view method, json::object params,
                                                   const net::CancelPtr& cancel, const Send& via) {
  const Send& send = via ? via : send_;
  auto pending = std::make_shared<Pending>();
  std::string id;
  {
    std::lock_guard lock(mutex_);
    if (closed_) return Answer{Answer::End::closed, {}};
    // Our ids are strings with a prefix of their own; the client's ids live in its own space.
    id = "kubemcp-" + std::to_string(next_id_++);
    pending_[id] = pending;
  }
  json::object request{{"jsonrpc", "2.0"}, {"id", id}, {"method", method}};
  request["params"] = std::move(params);
  send(json::serialize(request));
  // The tool's cancellation wakes the wait; the callback only takes the lock and notifies.
  std::optional<net::CancelRegistration> on_cancel;
  if (cancel)
    on_cancel.emplace(cancel, [this] {
      std::lock_guard lock(mutex_);
      answered_.notify_all();
    });
  std::unique_lock lock(mutex_);
  answered_.wait(lock, [&] {
    return pending->answer.has_value() || closed_ || (cancel && cancel->cancelled());
  });
  pending_.erase(id);
  if (pending->answer) return std::move(*pending->answer);
  const bool closed = closed_;
  lock.unlock();
  if (closed) return Answer{Answer::End::closed, {}};
  send(make_notification(
      "notifications/cancelled",
      json::object{{"requestId", id}, {"reason", "the tool call was cancelled"}}));
  return Answer{Answer::End::cancelled, {}};
}

bool OutgoingRequests::deliver(const json::value& id, json::value value, bool is_error) {
  if (!id.is_string()) return false;
  std::lock_guard lock(mutex_);
  const auto it = pending_.find(std::string(id.get_string()));
  if (it == pending_.end()) return false;  // late (cancelled) or not ours: ignored
  it->second->answer =
      Answer{is_error ? Answer::End::error : Answer::End::result, std::move(value)};
  answered_.notify_all();
  return true;
}

void OutgoingRequests::close() {
  std::lock_guard lock(mutex_);
  closed_ = true;
  answered_.notify_all();
}

}  // namespace kubemcp::mcp
