#include "kube/tar_writer.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <string_view>

namespace kubemcp::kube {

namespace {

constexpr std::size_t kBlock = 512;

// Offsets and lengths of the ustar header fields (POSIX.1-2001, pax "ustar Interchange Format").
struct Field {
  std::size_t at, len;
};
constexpr Field kName{0, 100}, kMode{100, 8}, kUid{108, 8}, kGid{116, 8}, kSize{124, 12},
    kMtime{136, 12}, kChksum{148, 8}, kType{156, 1}, kLink{157, 100}, kMagic{257, 6},
    kVersion{263, 2}, kPrefix{345, 155};

// The largest value an octal field of `len` bytes holds (len - 1 digits and a NUL).
constexpr std::uint64_t octal_max(std::size_t len) {
  return (std::uint64_t{1} << (3 * (len - 1))) - 1;
}

void put_octal(std::array<char, kBlock>& h, Field f, std::uint64_t v) {
  std::fill_n(h.begin() + f.at, f.len - 1, '0');
  for (std::size_t i = f.len - 1; i-- > 0 && v != 0; v >>= 3) h[f.at + i] = char('0' + (v & 7));
  h[f.at + f.len - 1] = '\0';
}

void put_text(std::array<char, kBlock>& h, Field f, std::string_view s) {
  // std::copy_n, not memcpy: an empty view may hold a null pointer, which memcpy may not take.
  std::copy_n(s.begin(), std::min(s.size(), f.len), h.begin() + f.at);
}

bool ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// Splits `name` into ustar prefix and name at a '/', when it fits; false when it cannot.
bool split_ustar(std::string_view name, std::string_view& prefix, std::string_view& rest) {
  if (name.size() <= kName.len) {
    prefix = {};
    rest = name;
    return true;
  }
  for (auto slash = name.rfind('/'); slash != std::string_view::npos && slash > 0;
       slash = name.rfind('/', slash - 1)) {
    if (slash <= kPrefix.len && name.size() - slash - 1 <= kName.len && slash + 1 < name.size()) {
      prefix = name.substr(0, slash);
      rest = name.substr(slash + 1);
      return true;
    }
    if (slash == 0) break;
  }
  return false;
}

// One pax record: "<length> <key>=<value>\n", where length counts the whole record.
std::string pax_record(std::string_view key, std::string_view value) {
  const std::size_t body = key.size() + value.size() + 3;  // ' ', '=', '\n'
  std::size_t len = body + 1;
  while (len != body + std::to_string(len).size()) len = body + std::to_string(len).size();
  return std::to_string(len) + " " + std::string(key) + "=" + std::string(value) + "\n";
}

}  // namespace

void TarWriter::pad() {
  out_.append((kBlock - out_.size() % kBlock) % kBlock, '\0');
}

void TarWriter::header(const TarEntry& e, std::uint64_t size) {
  std::string name = e.name;
  if (e.type == TarEntry::Type::directory && !name.ends_with('/')) name += '/';
  std::string_view prefix, rest;
  std::string pax;
  if (!ascii(name) || !split_ustar(name, prefix, rest)) {
    pax += pax_record("path", name);
    // The ustar fields still get a readable (truncated) name for readers without pax.
    prefix = {};
    rest = std::string_view(name).substr(0, kName.len);
  }
  if (!ascii(e.link) || e.link.size() > kLink.len) pax += pax_record("linkpath", e.link);
  if (size > octal_max(kSize.len)) pax += pax_record("size", std::to_string(size));
  const std::uint64_t mtime = e.mtime < 0 ? 0 : static_cast<std::uint64_t>(e.mtime);
  if (e.mtime < 0 || mtime > octal_max(kMtime.len))
    pax += pax_record("mtime", std::to_string(e.mtime));
  if (!pax.empty()) {
    // The extended header's own name is informative only; kept short and ASCII so that it
    // never needs one itself.
    const auto slash = name.find_last_of('/', name.size() - 2);
    std::string base = slash == std::string::npos ? name : name.substr(slash + 1);
    for (char& c : base)
      if (static_cast<unsigned char>(c) >= 0x80) c = '_';
    TarEntry x;
    x.type = static_cast<TarEntry::Type>('x');
    x.name = ("PaxHeader/" + base).substr(0, kName.len - 1);
    x.mtime = e.mtime < 0 ? 0 : std::min<std::int64_t>(e.mtime, octal_max(kMtime.len));
    header(x, pax.size());
    out_ += pax;
    pad();
  }

  std::array<char, kBlock> h{};
  put_text(h, kName, rest);
  put_text(h, kPrefix, prefix);
  put_octal(h, kMode, e.mode & 07777);
  put_octal(h, kUid, 0);
  put_octal(h, kGid, 0);
  put_octal(h, kSize, std::min(size, octal_max(kSize.len)));
  put_octal(h, kMtime, std::min(mtime, octal_max(kMtime.len)));
  h[kType.at] = static_cast<char>(e.type);
  put_text(h, kLink, std::string_view(e.link).substr(0, std::min(e.link.size(), kLink.len)));
  put_text(h, kMagic, std::string_view("ustar\0", 6));
  put_text(h, kVersion, "00");
  // The checksum is computed with its own field read as spaces.
  std::fill_n(h.begin() + kChksum.at, kChksum.len, ' ');
  unsigned sum = 0;
  for (char c : h) sum += static_cast<unsigned char>(c);
  put_octal(h, {kChksum.at, 7}, sum);  // six digits, NUL, and the space left in place
  out_.append(h.data(), h.size());
}

void TarWriter::add(const TarEntry& entry, std::string_view data) {
  header(entry, data.size());
  out_.append(data);
  pad();
}

void TarWriter::finish() {
  out_.append(2 * kBlock, '\0');
}

}  // namespace kubemcp::kube
