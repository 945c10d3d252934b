#pragma once
// The MCP endpoint of the Streamable HTTP transport (2025-11-25 basic/transports): POST
// carries client messages (answered with JSON, an SSE stream, or 202), GET opens the session's
// stream for server messages, DELETE ends a session. Checks Host, Origin, the bearer token
// and MCP-Protocol-Version first. Stateless mode: no sessions, every POST on a fresh Server.
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "fleet/config.hpp"
#include "mcp/auth.hpp"
#include "mcp/http_guard.hpp"
#include "mcp/http_sessions.hpp"
#include "mcp/server.hpp"
#include "net/server_https.hpp"

namespace kubemcp::mcp {

class Metrics;
class PostExchange;

struct EndpointOptions {
  bool stateless = false;
  bool tls = false;  // for the scheme of the resource metadata URL
  std::string listen_host = "127.0.0.1";
  fleet::HttpSettings http;
  ServerOptions server;  // for each session's Server (its pool shared by all of them)
};

class HttpEndpoint {
 public:
  HttpEndpoint(const tools::Catalog& catalog, fleet::Fleet& fleet, EndpointOptions options,
               std::vector<std::shared_ptr<Authenticator>> authenticators, Metrics& metrics);
  ~HttpEndpoint();  // ends every session

  // A request to the MCP endpoint path.
  net::HttpResponse handle(const net::HttpRequest& req);
  // Ends sessions idle longer than the configured timeout.
  void expire_idle();
  std::size_t sessions() const { return sessions_.size(); }
  bool auth_required() const { return !authenticators_.empty(); }
  // The RFC 9728 document for this server, as seen through `host` (the request's Host).
  std::string resource_metadata(const std::string& host) const;

 private:
  // The caller (null without authentication), or the 401 to answer.
  struct Auth {
    std::shared_ptr<const tools::Caller> caller;
    std::optional<net::HttpResponse> refusal;
  };
  Auth authenticate(const net::HttpRequest& req) const;
  net::HttpResponse post(const net::HttpRequest& req, const Auth& auth);
  net::HttpResponse get(const net::HttpRequest& req, const Auth& auth);
  net::HttpResponse remove(const net::HttpRequest& req, const Auth& auth);
  // The request's session, or the error to answer (400 without an id, 404 unknown/not its own).
  std::shared_ptr<HttpSession> session_of(const net::HttpRequest& req, const Auth& auth,
                                          net::HttpResponse& error);
  std::unique_ptr<Server> make_server(Server::Send send) const;
  net::HttpResponse answer(const std::shared_ptr<PostExchange>& ex, bool sse,
                           const std::string& session_id);
  // Sessions and stateless servers are destroyed on the reaper thread: never on a thread of
  // the pool their calls run on (a server waits there for its calls), nor on an I/O thread.
  void retire(std::shared_ptr<void> s);
  void reap();
  // Stateless: one slot of the client's max_calls_per_client (by caller, else by address);
  // null when the client has them all.
  std::shared_ptr<void> stateless_slot(const std::string& client);

  const tools::Catalog& catalog_;
  fleet::Fleet& fleet_;
  EndpointOptions options_;
  std::vector<std::shared_ptr<Authenticator>> authenticators_;
  Metrics& metrics_;
  RequestGuard guard_;
  std::unique_ptr<net::WorkerPool> pool_;
  SessionTable sessions_;
  std::mutex slots_mutex_;
  std::map<std::string, std::size_t> stateless_calls_;  // in flight, by client

  // Ended sessions wait here to be destroyed off the I/O threads (their calls may take a while).
  std::mutex reap_mutex_;
  std::condition_variable reap_wake_;
  std::vector<std::shared_ptr<void>> to_reap_;
  bool stopping_ = false;
  std::thread reaper_;
};

}  // namespace kubemcp::mcp
