#pragma once
// HTTP(S) client transport: one pool of keep-alive connections per endpoint, running on
// the shared client io pool (Asio C++20 coroutines, one strand per connection). Callers on
// worker threads block on the sync forms; fan-out uses the callback form.
// This header is deliberately free of Asio/Beast/OpenSSL so that kube/ stays cheap.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "net/cancel.hpp"

namespace kubemcp::net {

using Headers = std::vector<std::pair<std::string, std::string>>;

// Case-insensitive header lookup; empty when absent.
std::string find_header(const Headers& headers, std::string_view name);

struct ClientTls {
  std::string ca_pem;       // trust anchors (PEM); empty means the system store
  bool insecure = false;    // skip verification entirely
  std::string server_name;  // SNI and the name verified instead of the host
  std::string cert_pem;     // client certificate chain (PEM)
  std::string key_pem;      // client private key (PEM)
};

struct ClientOptions {
  std::string scheme = "https";  // https or http
  std::string host;
  std::uint16_t port = 443;
  ClientTls tls;
  std::string proxy_url;  // http://[user:pass@]host:port, tunnelled with CONNECT
  bool compression = true;
  std::chrono::milliseconds connect_timeout{10000};
  std::chrono::milliseconds idle_timeout{90000};
  std::size_t max_body = 64u << 20;
  std::size_t max_idle = 16;
};

struct ClientRequest {
  std::string method = "GET";
  std::string target = "/";  // path and query, already encoded
  Headers headers;
  std::string body;
  std::chrono::milliseconds timeout{30000};  // whole exchange; 0 = none
};

struct ClientResponse {
  int status = 0;
  Headers headers;
  std::string body;  // decoded (gunzipped) body
  std::string header(std::string_view name) const { return find_header(headers, name); }
};

// A transport failure (no HTTP answer). `not_sent()` is true when the request provably
// never reached the server: DNS, refused, connect timeout, proxy refusal, TLS handshake.
class ClientError : public std::runtime_error {
 public:
  enum class Stage { Resolve, Connect, Proxy, Tls, Send, Receive, Timeout, Cancelled, TooLarge };
  ClientError(Stage stage, const std::string& what) : std::runtime_error(what), stage_(stage) {}
  Stage stage() const noexcept { return stage_; }
  bool not_sent() const noexcept {
    return stage_ == Stage::Resolve || stage_ == Stage::Connect || stage_ == Stage::Proxy ||
           stage_ == Stage::Tls;
  }

 private:
  Stage stage_;
};

// A bad TLS/client-certificate setting detected while building the client.
class ClientConfigError : public std::invalid_argument {
 public:
  ClientConfigError(std::string field, const std::string& what)
      : std::invalid_argument(what), field_(std::move(field)) {}
  const std::string& field() const noexcept { return field_; }

 private:
  std::string field_;
};

class WebSocket;

// Result of a WebSocket upgrade: either an open socket or the HTTP answer that refused it.
struct UpgradeResult {
  std::shared_ptr<WebSocket> socket;
  ClientResponse refused;
};

class HttpClient {
 public:
  // Throws ClientConfigError for unusable TLS material or proxy URL.
  static std::shared_ptr<HttpClient> create(ClientOptions options);
  ~HttpClient();

  // Blocking exchange. Throws ClientError on transport failure; any HTTP status is returned.
  ClientResponse request(const ClientRequest& request, const CancelPtr& cancel = {});

  // Asynchronous exchange; `done` runs on an io thread with either an exception or the answer.
  using Callback = std::function<void(std::exception_ptr, ClientResponse)>;
  void request_async(ClientRequest request, CancelPtr cancel, Callback done);

  // Streaming exchange on a dedicated connection: for 2xx answers each body chunk goes to
  // `on_data` (return false to stop); other answers are returned with their body.
  // Blocks until the stream ends, `on_data` stops it, or `cancel` fires (then throws
  // ClientError Cancelled).
  ClientResponse stream(const ClientRequest& request, const CancelPtr& cancel,
                        const std::function<bool(std::string_view)>& on_data);

  // WebSocket upgrade offering `protocols` in order. Blocks until the handshake ends.
  UpgradeResult websocket(const ClientRequest& request, const std::vector<std::string>& protocols,
                          const CancelPtr& cancel = {});

  // Drops every pooled connection (credentials or endpoint changed).
  void reset();

  std::size_t idle_connections() const;
  const ClientOptions& options() const;

  struct Impl;

 private:
  explicit HttpClient(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<Impl> impl_;
};

// Parses "scheme://host[:port][/base]" into options (scheme/host/port) and returns the base path.
std::string parse_server_url(const std::string& url, ClientOptions& options);

// gzip/deflate decoding of a whole body; throws std::runtime_error on corrupt data or when
// the output would exceed `limit`.
std::string gunzip(std::string_view data, std::size_t limit);

}  // namespace kubemcp::net
