#include "sim/spdy_frame.hpp"

namespace kubemcp::sim::spdy {
namespace {

constexpr uint32_t kStreamMask = 0x7fffffff;
constexpr std::size_t kHeaderSize = 8;  // every frame starts with 8 bytes

void put32(std::string& out, uint32_t v) {
  out += static_cast<char>(v >> 24);
  out += static_cast<char>(v >> 16);
  out += static_cast<char>(v >> 8);
  out += static_cast<char>(v);
}

uint32_t get32(std::string_view b, std::size_t at) {
  auto u = [&](std::size_t i) {
    return static_cast<uint32_t>(static_cast<unsigned char>(b[at + i]));
  };
  return u(0) << 24 | u(1) << 16 | u(2) << 8 | u(3);
}

// The body of a control frame, after its 8-byte header.
std::string control_body(const Frame& f) {
  std::string b;
  switch (f.type) {
    case FrameType::SynStream:
      put32(b, f.stream_id & kStreamMask);
      put32(b, f.associated_id & kStreamMask);
      b += static_cast<char>((f.priority & 0x7) << 5);
      b += '\0';  // credential slot, unused
      b += f.payload;
      break;
    case FrameType::SynReply:
    case FrameType::Headers:
      put32(b, f.stream_id & kStreamMask);
      b += f.payload;
      break;
    case FrameType::RstStream:
    case FrameType::GoAway:
      put32(b, f.stream_id & kStreamMask);
      put32(b, f.status);
      break;
    case FrameType::Settings:
      put32(b, static_cast<uint32_t>(f.settings.size()));
      for (const auto& [id, value] : f.settings) {
        put32(b, id);
        put32(b, value);
      }
      break;
    case FrameType::Ping:
      put32(b, f.stream_id);
      break;
    case FrameType::WindowUpdate:
      put32(b, f.stream_id & kStreamMask);
      put32(b, f.delta & kStreamMask);
      break;
    case FrameType::Data:
      break;
  }
  return b;
}

void require_length(FrameType t, uint32_t length, bool ok) {
  if (!ok)
    throw ProtocolError("SPDY control frame of type " + std::to_string(static_cast<int>(t)) +
                        " has an invalid length " + std::to_string(length));
}

// Parses the body of a control frame of a known type.
Frame control_frame(FrameType t, uint8_t flags, std::string_view body) {
  const auto length = static_cast<uint32_t>(body.size());
  Frame f;
  f.type = t;
  f.flags = flags;
  switch (t) {
    case FrameType::SynStream:
      require_length(t, length, length >= 10);
      f.stream_id = get32(body, 0) & kStreamMask;
      f.associated_id = get32(body, 4) & kStreamMask;
      f.priority = static_cast<uint8_t>(static_cast<unsigned char>(body[8]) >> 5);
      f.payload.assign(body.substr(10));
      if (f.stream_id == 0) throw ProtocolError("SYN_STREAM for stream 0");
      break;
    case FrameType::SynReply:
    case FrameType::Headers:
      require_length(t, length, length >= 4);
      f.stream_id = get32(body, 0) & kStreamMask;
      f.payload.assign(body.substr(4));
      if (f.stream_id == 0) throw ProtocolError("SYN_REPLY or HEADERS for stream 0");
      break;
    case FrameType::RstStream:
    case FrameType::GoAway:
      require_length(t, length, length == 8);
      f.stream_id = get32(body, 0) & kStreamMask;
      f.status = get32(body, 4);
      if (t == FrameType::RstStream && (f.stream_id == 0 || f.status == 0))
        throw ProtocolError("RST_STREAM needs a stream and a status");
      break;
    case FrameType::Settings: {
      require_length(t, length, length >= 4);
      const uint32_t n = get32(body, 0);
      require_length(t, length, (length - 4) / 8 == n && (length - 4) % 8 == 0);
      for (uint32_t i = 0; i < n; ++i)
        f.settings.emplace_back(get32(body, 4 + 8 * i), get32(body, 8 + 8 * i));
      break;
    }
    case FrameType::Ping:
      require_length(t, length, length == 4);
      f.stream_id = get32(body, 0);
      break;
    case FrameType::WindowUpdate:
      require_length(t, length, length == 8);
      f.stream_id = get32(body, 0) & kStreamMask;
      f.delta = get32(body, 4) & kStreamMask;
      if (f.delta == 0)
        throw ProtocolError("WINDOW_UPDATE with a delta of 0", f.stream_id, kFlowControlError);
      break;
    case FrameType::Data:
      break;
  }
  return f;
}

bool known_control(uint16_t type) {
  return (type >= 1 && type <= 4) || (type >= 6 && type <= 9);
}

}  // namespace

std::string encode(const Frame& f) {
  std::string out;
  if (f.type == FrameType::Data) {
    put32(out, f.stream_id & kStreamMask);
    put32(out, static_cast<uint32_t>(f.flags) << 24 | static_cast<uint32_t>(f.payload.size()));
    out += f.payload;
    return out;
  }
  const std::string body = control_body(f);
  put32(out, 0x80000000u | uint32_t{kVersion} << 16 | static_cast<uint16_t>(f.type));
  put32(out, static_cast<uint32_t>(f.flags) << 24 | static_cast<uint32_t>(body.size()));
  return out + body;
}

std::optional<Frame> FrameReader::next() {
  for (;;) {
    const std::string_view b = std::string_view(buf_).substr(pos_);
    if (b.size() < kHeaderSize) break;
    const uint32_t first = get32(b, 0);
    const uint32_t second = get32(b, 4);
    const auto flags = static_cast<uint8_t>(second >> 24);
    const uint32_t length = second & 0xffffff;
    if (length > max_length_)
      throw ProtocolError("SPDY frame of " + std::to_string(length) +
                              " bytes is over the limit of " + std::to_string(max_length_),
                          first & kStreamMask, kFrameTooLarge);
    if (b.size() < kHeaderSize + length) break;
    const std::string_view body = b.substr(kHeaderSize, length);
    pos_ += kHeaderSize + length;
    std::optional<Frame> out;
    if ((first & 0x80000000u) == 0) {
      Frame f;
      f.stream_id = first & kStreamMask;
      f.flags = flags;
      f.payload.assign(body);
      if (f.stream_id == 0) throw ProtocolError("DATA frame for stream 0");
      out = std::move(f);
    } else {
      const auto version = static_cast<uint16_t>(first >> 16 & 0x7fff);
      const auto type = static_cast<uint16_t>(first & 0xffff);
      if (version != kVersion)
        throw ProtocolError("SPDY version " + std::to_string(version) + " is not supported");
      if (known_control(type)) out = control_frame(static_cast<FrameType>(type), flags, body);
    }
    // Keep the buffer from growing without end: drop what was read once it is most of it.
    if (pos_ > 64 * 1024 && pos_ * 2 > buf_.size()) {
      buf_.erase(0, pos_);
      pos_ = 0;
    }
    if (out) return out;
  }
  return std::nullopt;
}

}  // namespace kubemcp::sim::spdy
