// A bare repository (no work tree, no index of its own). `staged` has nothing to judge and says
// so in one line with exit 2; `pre-push` needs only history and works (a push from a mirror).
#include <catch2/catch.hpp>

#include "tests/e2e/git_test_repo.h"

namespace keysweep {

TEST_CASE("git: a bare repository: staged stops with one clear line, pre-push scans the history", "[e2e][git][exit]") {
  TestRepo repo;
  repo.write("README.md", "# project\n");
  repo.commit_all("initial");
  const std::string base = repo.git({"rev-parse", "HEAD"}).substr(0, 40);
  repo.write("app.env", token_line(101) + "\n");
  repo.commit_all("add app.env");
  const std::string tip = repo.git({"rev-parse", "HEAD"}).substr(0, 40);
  const std::string bare = repo.tmp().path() + "/bare.git";
  repo.git({"clone", "-q", "--bare", repo.root(), bare}, repo.tmp().path());

  for (const std::string& cwd : {repo.tmp().path(), bare}) {
    CommandResult r = repo.keysweep({"staged", bare}, cwd);
    REQUIRE(r.exit_code != kTimedOut);
    check_one_line_error(r);
    CHECK(r.err_text.find("is a bare repository: `keysweep staged` needs a work tree") != std::string::npos);
  }
  CommandResult r = repo.keysweep({"staged"}, bare);
  check_one_line_error(r);

  JsonRun push = pre_push_json(repo, "refs/heads/main " + tip + " refs/heads/main " + base + "\n", {}, bare);
  REQUIRE(push.exit_code != kTimedOut);
  CHECK(push.exit_code == 1);
  CHECK(where(push.report) == std::vector<std::string>{"app.env:1 github-pat-classic"});
  CHECK(push.report["summary"]["errors"].empty());
}

}  // namespace keysweep
