#pragma once
// The MCP session: lifecycle and version negotiation, the method table, tools/list,
// tools/call, cancellation, progress, logging and (2025-03-26) batches.
// Transport-neutral: a transport feeds it lines and gives it a thread-safe `send`.
#include <atomic>
#include <boost/json/array.hpp>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "mcp/jsonrpc.hpp"
#include "mcp/versions.hpp"
#include "net/cancel.hpp"
#include "net/worker_pool.hpp"
#include "tools/framework/tool.hpp"

namespace kubemcp::tools {
class Catalog;
}  // namespace kubemcp::tools
namespace kubemcp::fleet {
class Fleet;
}

namespace kubemcp::mcp {

class WatchHub;
class Subscriptions;
class Completer;
class OutgoingRequests;

struct ServerOptions {
  std::string name = "kubemcp";
  std::string version = "0.0.0";
  std::size_t workers = 8;
  // Tool calls running or queued at once; more are refused with code::server_busy.
  std::size_t max_pending = 256;
  std::size_t page_size = 50;  // tools per tools/list page
  std::chrono::milliseconds shutdown_grace{10000};
  // Resource watches shared by every session given the same hub; null: the session's own.
  std::shared_ptr<WatchHub> watch_hub;
  // Tool calls run here when set (the HTTP transport shares one pool among its sessions, so
  // threads stay bounded however many clients connect); null: the session's own of `workers`.
  net::WorkerPool* pool = nullptr;
};

class Server {
 public:
  using Send = std::function<void(const std::string& line)>;

  Server(const tools::Catalog& catalog, fleet::Fleet& fleet, Send send, ServerOptions options = {});
  ~Server();

  // Handles one incoming line; tool calls continue on the worker pool.
  void handle_line(std::string_view line);
  // The same, for a transport that keeps apart what answers this message: the responses to
  // its requests, and the progress, logs and requests to the client made while answering them,
  // go to `related` (over HTTP: the POST's own stream); only messages tied to no request use
  // the session's send. `caller` (may be null) is who sent it, held to its limits.
  void handle_line(std::string_view line, const Send& related,
                   std::shared_ptr<const tools::Caller> caller);

  // The input has ended: wait for in-flight calls (cancel them after the grace period).
  void finish();

  std::size_t in_flight() const;

 private:
  // A method answered at once: params in, result out; throws RpcError for a protocol fault.
  using Method = std::function<boost::json::value(const boost::json::object& params)>;
  // Sends one response line; "" when the request gets none (a cancelled call).
  using Reply = std::function<void(std::string line)>;
  // Where what a message causes goes, and who sent it (see handle_line).
  struct Route {
    Send related;
    std::shared_ptr<const tools::Caller> caller;
  };

  void register_methods();
  boost::json::object capabilities() const;
  // Handles one message (a line, or one element of a batch). False when it gets no reply.
  bool handle_value(boost::json::value v, const Reply& reply, const Route& route);
  void handle_batch(boost::json::array batch, const Route& route);
  void handle_request(Message& m, const Reply& reply, const Route& route);
  void handle_notification(const Message& m);
  boost::json::value initialize(const boost::json::object& params);
  boost::json::value list_tools(const boost::json::object& params);
  void start_tool_call(Message& m, const Reply& reply, const Route& route);
  std::optional<boost::json::object> run_tool_call(
      const tools::Tool& tool, const boost::json::value& args, const std::string& key,
      const net::CancelPtr& cancel, const boost::json::value& progress_token, const Route& route);
  void call_done(const std::string& key);
  // Asks the user through the client (elicitation/create) on behalf of a tool call.
  tools::Elicited elicit(const std::string& message, const boost::json::object& schema,
                         const net::CancelPtr& cancel, const Send& via);
  void set_log_level(const boost::json::object& params);
  void client_log(const std::string& level, const std::string& message, const Send& via);
  net::WorkerPool& pool() { return options_.pool ? *options_.pool : *pool_; }
  // Prompts, resources, subscriptions and completion: false when `m` is none of theirs.
  bool handle_surface(Message& m, const Reply& reply);
  // Runs a request that may wait on a cluster on the worker pool, as a cancellable call.
  void run_async(Message& m, const Reply& reply,
                 std::function<boost::json::value(const net::CancelPtr&)> work);

  const tools::Catalog& catalog_;
  fleet::Fleet& fleet_;
  Send send_;
  ServerOptions options_;

  std::map<std::string, Method, std::less<>> methods_;  // the dispatch table
  std::atomic<bool> initialize_seen_{false};
  SessionFeatures session_;                // set by initialize, before initialize_seen_
  std::atomic<int> client_log_level_{-1};  // -1: client asked for no logs

  mutable std::mutex mutex_;
  std::condition_variable idle_;
  std::map<std::string, net::CancelPtr> in_flight_;  // key: serialized request id
  std::unique_ptr<Subscriptions> subscriptions_;
  std::unique_ptr<Completer> completer_;
  std::unique_ptr<OutgoingRequests> outgoing_;  // our requests to the client, awaiting answers
  std::unique_ptr<net::WorkerPool> pool_;       // null with options.pool; last: joined first
};

}  // namespace kubemcp::mcp
