// One request and its answer on a pooled keep-alive connection.
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <future>

#include "net/client_impl.hpp"

namespace kubemcp::net {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::awaitable;
using asio::use_awaitable;
using client_detail::Stage;

http::request<http::string_body> HttpClient::Impl::build(const ClientRequest& r,
                                                         bool compress) const {
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

ClientResponse HttpClient::Impl::convert(http::response<http::string_body>&& res) const {
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

namespace {

// A request the server may process twice without harm (RFC 9110 §9.2.1 "safe" methods).
// PUT and DELETE are idempotent in theory, but a repeated DELETE or PUT can still act on an
// object that changed in between, so only these are ever re-sent after they left.
bool safe_method(const std::string& method) {
  return method == "GET" || method == "HEAD" || method == "OPTIONS";
}

template <class Stream>
awaitable<ClientResponse> exchange(HttpClient::Impl& impl, HttpClient::Impl::ReqState& st,
                                   HttpClient::Impl::Conn& c, Stream& s,
                                   http::request<http::string_body>& req, bool& got_some,
                                   bool& keep) {
  beast::error_code ec;
  co_await http::async_write(s, req, asio::redirect_error(use_awaitable, ec));
  if (ec) impl.fail(st, Stage::Send, "sending the request failed", ec);
  http::response_parser<http::string_body> p;
  p.body_limit(impl.opt.max_body);
  p.header_limit(1u << 20);
  co_await http::async_read(s, c.buffer, p, asio::redirect_error(use_awaitable, ec));
  got_some = p.got_some();
  if (ec == http::error::body_limit)
    throw ClientError(Stage::TooLarge,
                      "response body exceeds " + std::to_string(impl.opt.max_body) + " bytes");
  if (ec) impl.fail(st, Stage::Receive, "reading the response failed", ec);
  keep = p.get().keep_alive();
  co_return impl.convert(p.release());
}

}  // namespace

awaitable<ClientResponse> HttpClient::Impl::run_request(std::shared_ptr<ReqState> st,
                                                        ClientRequest r) {
  auto self = shared_from_this();
  auto req = build(r, true);
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
        out = co_await exchange(*this, *st, *c, *c->secure, req, got_some, keep);
      else
        out = co_await exchange(*this, *st, *c, *c->plain, req, got_some, keep);
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
    // A pooled connection the server had already closed: retry once on a fresh one when the
    // request cannot have been processed — it was not written whole (Send), or it is a safe
    // method. A write whose whole request left is never sent again: its fate is unknown.
    if (reused && attempt == 0 && !st->cancelled && !got_some &&
        (failed == Stage::Send || (failed == Stage::Receive && safe_method(r.method)))) {
      auto next = fresh(c->strand);
      st->conn = next;
      st->closer = [next] { next->close(); };
      continue;
    }
    std::rethrow_exception(error);
  }
}

void HttpClient::request_async(ClientRequest request, CancelPtr cancel, Callback done) {
  auto st = client_detail::new_state(impl_->acquire());
  auto reg = client_detail::watch_cancel(cancel, st);
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

}  // namespace kubemcp::net
