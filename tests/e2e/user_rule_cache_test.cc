// User rules are compiled into a Vectorscan database on first use and cached by content hash
// under $XDG_CACHE_HOME/keysweep, never inside the scanned tree; a damaged cache is recompiled.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "tests/e2e/run_command.h"
#include "tests/support/fake_secrets.h"
#include "tests/support/temp_dir.h"

namespace keysweep {

TEST_CASE("user rules are cached by content hash outside the scanned tree", "[e2e][config]") {
  TempDir dir;
  TempDir cache;
  dir.write("src/app.py", "INTERNAL = 'acme_" + fake_chars(11, 24) + "'\n");
  const std::string cfg = cache.write("ks.toml", R"(
[[rule]]
id = "acme-internal-token"
description = "ACME internal token"
regex = '''\b(?P<secret>acme_[A-Za-z0-9]{24})\b'''
keywords = ["acme_"]
)");
  const std::string env_cmd = "XDG_CACHE_HOME=" + cache.path() + "/xdg";
  auto run = [&] {
    return run_command({"env", env_cmd, KEYSWEEP_BINARY, "dir", dir.path() + "/src", "--config", cfg, "--format", "json"});
  };
  CommandResult first = run();
  INFO(first.err_text);
  CHECK(first.exit_code == 1);
  std::vector<std::filesystem::path> cached;
  for (const auto& e : std::filesystem::directory_iterator(cache.path() + "/xdg/keysweep")) cached.push_back(e.path());
  REQUIRE(cached.size() == 1);
  CHECK(cached[0].extension() == ".hsdb");
  // Nothing was written into the scanned tree.
  size_t files = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir.path())) files += e.is_regular_file();
  CHECK(files == 1);

  CommandResult second = run();
  CHECK(second.out_text == first.out_text);

  // A damaged cache entry is ignored and the rules still work.
  std::ofstream(cached[0], std::ios::trunc) << "garbage";
  CommandResult third = run();
  CHECK(third.exit_code == 1);
  CHECK(third.out_text == first.out_text);
}

}  // namespace keysweep
