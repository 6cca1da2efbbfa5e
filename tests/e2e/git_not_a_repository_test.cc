// Paths that are not a repository: a plain folder, a file, a path that does not exist. `staged`
// and `pre-push --repo` stop with one clear line and exit 2.
#include <catch2/catch.hpp>

#include "tests/e2e/git_test_repo.h"

namespace keysweep {

TEST_CASE("git: a path that is not a repository stops staged and pre-push with one line and exit 2",
          "[e2e][git][exit]") {
  TempDir dir;
  CommandResult inside = run_command(hermetic(dir.path(), {"git", "rev-parse", "--git-dir"}), dir.path());
  if (inside.exit_code == 0) {
    WARN("the temporary folder " << dir.path() << " is inside a git repository; test skipped");
    return;
  }
  const std::string file = dir.write("notes.txt", "hello\n");
  const std::string missing = dir.path() + "/no/such/folder";
  const std::string lines = "refs/heads/main 1111111111111111111111111111111111111111 refs/heads/main "
                            "0000000000000000000000000000000000000000\n";
  for (const std::string& path : {dir.path(), file, missing}) {
    INFO("path " << path);
    CommandResult staged = run_command(hermetic(dir.path(), keysweep_argv({"staged", path})), dir.path());
    REQUIRE(staged.exit_code != kTimedOut);
    check_one_line_error(staged);
    CHECK(staged.err_text.find("not a git repository") != std::string::npos);
    CHECK(staged.err_text.find(path) != std::string::npos);

    CommandResult push =
        run_command(hermetic(dir.path(), keysweep_argv({"pre-push", "--repo", path})), dir.path(), lines);
    REQUIRE(push.exit_code != kTimedOut);
    check_one_line_error(push);
    CHECK(push.err_text.find("not a git repository") != std::string::npos);
  }
  // The current folder, when it is not in a repository.
  check_one_line_error(run_command(hermetic(dir.path(), keysweep_argv({"staged"})), dir.path()));
}

}  // namespace keysweep
