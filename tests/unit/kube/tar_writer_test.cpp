// kube/tar_writer: what it writes is read back by libarchive (which checks every header's
// checksum) and by GNU tar, names and link targets of any length or charset included.
#include "kube/tar_writer.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

using kubemcp::kube::TarEntry;
using kubemcp::kube::TarWriter;

namespace {

struct ReadEntry {
  std::string name, link, data;
  int type = 0;
  unsigned mode = 0;
  std::int64_t mtime = 0;
};

std::vector<ReadEntry> read_all(const std::string& tar) {
  std::vector<ReadEntry> out;
  archive* a = archive_read_new();
  archive_read_support_format_tar(a);
  EXPECT_EQ(archive_read_open_memory(a, tar.data(), tar.size()), ARCHIVE_OK);
  archive_entry* e = nullptr;
  int rc;
  // ARCHIVE_WARN: a UTF-8 name the test's C locale cannot convert; the name is still read.
  while ((rc = archive_read_next_header(a, &e)) == ARCHIVE_OK || rc == ARCHIVE_WARN) {
    ReadEntry r{archive_entry_pathname(e),
                archive_entry_symlink(e) ? archive_entry_symlink(e) : "",
                "",
                static_cast<int>(archive_entry_filetype(e)),
                static_cast<unsigned>(archive_entry_perm(e)),
                archive_entry_mtime(e)};
    char buf[4096];
    for (la_ssize_t n; (n = archive_read_data(a, buf, sizeof buf)) > 0;) r.data.append(buf, n);
    out.push_back(std::move(r));
  }
  EXPECT_EQ(rc, ARCHIVE_EOF) << archive_error_string(a);
  archive_read_free(a);
  return out;
}

TarEntry file_entry(std::string name, unsigned mode = 0644, std::int64_t mtime = 0) {
  TarEntry e;
  e.name = std::move(name);
  e.mode = mode;
  e.mtime = mtime;
  return e;
}

TarEntry dir_entry(std::string name, unsigned mode) {
  TarEntry e = file_entry(std::move(name), mode);
  e.type = TarEntry::Type::directory;
  return e;
}

TarEntry link_entry(std::string name, std::string target) {
  TarEntry e = file_entry(std::move(name));
  e.type = TarEntry::Type::symlink;
  e.link = std::move(target);
  return e;
}

std::string build(const std::vector<std::pair<TarEntry, std::string>>& entries) {
  std::string out;
  TarWriter w(out);
  for (const auto& [e, data] : entries) w.add(e, data);
  w.finish();
  return out;
}

}  // namespace

TEST(TarWriter, AShortFileIsOneUstarHeaderItsDataAndTheEndMarker) {
  const auto tar = build({{file_entry("a.txt", 0640, 1700000000), "hello"}});
  ASSERT_EQ(tar.size(), 512u + 512u + 1024u);
  EXPECT_EQ(tar.substr(257, 6), std::string("ustar\0", 6));
  const auto got = read_all(tar);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].name, "a.txt");
  EXPECT_EQ(got[0].data, "hello");
  EXPECT_EQ(got[0].mode, 0640u);
  EXPECT_EQ(got[0].mtime, 1700000000);
  EXPECT_EQ(got[0].type, AE_IFREG);
}

TEST(TarWriter, DirectoriesAndSymlinksKeepTheirType) {
  const auto got = read_all(build({{dir_entry("d", 0755), ""}, {link_entry("d/l", "../t"), ""}}));
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].name, "d/");
  EXPECT_EQ(got[0].type, AE_IFDIR);
  EXPECT_EQ(got[0].mode, 0755u);
  EXPECT_EQ(got[1].type, AE_IFLNK);
  EXPECT_EQ(got[1].link, "../t");
}

TEST(TarWriter, LongAndNonAsciiNamesAndLinksSurvive) {
  const std::string mid = std::string(120, 'm') + "/" + std::string(90, 'f');  // ustar prefix split
  const std::string huge = std::string(200, 'p') + "/" + std::string(150, 'q');  // needs pax
  const std::string utf8 = "d\xc3\xa9j\xc3\xa0/\xe6\x97\xa5\xe6\x9c\xac.txt";
  const std::string far = std::string(300, 'l');
  const auto got = read_all(build({{file_entry(mid), "1"},
                                   {file_entry(huge), "2"},
                                   {file_entry(utf8), "3"},
                                   {link_entry("s", far), ""}}));
  ASSERT_EQ(got.size(), 4u);
  EXPECT_EQ(got[0].name, mid);
  EXPECT_EQ(got[0].data, "1");
  EXPECT_EQ(got[1].name, huge);
  EXPECT_EQ(got[1].data, "2");
  EXPECT_EQ(got[2].name, utf8);
  EXPECT_EQ(got[2].data, "3");
  EXPECT_EQ(got[3].link, far);
}

TEST(TarWriter, GnuTarListsAndExtractsIt) {
  if (std::system("tar --version >/dev/null 2>&1") != 0) GTEST_SKIP() << "no tar on PATH";
  namespace fs = std::filesystem;
  const fs::path dir =
      fs::temp_directory_path() / ("tar_writer_test_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "out");
  const std::string deep = std::string(130, 'x') + "/" + std::string(140, 'y') + ".txt";
  {
    std::ofstream(dir / "t.tar", std::ios::binary)
        << build({{dir_entry("top", 0755), ""}, {file_entry("top/" + deep, 0600), "deep data"}});
  }
  const std::string cmd = "tar -xf " + (dir / "t.tar").string() + " -C " + (dir / "out").string();
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  std::ifstream in(dir / "out" / "top" / deep);
  std::string data((std::istreambuf_iterator<char>(in)), {});
  EXPECT_EQ(data, "deep data");
  EXPECT_EQ(fs::status(dir / "out" / "top" / deep).permissions(), fs::perms(0600));
  fs::remove_all(dir);
}
