#pragma once
// The tar stream k8s_cp uploads: POSIX ustar headers, with a pax extended header ('x') for what
// ustar cannot hold — a path or link target too long or not ASCII, a size of 8 GiB or more —
// as libarchive's "pax restricted" format writes them, and as kubectl cp's receiving `tar xf`
// (GNU tar, busybox) reads them.
//
// Why not libarchive: its writers all share archive_write_set_format.o, whose table names every
// format, so a static kubemcp writing tar would carry xar (libxml2 and ICU), 7-Zip, zip and the
// rest, and load ICU at every start (docs/benchmarks.md). Reading stays with libarchive, whose
// tar reader pulls none of that.
#include <cstdint>
#include <string>
#include <string_view>

namespace kubemcp::kube {

struct TarEntry {
  enum class Type : char { file = '0', symlink = '2', directory = '5' };
  Type type = Type::file;
  std::string name;        // a directory's gets a trailing '/', as tar writes it
  unsigned mode = 0644;    // permission bits (07777)
  std::int64_t mtime = 0;  // seconds since the epoch
  std::string link;        // symlink target
};

class TarWriter {
 public:
  explicit TarWriter(std::string& out) : out_(out) {}
  // Appends an entry; `data` is a regular file's contents (empty for the others).
  void add(const TarEntry& entry, std::string_view data = {});
  // The end-of-archive marker: two zero blocks.
  void finish();

 private:
  void header(const TarEntry& entry, std::uint64_t size);
  void pad();  // to the next 512-byte block
  std::string& out_;
};

}  // namespace kubemcp::kube
