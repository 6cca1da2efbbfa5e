// Symbolic links met in a walk are never followed: loops cannot trap the walk, and links out of
// the scanned root cannot bring outside files into the scan. Each is listed as skipped.
#include <catch2/catch.hpp>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "tests/e2e/run_command.h"
#include "tests/support/fake_secrets.h"
#include "tests/support/temp_dir.h"

namespace keysweep {

TEST_CASE("dir walk: symlink loops and links out of the root are skipped, never followed", "[e2e][dir-walk]") {
  namespace fs = std::filesystem;
  TempDir t;
  TempDir outside;
  outside.write("secret.env", "GITHUB_TOKEN=" + fake_github_token(31) + "\n");
  t.write("tree/clean.txt", "nothing here\n");
  const std::string tree = t.path() + "/tree";
  fs::create_directory_symlink(".", tree + "/self");
  fs::create_directory_symlink("..", tree + "/up");
  fs::create_symlink("loop-b", tree + "/loop-a");
  fs::create_symlink("loop-a", tree + "/loop-b");
  fs::create_directory_symlink(outside.path(), tree + "/out-dir");
  fs::create_symlink(outside.path() + "/secret.env", tree + "/out-file.env");
  fs::create_symlink("/nonexistent/keysweep", tree + "/dangling");

  CommandResult r = run_command({"timeout", "120", KEYSWEEP_BINARY, "dir", tree, "--format", "json"});
  INFO(r.err_text);
  CHECK(r.exit_code == 0);  // nothing inside the tree holds a secret; nothing was followed
  auto j = nlohmann::json::parse(r.out_text);
  CHECK(j["findings"].empty());
  std::set<std::string> skipped;
  for (const auto& s : j["summary"]["skipped"]) {
    if (s["reason"] == "symlink") skipped.insert(s["path"].get<std::string>());
  }
  CHECK(skipped == std::set<std::string>{"dangling", "loop-a", "loop-b", "out-dir", "out-file.env", "self", "up"});
  CHECK(j["summary"]["errors"].empty());
}

}  // namespace keysweep
