#include "mcp/jsonrpc.hpp"

#include <boost/json.hpp>

#include "net/utf8.hpp"

namespace kubemcp::mcp {
namespace json = boost::json;

Parsed parse_message(std::string_view line) {
  Parsed out;
  boost::system::error_code ec;
  // Bounded depth: a hostile line of a million '[' must not exhaust the stack.
  json::parse_options opts;
  opts.max_depth = kMaxMessageDepth;
  json::value v = json::parse(line, ec, {}, opts);
  if (ec) {
    out.failure = ParseFailure{code::parse_error, "Parse error: " + ec.message(), nullptr};
    return out;
  }
  if (v.is_array()) {
    out.failure = ParseFailure{code::invalid_request,
                               "Invalid Request: JSON-RPC batches are not supported "
                               "(removed in MCP 2025-06-18); send one message per line",
                               nullptr};
    return out;
  }
  if (!v.is_object()) {
    out.failure =
        ParseFailure{code::invalid_request, "Invalid Request: expected a JSON object", nullptr};
    return out;
  }
  json::object& o = v.get_object();
  json::value id = nullptr;
  bool has_id = false;
  if (const auto* p = o.if_contains("id")) {
    if (p->is_string() || p->is_int64() || p->is_uint64()) {
      id = *p;
      has_id = true;
    } else if (!p->is_null()) {
      out.failure = ParseFailure{code::invalid_request,
                                 "Invalid Request: id must be a string or an integer", nullptr};
      return out;
    }
  }
  const auto* ver = o.if_contains("jsonrpc");
  if (!ver || !ver->is_string() || ver->get_string() != "2.0") {
    out.failure =
        ParseFailure{code::invalid_request, "Invalid Request: jsonrpc must be \"2.0\"", id};
    return out;
  }
  Message m;
  if (const auto* method = o.if_contains("method")) {
    if (!method->is_string()) {
      out.failure =
          ParseFailure{code::invalid_request, "Invalid Request: method must be a string", id};
      return out;
    }
    m.method = std::string(method->get_string());
    if (const auto* params = o.if_contains("params")) {
      if (params->is_object()) {
        m.params = params->get_object();
      } else if (!params->is_null()) {
        out.failure =
            ParseFailure{code::invalid_params, "Invalid params: params must be an object", id};
        return out;
      }
    }
    m.kind = has_id ? Message::Kind::request : Message::Kind::notification;
    m.id = std::move(id);
    out.message = std::move(m);
    return out;
  }
  if (has_id && (o.contains("result") || o.contains("error"))) {
    m.kind = Message::Kind::response;
    m.id = std::move(id);
    m.result = o.contains("result") ? o.at("result") : o.at("error");
    out.message = std::move(m);
    return out;
  }
  out.failure = ParseFailure{code::invalid_request, "Invalid Request: no method", id};
  return out;
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
