#include "sim/sandbox.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <stdexcept>

using namespace kubemcp::sim;
namespace fs = std::filesystem;

namespace {
struct Base {
  fs::path dir;
  Base() {
    char tmpl[] = "/tmp/kubemcp-roots-XXXXXX";
    dir = ::mkdtemp(tmpl);
  }
  ~Base() { fs::remove_all(dir); }
};
}  // namespace

TEST(Sandbox, RootIsRefusedForNamesThatWalkElsewhere) {
  Base b;
  for (const char* name : {"/", "..", ".", "../../..", "a/b", ""})
    EXPECT_THROW(container_root(b.dir, "shop", "db-0", name, "busybox"), std::runtime_error)
        << name;
  EXPECT_THROW(container_root(b.dir, "..", "db-0", "c", "busybox"), std::runtime_error);
  EXPECT_THROW(container_root(b.dir, "shop", "..", "c", "busybox"), std::runtime_error);
}

TEST(Sandbox, RootIsRefusedWhenItResolvesOutsideTheBase) {
  Base b;
  Base outside;
  fs::create_directories(b.dir / "shop");
  fs::create_directory_symlink(outside.dir, b.dir / "shop" / "db-0");
  try {
    container_root(b.dir, "shop", "db-0", "c", "busybox");
    FAIL() << "a symlink out of the sandbox directory was followed";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("resolves outside"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(fs::exists(outside.dir / "c"));
}
