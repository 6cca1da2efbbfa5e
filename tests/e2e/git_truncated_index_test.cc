// A git index cut short (a crash mid-write): the header is valid but the entries and checksum
// are not. `staged` stops with one clear line and exit 2, never a crash or a hang.
#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>

#include "tests/e2e/git_test_repo.h"

namespace keysweep {

TEST_CASE("git: a truncated index stops staged with one line and exit 2", "[e2e][git][exit]") {
  TestRepo repo;
  repo.write("README.md", "# project\n");
  repo.commit_all("initial");
  for (int i = 0; i < 20; ++i) repo.write("src/file" + std::to_string(i) + ".py", "X = " + std::to_string(i) + "\n");
  repo.write("app.env", token_line(91) + "\n");
  repo.git({"add", "-A"});
  std::string index;
  {
    std::ifstream in(repo.root() + "/.git/index", std::ios::binary);
    index.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  REQUIRE(index.size() > 200);
  const size_t keep = GENERATE(12, 100, 0);  // just the header, mid-entry, and empty
  repo.write(".git/index", index.substr(0, keep));  // git refuses all three too

  CommandResult r = repo.keysweep({"staged"});
  INFO("kept " << keep << " bytes");
  REQUIRE(r.exit_code != kTimedOut);
  check_one_line_error(r);
  CHECK(r.err_text.find("index") != std::string::npos);
}

}  // namespace keysweep
