#include "sim/spdy_headers.hpp"

#include <zlib.h>

#include <algorithm>

#include "sim/spdy_frame.hpp"

namespace kubemcp::sim::spdy {
namespace {

void put32(std::string& out, std::size_t v) {
  for (int shift : {24, 16, 8, 0}) out += static_cast<char>(v >> shift);
}

// Reads a 32-bit length and that many bytes at `at`, advancing it.
std::string_view take(std::string_view b, std::size_t& at) {
  if (b.size() - at < 4) throw ProtocolError("SPDY header block is truncated");
  std::size_t n = 0;
  for (int i = 0; i < 4; ++i) n = n << 8 | static_cast<unsigned char>(b[at + i]);
  at += 4;
  if (b.size() - at < n) throw ProtocolError("SPDY header block is truncated");
  std::string_view s = b.substr(at, n);
  at += n;
  return s;
}

const Bytef* dictionary_bytes() {
  return reinterpret_cast<const Bytef*>(header_dictionary().data());
}
uInt dictionary_size() {
  return static_cast<uInt>(header_dictionary().size());
}

}  // namespace

std::string header_value(const Headers& h, std::string_view name) {
  for (const auto& [k, v] : h)
    if (k == name) return v;
  return {};
}

std::string encode_block(const Headers& h) {
  std::string out;
  put32(out, h.size());
  for (const auto& [name, value] : h) {
    put32(out, name.size());
    out += name;
    put32(out, value.size());
    out += value;
  }
  return out;
}

Headers decode_block(std::string_view block) {
  if (block.size() < 4) throw ProtocolError("SPDY header block is truncated");
  std::size_t count = 0;
  for (int i = 0; i < 4; ++i) count = count << 8 | static_cast<unsigned char>(block[i]);
  // Every pair takes at least 8 bytes: a count beyond that is a lie, not a reason to allocate.
  if (count > (block.size() - 4) / 8) throw ProtocolError("SPDY header block is truncated");
  Headers h;
  std::size_t at = 4;
  for (std::size_t i = 0; i < count; ++i) {
    std::string name(take(block, at));
    std::string value(take(block, at));
    if (std::any_of(name.begin(), name.end(), [](char c) { return c >= 'A' && c <= 'Z'; }))
      throw ProtocolError("SPDY header name \"" + name + "\" is not lower case");
    if (std::any_of(h.begin(), h.end(), [&](const auto& p) { return p.first == name; }))
      throw ProtocolError("SPDY header \"" + name + "\" appears twice");
    h.emplace_back(std::move(name), std::move(value));
  }
  if (at != block.size()) throw ProtocolError("SPDY header block has trailing bytes");
  return h;
}

struct HeaderCompressor::Impl {
  z_stream z{};
};

HeaderCompressor::HeaderCompressor() : impl_(std::make_unique<Impl>()) {
  if (deflateInit(&impl_->z, Z_DEFAULT_COMPRESSION) != Z_OK ||
      deflateSetDictionary(&impl_->z, dictionary_bytes(), dictionary_size()) != Z_OK)
    throw std::runtime_error("zlib: cannot start the SPDY header compressor");
}

HeaderCompressor::~HeaderCompressor() {
  deflateEnd(&impl_->z);
}

std::string HeaderCompressor::compress(const Headers& h) {
  std::string in = encode_block(h);
  z_stream& z = impl_->z;
  z.next_in = reinterpret_cast<Bytef*>(in.data());
  z.avail_in = static_cast<uInt>(in.size());
  std::string out;
  char chunk[4096];
  do {
    z.next_out = reinterpret_cast<Bytef*>(chunk);
    z.avail_out = sizeof chunk;
    if (deflate(&z, Z_SYNC_FLUSH) == Z_STREAM_ERROR)
      throw std::runtime_error("zlib: SPDY header compression failed");
    out.append(chunk, sizeof chunk - z.avail_out);
  } while (z.avail_out == 0);
  return out;
}

struct HeaderDecompressor::Impl {
  z_stream z{};
  std::size_t max_size;
};

HeaderDecompressor::HeaderDecompressor(std::size_t max_size) : impl_(std::make_unique<Impl>()) {
  impl_->max_size = max_size;
  if (inflateInit(&impl_->z) != Z_OK)
    throw std::runtime_error("zlib: cannot start the SPDY header decompressor");
}

HeaderDecompressor::~HeaderDecompressor() {
  inflateEnd(&impl_->z);
}

Headers HeaderDecompressor::decompress(std::string_view block) {
  z_stream& z = impl_->z;
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(block.data()));
  z.avail_in = static_cast<uInt>(block.size());
  std::string out;
  char chunk[4096];
  for (;;) {
    z.next_out = reinterpret_cast<Bytef*>(chunk);
    z.avail_out = sizeof chunk;
    int rc = inflate(&z, Z_SYNC_FLUSH);
    if (rc == Z_NEED_DICT) {
      if (inflateSetDictionary(&z, dictionary_bytes(), dictionary_size()) != Z_OK)
        throw ProtocolError("SPDY header block is compressed with another dictionary");
      rc = inflate(&z, Z_SYNC_FLUSH);
    }
    out.append(chunk, sizeof chunk - z.avail_out);
    if (out.size() > impl_->max_size)
      throw ProtocolError("SPDY header block inflates beyond " + std::to_string(impl_->max_size) +
                          " bytes");
    if (rc == Z_BUF_ERROR) break;  // no progress possible: all input used, all output taken
    if (rc != Z_OK)
      throw ProtocolError(rc == Z_STREAM_END ? "SPDY header stream ended"
                                             : "SPDY header block is not valid zlib data");
    if (z.avail_in == 0 && z.avail_out != 0) break;
  }
  if (z.avail_in != 0) throw ProtocolError("SPDY header block has trailing bytes");
  return decode_block(out);
}

}  // namespace kubemcp::sim::spdy
