#include "sim/proto_wire.hpp"

namespace kubemcp::sim::proto {

std::string_view Reader::take(std::size_t n) {
  if (n > buf_.size() - pos_) throw WireError("unexpected end of data");
  auto out = buf_.substr(pos_, n);
  pos_ += n;
  return out;
}

uint64_t Reader::varint() {
  uint64_t v = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (pos_ >= buf_.size()) throw WireError("unexpected end of data in a varint");
    auto b = static_cast<uint8_t>(buf_[pos_++]);
    v |= static_cast<uint64_t>(b & 0x7f) << shift;
    if (!(b & 0x80)) return v;
  }
  throw WireError("varint longer than 10 bytes");
}

Tag Reader::tag() {
  uint64_t key = varint();
  auto type = static_cast<uint8_t>(key & 7);
  uint64_t number = key >> 3;
  if (number == 0 || number > 0x1fffffff) throw WireError("illegal field number 0");
  if (type != 0 && type != 1 && type != 2 && type != 5)
    throw WireError("illegal wire type " + std::to_string(type));
  return {static_cast<uint32_t>(number), static_cast<WireType>(type)};
}

std::string_view Reader::bytes() {
  uint64_t n = varint();
  if (n > buf_.size() - pos_) throw WireError("length exceeds the data");
  return take(static_cast<std::size_t>(n));
}

uint64_t Reader::fixed64() {
  auto s = take(8);
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | static_cast<uint8_t>(s[i]);
  return v;
}

uint32_t Reader::fixed32() {
  auto s = take(4);
  uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<uint8_t>(s[i]);
  return v;
}

void Reader::skip(WireType type) {
  switch (type) {
    case WireType::Varint:
      varint();
      return;
    case WireType::Fixed64:
      take(8);
      return;
    case WireType::Len:
      bytes();
      return;
    case WireType::Fixed32:
      take(4);
      return;
  }
}

void Writer::raw_varint(uint64_t v) {
  while (v >= 0x80) {
    out_ += static_cast<char>((v & 0x7f) | 0x80);
    v >>= 7;
  }
  out_ += static_cast<char>(v);
}

void Writer::varint(uint32_t number, uint64_t value) {
  key(number, WireType::Varint);
  raw_varint(value);
}

void Writer::bytes(uint32_t number, std::string_view value) {
  key(number, WireType::Len);
  raw_varint(value.size());
  out_.append(value);
}

void Writer::fixed64(uint32_t number, uint64_t value) {
  key(number, WireType::Fixed64);
  for (int i = 0; i < 8; ++i) out_ += static_cast<char>((value >> (8 * i)) & 0xff);
}

void Writer::fixed32(uint32_t number, uint32_t value) {
  key(number, WireType::Fixed32);
  for (int i = 0; i < 4; ++i) out_ += static_cast<char>((value >> (8 * i)) & 0xff);
}

}  // namespace kubemcp::sim::proto
