#pragma once
// A client WebSocket opened by HttpClient::websocket. Binary messages only (what the
// Kubernetes channel protocols use). Thread-safe: send/close may be called from any thread;
// messages are delivered in order either to a handler (on an io thread) or to a blocking
// reader, whichever the owner picks with start().
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace kubemcp::net {

class WebSocket {
 public:
  virtual ~WebSocket() = default;

  // The subprotocol the server chose.
  virtual const std::string& protocol() const = 0;

  // Starts the read loop. `on_message` gets each message; `on_closed` runs once with an
  // empty string on a clean close, else a reason. Both run on an io thread.
  virtual void start(std::function<void(std::string)> on_message,
                     std::function<void(std::string)> on_closed) = 0;

  // Queues a binary message (never blocks).
  virtual void send(std::string message) = 0;

  // Sends a close frame (normal closure); pending sends go out first.
  virtual void close() = 0;

  // Tears the connection down at once (cancellation).
  virtual void abort() = 0;
};

// Blocking adaptor: starts the socket and lets one thread read messages in order.
class WebSocketReader {
 public:
  explicit WebSocketReader(std::shared_ptr<WebSocket> socket);
  ~WebSocketReader();

  // Next message; nullopt once the socket closed (see close_reason()) or the deadline passed
  // (see timed_out()).
  std::optional<std::string> read(std::chrono::steady_clock::time_point deadline =
                                      std::chrono::steady_clock::time_point::max());
  bool timed_out() const;
  std::string close_reason() const;
  WebSocket& socket() { return *socket_; }

 private:
  struct State;
  std::shared_ptr<WebSocket> socket_;
  std::shared_ptr<State> state_;
};

}  // namespace kubemcp::net
