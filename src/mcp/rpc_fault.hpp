#pragma once
// A protocol fault raised by the prompt, resource, subscription and completion handlers; the
// server answers the request with it as a JSON-RPC error.
#include <stdexcept>
#include <string>

namespace kubemcp::mcp {

namespace code {
constexpr int resource_not_found = -32002;  // MCP: resources/read of an object that is absent
}  // namespace code

struct RpcFault : std::runtime_error {
  RpcFault(int c, const std::string& message) : std::runtime_error(message), code(c) {}
  int code;
};

}  // namespace kubemcp::mcp
