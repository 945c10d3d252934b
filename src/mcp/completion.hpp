#pragma once
// completion/complete for prompt arguments and resource-template variables: cluster names and
// aliases, namespaces, resource types, and object names of a type. Live lists come from the
// clusters through a short cache; a request waits for a fetch at most `deadline`, then answers
// with what is cached (a slow cluster's fetch goes on and fills the cache for the next
// keystroke). Completion never runs a login: a cluster that needs one completes nothing.
#include <boost/json/object.hpp>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "net/cancel.hpp"

namespace kubemcp::net {
class WorkerPool;
}
namespace kubemcp::fleet {
class Fleet;
}

namespace kubemcp::mcp {

struct CompletionOptions {
  std::chrono::milliseconds ttl{15000};      // a live list is fresh this long
  std::chrono::milliseconds deadline{1500};  // longest a request waits for a fetch
  std::size_t fetch_threads = 2;
  std::size_t max_lists = 256;  // cached lists kept
};

// The values that match what was typed: prefix matches first, then those containing it
// (case-insensitive), duplicates dropped, order otherwise kept.
std::vector<std::string> rank_matches(const std::vector<std::string>& candidates,
                                      std::string_view typed);

class Completer {
 public:
  explicit Completer(fleet::Fleet& fleet, CompletionOptions options = {});
  ~Completer();  // cancels fetches and joins their threads
  Completer(const Completer&) = delete;
  Completer& operator=(const Completer&) = delete;

  // The result of completion/complete. Throws RpcFault (-32602) for an unknown prompt,
  // template or argument.
  boost::json::object complete(const boost::json::object& params);

  using Fetch = std::function<std::vector<std::string>(const net::CancelPtr&)>;
  // A live list through the cache (exposed for tests).
  std::vector<std::string> cached(const std::string& key, Fetch fetch);

 private:
  struct Entry;
  std::vector<std::string> values_for(const std::string& variable,
                                      const std::map<std::string, std::string>& context,
                                      std::string_view typed);

  fleet::Fleet& fleet_;
  CompletionOptions options_;
  net::CancelPtr cancel_ = std::make_shared<net::CancelToken>();
  std::mutex mutex_;
  std::condition_variable fetched_;
  std::map<std::string, std::shared_ptr<Entry>> cache_;
  std::unique_ptr<net::WorkerPool> pool_;  // started on the first fetch
};

}  // namespace kubemcp::mcp
