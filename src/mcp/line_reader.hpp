#pragma once
// Reads newline-terminated messages with a bounded buffer: a line longer than the limit is
// skipped to its end and reported, never held.
#include <cstddef>
#include <istream>
#include <string>

namespace kubemcp::mcp {

class LineReader {
 public:
  enum class Status { line, too_long, end };
  LineReader(std::istream& in, std::size_t max_bytes) : in_(in), max_(max_bytes) {}
  // The next line (without '\n') in `line`; too_long when it passed the limit (skipped).
  Status next(std::string& line);

 private:
  std::istream& in_;
  std::size_t max_;
};

}  // namespace kubemcp::mcp
