// `keysweep staged` and staged entries without content of their own: a symbolic link (git
// stores its target path) and a submodule (a gitlink: a commit id in another repository). They
// are not scanned, and each is listed in skipped[] so the user sees what was not looked at.
#include <catch2/catch.hpp>

#include <unistd.h>

#include "tests/e2e/git_test_repo.h"

namespace keysweep {

TEST_CASE("regression: staged lists a staged symlink and a submodule as skipped instead of dropping them",
          "[e2e][staged][skip]") {
  TestRepo repo;
  repo.write("README.md", "# project\n");
  repo.commit_all("initial");
  repo.write("config/app.env", token_line(80) + "\n");
  REQUIRE(::symlink("config/app.env", (repo.root() + "/current.env").c_str()) == 0);
  // A gitlink entry, as `git submodule add` stages one, without needing a second repository.
  const std::string head = repo.git({"rev-parse", "HEAD"}).substr(0, 40);
  repo.git({"update-index", "--add", "--cacheinfo", "160000," + head + ",vendor/lib"});
  repo.git({"add", "config/app.env", "current.env"});

  JsonRun run = staged_json(repo);
  CHECK(run.exit_code == 1);
  CHECK(where(run.report) == std::vector<std::string>{"config/app.env:1 github-pat-classic"});
  CHECK(skipped_of(run.report) == std::vector<std::string>{"current.env symlink", "vendor/lib submodule"});
  const nlohmann::json& skipped = run.report["summary"]["skipped"];
  REQUIRE(skipped.size() == 2);
  CHECK(skipped[1]["detail"].get<std::string>().find(head.substr(0, 12)) != std::string::npos);
  CHECK(run.report["summary"]["errors"].empty());
  CHECK(run.report["summary"]["incomplete"] == false);

  // The text report lists them too.
  CommandResult text = repo.keysweep({"staged", "--color", "never"});
  CHECK(text.out_text.find("current.env  symlink: ") != std::string::npos);
  CHECK(text.out_text.find("vendor/lib  submodule: ") != std::string::npos);
}

}  // namespace keysweep
