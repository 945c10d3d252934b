// HTTPS/1.1 server on Asio C++20 coroutines, one coroutine per connection on its own strand
// (the Beast example style). Handlers are plain functions from HttpRequest to HttpResponse;
// streamed responses and WebSocket upgrades hand the handler a thread-safe sink/channel whose
// writes wake the connection's coroutine through a timer used as an event.
#include "net/server_https.hpp"

#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <deque>
#include <map>
#include <mutex>
#include <thread>

namespace kubemcp::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using Stream = beast::ssl_stream<beast::tcp_stream>;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

std::string HttpRequest::header(std::string_view name) const {
  for (const auto& [k, v] : headers)
    if (k == name) return v;
  return {};
}

// ---------------------------------------------------------------------------------------------
struct IoPool::Impl {
  asio::io_context ioc;
  asio::executor_work_guard<asio::io_context::executor_type> guard{ioc.get_executor()};
  std::vector<std::thread> threads;
};

IoPool::IoPool(unsigned threads) : impl_(std::make_unique<Impl>()) {
  for (unsigned i = 0; i < std::max(1u, threads); ++i)
    impl_->threads.emplace_back([this] { impl_->ioc.run(); });
}
IoPool::~IoPool() {
  stop();
}
void IoPool::stop() {
  impl_->guard.reset();
  impl_->ioc.stop();
  for (auto& t : impl_->threads)
    if (t.joinable() && t.get_id() != std::this_thread::get_id()) t.join();
  impl_->threads.clear();
}
void* IoPool::context() {
  return &impl_->ioc;
}

// ---------------------------------------------------------------------------------------------
namespace {

// A queue of outgoing messages that wakes one waiting coroutine (on the given strand).
class Outbox : public std::enable_shared_from_this<Outbox> {
 public:
  explicit Outbox(asio::any_io_executor ex) : timer_(ex, asio::steady_timer::time_point::max()) {}

  bool push(std::string m) {
    {
      std::lock_guard lock(mu_);
      if (closed_ || gone_) return false;
      q_.push_back(std::move(m));
    }
    wake();
    return true;
  }
  void close(uint16_t code = 1000) {
    {
      std::lock_guard lock(mu_);
      if (closed_) return;
      closed_ = true;
      close_code_ = code;
    }
    wake();
  }
  void mark_gone() {
    {
      std::lock_guard lock(mu_);
      gone_ = true;
    }
    wake();
  }
  bool is_open() const {
    std::lock_guard lock(mu_);
    return !closed_ && !gone_;
  }
  // Waits (on the strand) until there is something to do. Returns queued messages; `done` is
  // set when the producer closed and the queue is drained, or the peer is gone.
  asio::awaitable<std::deque<std::string>> next(bool& done, uint16_t& code) {
    for (;;) {
      {
        std::lock_guard lock(mu_);
        if (gone_) {
          done = true;
          co_return std::deque<std::string>{};
        }
        if (!q_.empty()) {
          done = false;
          co_return std::exchange(q_, {});
        }
        if (closed_) {
          done = true;
          code = close_code_;
          co_return std::deque<std::string>{};
        }
      }
      timer_.expires_at(asio::steady_timer::time_point::max());
      co_await timer_.async_wait(use_tuple);
    }
  }

 private:
  void wake() {
    asio::post(timer_.get_executor(), [self = shared_from_this()] { self->timer_.cancel(); });
  }
  mutable std::mutex mu_;
  std::deque<std::string> q_;
  bool closed_ = false, gone_ = false;
  uint16_t close_code_ = 1000;
  asio::steady_timer timer_;
};

class Sink : public StreamSink {
 public:
  explicit Sink(std::shared_ptr<Outbox> box) : box_(std::move(box)) {}
  bool write(std::string chunk) override { return box_->push(std::move(chunk)); }
  void close() override { box_->close(); }
  bool is_open() const override { return box_->is_open(); }

 private:
  std::shared_ptr<Outbox> box_;
};

class Channel : public MessageChannel {
 public:
  explicit Channel(std::shared_ptr<Outbox> box) : box_(std::move(box)) {}
  bool send_binary(std::string m) override { return box_->push(std::move(m)); }
  void close(uint16_t code) override { box_->close(code); }
  bool is_open() const override { return box_->is_open(); }

 private:
  std::shared_ptr<Outbox> box_;
};

std::string x509_name_entry(X509_NAME* name, int nid, std::vector<std::string>* all = nullptr) {
  std::string first;
  int idx = -1;
  while ((idx = X509_NAME_get_index_by_NID(name, nid, idx)) >= 0) {
    X509_NAME_ENTRY* e = X509_NAME_get_entry(name, idx);
    ASN1_STRING* s = X509_NAME_ENTRY_get_data(e);
    std::string v(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)), ASN1_STRING_length(s));
    if (first.empty()) first = v;
    if (all) all->push_back(v);
  }
  return first;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
struct HttpsServer::Impl : std::enable_shared_from_this<HttpsServer::Impl> {
  asio::io_context& ioc;
  asio::ssl::context ssl{asio::ssl::context::tls_server};
  tcp::acceptor acceptor;
  HttpHandler handler;
  std::atomic<bool> refusing{false};
  std::atomic<bool> stopped{false};
  tcp::endpoint endpoint;
  std::mutex mu;
  uint64_t next_id = 0;
  std::map<uint64_t, std::weak_ptr<Stream>> open;  // for stop(): close every connection

  Impl(asio::io_context& ctx, HttpHandler h) : ioc(ctx), acceptor(ctx), handler(std::move(h)) {}

  asio::awaitable<void> accept_loop();
  asio::awaitable<void> session(std::shared_ptr<Stream> stream, uint64_t id);
  asio::awaitable<void> stream_response(std::shared_ptr<Stream> stream,
                                        const http::request<http::string_body>& req,
                                        HttpResponse& resp);
  asio::awaitable<void> websocket_session(std::shared_ptr<Stream> stream,
                                          http::request<http::string_body> req,
                                          std::shared_ptr<UpgradeHandler> up);
};

HttpsServer::HttpsServer(IoPool& pool, const TlsServerConfig& tls, HttpHandler handler,
                         const std::string& host, uint16_t port) {
  auto& ioc = *static_cast<asio::io_context*>(pool.context());
  impl_ = std::make_shared<Impl>(ioc, std::move(handler));
  auto& ssl = impl_->ssl;
  ssl.set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                  asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                  asio::ssl::context::no_tlsv1_1);
  ssl.use_certificate_chain(asio::buffer(tls.cert_chain_pem));
  ssl.use_private_key(asio::buffer(tls.key_pem), asio::ssl::context::pem);
  if (!tls.client_ca_pem.empty()) {
    ssl.add_certificate_authority(asio::buffer(tls.client_ca_pem));
    // Ask for a client certificate but let bearer-token clients in without one; the handler
    // sees a CN only when the certificate verified.
    ssl.set_verify_mode(asio::ssl::verify_peer);
    ssl.set_verify_callback([](bool, asio::ssl::verify_context&) { return true; });
    static const unsigned char sid[] = "kubemcp-sim";
    SSL_CTX_set_session_id_context(ssl.native_handle(), sid, sizeof(sid) - 1);
  }
  tcp::endpoint ep(asio::ip::make_address(host), port);
  impl_->acceptor.open(ep.protocol());
  impl_->acceptor.set_option(asio::socket_base::reuse_address(true));
  impl_->acceptor.bind(ep);
  impl_->acceptor.listen(asio::socket_base::max_listen_connections);
  impl_->endpoint = impl_->acceptor.local_endpoint();
  asio::co_spawn(impl_->acceptor.get_executor(), impl_->accept_loop(), asio::detached);
}

HttpsServer::~HttpsServer() {
  stop();
}

uint16_t HttpsServer::port() const {
  return impl_->acceptor.local_endpoint().port();
}

void HttpsServer::set_refusing(bool refusing) {
  // A simulated network failure: the listening socket goes away (connects are refused) and
  // open connections are cut; coming back listens on the same port again.
  auto impl = impl_;
  if (impl->refusing.exchange(refusing) == refusing) return;
  asio::post(impl->acceptor.get_executor(), [impl, refusing] {
    boost::system::error_code ec;
    if (refusing) {
      impl->acceptor.close(ec);
      std::lock_guard lock(impl->mu);
      for (auto& [id, w] : impl->open)
        if (auto s = w.lock())
          asio::post(s->get_executor(), [s] { beast::get_lowest_layer(*s).socket().close(); });
      return;
    }
    if (impl->stopped) return;
    impl->acceptor.open(impl->endpoint.protocol(), ec);
    impl->acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    impl->acceptor.bind(impl->endpoint, ec);
    impl->acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (!ec) asio::co_spawn(impl->acceptor.get_executor(), impl->accept_loop(), asio::detached);
  });
}

void HttpsServer::stop() {
  if (!impl_ || impl_->stopped.exchange(true)) return;
  auto impl = impl_;
  asio::post(impl->acceptor.get_executor(), [impl] {
    boost::system::error_code ec;
    impl->acceptor.close(ec);
  });
  std::lock_guard lock(impl->mu);
  for (auto& [id, w] : impl->open)
    if (auto s = w.lock())
      asio::post(s->get_executor(), [s] { beast::get_lowest_layer(*s).socket().close(); });
}

asio::awaitable<void> HttpsServer::Impl::accept_loop() {
  auto self = shared_from_this();
  for (;;) {
    auto [ec, sock] = co_await acceptor.async_accept(asio::make_strand(ioc), use_tuple);
    if (stopped || !acceptor.is_open()) co_return;
    if (ec) continue;
    auto stream = std::make_shared<Stream>(std::move(sock), ssl);
    uint64_t id;
    {
      std::lock_guard lock(mu);
      id = next_id++;
      open[id] = stream;
    }
    asio::co_spawn(stream->get_executor(), session(stream, id), asio::detached);
  }
}

asio::awaitable<void> HttpsServer::Impl::session(std::shared_ptr<Stream> stream, uint64_t id) {
  auto self = shared_from_this();
  struct Forget {
    Impl* impl;
    uint64_t id;
    ~Forget() {
      std::lock_guard lock(impl->mu);
      impl->open.erase(id);
    }
  } forget{this, id};

  auto& lowest = beast::get_lowest_layer(*stream);
  lowest.expires_after(std::chrono::seconds(30));
  auto [hec] = co_await stream->async_handshake(asio::ssl::stream_base::server, use_tuple);
  if (hec) co_return;

  std::string cn;
  std::vector<std::string> orgs;
  if (X509* peer = SSL_get1_peer_certificate(stream->native_handle())) {
    if (SSL_get_verify_result(stream->native_handle()) == X509_V_OK) {
      X509_NAME* subject = X509_get_subject_name(peer);
      cn = x509_name_entry(subject, NID_commonName);
      x509_name_entry(subject, NID_organizationName, &orgs);
    }
    X509_free(peer);
  }

  beast::flat_buffer buffer;
  for (;;) {
    http::request_parser<http::string_body> parser;
    parser.body_limit(64 * 1024 * 1024);
    lowest.expires_after(std::chrono::seconds(300));  // idle keep-alive
    auto [rec, n] = co_await http::async_read(*stream, buffer, parser, use_tuple);
    if (rec) break;
    auto req = parser.release();

    HttpRequest r;
    r.method = std::string(req.method_string());
    r.target = std::string(req.target());
    for (const auto& f : req) {
      std::string name(f.name_string());
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      r.headers.emplace_back(std::move(name), std::string(f.value()));
    }
    r.body = std::move(req.body());
    r.client_cert_cn = cn;
    r.client_cert_orgs = orgs;

    HttpResponse resp;
    try {
      resp = handler(r);
    } catch (const std::exception& e) {
      resp = HttpResponse{};
      resp.status = 500;
      resp.content_type = "text/plain";
      resp.body = std::string("internal error: ") + e.what();
    }
    lowest.expires_never();

    if (resp.upgrade && websocket::is_upgrade(req)) {
      co_await websocket_session(stream, std::move(req), resp.upgrade);
      co_return;
    }
    if (resp.stream) {
      co_await stream_response(stream, req, resp);
      lowest.close();
      co_return;
    }

    http::response<http::string_body> res{static_cast<http::status>(resp.status), req.version()};
    res.set(http::field::content_type, resp.content_type);
    for (const auto& [k, v] : resp.headers) res.set(k, v);
    res.body() = std::move(resp.body);
    res.keep_alive(req.keep_alive());
    res.prepare_payload();
    lowest.expires_after(std::chrono::seconds(120));
    auto [wec, wn] = co_await http::async_write(*stream, res, use_tuple);
    if (wec || !res.keep_alive()) break;
  }
  lowest.expires_after(std::chrono::seconds(2));
  co_await stream->async_shutdown(use_tuple);
  lowest.close();
}

asio::awaitable<void> HttpsServer::Impl::stream_response(
    std::shared_ptr<Stream> stream, const http::request<http::string_body>& req,
    HttpResponse& resp) {
  http::response<http::empty_body> res{static_cast<http::status>(resp.status), req.version()};
  res.set(http::field::content_type, resp.content_type);
  for (const auto& [k, v] : resp.headers) res.set(k, v);
  res.chunked(true);
  res.keep_alive(false);
  http::response_serializer<http::empty_body> sr{res};
  auto [hec, hn] = co_await http::async_write_header(*stream, sr, use_tuple);
  if (hec) co_return;

  auto box = std::make_shared<Outbox>(stream->get_executor());
  // Notice a client that goes away while nothing is being written (e.g. an idle watch).
  asio::co_spawn(
      stream->get_executor(),
      [stream, box]() -> asio::awaitable<void> {
        char b[64];
        co_await stream->async_read_some(asio::buffer(b), use_tuple);
        box->mark_gone();
      },
      asio::detached);
  resp.stream(std::make_shared<Sink>(box));

  for (;;) {
    bool done = false;
    uint16_t code = 0;
    auto chunks = co_await box->next(done, code);
    for (auto& c : chunks) {
      if (c.empty()) continue;
      auto [ec, n] =
          co_await asio::async_write(*stream, http::make_chunk(asio::buffer(c)), use_tuple);
      if (ec) {
        box->mark_gone();
        co_return;
      }
    }
    if (done) break;
  }
  if (box->is_open() || true) {
    co_await asio::async_write(*stream, http::make_chunk_last(), use_tuple);
  }
  box->mark_gone();
}

asio::awaitable<void> HttpsServer::Impl::websocket_session(std::shared_ptr<Stream> stream,
                                                           http::request<http::string_body> req,
                                                           std::shared_ptr<UpgradeHandler> up) {
  using Ws = websocket::stream<Stream&>;
  auto ws = std::make_shared<Ws>(*stream);
  std::string proto = up->subprotocol;
  ws->set_option(websocket::stream_base::decorator([proto](websocket::response_type& res) {
    if (!proto.empty()) res.set(http::field::sec_websocket_protocol, proto);
  }));
  ws->set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
  ws->binary(true);
  auto [aec] = co_await ws->async_accept(req, use_tuple);
  if (aec) co_return;

  auto box = std::make_shared<Outbox>(stream->get_executor());
  // Writer: drains the outbox, then closes the socket with the producer's code.
  asio::co_spawn(
      stream->get_executor(),
      [ws, box, stream]() -> asio::awaitable<void> {
        for (;;) {
          bool done = false;
          uint16_t code = 1000;
          auto msgs = co_await box->next(done, code);
          for (auto& m : msgs) {
            auto [ec, n] = co_await ws->async_write(asio::buffer(m), use_tuple);
            if (ec) {
              box->mark_gone();
              co_return;
            }
          }
          if (done) {
            if (code != 0) co_await ws->async_close(websocket::close_reason(code), use_tuple);
            co_return;
          }
        }
      },
      asio::detached);
  if (up->on_open) up->on_open(std::make_shared<Channel>(box));

  beast::flat_buffer buffer;
  for (;;) {
    auto [ec, n] = co_await ws->async_read(buffer, use_tuple);
    if (ec) break;
    std::string msg = beast::buffers_to_string(buffer.data());
    buffer.consume(buffer.size());
    if (up->on_message) up->on_message(std::move(msg));
  }
  box->mark_gone();
  if (up->on_close) up->on_close();
  beast::get_lowest_layer(*stream).close();
}

}  // namespace kubemcp::net
