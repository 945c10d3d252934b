#pragma once
// Requests the server sends to the client (elicitation/create) and the wait for their
// responses: a request is answered by the client's response, ended by the calling tool's
// cancellation (the client is told with notifications/cancelled) or by the session's end.
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "net/cancel.hpp"

namespace kubemcp::mcp {

class OutgoingRequests {
 public:
  using Send = std::function<void(const std::string& line)>;
  explicit OutgoingRequests(Send send) : send_(std::move(send)) {}

  struct Answer {
    enum class End { result, error, cancelled, closed } end = End::closed;
    boost::json::value value;  // the result, or the JSON-RPC error object
  };

  // Sends `method` with `params` and blocks until its answer, `cancel` or close(). `via`, when
  // set, carries the request instead of the session's send (over HTTP: the stream of the call
  // that asks).
  Answer request(std::string_view method, boost::json::object params, const net::CancelPtr& cancel,
                 const Send& via = nullptr);

  // A response from the client: true when it answered one of our requests.
  bool deliver(const boost::json::value& id, boost::json::value value, bool is_error);

  // The session is over: every waiting request ends (End::closed), later ones at once.
  void close();

 private:
  struct Pending {
    std::optional<Answer> answer;
  };
  Send send_;
  std::mutex mutex_;
  std::condition_variable answered_;
  std::map<std::string, std::shared_ptr<Pending>> pending_;
  std::uint64_t next_id_ = 1;
  bool closed_ = false;
};

}  // namespace kubemcp::mcp
