#include "scanner/ruleset/rule_cache.h"

#include <catch2/catch.hpp>

#include <filesystem>

#include "tests/support/temp_dir.h"

namespace keysweep {

TEST_CASE("path_is_within compares resolved paths component by component", "[config][cache]") {
  TempDir t;
  std::filesystem::create_directories(t.path() + "/tree/sub");
  std::filesystem::create_directories(t.path() + "/tree-sibling");
  std::filesystem::create_directory_symlink(t.path() + "/tree/sub", t.path() + "/link");
  CHECK(path_is_within(t.path() + "/tree", t.path() + "/tree"));
  CHECK(path_is_within(t.path() + "/tree/", t.path() + "/tree"));
  CHECK(path_is_within(t.path() + "/tree/not/yet/made", t.path() + "/tree"));
  CHECK(path_is_within(t.path() + "/link/.cache", t.path() + "/tree"));            // a symlink in
  CHECK(path_is_within(t.path() + "/tree-sibling/../tree/x", t.path() + "/tree"));  // '..'
  CHECK(path_is_within(t.path() + "/x", t.path() + "/link/../.."));                 // '..' after a link
  CHECK_FALSE(path_is_within(t.path() + "/tree-sibling/x", t.path() + "/tree"));   // a name prefix is not a parent
  CHECK_FALSE(path_is_within(t.path() + "/tree/../tree-sibling", t.path() + "/tree"));
  CHECK_FALSE(path_is_within(t.path(), t.path() + "/tree"));
  CHECK(path_is_within(t.path() + "/anything", "/"));
}

TEST_CASE("cache_dir_outside drops a cache folder inside any scanned root", "[config][cache]") {
  TempDir t;
  std::filesystem::create_directories(t.path() + "/a");
  std::filesystem::create_directories(t.path() + "/b");
  CHECK(cache_dir_outside(t.path() + "/b/.cache", {t.path() + "/a"}) == t.path() + "/b/.cache");
  CHECK(cache_dir_outside(t.path() + "/b/.cache", {t.path() + "/a", t.path() + "/b"}).empty());
  CHECK(cache_dir_outside("", {}).empty());
  CHECK(cache_dir_outside(t.path() + "/c", {}) == t.path() + "/c");
}

}  // namespace keysweep
