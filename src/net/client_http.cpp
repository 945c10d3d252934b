#include "net/client_http.hpp"

#include <zlib.h>

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <boost/url/parse.hpp>
#include <deque>
#include <future>
#include <mutex>
#include <optional>

#include "net/base64.hpp"
#include "net/client_io.hpp"
#include "net/client_ws.hpp"

namespace kubemcp::net {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using asio::awaitable;
using asio::use_awaitable;
using Strand = asio::strand<asio::io_context::executor_type>;
using Stage = ClientError::Stage;
using Clock = std::chrono::steady_clock;

std::string find_header(const Headers& headers, std::string_view name) {
  for (const auto& [k, v] : headers)
    if (beast::iequals(k, name)) return v;
  return {};
}

std::string gunzip(std::string_view data, std::size_t limit) {
  z_stream zs{};
  if (inflateInit2(&zs, 32 + MAX_WBITS) != Z_OK) throw std::runtime_error("zlib init failed");
  std::string out;
  char buf[16384];
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  int rc = Z_OK;
  do {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof buf;
    rc = inflate(&zs, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) {
      inflateEnd(&zs);
      throw std::runtime_error("corrupt compressed response body");
    }
    out.append(buf, sizeof buf - zs.avail_out);
    if (out.size() > limit) {
      inflateEnd(&zs);
      throw ClientError(Stage::TooLarge,
                        "response body exceeds " + std::to_string(limit) + " bytes");
    }
  } while (rc != Z_STREAM_END && (zs.avail_in > 0 || zs.avail_out == 0));
  inflateEnd(&zs);
  if (rc != Z_STREAM_END) throw std::runtime_error("truncated compressed response body");
  return out;
}

std::string parse_server_url(const std::string& url, ClientOptions& options) {
  auto r = boost::urls::parse_uri(url);
  if (!r) throw ClientConfigError("server", "server URL is not a valid absolute URL");
  const auto& u = *r;
  std::string scheme(u.scheme());
  for (auto& ch : scheme) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (scheme != "https" && scheme != "http")
    throw ClientConfigError("server", "server URL scheme must be https or http");
  options.scheme = scheme;
  options.host = std::string(u.host_address());
  if (options.host.empty()) throw ClientConfigError("server", "server URL has no host");
  options.port = u.has_port() ? u.port_number() : (scheme == "https" ? 443 : 80);
  std::string base(u.encoded_path());
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base;
}

namespace {

bool is_ip(const std::string& host) {
  boost::system::error_code ec;
  asio::ip::make_address(host, ec);
  return !ec;
}

std::string host_header(const std::string& host, std::uint16_t port, const std::string& scheme) {
  std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  if (!((scheme == "https" && port == 443) || (scheme == "http" && port == 80)))
    h += ":" + std::to_string(port);
  return h;
}

struct Proxy {
  std::string host;
  std::uint16_t port = 0;
  std::string authorization;  // "Basic ..." or empty
};

// One connection; all its I/O runs on its strand.
struct Conn {
  explicit Conn(Strand s) : strand(s) { plain.emplace(strand); }
  Strand strand;
  std::optional<beast::tcp_stream> plain;
  std::optional<beast::ssl_stream<beast::tcp_stream>> secure;
  beast::flat_buffer buffer;
  Clock::time_point idle_since{};
  std::uint64_t generation = 0;
  bool connected = false;
  bool reused = false;

  beast::tcp_stream& lowest() { return secure ? beast::get_lowest_layer(*secure) : *plain; }
  void close() {
    if (!plain && !secure) return;
    beast::error_code ec;
    lowest().socket().shutdown(tcp::socket::shutdown_both, ec);
    lowest().socket().close(ec);
  }
};

// Per-request state shared with the cancel callback.
struct ReqState {
  std::shared_ptr<Conn> conn;
  std::atomic<bool> cancelled{false};
  std::function<void()> closer;  // touched on the strand only
};

}  // namespace

struct HttpClient::Impl : std::enable_shared_from_this<HttpClient::Impl> {
  ClientOptions opt;
  std::optional<Proxy> proxy;
  ssl::context ctx{ssl::context::tls_client};
  std::string host_hdr;
  mutable std::mutex mu;
  std::vector<std::shared_ptr<Conn>> idle;
  std::uint64_t generation = 0;

  std::shared_ptr<Conn> fresh(Strand s) {
    auto c = std::make_shared<Conn>(s);
    std::lock_guard lock(mu);
    c->generation = generation;
    return c;
  }
  std::shared_ptr<Conn> fresh() { return fresh(asio::make_strand(client_io())); }

  std::shared_ptr<Conn> acquire() {
    std::vector<std::shared_ptr<Conn>> stale;
    std::shared_ptr<Conn> found;
    {
      std::lock_guard lock(mu);
      const auto now = Clock::now();
      while (!idle.empty()) {
        auto c = std::move(idle.back());
        idle.pop_back();
        if (c->generation == generation && now - c->idle_since < opt.idle_timeout) {
          c->reused = true;
          found = std::move(c);
          break;
        }
        stale.push_back(std::move(c));
      }
    }
    for (auto& c : stale) asio::post(c->strand, [c] { c->close(); });
    return found ? found : fresh();
  }

  void release(const std::shared_ptr<Conn>& c) {
    {
      std::lock_guard lock(mu);
      if (c->generation == generation && idle.size() < opt.max_idle) {
        c->idle_since = Clock::now();
        idle.push_back(c);
        return;
      }
    }
    c->close();
  }

  [[noreturn]] void fail(const ReqState& st, Stage stage, const std::string& what,
                         const beast::error_code& ec) const {
    if (st.cancelled) throw ClientError(Stage::Cancelled, "request cancelled");
    if (ec == beast::error::timeout)
      throw ClientError(stage == Stage::Connect || stage == Stage::Tls || stage == Stage::Proxy
                            ? stage
                            : Stage::Timeout,
                        what + ": timed out");
    throw ClientError(stage, what + ": " + ec.message());
  }

  awaitable<void> connect(ReqState& st, Conn& c) {
    if (st.cancelled) throw ClientError(Stage::Cancelled, "request cancelled");
    beast::error_code ec;
    const std::string host = proxy ? proxy->host : opt.host;
    const std::uint16_t port = proxy ? proxy->port : opt.port;
    tcp::resolver resolver(c.strand);
    auto results = co_await resolver.async_resolve(host, std::to_string(port),
                                                   asio::redirect_error(use_awaitable, ec));
    if (ec) fail(st, Stage::Resolve, "cannot resolve " + host, ec);
    c.plain->expires_after(opt.connect_timeout);
    co_await c.plain->async_connect(results, asio::redirect_error(use_awaitable, ec));
    if (ec) fail(st, Stage::Connect, "cannot connect to " + host + ":" + std::to_string(port), ec);
    if (proxy) {
      const std::string authority = host_header(opt.host, opt.port, "");
      http::request<http::empty_body> req{http::verb::connect, authority, 11};
      req.set(http::field::host, authority);
      if (!proxy->authorization.empty())
        req.set(http::field::proxy_authorization, proxy->authorization);
      co_await http::async_write(*c.plain, req, asio::redirect_error(use_awaitable, ec));
      if (ec) fail(st, Stage::Proxy, "proxy CONNECT failed", ec);
      http::response_parser<http::empty_body> p;
      p.skip(true);
      co_await http::async_read(*c.plain, c.buffer, p, asio::redirect_error(use_awaitable, ec));
      if (ec) fail(st, Stage::Proxy, "proxy CONNECT failed", ec);
      if (p.get().result_int() != 200)
        throw ClientError(Stage::Proxy, "proxy refused CONNECT with HTTP " +
                                            std::to_string(p.get().result_int()));
    }
    if (opt.scheme == "https") {
      c.secure.emplace(std::move(*c.plain), ctx);
      c.plain.reset();
      const std::string name = opt.tls.server_name.empty() ? opt.host : opt.tls.server_name;
      if (!is_ip(name)) SSL_set_tlsext_host_name(c.secure->native_handle(), name.c_str());
      if (!opt.tls.insecure) c.secure->set_verify_callback(ssl::host_name_verification(name));
      beast::get_lowest_layer(*c.secure).expires_after(opt.connect_timeout);
      co_await c.secure->async_handshake(ssl::stream_base::client,
                                         asio::redirect_error(use_awaitable, ec));
      if (ec) fail(st, Stage::Tls, "TLS handshake with " + opt.host + " failed", ec);
    }
    c.lowest().expires_never();
    c.connected = true;
  }

  http::request<http::string_body> build(const ClientRequest& r, bool compress) const {
    http::verb verb = http::string_to_verb(r.method);
    if (verb == http::verb::unknown) throw std::invalid_argument("unknown HTTP method");
    http::request<http::string_body> req{verb, r.target, 11};
    req.set(http::field::host, host_hdr);
    req.set(http::field::user_agent, "kubemcp/0.1");
    if (compress && opt.compression) req.set(http::field::accept_encoding, "gzip");
    for (const auto& [k, v] : r.headers) req.insert(k, v);
    req.body() = r.body;
    req.prepare_payload();
    req.keep_alive(true);
    return req;
  }

  ClientResponse convert(http::response<http::string_body>&& res) const {
    ClientResponse out;
    out.status = res.result_int();
    bool gz = false;
    for (const auto& f : res) {
      if (f.name() == http::field::content_encoding &&
          (beast::iequals(f.value(), "gzip") || beast::iequals(f.value(), "deflate"))) {
        gz = true;
        continue;
      }
      out.headers.emplace_back(std::string(f.name_string()), std::string(f.value()));
    }
    out.body = gz ? gunzip(res.body(), opt.max_body) : std::move(res.body());
    return out;
  }

  template <class Stream>
  awaitable<ClientResponse> exchange(ReqState& st, Conn& c, Stream& s,
                                     http::request<http::string_body>& req, bool& got_some,
                                     bool& keep) {
    beast::error_code ec;
    co_await http::async_write(s, req, asio::redirect_error(use_awaitable, ec));
    if (ec) fail(st, Stage::Send, "sending the request failed", ec);
    http::response_parser<http::string_body> p;
    p.body_limit(opt.max_body);
    p.header_limit(1u << 20);
    co_await http::async_read(s, c.buffer, p, asio::redirect_error(use_awaitable, ec));
    got_some = p.got_some();
    if (ec == http::error::body_limit)
      throw ClientError(Stage::TooLarge,
                        "response body exceeds " + std::to_string(opt.max_body) + " bytes");
    if (ec) fail(st, Stage::Receive, "reading the response failed", ec);
    keep = p.get().keep_alive();
    co_return convert(p.release());
  }

  awaitable<ClientResponse> run_request(std::shared_ptr<ReqState> st, ClientRequest r) {
    auto self = shared_from_this();
    auto req = build(r, true);
    const bool idempotent = r.method == "GET" || r.method == "HEAD" || r.method == "PUT" ||
                            r.method == "DELETE" || r.method == "OPTIONS";
    for (int attempt = 0;; ++attempt) {
      auto c = st->conn;
      const bool reused = c->reused;
      bool got_some = false;
      Stage failed = Stage::Send;
      std::exception_ptr error;
      try {
        if (!c->connected) co_await connect(*st, *c);
        if (st->cancelled) throw ClientError(Stage::Cancelled, "request cancelled");
        if (r.timeout.count() > 0)
          c->lowest().expires_after(r.timeout);
        else
          c->lowest().expires_never();
        bool keep = false;
        // (no co_await inside ?: — GCC 12 miscompiles it)
        ClientResponse out;
        if (c->secure)
          out = co_await exchange(*st, *c, *c->secure, req, got_some, keep);
        else
          out = co_await exchange(*st, *c, *c->plain, req, got_some, keep);
        c->lowest().expires_never();
        if (keep)
          release(c);
        else
          c->close();
        co_return out;
      } catch (const ClientError& e) {
        failed = e.stage();
        error = std::current_exception();
      }
      c->close();
      // A pooled connection the server had already closed: retry once on a fresh one when
      // the request cannot have been processed twice.
      if (reused && attempt == 0 && !st->cancelled && !got_some &&
          (failed == Stage::Send || (failed == Stage::Receive && idempotent))) {
        auto next = fresh(c->strand);
        st->conn = next;
        st->closer = [next] { next->close(); };
        continue;
      }
      std::rethrow_exception(error);
    }
  }

  template <class Stream>
  awaitable<ClientResponse> stream_body(ReqState& st, Conn& c, Stream& s,
                                        http::request<http::string_body>& req,
                                        const std::function<bool(std::string_view)>& on_data) {
    beast::error_code ec;
    co_await http::async_write(s, req, asio::redirect_error(use_awaitable, ec));
    if (ec) fail(st, Stage::Send, "sending the request failed", ec);
    http::response_parser<http::buffer_body> p;
    p.body_limit(boost::none);
    co_await http::async_read_header(s, c.buffer, p, asio::redirect_error(use_awaitable, ec));
    if (ec) fail(st, Stage::Receive, "reading the response failed", ec);
    c.lowest().expires_never();
    ClientResponse out;
    out.status = p.get().result_int();
    for (const auto& f : p.get())
      out.headers.emplace_back(std::string(f.name_string()), std::string(f.value()));
    const bool ok = out.status >= 200 && out.status < 300;
    char buf[16384];
    while (!p.is_done()) {
      p.get().body().data = buf;
      p.get().body().size = sizeof buf;
      // read_some: deliver what arrived (a watch event, a log line) without waiting for more.
      co_await http::async_read_some(s, c.buffer, p, asio::redirect_error(use_awaitable, ec));
      if (ec == http::error::need_buffer) ec = {};
      if (ec == http::error::end_of_stream || ec == asio::error::eof) break;
      if (ec) fail(st, Stage::Receive, "reading the stream failed", ec);
      const std::size_t n = sizeof buf - p.get().body().size;
      if (n == 0) continue;
      if (ok) {
        if (!on_data(std::string_view(buf, n))) break;
      } else if (out.body.size() < (1u << 20)) {
        out.body.append(buf, n);
      }
    }
    co_return out;
  }

  awaitable<ClientResponse> run_stream(std::shared_ptr<ReqState> st, ClientRequest r,
                                       std::function<bool(std::string_view)> on_data) {
    auto self = shared_from_this();
    auto c = st->conn;
    auto req = build(r, false);
    co_await connect(*st, *c);
    if (r.timeout.count() > 0) c->lowest().expires_after(r.timeout);
    ClientResponse out;
    if (c->secure)
      out = co_await stream_body(*st, *c, *c->secure, req, on_data);
    else
      out = co_await stream_body(*st, *c, *c->plain, req, on_data);
    c->close();
    co_return out;
  }

  template <class Stream>
  awaitable<UpgradeResult> upgrade(std::shared_ptr<ReqState> st, Stream&& s, ClientRequest r,
                                   std::vector<std::string> protocols);
  awaitable<UpgradeResult> run_websocket(std::shared_ptr<ReqState> st, ClientRequest r,
                                         std::vector<std::string> protocols) {
    auto self = shared_from_this();
    auto c = st->conn;
    co_await connect(*st, *c);
    if (c->secure) co_return co_await upgrade(st, std::move(*c->secure), r, protocols);
    co_return co_await upgrade(st, std::move(*c->plain), r, protocols);
  }
};

namespace {

template <class Stream>
class WsImpl : public WebSocket, public std::enable_shared_from_this<WsImpl<Stream>> {
 public:
  WsImpl(Strand strand, Stream&& s) : strand_(strand), ws_(std::move(s)) {}

  websocket::stream<Stream>& ws() { return ws_; }
  void set_protocol(std::string p) { protocol_ = std::move(p); }
  const std::string& protocol() const override { return protocol_; }

  void start(std::function<void(std::string)> on_message,
             std::function<void(std::string)> on_closed) override {
    auto self = this->shared_from_this();
    asio::post(strand_, [self, m = std::move(on_message), c = std::move(on_closed)]() mutable {
      self->on_message_ = std::move(m);
      self->on_closed_ = std::move(c);
      asio::co_spawn(self->strand_, self->read_loop(), asio::detached);
    });
  }

  void send(std::string message) override {
    auto self = this->shared_from_this();
    asio::post(strand_, [self, m = std::move(message)]() mutable {
      self->out_.push_back(std::move(m));
      if (!self->writing_) asio::co_spawn(self->strand_, self->write_loop(), asio::detached);
    });
  }

  void close() override {
    auto self = this->shared_from_this();
    asio::post(strand_, [self] {
      self->close_requested_ = true;
      if (!self->writing_) asio::co_spawn(self->strand_, self->write_loop(), asio::detached);
    });
  }

  void abort() override {
    auto self = this->shared_from_this();
    asio::post(strand_, [self] {
      self->aborted_ = true;
      beast::error_code ec;
      beast::get_lowest_layer(self->ws_).socket().close(ec);
    });
  }

 private:
  awaitable<void> read_loop() {
    auto self = this->shared_from_this();
    beast::flat_buffer buffer;
    for (;;) {
      beast::error_code ec;
      co_await ws_.async_read(buffer, asio::redirect_error(use_awaitable, ec));
      if (ec) {
        // A close we started ends the pending read with operation_aborted: still clean.
        const bool clean =
            ec == websocket::error::closed || (close_sent_ && ec == asio::error::operation_aborted);
        finish(clean ? std::string() : aborted_ ? std::string("cancelled") : ec.message());
        co_return;
      }
      std::string msg = beast::buffers_to_string(buffer.data());
      buffer.consume(buffer.size());
      if (on_message_) on_message_(std::move(msg));
    }
  }

  awaitable<void> write_loop() {
    auto self = this->shared_from_this();
    writing_ = true;
    beast::error_code ec;
    while (!out_.empty() && !ec) {
      ws_.binary(true);
      co_await ws_.async_write(asio::buffer(out_.front()), asio::redirect_error(use_awaitable, ec));
      out_.pop_front();
    }
    if (!ec && close_requested_ && !close_sent_ && ws_.is_open()) {
      close_sent_ = true;
      co_await ws_.async_close(websocket::close_code::normal,
                               asio::redirect_error(use_awaitable, ec));
    }
    if (ec) out_.clear();
    writing_ = false;
  }

  void finish(std::string reason) {
    if (finished_) return;
    finished_ = true;
    beast::error_code ec;
    beast::get_lowest_layer(ws_).socket().close(ec);
    if (on_closed_) on_closed_(std::move(reason));
    on_message_ = nullptr;
    on_closed_ = nullptr;
  }

  Strand strand_;
  websocket::stream<Stream> ws_;
  std::string protocol_;
  std::deque<std::string> out_;
  bool writing_ = false;
  bool close_requested_ = false;
  bool close_sent_ = false;
  bool aborted_ = false;
  bool finished_ = false;
  std::function<void(std::string)> on_message_;
  std::function<void(std::string)> on_closed_;
};

}  // namespace

template <class Stream>
awaitable<UpgradeResult> HttpClient::Impl::upgrade(std::shared_ptr<ReqState> st, Stream&& s,
                                                   ClientRequest r,
                                                   std::vector<std::string> protocols) {
  using S = std::decay_t<Stream>;
  auto strand = st->conn->strand;
  auto ws = std::make_shared<WsImpl<S>>(strand, std::move(s));
  st->closer = [ws] {
    beast::error_code ec;
    beast::get_lowest_layer(ws->ws()).socket().close(ec);
  };
  if (st->cancelled) throw ClientError(Stage::Cancelled, "request cancelled");
  std::string offered;
  for (const auto& p : protocols) offered += (offered.empty() ? "" : ", ") + p;
  auto& w = ws->ws();
  beast::get_lowest_layer(w).expires_never();
  websocket::stream_base::timeout to{};
  to.handshake_timeout = r.timeout.count() > 0 ? r.timeout : std::chrono::seconds(30);
  // Ping when idle (kubectl pings every 5 s) so proxies keep quiet streams open; a peer
  // that answers nothing for 60 s is gone.
  to.idle_timeout = std::chrono::seconds(60);
  to.keep_alive_pings = true;
  w.set_option(to);
  w.read_message_max(64u << 20);
  Headers headers = r.headers;
  w.set_option(websocket::stream_base::decorator([headers, offered](websocket::request_type& q) {
    q.set(http::field::user_agent, "kubemcp/0.1");
    for (const auto& [k, v] : headers) q.insert(k, v);
    if (!offered.empty()) q.set(http::field::sec_websocket_protocol, offered);
  }));
  websocket::response_type res;
  beast::error_code ec;
  co_await w.async_handshake(res, host_hdr, r.target, asio::redirect_error(use_awaitable, ec));
  UpgradeResult out;
  if (ec) {
    if (res.result_int() != 0 && res.result_int() != 101) {
      out.refused = convert(std::move(res));
      co_return out;
    }
    fail(*st, Stage::Receive, "WebSocket handshake failed", ec);
  }
  ws->set_protocol(std::string(res[http::field::sec_websocket_protocol]));
  out.socket = ws;
  co_return out;
}

std::shared_ptr<HttpClient> HttpClient::create(ClientOptions options) {
  // The io pool must outlive every client (static destruction runs in reverse order).
  client_io();
  auto impl = std::make_shared<Impl>();
  impl->opt = std::move(options);
  auto& o = impl->opt;
  impl->host_hdr = host_header(o.host, o.port, o.scheme);
  auto& ctx = impl->ctx;
  ctx.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                  ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
  // Connections are pooled, never resumed: no session cache, no tickets.
  SSL_CTX_set_session_cache_mode(ctx.native_handle(), SSL_SESS_CACHE_OFF);
  SSL_CTX_set_options(ctx.native_handle(), SSL_OP_NO_TICKET);
  if (o.tls.insecure) {
    ctx.set_verify_mode(ssl::verify_none);
  } else {
    ctx.set_verify_mode(ssl::verify_peer);
    boost::system::error_code ec;
    if (!o.tls.ca_pem.empty()) {
      ctx.add_certificate_authority(asio::buffer(o.tls.ca_pem), ec);
      if (ec)
        throw ClientConfigError("certificate-authority",
                                "the certificate authority is not a valid PEM certificate");
    } else {
      ctx.set_default_verify_paths(ec);
    }
  }
  if (!o.tls.cert_pem.empty() || !o.tls.key_pem.empty()) {
    boost::system::error_code ec;
    if (o.tls.cert_pem.empty() || o.tls.key_pem.empty())
      throw ClientConfigError("client-certificate",
                              "a client certificate needs both the certificate and the key");
    ctx.use_certificate_chain(asio::buffer(o.tls.cert_pem), ec);
    if (ec)
      throw ClientConfigError("client-certificate",
                              "the client certificate is not a valid PEM certificate");
    ctx.use_private_key(asio::buffer(o.tls.key_pem), ssl::context::pem, ec);
    if (ec)
      throw ClientConfigError("client-key",
                              "the client key is not a valid PEM key or does not match "
                              "the certificate");
  }
  if (!o.proxy_url.empty()) {
    auto r = boost::urls::parse_uri(o.proxy_url);
    if (!r) throw ClientConfigError("proxy-url", "proxy-url is not a valid URL");
    if (r->scheme() != "http")
      throw ClientConfigError("proxy-url", "only http:// proxies (HTTP CONNECT) are supported");
    Proxy p;
    p.host = std::string(r->host_address());
    p.port = r->has_port() ? r->port_number() : 80;
    if (r->has_userinfo())
      p.authorization =
          "Basic " + base64_encode(std::string(r->user()) + ":" + std::string(r->password()));
    impl->proxy = std::move(p);
  }
  return std::shared_ptr<HttpClient>(new HttpClient(std::move(impl)));
}

HttpClient::~HttpClient() {
  reset();
}

const ClientOptions& HttpClient::options() const {
  return impl_->opt;
}

std::size_t HttpClient::idle_connections() const {
  std::lock_guard lock(impl_->mu);
  return impl_->idle.size();
}

void HttpClient::reset() {
  std::vector<std::shared_ptr<Conn>> old;
  {
    std::lock_guard lock(impl_->mu);
    ++impl_->generation;
    old.swap(impl_->idle);
  }
  for (auto& c : old) asio::post(c->strand, [c] { c->close(); });
}

namespace {

std::shared_ptr<CancelRegistration> watch_cancel(const CancelPtr& cancel,
                                                 const std::shared_ptr<ReqState>& st) {
  if (!cancel) return nullptr;
  auto strand = st->conn->strand;
  std::weak_ptr<ReqState> weak = st;
  return std::make_shared<CancelRegistration>(cancel, [weak, strand] {
    if (auto s = weak.lock()) {
      s->cancelled = true;
      asio::post(strand, [s] {
        if (s->closer) s->closer();
      });
    }
  });
}

std::shared_ptr<ReqState> new_state(std::shared_ptr<Conn> c) {
  auto st = std::make_shared<ReqState>();
  st->conn = c;
  st->closer = [c] { c->close(); };
  return st;
}

}  // namespace

void HttpClient::request_async(ClientRequest request, CancelPtr cancel, Callback done) {
  auto st = new_state(impl_->acquire());
  auto reg = watch_cancel(cancel, st);
  asio::co_spawn(st->conn->strand, impl_->run_request(st, std::move(request)),
                 [done = std::move(done), reg, st](std::exception_ptr e, ClientResponse r) mutable {
                   done(e, std::move(r));
                 });
}

ClientResponse HttpClient::request(const ClientRequest& request, const CancelPtr& cancel) {
  std::promise<ClientResponse> promise;
  auto future = promise.get_future();
  request_async(request, cancel, [&promise](std::exception_ptr e, ClientResponse r) {
    if (e)
      promise.set_exception(e);
    else
      promise.set_value(std::move(r));
  });
  return future.get();
}

ClientResponse HttpClient::stream(const ClientRequest& request, const CancelPtr& cancel,
                                  const std::function<bool(std::string_view)>& on_data) {
  auto st = new_state(impl_->fresh());
  auto reg = watch_cancel(cancel, st);
  std::promise<ClientResponse> promise;
  auto future = promise.get_future();
  asio::co_spawn(st->conn->strand, impl_->run_stream(st, request, on_data),
                 [&promise](std::exception_ptr e, ClientResponse r) {
                   if (e)
                     promise.set_exception(e);
                   else
                     promise.set_value(std::move(r));
                 });
  ClientResponse r = future.get();
  if (st->cancelled) throw ClientError(Stage::Cancelled, "request cancelled");
  return r;
}

UpgradeResult HttpClient::websocket(const ClientRequest& request,
                                    const std::vector<std::string>& protocols,
                                    const CancelPtr& cancel) {
  auto st = new_state(impl_->fresh());
  std::promise<UpgradeResult> promise;
  auto future = promise.get_future();
  {
    auto reg = watch_cancel(cancel, st);
    asio::co_spawn(st->conn->strand, impl_->run_websocket(st, request, protocols),
                   [&promise](std::exception_ptr e, UpgradeResult r) {
                     if (e)
                       promise.set_exception(e);
                     else
                       promise.set_value(std::move(r));
                   });
    return future.get();
  }
}

// ---- WebSocketReader ----

struct WebSocketReader::State {
  std::mutex mu;
  std::condition_variable cv;
  std::deque<std::string> messages;
  bool closed = false;
  bool timed_out = false;
  std::string reason;
};

WebSocketReader::WebSocketReader(std::shared_ptr<WebSocket> socket)
    : socket_(std::move(socket)), state_(std::make_shared<State>()) {
  auto st = state_;
  socket_->start(
      [st](std::string m) {
        std::lock_guard lock(st->mu);
        st->messages.push_back(std::move(m));
        st->cv.notify_all();
      },
      [st](std::string reason) {
        std::lock_guard lock(st->mu);
        st->closed = true;
        st->reason = std::move(reason);
        st->cv.notify_all();
      });
}

WebSocketReader::~WebSocketReader() {
  socket_->abort();
}

std::optional<std::string> WebSocketReader::read(Clock::time_point deadline) {
  std::unique_lock lock(state_->mu);
  const auto ready = [&] { return !state_->messages.empty() || state_->closed; };
  if (deadline == Clock::time_point::max())
    state_->cv.wait(lock, ready);
  else if (!state_->cv.wait_until(lock, deadline, ready)) {
    state_->timed_out = true;
    return std::nullopt;
  }
  if (state_->messages.empty()) return std::nullopt;
  std::string m = std::move(state_->messages.front());
  state_->messages.pop_front();
  return m;
}

bool WebSocketReader::timed_out() const {
  std::lock_guard lock(state_->mu);
  return state_->timed_out;
}

std::string WebSocketReader::close_reason() const {
  std::lock_guard lock(state_->mu);
  return state_->reason;
}

}  // namespace kubemcp::net
