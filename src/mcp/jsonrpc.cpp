#include "mcp/jsonrpc.hpp"

#include <boost/json.hpp>

#include "net/utf8.hpp"

namespace kubemcp::mcp {
namespace json = boost::json;
namespace {

Parsed fail(int code, std::string message, json::value id = nullptr, bool silent = false) {
  Parsed out;
  out.failure = ParseFailure{code, std::move(message), std::move(id), silent};
  return out;
}

// A request's method and params (or a notification's: then failures are silent).
Parsed read_call(const json::object& o, json::value id, bool notification) {
  const auto* ver = o.if_contains("jsonrpc");
  if (!ver || !ver->is_string() || ver->get_string() != "2.0")
    return fail(code::invalid_request, "Invalid Request: jsonrpc must be \"2.0\"", id,
                notification);
  const auto& method = o.at("method");
  if (!method.is_string())
    return fail(code::invalid_request, "Invalid Request: method must be a string", id,
                notification);
  Message m;
  m.method = std::string(method.get_string());
  if (const auto* params = o.if_contains("params")) {
    if (params->is_object())
      m.params = params->get_object();
    else if (!params->is_null())
      return fail(code::invalid_params, "Invalid params: params must be an object", id,
                  notification);
  }
  m.kind = notification ? Message::Kind::notification : Message::Kind::request;
  m.id = std::move(id);
  Parsed out;
  out.message = std::move(m);
  return out;
}

}  // namespace

std::optional<json::value> parse_json(std::string_view line, ParseFailure& failure) {
  boost::system::error_code ec;
  // Bounded depth: a hostile line of a million '[' must not exhaust the stack.
  json::parse_options opts;
  opts.max_depth = kMaxMessageDepth;
  json::value v = json::parse(line, ec, {}, opts);
  if (!ec) return v;
  failure = ParseFailure{code::parse_error, "Parse error: " + ec.message(), nullptr};
  return std::nullopt;
}

ParseFailure batch_refused() {
  return ParseFailure{code::invalid_request,
                      "Invalid Request: JSON-RPC batches are not supported in this session "
                      "(only protocol version 2025-03-26 has them); send one message per line",
                      nullptr};
}

Parsed parse_message(std::string_view line) {
  ParseFailure failure;
  auto v = parse_json(line, failure);
  if (!v) {
    Parsed out;
    out.failure = std::move(failure);
    return out;
  }
  if (v->is_array()) {
    Parsed out;
    out.failure = batch_refused();
    return out;
  }
  return read_message(std::move(*v));
}

Parsed read_message(json::value v) {
  if (!v.is_object()) return fail(code::invalid_request, "Invalid Request: expected a JSON object");
  const json::object& o = v.get_object();
  const json::value* id = o.if_contains("id");
  const bool has_method = o.contains("method");
  if (!id && has_method) return read_call(o, nullptr, true);  // a notification
  if (!id || (!id->is_null() && !id->is_string() && !id->is_int64() && !id->is_uint64())) {
    if (!has_method && (o.contains("result") || o.contains("error")))
      return fail(code::invalid_request, "Invalid Request: a response needs its request's id",
                  nullptr, true);  // answering a response could loop between the two sides
    return fail(code::invalid_request, id ? "Invalid Request: id must be a string or an integer"
                                          : "Invalid Request: no method");
  }
  if (has_method) {
    if (id->is_null())
      return fail(code::invalid_request,
                  "Invalid Request: id must not be null (a string or an integer; omit it for a "
                  "notification)");
    return read_call(o, *id, false);
  }
  if (o.contains("result") || o.contains("error")) {
    Message m;
    m.kind = Message::Kind::response;
    m.id = *id;
    m.is_error = !o.contains("result");
    m.result = m.is_error ? o.at("error") : o.at("result");
    Parsed out;
    out.message = std::move(m);
    return out;
  }
  return fail(code::invalid_request, "Invalid Request: no method", *id);
}

std::string oversized_message_error() {
  return make_error(nullptr, code::invalid_request,
                    "Invalid Request: message longer than " + std::to_string(kMaxMessageBytes) +
                        " bytes; it was skipped");
}

std::string make_result(const json::value& id, json::value result) {
  return json::serialize(
      json::object{{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}});
}

std::string make_error(const json::value& id, int code, std::string_view message) {
  return json::serialize(json::object{
      {"jsonrpc", "2.0"},
      {"id", id},
      {"error", json::object{{"code", code}, {"message", net::to_valid_utf8(message)}}}});
}

std::string make_notification(std::string_view method, json::object params) {
  return json::serialize(
      json::object{{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}});
}

}  // namespace kubemcp::mcp
