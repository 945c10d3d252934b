#pragma once
// JSON-RPC 2.0 framing for MCP: one message per line in, one serialized message out.
// Parsing never throws; anything malformed comes back as an error to send.
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace kubemcp::mcp {

namespace code {
constexpr int parse_error = -32700;
constexpr int invalid_request = -32600;
constexpr int method_not_found = -32601;
constexpr int invalid_params = -32602;
constexpr int internal_error = -32603;
constexpr int server_busy = -32000;  // implementation-defined: too many calls pending
}  // namespace code

// The longest message (one line) read; a longer one is answered with invalid_request and
// skipped, and the session goes on.
inline constexpr std::size_t kMaxMessageBytes = 32u << 20;
// JSON nesting accepted in a message (MCP arguments are shallow; Kubernetes documents read
// from clusters go deeper, see net/json_limits.hpp).
inline constexpr std::size_t kMaxMessageDepth = 64;

struct Message {
  enum class Kind { request, notification, response } kind = Kind::request;
  boost::json::value id;  // string or integer for requests and responses
  std::string method;
  boost::json::object params;  // {} when absent
  boost::json::value result;   // responses only (result or error object)
  bool is_error = false;       // responses only: `result` is the error object
};

struct ParseFailure {
  int code;
  std::string message;
  boost::json::value id;  // null unless the id could be read
  bool silent = false;    // a malformed notification: never answered
};

// A protocol fault raised inside a method handler; the server answers it as a JSON-RPC error.
struct RpcError {
  int code;
  std::string message;
};

struct Parsed {
  std::optional<Message> message;
  std::optional<ParseFailure> failure;
};

// One line as one message; a batch (JSON array) is refused here.
Parsed parse_message(std::string_view line);

// The JSON of one line (depth-bounded); nullopt with `failure` set when it does not parse.
std::optional<boost::json::value> parse_json(std::string_view line, ParseFailure& failure);

// One message of an already parsed value (a line, or one element of a batch).
Parsed read_message(boost::json::value v);

// The refusal of a batch in a session (or before initialize) that does not accept them.
ParseFailure batch_refused();

// The error answering a line longer than kMaxMessageBytes.
std::string oversized_message_error();

std::string make_result(const boost::json::value& id, boost::json::value result);
std::string make_error(const boost::json::value& id, int code, std::string_view message);
std::string make_notification(std::string_view method, boost::json::object params);

}  // namespace kubemcp::mcp
