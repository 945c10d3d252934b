// Fuzzes the MCP message parser and the dispatcher behind it: any line must produce a
// well-formed reply (or none, for notifications) and never crash or hang.
#include <boost/json.hpp>
#include <cstdint>
#include <string>

#include "fleet/fleet.hpp"
#include "mcp/jsonrpc.hpp"
#include "mcp/server.hpp"
#include "tools/framework/catalog.hpp"

using namespace kubemcp;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  (void)mcp::parse_message(input);

  static fleet::Fleet registry{fleet::Registry{fleet::FleetConfig{}}};
  static const tools::Catalog catalog{tools::CatalogOptions{}};
  mcp::ServerOptions options;
  options.workers = 1;
  mcp::Server server(
      catalog, registry,
      [](const std::string& line) {
        // Every reply must itself be valid JSON-RPC.
        const auto v = boost::json::parse(line);
        if (!v.is_object() || v.at("jsonrpc") != "2.0") __builtin_trap();
      },
      options);
  server.handle_line(
      R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"fuzz","version":"1"}}})");
  // Lines as a client would send them: split on newlines.
  size_t start = 0;
  while (start <= input.size()) {
    size_t end = input.find('\n', start);
    if (end == std::string::npos) end = input.size();
    server.handle_line(std::string_view(input).substr(start, end - start));
    start = end + 1;
  }
  server.finish();
  return 0;
}
