#pragma once
// A tiny HTTPS + WebSocket peer for transport tests of the client (test-only; the real
// API server stand-in is `kubemcp sim`). Synchronous Beast, one thread per connection.
#include <openssl/x509.h>
#include <sys/socket.h>
#include <zlib.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <boost/json.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace peer {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

// Test PKI made once per process with the openssl CLI: a CA, a server cert for 127.0.0.1
// and localhost, a client cert (CN=jane).
struct Pki {
  std::string dir;
  std::string ca_pem, server_cert, server_key, client_cert, client_key, other_ca_pem;
  static const Pki& get() {
    static Pki pki;
    return pki;
  }
  ~Pki() {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }

 private:
  static std::string slurp(const std::string& p) {
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  Pki() {
    char tmpl[] = "/tmp/kubepki-XXXXXX";
    dir = mkdtemp(tmpl);
    const std::string d = dir;
    const std::string script =
        "set -e; cd " + d +
        "; exec 2>/dev/null"
        "; openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 "
        "-subj /CN=test-ca -keyout ca.key -out ca.crt"
        "; openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 "
        "-subj /CN=other-ca -keyout other.key -out other.crt"
        "; openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=server "
        "-keyout server.key -out server.csr"
        "; echo subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:api.test.internal > ext"
        "; openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 "
        "-extfile ext -out server.crt"
        "; openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=jane "
        "-keyout client.key -out client.csr"
        "; openssl x509 -req -in client.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 "
        "-out client.crt";
    if (std::system(("sh -c '" + script + "'").c_str()) != 0) throw std::runtime_error("openssl");
    ca_pem = slurp(d + "/ca.crt");
    other_ca_pem = slurp(d + "/other.crt");
    server_cert = slurp(d + "/server.crt");
    server_key = slurp(d + "/server.key");
    client_cert = slurp(d + "/client.crt");
    client_key = slurp(d + "/client.key");
  }
};

struct Request {
  std::string method, target, body;
  std::multimap<std::string, std::string> headers;  // lower-case names
  std::string client_cn;                            // from the TLS client certificate
  std::string header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
  int count(const std::string& name) const { return static_cast<int>(headers.count(name)); }
  std::string path() const { return target.substr(0, target.find('?')); }
};

using WsStream = websocket::stream<beast::ssl_stream<tcp::socket>&>;

struct Reply {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string content_type = "application/json";
  bool gzip = false;
  bool close = false;
  // Chunked streaming: gets a writer returning false once the client went away.
  std::function<void(const std::function<bool(const std::string&)>&)> stream;
  // WebSocket: accept with this subprotocol and run the handler.
  std::string ws_protocol;
  std::function<void(WsStream&)> ws;
};

inline Reply status_reply(int code, const std::string& reason, const std::string& message) {
  Reply r;
  r.status = code;
  boost::json::object o{
      {"kind", "Status"},    {"apiVersion", "v1"}, {"metadata", boost::json::object{}},
      {"status", "Failure"}, {"message", message}, {"reason", reason},
      {"code", code}};
  r.body = boost::json::serialize(o);
  return r;
}

class Server {
 public:
  using Handler = std::function<Reply(const Request&)>;

  explicit Server(Handler handler, bool want_client_cert = false)
      : handler_(std::move(handler)), ctx_(ssl::context::tls_server) {
    const auto& pki = Pki::get();
    ctx_.use_certificate_chain(asio::buffer(pki.server_cert));
    ctx_.use_private_key(asio::buffer(pki.server_key), ssl::context::pem);
    if (want_client_cert) {
      ctx_.add_certificate_authority(asio::buffer(pki.ca_pem));
      ctx_.set_verify_mode(ssl::verify_peer);
    }
    acceptor_.open(tcp::v4());
    acceptor_.set_option(tcp::acceptor::reuse_address(true));
    acceptor_.bind({asio::ip::make_address("127.0.0.1"), 0});
    acceptor_.listen();
    port_ = acceptor_.local_endpoint().port();
    thread_ = std::thread([this] { accept_loop(); });
  }

  ~Server() {
    stopping_ = true;
    boost::system::error_code ec;
    acceptor_.close(ec);
    {
      // Wake the accept.
      tcp::socket s(io_);
      s.connect({asio::ip::make_address("127.0.0.1"), port_}, ec);
    }
    if (thread_.joinable()) thread_.join();
    {
      std::lock_guard lock(mu_);
      for (int fd : fds_) ::shutdown(fd, SHUT_RDWR);
    }
    for (auto& t : workers_)
      if (t.joinable()) t.join();
  }

  std::uint16_t port() const { return port_; }
  std::string url() const { return "https://127.0.0.1:" + std::to_string(port_); }
  int connections() const { return connections_; }
  int requests() const { return requests_; }

 private:
  void accept_loop() {
    while (!stopping_) {
      boost::system::error_code ec;
      tcp::socket s(io_);
      acceptor_.accept(s, ec);
      if (ec || stopping_) return;
      ++connections_;
      auto sp = std::make_shared<tcp::socket>(std::move(s));
      std::lock_guard lock(mu_);
      fds_.push_back(sp->native_handle());
      workers_.emplace_back([this, sp] { serve(*sp); });
    }
  }

  void serve(tcp::socket& sock) {
    const int fd = sock.native_handle();
    beast::ssl_stream<tcp::socket> tls(std::move(sock), ctx_);
    serve_tls(tls);
    std::lock_guard lock(mu_);
    fds_.erase(std::remove(fds_.begin(), fds_.end(), fd), fds_.end());
  }

  void serve_tls(beast::ssl_stream<tcp::socket>& tls) {
    boost::system::error_code ec;
    tls.handshake(ssl::stream_base::server, ec);
    if (ec) return;
    std::string cn;
    if (X509* cert = SSL_get1_peer_certificate(tls.native_handle())) {
      char buf[256];
      X509_NAME_get_text_by_NID(X509_get_subject_name(cert), NID_commonName, buf, sizeof buf);
      cn = buf;
      X509_free(cert);
    }
    beast::flat_buffer buffer;
    for (;;) {
      http::request<http::string_body> req;
      http::read(tls, buffer, req, ec);
      if (ec) return;
      ++requests_;
      Request r;
      r.method = std::string(req.method_string());
      r.target = std::string(req.target());
      r.body = req.body();
      r.client_cn = cn;
      for (const auto& f : req) {
        std::string name(f.name_string());
        for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        r.headers.emplace(name, std::string(f.value()));
      }
      Reply reply = handler_(r);
      if (reply.ws && websocket::is_upgrade(req)) {
        WsStream ws(tls);
        const std::string proto = reply.ws_protocol;
        ws.set_option(websocket::stream_base::decorator([proto](websocket::response_type& res) {
          if (!proto.empty()) res.set(http::field::sec_websocket_protocol, proto);
        }));
        ws.accept(req, ec);
        if (ec) return;
        ws.binary(true);
        reply.ws(ws);
        return;
      }
      if (reply.stream) {
        std::string head = "HTTP/1.1 " + std::to_string(reply.status) +
                           " OK\r\nContent-Type: " + reply.content_type +
                           "\r\nTransfer-Encoding: chunked\r\n\r\n";
        asio::write(tls, asio::buffer(head), ec);
        if (ec) return;
        reply.stream([&](const std::string& chunk) {
          if (chunk.empty()) return true;
          std::stringstream hex;
          hex << std::hex << chunk.size() << "\r\n" << chunk << "\r\n";
          boost::system::error_code wec;
          asio::write(tls, asio::buffer(hex.str()), wec);
          return !wec;
        });
        asio::write(tls, asio::buffer(std::string("0\r\n\r\n")), ec);
        return;
      }
      http::response<http::string_body> res{static_cast<http::status>(reply.status), 11};
      res.set(http::field::content_type, reply.content_type);
      for (const auto& [k, v] : reply.headers) res.set(k, v);
      if (reply.gzip) {
        res.set(http::field::content_encoding, "gzip");
        res.body() = gzip(reply.body);
      } else {
        res.body() = reply.body;
      }
      res.keep_alive(!reply.close && req.keep_alive());
      res.prepare_payload();
      http::write(tls, res, ec);
      if (ec || reply.close) return;
    }
  }

  static std::string gzip(const std::string& in) {
    z_stream zs{};
    deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
    std::string out(deflateBound(&zs, in.size()) + 32, '\0');
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    zs.avail_in = static_cast<uInt>(in.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = static_cast<uInt>(out.size());
    deflate(&zs, Z_FINISH);
    out.resize(zs.total_out);
    deflateEnd(&zs);
    return out;
  }

  Handler handler_;
  asio::io_context io_;
  ssl::context ctx_;
  tcp::acceptor acceptor_{io_};
  std::uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> connections_{0};
  std::atomic<int> requests_{0};
  std::thread thread_;
  std::mutex mu_;
  std::vector<int> fds_;
  std::vector<std::thread> workers_;
};

}  // namespace peer
