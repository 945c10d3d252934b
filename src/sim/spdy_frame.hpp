#pragma once
// SPDY/3.1 frames (draft 3.1, section 2), as `kubectl port-forward` speaks them inside its
// WebSocket tunnel. Pure byte work: a frame to bytes, and an incremental reader that takes
// bytes as they arrive (a WebSocket message may hold part of a frame or several) and hands
// out whole frames. Header blocks stay compressed here; spdy_headers.hpp opens them, because
// their zlib context spans the whole connection.
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kubemcp::sim::spdy {

enum class FrameType : uint16_t {
  Data = 0,  // not a control type: the frame's first bit is 0
  SynStream = 1,
  SynReply = 2,
  RstStream = 3,
  Settings = 4,
  Ping = 6,
  GoAway = 7,
  Headers = 8,
  WindowUpdate = 9,
};

constexpr uint16_t kVersion = 3;
constexpr uint8_t kFlagFin = 0x01;             // DATA, SYN_STREAM, SYN_REPLY, HEADERS
constexpr uint8_t kFlagUnidirectional = 0x02;  // SYN_STREAM
constexpr uint32_t kInitialWindow = 64 * 1024;

// RST_STREAM status codes.
enum RstStatus : uint32_t {
  kProtocolError = 1,
  kInvalidStream = 2,
  kRefusedStream = 3,
  kCancel = 5,
  kInternalError = 6,
  kFlowControlError = 7,
  kStreamInUse = 8,
  kStreamAlreadyClosed = 9,
  kFrameTooLarge = 11,
};
// GOAWAY status codes.
enum GoAwayStatus : uint32_t { kGoAwayOk = 0, kGoAwayProtocolError = 1, kGoAwayInternalError = 2 };

struct Frame {
  FrameType type = FrameType::Data;
  uint8_t flags = 0;
  // DATA, SYN_STREAM, SYN_REPLY, RST_STREAM, HEADERS, WINDOW_UPDATE: the stream;
  // GOAWAY: the last stream the sender accepted; PING: the ping id.
  uint32_t stream_id = 0;
  uint32_t associated_id = 0;  // SYN_STREAM
  uint8_t priority = 0;        // SYN_STREAM, 0 (highest) to 7
  uint32_t status = 0;         // RST_STREAM, GOAWAY
  uint32_t delta = 0;          // WINDOW_UPDATE
  // DATA: the payload. SYN_STREAM, SYN_REPLY, HEADERS: the compressed header block.
  std::string payload;
  std::vector<std::pair<uint32_t, uint32_t>> settings;  // SETTINGS: (flags << 24 | id, value)
};

// A frame that breaks the protocol. `stream_id` is the stream it concerns (0: the session),
// `status` the RST_STREAM or GOAWAY code to answer with.
class ProtocolError : public std::runtime_error {
 public:
  ProtocolError(const std::string& what, uint32_t stream_id = 0, uint32_t status = kProtocolError)
      : std::runtime_error(what), stream_id(stream_id), status(status) {}
  uint32_t stream_id;
  uint32_t status;
};

std::string encode(const Frame& f);

class FrameReader {
 public:
  // Frames longer than `max_length` are refused: kubectl writes at most 32 KiB of data per
  // frame, and the limit bounds what one connection can make the server hold.
  explicit FrameReader(std::size_t max_length = 1 << 20) : max_length_(max_length) {}
  void feed(std::string_view bytes) { buf_.append(bytes); }
  // The next whole frame, or nullopt until more bytes arrive. Throws ProtocolError on a
  // malformed frame; the connection is then beyond repair. Unknown control frames are skipped,
  // as the specification asks.
  std::optional<Frame> next();
  std::size_t buffered() const { return buf_.size() - pos_; }

 private:
  std::string buf_;
  std::size_t pos_ = 0;
  std::size_t max_length_;
};

}  // namespace kubemcp::sim::spdy
