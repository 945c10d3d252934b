#pragma once
// One POST that carries requests: collects what the session sends about them (progress, logs,
// requests to the client, then the responses) and delivers it on the POST's own answer — an
// SSE stream, or one JSON body when the client takes only JSON. Messages may come before the
// HTTP layer has opened the stream; they wait here. The exchange is complete, and the stream
// ends, once every request has its response.
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace kubemcp::net {
class StreamSink;
}

namespace kubemcp::mcp {

class Metrics;

// A request of the POST, for metrics: its id (serialized) and, for tools/call, tool and cluster.
struct PendingRequest {
  std::string id;
  std::string method;
  std::string tool;
  std::string cluster;
};

class PostExchange : public std::enable_shared_from_this<PostExchange> {
 public:
  enum class Mode { sse, json };
  PostExchange(Mode mode, std::vector<PendingRequest> requests, Metrics* metrics);
  ~PostExchange();

  // A message for this POST (any thread). Lines after completion are dropped.
  void deliver(const std::string& line);
  // The HTTP stream is open: flush what waited, then write as it comes.
  void attach(std::shared_ptr<net::StreamSink> sink);
  bool complete() const;
  // The request with this id was answered with a JSON-RPC error.
  bool failed(const std::string& id) const;
  // Messages delivered so far (before attach), for an answer sent whole.
  std::vector<std::string> take_buffered();
  // Called once when the last response arrived (after it is written), e.g. to drop a
  // stateless session's server. Runs on the delivering thread, without the lock.
  void on_complete(std::function<void()> fn);

  // Keeps `thing` alive as long as this exchange (a stateless client's in-flight slot).
  void hold(std::shared_ptr<void> thing) { held_ = std::move(thing); }

  static std::string sse_event(const std::string& line);

 private:
  bool record_response(const std::string& line);
  std::string frame(const std::vector<std::string>& lines) const;

  const Mode mode_;
  Metrics* metrics_;
  const std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  mutable std::mutex mutex_;
  std::map<std::string, PendingRequest> pending_;  // by serialized id
  std::map<std::string, bool> failed_;             // answered requests: with an error or not
  std::vector<std::string> buffered_;
  std::shared_ptr<net::StreamSink> sink_;
  std::function<void()> on_complete_;
  bool complete_ = false;
  std::shared_ptr<void> held_;  // last: released after the metrics above are settled
};

}  // namespace kubemcp::mcp
