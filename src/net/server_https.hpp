#pragma once
// A small HTTP/1.1 server (TLS, or plain for the MCP transport behind a proxy or on localhost):
// request in, response out, plus a chunked streaming mode for watches and followed logs. Asio and
// Beast stay inside server_https.cpp so that users of this header (the simulator) build quickly and
// never see them.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kubemcp::net {

struct HttpRequest {
  std::string method;                                        // GET, POST, ...
  std::string target;                                        // raw request target: path and query
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;
  // Subject CN and O of a client certificate that verified against the server's client CA;
  // empty when the client sent none (or one that did not verify).
  std::string client_cert_cn;
  std::vector<std::string> client_cert_orgs;
  std::string client_cert_sha256;  // lower-case hex SHA-256 of that certificate (DER)
  std::string remote;  // the peer's address (for access logs)

  std::string header(std::string_view name) const;  // name lower-case; "" if absent
};

// The producer side of a streamed (chunked) response. Thread-safe: any thread may write.
class StreamSink {
 public:
  virtual ~StreamSink() = default;
  // Queues one chunk; false once the stream is closed or the client went away.
  virtual bool write(std::string chunk) = 0;
  // Ends the response after the queued chunks are sent.
  virtual void close() = 0;
  virtual bool is_open() const = 0;
};

// A bidirectional WebSocket-style message channel (used by exec and port-forward).
class MessageChannel {
 public:
  virtual ~MessageChannel() = default;
  virtual bool send_binary(std::string message) = 0;  // false once closed
  virtual void close(uint16_t code = 1000) = 0;
  virtual bool is_open() const = 0;
};

struct UpgradeHandler {
  std::string subprotocol;  // selected Sec-WebSocket-Protocol
  // Called once when the socket is open, with the channel to write to.
  std::function<void(std::shared_ptr<MessageChannel>)> on_open;
  // Called for each binary or text message received.
  std::function<void(std::string)> on_message;
  // Called once when the socket is gone.
  std::function<void()> on_close;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // When set the response is sent with chunked encoding: this runs once the headers are on
  // their way, and the producer keeps writing to the sink (from any thread) until it closes it.
  // The sink reports closed as soon as the client disconnects.
  std::function<void(std::shared_ptr<StreamSink>)> stream;
  // When set (for a WebSocket upgrade request) the connection switches to WebSocket.
  std::shared_ptr<UpgradeHandler> upgrade;
  // When set the connection is closed without an answer (a fault for tests: the request was
  // handled, the client never learns how).
  bool drop = false;
};

using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

// A fixed pool of threads running one io_context shared by every server.
class IoPool {
 public:
  explicit IoPool(unsigned threads);
  ~IoPool();
  IoPool(const IoPool&) = delete;
  IoPool& operator=(const IoPool&) = delete;
  void stop();
  void* context();  // the boost::asio::io_context, opaque outside net/

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

struct TlsServerConfig {
  std::string cert_chain_pem;  // empty: plain HTTP (no TLS at all)
  std::string key_pem;
  std::string client_ca_pem;  // client certificates are requested, optional, verified against this
};

// What one client may make the server hold. A request over a limit is answered (413 for the
// body, 431 for the headers, 408 for a request that takes too long to arrive) and the
// connection closed; a connection over max_connections is closed at once.
struct ServerLimits {
  std::size_t max_body_bytes = 64u << 20;
  std::size_t max_header_bytes = 64u << 10;
  std::chrono::seconds request_timeout{300};  // to receive one request (also the idle keep-alive)
  std::size_t max_connections = 0;            // 0: unlimited
};

class HttpsServer {
 public:
  // Binds host:port (port 0 = ephemeral; an IPv6 host such as "::1" binds IPv6) and starts
  // accepting on the pool. Plain HTTP when tls.cert_chain_pem is empty.
  HttpsServer(IoPool& pool, const TlsServerConfig& tls, HttpHandler handler,
              const std::string& host = "127.0.0.1", uint16_t port = 0,
              const ServerLimits& limits = {});
  ~HttpsServer();
  HttpsServer(const HttpsServer&) = delete;
  HttpsServer& operator=(const HttpsServer&) = delete;

  uint16_t port() const;
  // Stops accepting and closes every open connection.
  void stop();
  // While refusing, nothing listens on the port and open connections are cut (a network
  // fault); afterwards the server listens on the same port again.
  void set_refusing(bool refusing);

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace kubemcp::net
