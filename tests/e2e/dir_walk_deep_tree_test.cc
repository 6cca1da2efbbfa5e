// A directory tree deeper than PATH_MAX in total path length: the walk reports a clear soft
// error for what it cannot open, scans the rest, and never crashes or recurses.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <string>

#include "tests/e2e/run_command.h"
#include "tests/support/fake_secrets.h"
#include "tests/support/temp_dir.h"

namespace keysweep {

TEST_CASE("dir walk: a tree deeper than PATH_MAX is a soft error, not a crash", "[e2e][dir-walk]") {
  TempDir t;
  t.write("tree/top.env", "GITHUB_TOKEN=" + fake_github_token(21) + "\n");
  // 2,100 levels of "d/": 4,200 bytes below the root, built with openat because no single
  // path can name the bottom.
  constexpr int kLevels = 2100;
  int fd = ::open((t.path() + "/tree").c_str(), O_RDONLY | O_DIRECTORY);
  REQUIRE(fd >= 0);
  for (int i = 0; i < kLevels; ++i) {
    REQUIRE(::mkdirat(fd, "d", 0755) == 0);
    const int next = ::openat(fd, "d", O_RDONLY | O_DIRECTORY);
    ::close(fd);
    REQUIRE(next >= 0);
    fd = next;
    if (i == 10) {
      const int f = ::openat(fd, "shallow.env", O_WRONLY | O_CREAT, 0644);
      const std::string text = "GITHUB_TOKEN=" + fake_github_token(22) + "\n";
      REQUIRE(::write(f, text.data(), text.size()) == static_cast<ssize_t>(text.size()));
      ::close(f);
    }
  }
  ::close(fd);

  CommandResult r = run_command({"timeout", "300", KEYSWEEP_BINARY, "dir", t.path() + "/tree", "--format", "json"});
  INFO(r.err_text.substr(0, 2000));
  CHECK(r.exit_code == 2);  // incomplete: the bottom could not be read
  auto j = nlohmann::json::parse(r.out_text, nullptr, false);
  REQUIRE(!j.is_discarded());
  CHECK(j["findings"].size() == 2);  // top.env and the shallow file are still scanned
  REQUIRE(j["summary"]["errors"].size() == 1);
  const std::string error = j["summary"]["errors"][0].get<std::string>();
  CHECK(error.find("PATH_MAX") != std::string::npos);
  CHECK(r.err_text.find("incomplete") != std::string::npos);

  // std::filesystem::remove_all cannot reach the bottom either; rm walks with openat.
  CHECK(run_command({"rm", "-rf", t.path() + "/tree"}).exit_code == 0);
}

}  // namespace keysweep
