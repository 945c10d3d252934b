#include "mcp/stdio_transport.hpp"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <iostream>
#include <mutex>
#include <string>

#include "mcp/line_reader.hpp"
#include "tools/framework/catalog.hpp"

namespace kubemcp::mcp {
namespace {

// Writes whole lines with one lock so concurrent responses never interleave.
class LineWriter {
 public:
  void write(const std::string& line) {
    std::lock_guard lock(mutex_);
    std::string out = line;
    out += '\n';
    const char* p = out.data();
    std::size_t left = out.size();
    while (left > 0) {
      const ssize_t n = ::write(STDOUT_FILENO, p, left);
      if (n < 0) {
        if (errno == EINTR) continue;
        return;  // the client went away; nothing more to tell it
      }
      p += n;
      left -= static_cast<std::size_t>(n);
    }
  }

 private:
  std::mutex mutex_;
};

}  // namespace

int run_stdio(const tools::Catalog& catalog, fleet::Fleet& fleet, ServerOptions options) {
  LineWriter out;
  Server server(
      catalog, fleet, [&out](const std::string& line) { out.write(line); }, std::move(options));
  std::ios::sync_with_stdio(false);
  spdlog::info("serving MCP on stdio ({} tools)", catalog.tools().size());
  std::string line;
  LineReader reader(std::cin, kMaxMessageBytes);
  for (auto st = reader.next(line); st != LineReader::Status::end; st = reader.next(line)) {
    if (st == LineReader::Status::line) {
      server.handle_line(line);
    } else {
      spdlog::warn("skipped a message longer than {} bytes", kMaxMessageBytes);
      out.write(oversized_message_error());
    }
  }
  spdlog::info("stdin closed; finishing {} call(s) in flight", server.in_flight());
  server.finish();
  return 0;
}

}  // namespace kubemcp::mcp
