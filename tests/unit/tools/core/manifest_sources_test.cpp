// k8s_apply's `path` reads only under the allowed roots: no `..`, no absolute path elsewhere,
// no symlink leading out; a directory gives its manifest files in name order.
#include "tools/core/manifest_sources.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

using namespace kubemcp;
namespace fs = std::filesystem;

namespace {

struct Sources : ::testing::Test {
  fs::path dir, root, outside;
  void SetUp() override {
    char tmpl[] = "/tmp/kubemcp-sources-XXXXXX";
    dir = ::mkdtemp(tmpl);
    root = dir / "root";
    outside = dir / "outside";
    fs::create_directories(root / "m");
    fs::create_directories(outside);
    write(root / "m" / "b.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n");
    write(root / "m" / "a.json",
          R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"}})");
    write(root / "m" / "README.md", "not a manifest");
    write(outside / "x.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n");
  }
  void TearDown() override { fs::remove_all(dir); }
  static void write(const fs::path& p, const std::string& text) { std::ofstream(p) << text; }
  std::vector<std::string> roots() const { return {root.string()}; }
};

}  // namespace

TEST_F(Sources, ADirectoryGivesItsManifestFilesInNameOrder) {
  const auto objs = tools::read_manifest_path((root / "m").string(), roots());
  ASSERT_EQ(objs.size(), 2u);
  EXPECT_EQ(objs[0].name(), "a");
  EXPECT_EQ(objs[1].name(), "b");
  EXPECT_EQ(objs[1].source, (root / "m" / "b.yaml").string());
}

TEST_F(Sources, EscapesAreRefused) {
  fs::create_symlink(outside / "x.yaml", root / "link.yaml");
  fs::create_symlink(outside / "x.yaml", root / "m" / "c.yaml");
  for (const auto& p :
       {(outside / "x.yaml").string(), (root / ".." / "outside" / "x.yaml").string(),
        (root / "link.yaml").string(), (root / "m").string()})
    EXPECT_THROW(tools::read_manifest_path(p, roots()), tools::SourceError) << p;
  try {
    tools::resolve_under_roots((outside / "x.yaml").string(), roots());
  } catch (const tools::SourceError& e) {
    EXPECT_NE(std::string(e.what()).find("outside the allowed roots"), std::string::npos);
  }
  // A symlink that stays inside the roots is fine.
  fs::create_symlink(root / "m" / "b.yaml", root / "inside.yaml");
  EXPECT_EQ(tools::read_manifest_path((root / "inside.yaml").string(), roots()).size(), 1u);
}

TEST_F(Sources, MissingPathsAndEmptyDirectories) {
  EXPECT_THROW(tools::read_manifest_path((root / "nope.yaml").string(), roots()),
               tools::SourceError);
  fs::create_directories(root / "empty");
  EXPECT_THROW(tools::read_manifest_path((root / "empty").string(), roots()), tools::SourceError);
}

TEST_F(Sources, ARootThatIsAPrefixOfAnotherNameDoesNotCover) {
  fs::create_directories(dir / "rootx");
  write(dir / "rootx" / "y.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: y}\n");
  EXPECT_THROW(tools::read_manifest_path((dir / "rootx" / "y.yaml").string(), roots()),
               tools::SourceError);
}
