#pragma once
// The protobuf wire format, nothing more: varints, tags, length-delimited and fixed-width
// fields (https://protobuf.dev/programming-guides/encoding/). Reading never trusts a length:
// every read is checked against the buffer and a violation throws WireError.
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace kubemcp::sim::proto {

struct WireError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

enum class WireType : uint8_t { Varint = 0, Fixed64 = 1, Len = 2, Fixed32 = 5 };

struct Tag {
  uint32_t number;
  WireType type;
};

class Reader {
 public:
  explicit Reader(std::string_view buffer) : buf_(buffer) {}
  Reader(std::string&&) = delete;  // a view of a temporary would dangle
  bool done() const { return pos_ >= buf_.size(); }
  Tag tag();
  uint64_t varint();
  std::string_view bytes();  // a length-delimited payload
  uint64_t fixed64();
  uint32_t fixed32();
  void skip(WireType type);  // an unknown field's value

 private:
  std::string_view take(std::size_t n);
  std::string_view buf_;
  std::size_t pos_ = 0;
};

class Writer {
 public:
  void varint(uint32_t number, uint64_t value);
  void bytes(uint32_t number, std::string_view value);
  void fixed64(uint32_t number, uint64_t value);
  void fixed32(uint32_t number, uint32_t value);
  const std::string& str() const { return out_; }
  std::string take() { return std::move(out_); }

 private:
  void raw_varint(uint64_t value);
  void key(uint32_t number, WireType type) {
    raw_varint((static_cast<uint64_t>(number) << 3) | static_cast<uint8_t>(type));
  }
  std::string out_;
};

}  // namespace kubemcp::sim::proto
