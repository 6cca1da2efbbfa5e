// A repository with a real submodule (git submodule add). The superproject's scans never read
// the submodule's files (they belong to its own repository, where keysweep runs on its own);
// `staged` lists the staged gitlink as skipped, and `pre-push` over a commit that adds one
// scans that commit's other files.
#include <catch2/catch.hpp>

#include "tests/e2e/git_test_repo.h"

namespace keysweep {

TEST_CASE("git: a repository with a submodule: staged lists it as skipped, pre-push scans the rest", "[e2e][git]") {
  TestRepo repo;
  repo.write("README.md", "# project\n");
  repo.commit_all("initial");
  const std::string base = repo.git({"rev-parse", "HEAD"}).substr(0, 40);

  const std::string lib = repo.tmp().path() + "/lib";
  repo.git({"-c", "init.defaultBranch=main", "init", "-q", lib}, repo.tmp().path());
  repo.tmp().write("lib/lib.env", token_line(98) + "\n");  // the submodule's own secret
  repo.git({"add", "lib.env"}, lib);
  repo.git({"-c", "user.name=T", "-c", "user.email=t@keysweep.invalid", "commit", "-q", "-m", "lib"}, lib);

  repo.git({"-c", "protocol.file.allow=always", "submodule", "add", "-q", lib, "vendor/lib"});
  repo.write("app.env", token_line(99) + "\n");
  repo.git({"add", "app.env"});

  JsonRun staged = staged_json(repo);
  REQUIRE(staged.exit_code != kTimedOut);
  CHECK(staged.exit_code == 1);
  CHECK(where(staged.report) == std::vector<std::string>{"app.env:1 github-pat-classic"});
  CHECK(skipped_of(staged.report) == std::vector<std::string>{"vendor/lib submodule"});
  CHECK(staged.report["summary"]["errors"].empty());

  repo.git({"commit", "-q", "-m", "add the lib submodule"});
  const std::string tip = repo.git({"rev-parse", "HEAD"}).substr(0, 40);
  JsonRun push = pre_push_json(repo, "refs/heads/main " + tip + " refs/heads/main " + base + "\n");
  REQUIRE(push.exit_code != kTimedOut);
  CHECK(push.exit_code == 1);
  CHECK(where(push.report) == std::vector<std::string>{"app.env:1 github-pat-classic"});
  CHECK(push.report["summary"]["errors"].empty());

  // Moving the submodule to a new commit stages only a new gitlink: listed, not an error.
  repo.tmp().write("repo/vendor/lib/more.txt", "more\n");
  repo.git({"add", "more.txt"}, repo.root() + "/vendor/lib");
  repo.git({"-c", "user.name=T", "-c", "user.email=t@keysweep.invalid", "commit", "-q", "-m", "more"},
           repo.root() + "/vendor/lib");
  repo.git({"add", "vendor/lib"});
  staged = staged_json(repo);
  CHECK(staged.exit_code == 0);
  CHECK(skipped_of(staged.report) == std::vector<std::string>{"vendor/lib submodule"});
}

}  // namespace keysweep
