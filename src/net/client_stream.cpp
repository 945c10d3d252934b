// A streamed response (watch, followed log) on a dedicated connection.
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

namespace {

template <class Stream>
awaitable<ClientResponse> stream_body(HttpClient::Impl& impl, HttpClient::Impl::ReqState& st,
                                      HttpClient::Impl::Conn& c, Stream& s,
                                      http::request<http::string_body>& req,
                                      const std::function<bool(std::string_view)>& on_data) {
  beast::error_code ec;
  co_await http::async_write(s, req, asio::redirect_error(use_awaitable, ec));
  if (ec) impl.fail(st, Stage::Send, "sending the request failed", ec);
  http::response_parser<http::buffer_body> p;
  p.body_limit(boost::none);
  co_await http::async_read_header(s, c.buffer, p, asio::redirect_error(use_awaitable, ec));
  if (ec) impl.fail(st, Stage::Receive, "reading the response failed", ec);
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
    if (ec) impl.fail(st, Stage::Receive, "reading the stream failed", ec);
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

}  // namespace

awaitable<ClientResponse> HttpClient::Impl::run_stream(
    std::shared_ptr<ReqState> st, ClientRequest r, std::function<bool(std::string_view)> on_data) {
  auto self = shared_from_this();
  auto c = st->conn;
  auto req = build(r, false);
  co_await connect(*st, *c);
  if (r.timeout.count() > 0) c->lowest().expires_after(r.timeout);
  ClientResponse out;
  if (c->secure)
    out = co_await stream_body(*this, *st, *c, *c->secure, req, on_data);
  else
    out = co_await stream_body(*this, *st, *c, *c->plain, req, on_data);
  c->close();
  co_return out;
}

ClientResponse HttpClient::stream(const ClientRequest& request, const CancelPtr& cancel,
                                  const std::function<bool(std::string_view)>& on_data) {
  auto st = client_detail::new_state(impl_->fresh());
  auto reg = client_detail::watch_cancel(cancel, st);
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

}  // namespace kubemcp::net
