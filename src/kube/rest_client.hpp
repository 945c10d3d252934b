#pragma once
// Layer 3-4 of the client: one Kubernetes API endpoint (a kubeconfig context) with its
// credentials and keep-alive connection pool. Thread-safe; share it with shared_ptr.
// Failures are typed (kube/errors.hpp): ApiError, AuthError, NetworkError, CancelledError,
// ConfigError. This header is free of Asio/Beast/OpenSSL.
#include <boost/json/value.hpp>
#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "kube/errors.hpp"
#include "kube/kubeconfig.hpp"
#include "kube/url.hpp"
#include "net/cancel.hpp"
#include "net/client_http.hpp"
#include "net/client_ws.hpp"

namespace kubemcp::kube {

class Discovery;

struct Request {
  std::string method = "GET";
  std::string path;  // "/api/v1/namespaces/x/pods" (the server URL's base path is prepended)
  Query query;
  net::Headers headers;
  std::string accept = "application/json";
  std::string content_type;  // set when body is
  std::string body;
  std::chrono::milliseconds timeout{0};  // 0: the client's default request timeout
};

struct Response {
  int status = 0;
  net::Headers headers;
  std::string body;
  std::string header(std::string_view name) const { return net::find_header(headers, name); }
  std::string content_type() const { return header("Content-Type"); }
  // Parses the body as JSON; throws KubeError when it is not.
  boost::json::value json() const;
};

struct ClientConfig {
  std::string name;        // the cluster's name in messages ("stage")
  std::string kubeconfig;  // one file, or a ':'-separated $KUBECONFIG list
  std::string context;     // empty: current-context
  // When set, the in-cluster service account directory (token, ca.crt, namespace) and
  // KUBERNETES_SERVICE_HOST/PORT are used instead of `kubeconfig`.
  std::string service_account_dir;
  std::chrono::milliseconds connect_timeout{10000};
  std::chrono::milliseconds request_timeout{30000};
  std::size_t max_body = 64u << 20;
  int max_429_retries = 3;
  std::chrono::seconds max_retry_after{10};
  // The transport seam, like client-go's RoundTripper: when set, every request (send,
  // send_async, stream) is answered by this function instead of the network — an in-process
  // fake cluster for unit tests. Status codes >= 400 still become typed errors. A WebSocket
  // upgrade (exec, attach, port-forward) is shown to it too but never opens: any answer fails.
  std::function<Response(const Request&)> round_tripper;
};

// Requests that may have changed something on a server — any method but GET, HEAD and
// OPTIONS, and every WebSocket that opened (exec, attach, port-forward) — which the server may
// have acted on (it answered anything but 401/429, or the request left before the connection
// failed), counted on the calling thread. Fleet::call compares it before and after a handler:
// a handler that already sent such a request is never run again after a heal.
std::uint64_t changes_sent_on_this_thread();

// While one lives on a thread, it is told (in a sentence naming the cluster) of each request
// the client repeats by itself on that thread: after a 429 (Retry-After honoured) or after a
// 401 that refreshed the credentials. Nests; the innermost is told.
class RetryNotices {
 public:
  using Fn = std::function<void(const std::string& what)>;
  explicit RetryNotices(Fn fn);
  ~RetryNotices();
  RetryNotices(const RetryNotices&) = delete;
  RetryNotices& operator=(const RetryNotices&) = delete;

  // Tells the innermost listener of this thread, if any.
  static void notify(const std::string& what);
  // The innermost listener of this thread (empty when none), to carry to another thread.
  static Fn current();

 private:
  Fn fn_;
  RetryNotices* previous_;
};

class Client : public std::enable_shared_from_this<Client> {
 public:
  // Reads the kubeconfig and resolves the context. Throws ConfigError (KubeconfigError).
  static std::shared_ptr<Client> create(ClientConfig config);
  // From an already resolved context (no file watching).
  static std::shared_ptr<Client> from_context(const ResolvedContext& context, ClientConfig config);
  // In-cluster service account configuration.
  static std::shared_ptr<Client> in_cluster(ClientConfig config = {});
  ~Client();

  // Blocking call. 2xx → Response; >= 400 → typed error. 401 refreshes exec/tokenFile
  // credentials and retries once; 429 honours Retry-After (bounded) and retries.
  Response send(const Request& request, const net::CancelPtr& cancel = {});

  // Non-blocking forms for fan-out. The callback runs on an io thread.
  std::future<Response> send_async(Request request, net::CancelPtr cancel = {});
  void send_async(Request request, net::CancelPtr cancel,
                  std::function<void(std::exception_ptr, Response)> done);

  // Streaming GET (watch, logs?follow): each chunk of a 2xx body goes to `on_data`
  // (on an io thread; return false to stop). Blocks until the stream ends. Non-2xx → typed error.
  Response stream(const Request& request, const net::CancelPtr& cancel,
                  const std::function<bool(std::string_view)>& on_data);

  // WebSocket upgrade offering `protocols` in order; a refusal becomes a typed error.
  std::shared_ptr<net::WebSocket> websocket(const Request& request,
                                            const std::vector<std::string>& protocols,
                                            const net::CancelPtr& cancel = {});

  // Re-reads the kubeconfig when any of its files changed (mtime/size) and drops pooled
  // connections. Returns true when it rebuilt. Also called (cheaply) before every request.
  bool reload_if_changed();
  // Re-reads unconditionally (after a login command ran).
  void reload();

  const std::string& name() const { return config_.name; }
  std::string default_namespace() const;  // the context's namespace, else "default"
  std::string server() const;
  std::string context_name() const;
  std::string auth_method() const;  // "token", "exec", ... (never a value)
  std::size_t idle_connections() const;

  // Discovery and resource mapping for this cluster (created on first use).
  Discovery& discovery();

  struct State;

 private:
  explicit Client(ClientConfig config);
  std::shared_ptr<State> state();
  void install(std::shared_ptr<State> st);  // swaps in a rebuilt state, dropping old connections
  std::shared_ptr<State> build(const ResolvedContext& context,
                               std::vector<std::pair<std::string, std::int64_t>> stamps);
  net::ClientRequest prepare(const State& st, const Request& request);
  std::shared_ptr<net::HttpClient> transport(State& st);

  ClientConfig config_;
  bool watch_files_ = false;
  mutable std::mutex mu_;
  std::shared_ptr<State> state_;
  std::unique_ptr<Discovery> discovery_;
};

}  // namespace kubemcp::kube
