#include "kube/cp.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

using namespace kubemcp::kube;
namespace fs = std::filesystem;

namespace {
struct TempDir {
  fs::path path;
  TempDir() {
    char tmpl[] = "/tmp/kubecp-XXXXXX";
    path = mkdtemp(tmpl);
  }
  ~TempDir() { fs::remove_all(path); }
};

la_ssize_t append(archive*, void* c, const void* b, size_t n) {
  static_cast<std::string*>(c)->append(static_cast<const char*>(b), n);
  return static_cast<la_ssize_t>(n);
}

// A hand-made hostile tar.
std::string tar_of(const std::vector<std::pair<std::string, std::string>>& files,
                   const std::string& symlink_name = {}, const std::string& symlink_target = {}) {
  std::string out;
  archive* a = archive_write_new();
  archive_write_set_format_pax_restricted(a);
  archive_write_open(a, &out, nullptr, append, nullptr);
  for (const auto& [name, data] : files) {
    archive_entry* e = archive_entry_new();
    archive_entry_set_pathname(e, name.c_str());
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0644);
    archive_entry_set_size(e, static_cast<la_int64_t>(data.size()));
    archive_write_header(a, e);
    archive_write_data(a, data.data(), data.size());
    archive_entry_free(e);
  }
  if (!symlink_name.empty()) {
    archive_entry* e = archive_entry_new();
    archive_entry_set_pathname(e, symlink_name.c_str());
    archive_entry_set_filetype(e, AE_IFLNK);
    archive_entry_set_symlink(e, symlink_target.c_str());
    archive_write_header(a, e);
    archive_entry_free(e);
  }
  archive_write_close(a);
  archive_write_free(a);
  return out;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}
}  // namespace

TEST(Cp, TarRoundTripOfADirectory) {
  TempDir src, dst;
  fs::create_directories(src.path / "data" / "sub");
  std::ofstream(src.path / "data" / "a.txt") << "alpha";
  std::ofstream(src.path / "data" / "sub" / "b.bin") << std::string("\0\1\2", 3);
  CopyResult made;
  const std::string tar = make_tar((src.path / "data").string(), "copy", made);
  EXPECT_EQ(made.files, 2u);
  EXPECT_EQ(made.directories, 2u);
  EXPECT_EQ(made.bytes, 8u);
  const auto got = extract_tar(tar, "copy", (dst.path / "out").string());
  EXPECT_EQ(got.files, 2u);
  EXPECT_TRUE(got.skipped.empty());
  EXPECT_EQ(slurp(dst.path / "out" / "a.txt"), "alpha");
  EXPECT_EQ(slurp(dst.path / "out" / "sub" / "b.bin"), std::string("\0\1\2", 3));
}

TEST(Cp, RefusesEntriesEscapingTheTarget) {
  TempDir dst;
  const std::string tar = tar_of({{"tmp/x/ok.txt", "ok"},
                                  {"tmp/x/../../../evil.txt", "evil"},
                                  {"tmp/x/sub/../../x2/evil2.txt", "evil"},
                                  {"etc/passwd", "evil"}},
                                 "tmp/x/link", "/etc");
  const auto target = dst.path / "t";
  const auto got = extract_tar(tar, "/tmp/x", target.string());
  EXPECT_EQ(got.files, 1u);
  EXPECT_EQ(slurp(target / "ok.txt"), "ok");
  EXPECT_EQ(got.skipped.size(), 4u);
  EXPECT_FALSE(fs::exists(dst.path / "evil.txt"));
  EXPECT_FALSE(fs::exists("/evil.txt"));
  EXPECT_FALSE(fs::exists(target / "link"));
}

TEST(Cp, SingleFileMapsToTarget) {
  TempDir dst;
  const std::string tar = tar_of({{"var/log/app.log", "log line\n"}});
  const auto got = extract_tar(tar, "/var/log/app.log", (dst.path / "copy.log").string());
  EXPECT_EQ(got.files, 1u);
  EXPECT_EQ(slurp(dst.path / "copy.log"), "log line\n");
}

TEST(Cp, GarbageIsAnError) {
  TempDir dst;
  EXPECT_THROW(extract_tar(std::string(2000, 'x'), "a", dst.path.string()), KubeError);
}

namespace {
// A tar of arbitrary entries: {name, type, perm, data, link target}.
struct RawEntry {
  std::string name;
  unsigned type;
  int perm;
  std::string data;
  std::string hardlink;
};
std::string raw_tar(const std::vector<RawEntry>& entries) {
  std::string out;
  archive* a = archive_write_new();
  archive_write_set_format_pax_restricted(a);
  archive_write_open(a, &out, nullptr, append, nullptr);
  for (const auto& r : entries) {
    archive_entry* e = archive_entry_new();
    archive_entry_set_pathname(e, r.name.c_str());
    archive_entry_set_filetype(e, r.type);
    archive_entry_set_perm(e, r.perm);
    if (r.type == AE_IFCHR) archive_entry_set_rdev(e, 0x0103);  // /dev/null's numbers
    if (!r.hardlink.empty()) archive_entry_set_hardlink(e, r.hardlink.c_str());
    archive_entry_set_size(e, static_cast<la_int64_t>(r.data.size()));
    archive_write_header(a, e);
    if (!r.data.empty()) archive_write_data(a, r.data.data(), r.data.size());
    archive_entry_free(e);
  }
  archive_write_close(a);
  archive_write_free(a);
  return out;
}
}  // namespace

// Issue 16: a link already in the target tree is never written through, and hard links,
// devices and fifos are skipped.
TEST(Cp, NeverWritesThroughALinkInTheTargetNorMakesLinksOrDevices) {
  TempDir dst, outside;
  const auto target = dst.path / "t";
  fs::create_directories(target);
  fs::create_directory_symlink(outside.path, target / "planted");
  const std::string tar = raw_tar({{"d", AE_IFDIR, 0755, "", ""},
                                   {"d/planted/evil.txt", AE_IFREG, 0644, "evil", ""},
                                   {"d/ok.txt", AE_IFREG, 0644, "ok", ""},
                                   {"d/hard", AE_IFREG, 0644, "", "/etc/passwd"},
                                   {"d/null", AE_IFCHR, 0666, "", ""},
                                   {"d/fifo", AE_IFIFO, 0644, "", ""}});
  const auto got = extract_tar(tar, "d", target.string());
  EXPECT_EQ(got.files, 1u);
  EXPECT_EQ(slurp(target / "ok.txt"), "ok");
  EXPECT_TRUE(fs::is_empty(outside.path));
  EXPECT_FALSE(fs::exists(fs::symlink_status(target / "hard")));
  EXPECT_FALSE(fs::exists(fs::symlink_status(target / "null")));
  EXPECT_FALSE(fs::exists(fs::symlink_status(target / "fifo")));
  EXPECT_EQ(got.skipped.size(), 4u);
}

TEST(Cp, PreservesFileAndDirectoryModes) {
  TempDir dst;
  const std::string tar = raw_tar({{"d", AE_IFDIR, 0750, "", ""},
                                   {"d/ro", AE_IFDIR, 0555, "", ""},
                                   {"d/ro/run.sh", AE_IFREG, 0741, "#!/bin/sh\n", ""}});
  const auto target = dst.path / "t";
  extract_tar(tar, "d", target.string());
  EXPECT_EQ(fs::status(target).permissions(), static_cast<fs::perms>(0750));
  EXPECT_EQ(fs::status(target / "ro").permissions(), static_cast<fs::perms>(0555));
  EXPECT_EQ(fs::status(target / "ro" / "run.sh").permissions(), static_cast<fs::perms>(0741));
  fs::permissions(target / "ro", fs::perms::owner_all);  // so the fixture can remove it
}
