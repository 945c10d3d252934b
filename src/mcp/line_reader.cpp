#include "mcp/line_reader.hpp"

namespace kubemcp::mcp {

LineReader::Status LineReader::next(std::string& line) {
  line.clear();
  std::streambuf* buf = in_.rdbuf();
  bool too_long = false;
  for (;;) {
    const auto c = buf->sbumpc();
    if (c == std::char_traits<char>::eof()) {
      if (too_long) return Status::too_long;
      return line.empty() ? Status::end : Status::line;
    }
    if (c == '\n') return too_long ? Status::too_long : Status::line;
    if (too_long) continue;
    if (line.size() >= max_) {
      too_long = true;
      std::string().swap(line);  // give the memory back while the rest is skipped
      continue;
    }
    line.push_back(static_cast<char>(c));
  }
}

}  // namespace kubemcp::mcp
