// Memory regressions of the git sources, pinned with a data-segment limit (ulimit -d) rather than
// a measurement: keysweep runs with less memory than the input holds, so a version that reads
// a too-large blob or keeps every pushed blob in memory runs out of it (libgit2's "Out of
// memory", exit 2) while one whose memory is bounded by its limits finishes normally.
//
// The limits leave room for what any run needs (the libraries' data, two workers' 2 MiB stacks
// (base/thread_stack.h), their delta-base caches and Vectorscan scratch; the streamed 80-commit
// push below runs in 48 MiB, with 8 MiB thread stacks it needed 64) and are under what the input
// would take to hold (64 MiB for the one staged blob, 80 MiB for the pushed ones). Below what a
// run needs, the run fails with exit status 2 and says "out of memory", never an abort.
#include <catch2/catch.hpp>

#include <string>

#include "tests/e2e/git_test_repo.h"

namespace keysweep {
namespace {

// argv run under `ulimit -d KIB` (the data segment, which counts malloc's arenas and mappings).
std::vector<std::string> with_data_limit(size_t kib, const std::vector<std::string>& argv) {
  std::vector<std::string> out = {"sh", "-c", "ulimit -d " + std::to_string(kib) + " && exec \"$0\" \"$@\""};
  out.insert(out.end(), argv.begin(), argv.end());
  return out;
}

// Distinct lines of text (about 50 bytes each), `bytes` or a line more.
std::string text_lines(const std::string& tag, size_t bytes) {
  std::string out;
  for (size_t j = 1; out.size() < bytes; ++j) {
    out += tag + "_line_" + std::to_string(j) + " = configure_" + std::to_string(j % 97) + "(option=" +
           std::to_string(j) + ")\n";
  }
  return out;
}

// AddressSanitizer reserves terabytes of shadow memory at start-up, which no data limit admits:
// under the sanitizer build these tests cannot run (the release build runs them).
#ifdef KEYSWEEP_SANITIZED
constexpr bool kDataLimitWorks = false;
#else
constexpr bool kDataLimitWorks = true;
#endif

}  // namespace

TEST_CASE("regression: a staged file over --max-file-size is skipped from its size, never diffed or loaded",
          "[e2e][staged][memory]") {
  if (!kDataLimitWorks) {
    WARN("skipped under the sanitizer build: ulimit -d and ASan's shadow memory exclude each other");
    return;
  }
  TestRepo repo;
  repo.write("README.md", "# project\n");
  repo.commit_all("initial");
  const std::string big = text_lines("big", 64u << 20);
  repo.write("data/dump.sql", big);
  repo.write("app.env", token_line(70) + "\n");
  repo.git({"add", "-A"});

  std::vector<std::string> argv = keysweep_argv({"staged", "--threads", "2", "--format", "json"});
  CommandResult r = run_command(hermetic(repo.home(), with_data_limit(48 << 10, argv)), repo.root());
  INFO("exit " << r.exit_code << ", stderr: " << r.err_text);
  REQUIRE(r.exit_code == 1);  // the token, and no "Out of memory"
  nlohmann::json j = nlohmann::json::parse(r.out_text);
  CHECK(where(j) == std::vector<std::string>{"app.env:1 github-pat-classic"});
  CHECK(skipped_of(j) == std::vector<std::string>{"data/dump.sql too-large"});
  CHECK(j["summary"]["errors"].empty());
}

TEST_CASE("regression: pre-push holds a few blobs at a time, not every pushed blob", "[e2e][pre-push][memory]") {
  if (!kDataLimitWorks) {
    WARN("skipped under the sanitizer build: ulimit -d and ASan's shadow memory exclude each other");
    return;
  }
  TestRepo repo;
  repo.write("README.md", "# project\n");
  repo.commit_all("initial");
  const std::string base = repo.git({"rev-parse", "HEAD"}).substr(0, 40);
  // 80 commits, each adding a 1 MiB file, written by git fast-import in one process.
  std::string stream;
  constexpr int kCommits = 80;
  for (int i = 1; i <= kCommits; ++i) {
    std::string body = text_lines("file" + std::to_string(i), 1u << 20);
    if (i == kCommits) body = token_line(71) + "\n" + body;
    const std::string msg = "add file " + std::to_string(i) + "\n";
    stream += "commit refs/heads/main\ncommitter T <t@keysweep.invalid> " + std::to_string(1700000000 + i) +
              " +0000\ndata " + std::to_string(msg.size()) + "\n" + msg;
    if (i == 1) stream += "from refs/heads/main^0\n";
    stream += "M 100644 inline data/f" + std::to_string(i) + ".txt\ndata " + std::to_string(body.size()) + "\n" +
              body + "\n";
  }
  CommandResult imported = run_command(hermetic(repo.home(), {"git", "fast-import", "--quiet"}), repo.root(), stream);
  INFO(imported.err_text);
  REQUIRE(imported.exit_code == 0);
  const std::string tip = repo.git({"rev-parse", "main"}).substr(0, 40);

  std::vector<std::string> argv = keysweep_argv({"pre-push", "origin", "--threads", "2", "--format", "json"});
  CommandResult r = run_command(hermetic(repo.home(), with_data_limit(64 << 10, argv)), repo.root(),
                                "refs/heads/main " + tip + " refs/heads/main " + base + "\n");
  INFO("exit " << r.exit_code << ", stderr: " << r.err_text);
  REQUIRE(r.exit_code == 1);
  nlohmann::json j = nlohmann::json::parse(r.out_text);
  CHECK(where(j) == std::vector<std::string>{"data/f" + std::to_string(kCommits) + ".txt:1 github-pat-classic"});
  CHECK(j["summary"]["files_scanned"] == kCommits);
  CHECK(j["summary"]["errors"].empty());

  // Too little memory to scan (24 MiB; base/thread_stack.h, scan_runner.cc): exit status 2 and
  // "out of memory" on stderr, whether the walk, a worker or the report ran out; no abort.
  for (int attempt = 0; attempt < 3; ++attempt) {
    CommandResult starved = run_command(hermetic(repo.home(), with_data_limit(24 << 10, argv)), repo.root(),
                                        "refs/heads/main " + tip + " refs/heads/main " + base + "\n");
    INFO("exit " << starved.exit_code << ", stderr: " << starved.err_text);
    CHECK(starved.exit_code == 2);
    CHECK(starved.err_text.find("out of memory") != std::string::npos);
  }
}

}  // namespace keysweep
