#pragma once
// The MCP session: lifecycle, tools/list, tools/call, cancellation, progress and logging.
// Transport-neutral: a transport feeds it lines and gives it a thread-safe `send`.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "mcp/jsonrpc.hpp"
#include "mcp/worker_pool.hpp"
#include "net/cancel.hpp"

namespace kubemcp::tools {
class Catalog;
}
namespace kubemcp::fleet {
class Fleet;
}

namespace kubemcp::mcp {

class WatchHub;
class Subscriptions;
class Completer;

// Protocol versions we speak, oldest first; the last is our latest.
inline constexpr const char* kSupportedVersions[] = {"2025-06-18", "2025-11-25"};

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
};

class Server {
 public:
  using Send = std::function<void(const std::string& line)>;

  Server(const tools::Catalog& catalog, fleet::Fleet& fleet, Send send, ServerOptions options = {});
  ~Server();

  // Handles one incoming line; tool calls continue on the worker pool.
  void handle_line(std::string_view line);

  // The input has ended: wait for in-flight calls (cancel them after the grace period).
  void finish();

  std::size_t in_flight() const;

 private:
  void handle_request(Message& m);
  void handle_notification(const Message& m);
  boost::json::value initialize(const boost::json::object& params);
  boost::json::value list_tools(const boost::json::object& params);
  void start_tool_call(Message& m);
  void set_log_level(const boost::json::object& params);
  void client_log(const std::string& level, const std::string& message);
  // Prompts, resources, subscriptions and completion: false when `m` is none of theirs.
  bool handle_surface(Message& m);
  // Runs a request that may wait on a cluster on the worker pool, as a cancellable call.
  void run_async(Message& m, std::function<boost::json::value(const net::CancelPtr&)> work);

  const tools::Catalog& catalog_;
  fleet::Fleet& fleet_;
  Send send_;
  ServerOptions options_;

  std::atomic<bool> initialize_seen_{false};
  std::string protocol_version_;
  std::atomic<int> client_log_level_{-1};  // -1: client asked for no logs

  mutable std::mutex mutex_;
  std::condition_variable idle_;
  std::map<std::string, net::CancelPtr> in_flight_;  // key: serialized request id
  std::unique_ptr<Subscriptions> subscriptions_;
  std::unique_ptr<Completer> completer_;
  std::unique_ptr<WorkerPool> pool_;  // last: joined first on destruction
};

}  // namespace kubemcp::mcp
