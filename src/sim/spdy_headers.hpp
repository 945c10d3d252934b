#pragma once
// SPDY/3 header blocks: name/value pairs, each length-prefixed (32 bits), compressed with zlib
// primed by the protocol's dictionary. Each direction of a connection is one zlib stream that
// every SYN_STREAM, SYN_REPLY and HEADERS frame continues (a sync flush ends each block), so
// the compressor and decompressor live as long as the connection.
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kubemcp::sim::spdy {

// Names are lower case; a value holding several values separates them with NUL bytes.
using Headers = std::vector<std::pair<std::string, std::string>>;

std::string_view header_dictionary();

// The value of `name` ("" if absent).
std::string header_value(const Headers& h, std::string_view name);

// Uncompressed block <-> pairs. decode_block throws spdy::ProtocolError on a malformed block,
// an upper-case or repeated name (as Go's framer refuses them).
std::string encode_block(const Headers& h);
Headers decode_block(std::string_view block);

class HeaderCompressor {
 public:
  HeaderCompressor();
  ~HeaderCompressor();
  HeaderCompressor(const HeaderCompressor&) = delete;
  HeaderCompressor& operator=(const HeaderCompressor&) = delete;
  // The compressed block for one frame.
  std::string compress(const Headers& h);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

class HeaderDecompressor {
 public:
  // A block that inflates beyond `max_size` bytes is refused (a compression bomb).
  explicit HeaderDecompressor(std::size_t max_size = 256 * 1024);
  ~HeaderDecompressor();
  HeaderDecompressor(const HeaderDecompressor&) = delete;
  HeaderDecompressor& operator=(const HeaderDecompressor&) = delete;
  // Throws spdy::ProtocolError when the block is not valid; the connection's zlib stream is
  // then broken for good, so the caller ends the session.
  Headers decompress(std::string_view block);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kubemcp::sim::spdy
