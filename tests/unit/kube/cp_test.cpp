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
