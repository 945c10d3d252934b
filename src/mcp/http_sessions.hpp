#pragma once
// The sessions of the Streamable HTTP transport: an MCP-Session-Id (cryptographically random)
// for each MCP session and its Server, the caller it belongs to, its standalone GET stream,
// and when it was last used (idle sessions expire; there is a maximum).
#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "mcp/server.hpp"

namespace kubemcp::net {
class StreamSink;
}

namespace kubemcp::mcp {

class HttpSession {
 public:
  using MakeServer = std::function<std::unique_ptr<Server>(Server::Send send)>;
  HttpSession(std::string id, std::string owner, const MakeServer& make);
  ~HttpSession();

  const std::string& id() const { return id_; }
  // The authenticated caller that opened it ("" without authentication); only it may use it.
  const std::string& owner() const { return owner_; }
  Server& server() { return *server_; }

  // The GET stream for messages tied to no request. False when one is already open.
  bool open_stream(std::shared_ptr<net::StreamSink> sink);
  bool has_stream() const;
  // Sends on the GET stream; dropped (and logged) when none is open.
  void send(const std::string& line);

  void touch() { last_used_ = std::chrono::steady_clock::now().time_since_epoch().count(); }
  std::chrono::steady_clock::time_point last_used() const {
    return std::chrono::steady_clock::time_point(std::chrono::steady_clock::duration(last_used_));
  }

 private:
  std::string id_, owner_;
  mutable std::mutex mutex_;
  std::shared_ptr<net::StreamSink> stream_;
  std::atomic<std::chrono::steady_clock::rep> last_used_{0};
  std::unique_ptr<Server> server_;  // last: destroyed (its calls finished) first
};

class SessionTable {
 public:
  explicit SessionTable(std::size_t max_sessions) : max_(max_sessions) {}

  // A new session with a fresh id; null when the table is full.
  std::shared_ptr<HttpSession> create(const std::string& owner,
                                      const HttpSession::MakeServer& make);
  // The session (touched), or null when unknown or expired.
  std::shared_ptr<HttpSession> find(const std::string& id);
  // Removes and returns it (null when unknown).
  std::shared_ptr<HttpSession> remove(const std::string& id);
  // Removes and returns the sessions idle longer than `idle` at `now`.
  std::vector<std::shared_ptr<HttpSession>> expire(std::chrono::steady_clock::time_point now,
                                                   std::chrono::steady_clock::duration idle);
  std::size_t size() const;
  std::vector<std::shared_ptr<HttpSession>> all() const;

 private:
  const std::size_t max_;
  mutable std::mutex mutex_;
  std::map<std::string, std::shared_ptr<HttpSession>, std::less<>> sessions_;
};

// 32 random bytes from the system's CSPRNG, hex: visible ASCII as the spec asks.
std::string new_session_id();

}  // namespace kubemcp::mcp
