// `keysweep merge`: the JSON reports of `history --shard I/N` joined into the unsharded run's
// report, byte for byte, in every format; and every way a merge could silently drop or mix
// shards refused with exit 2. Built on a real repository made with the git CLI.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <fstream>
#include <regex>
#include <sstream>

#include "tests/e2e/git_test_repo.h"

namespace keysweep {
namespace {

// A history with what sharding has to get right: secrets in several files, one kept through
// edits (several blobs at one path, likely in several shards: first-seen across shards), a copy
// (one blob, two places: occurrences), a rename, a symbolic link (listed by shard 1 only), a
// binary file in several versions (one skipped entry per path), non-ASCII before a secret
// (SARIF's UTF-16 columns), test data, and a file past the per-file cap (capped records).
void build_history(const TestRepo& repo) {
  repo.write("README.md", "hello\n");
  repo.write("config/app.env", token_line(501) + "\n");
  repo.write("src/settings.py", "# caf\xC3\xA9 \xF0\x9F\x94\x91\n" "K = 1  # \xC3\xA9\xC3\xA9 " + hex_key_line(502) + "\n");
  repo.write("img/logo.bin", std::string("PNG\0\1", 5));
  repo.commit_all("root");
  std::string text = token_line(501) + "\n";
  for (int i = 0; i < 6; ++i) {
    text = "# edit " + std::to_string(i) + "\n" + text;
    repo.write("config/app.env", text);
    repo.write("img/logo.bin", std::string("PNG\0", 4) + std::to_string(i));
    repo.commit_all("edit " + std::to_string(i));
  }
  repo.git({"mv", "src/settings.py", "src/config.py"});
  repo.commit_all("rename");
  repo.write("deploy/app.env", text);  // a copy of the current blob
  repo.write("tests/fixtures/t.env", token_line(503) + "\n");
  std::string dense;
  for (int i = 0; i < 5; ++i) dense += token_line(510 + static_cast<uint64_t>(i)) + "\n";
  repo.write("gen/dense.env", dense);
  REQUIRE(symlink("../config/app.env", (repo.root() + "/deploy/link.env").c_str()) == 0);
  repo.commit_all("copy, fixtures, generated, link");
  repo.write("gen/dense.env", dense + hex_key_line(520) + "\n");
  repo.commit_all("more generated");
}

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// The text report without its wall time ("Scanned ... (1.2 KiB) in 0.03 s.").
// The text report without what belongs to one run rather than to the report: the wall time,
// and how many objects that run read through libgit2 (it depends on the pack layout).
std::string without_time(const std::string& text) {
  static const std::regex kTime(R"(\) in [0-9]+\.[0-9]+ s\.\n)");
  static const std::regex kLibgit2(R"(Read [0-9]+ objects? through libgit2 [^\n]*\n)");
  return std::regex_replace(std::regex_replace(text, kTime, ")\n"), kLibgit2, "");
}

struct Fixture {
  TestRepo repo;
  std::vector<std::string> shards;  // report paths, 1/3 .. 3/3
  std::string dir;

  explicit Fixture(const std::vector<std::string>& extra = {}) : dir(repo.tmp().path()) {
    build_history(repo);
    for (const std::string i : {"1", "2", "3"}) {
      const std::string path = dir + "/shard-" + i + ".json";
      std::vector<std::string> args = {"history", "--format", "json", "--shard", i + "/3", "-o", path};
      args.insert(args.end(), extra.begin(), extra.end());
      CommandResult r = repo.keysweep(args);
      INFO(r.err_text);
      REQUIRE(r.exit_code == 1);
      shards.push_back(path);
    }
  }

  CommandResult merge(std::vector<std::string> args) const {
    args.insert(args.begin(), "merge");
    return repo.keysweep(args);
  }
};

}  // namespace

TEST_CASE("merge: the shards' reports merge into the unsharded report, byte for byte, in every format", "[e2e][git][merge]") {
  const std::vector<std::string> cap = {"--max-findings-per-file", "3"};
  Fixture fx(cap);
  const TestRepo& repo = fx.repo;
  for (const std::string format : {"json", "sarif", "text"}) {
    std::vector<std::string> args = {"history", "--format", format, "--color", "never"};
    args.insert(args.end(), cap.begin(), cap.end());
    CommandResult whole = repo.keysweep(args);
    REQUIRE(whole.exit_code == 1);
    // Argument order does not matter.
    CommandResult merged = fx.merge({fx.shards[2], fx.shards[0], fx.shards[1], "--format", format, "--color", "never"});
    INFO(format << ": " << merged.err_text);
    CHECK(merged.exit_code == 1);
    CHECK(merged.err_text.empty());
    if (format == "text") {
      CHECK(without_time(merged.out_text) == without_time(whole.out_text));
      CHECK(merged.out_text.find("What now") != std::string::npos);
    } else {
      CHECK(merged.out_text == whole.out_text);
    }
  }
  // The history has what the merge must handle, and the shards split it.
  nlohmann::json whole = nlohmann::json::parse(repo.keysweep({"history", "--format", "json", "--max-findings-per-file", "3"}).out_text);
  const nlohmann::json& summary = whole["summary"];
  CHECK(!summary["capped"].empty());
  CHECK(summary["shard_count"] == 0);
  std::vector<std::string> skipped = skipped_of(whole);
  CHECK(std::count(skipped.begin(), skipped.end(), "deploy/link.env symlink") == 1);
  CHECK(std::count(skipped.begin(), skipped.end(), "img/logo.bin binary") == 1);
  bool copied = false;
  for (const nlohmann::json& f : whole["findings"]) copied |= f["occurrences"] == 2;
  CHECK(copied);
  size_t shard_findings = 0;
  size_t shards_with_findings = 0;
  for (const std::string& path : fx.shards) {
    nlohmann::json part = nlohmann::json::parse(read_all(path));
    shard_findings += part["findings"].size();
    shards_with_findings += part["findings"].empty() ? 0 : 1;
  }
  CHECK(shards_with_findings >= 2);
  // Versions of config/app.env fell in several shards: each reported its own earliest, and
  // the merge kept the one where the secret entered.
  CHECK(shard_findings > whole["findings"].size());

  // -o writes the same report, owner-only.
  const std::string out = fx.dir + "/merged.sarif";
  CHECK(fx.merge({fx.shards[0], fx.shards[1], fx.shards[2], "--format", "sarif", "-o", out}).exit_code == 1);
  CHECK(read_all(out) == repo.keysweep({"history", "--format", "sarif", "--max-findings-per-file", "3"}).out_text);
  struct stat st {};
  REQUIRE(stat(out.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
}

TEST_CASE("merge: a missing, repeated, foreign or unreadable report is a one-line error, exit 2", "[e2e][git][merge]") {
  Fixture fx;
  const std::vector<std::string>& s = fx.shards;
  auto refused = [&](std::vector<std::string> args, const std::string& says) {
    CommandResult r = fx.merge(args);
    INFO("stderr: " << r.err_text);
    REQUIRE(r.exit_code != kTimedOut);
    check_one_line_error(r);
    CHECK(r.err_text.find(says) != std::string::npos);
  };
  refused({s[0], s[1]}, "shard 3/3 missing");
  refused({s[0], s[1], s[2], s[0]}, "are both shard 1/3");
  refused({s[0], s[2]}, "shard 2/3 missing");

  const std::string text = fx.dir + "/notes.txt";
  fx.repo.tmp().write("notes.txt", "not json\n");
  refused({text, s[1], s[2]}, "report '" + text + "': not a JSON report");
  fx.repo.tmp().write("other.json", "{\"version\": \"2.1.0\", \"runs\": []}\n");
  refused({fx.dir + "/other.json", s[1], s[2]}, "no keysweep_json_version");
  const std::string whole = read_all(s[0]);
  fx.repo.tmp().write("truncated.json", whole.substr(0, whole.size() / 2));
  refused({fx.dir + "/truncated.json", s[1], s[2]}, "truncated.json': not a JSON report");
  refused({fx.dir + "/absent.json", s[1], s[2]}, "absent.json");

  // An unsharded report is not a shard.
  const std::string unsharded = fx.dir + "/whole.json";
  REQUIRE(fx.repo.keysweep({"history", "--format", "json", "-o", unsharded}).exit_code == 1);
  refused({unsharded}, "is not a shard");
  // Shards of different N.
  const std::string of_two = fx.dir + "/of-two.json";
  REQUIRE(fx.repo.keysweep({"history", "--format", "json", "--shard", "2/2", "-o", of_two}).exit_code != 2);
  refused({s[0], of_two, s[2]}, "the shards of one run have the same N");

  // A shard of another repository (another history: a different number of commits).
  TestRepo other;
  other.write("a.env", token_line(601) + "\n");
  other.commit_all("one");
  const std::string foreign = fx.dir + "/foreign-2.json";
  REQUIRE(other.keysweep({"history", "--format", "json", "--shard", "2/3", "-o", foreign}).exit_code != 2);
  refused({s[0], foreign, s[2]}, "they are not shards of one run");
  // Shards made with another cap or other rules.
  const std::string capped = fx.dir + "/capped-2.json";
  REQUIRE(fx.repo.keysweep({"history", "--format", "json", "--shard", "2/3", "--max-findings-per-file", "1", "-o", capped})
              .exit_code == 1);
  refused({s[0], capped, s[2]}, "--max-findings-per-file");
  fx.repo.tmp().write("no-github.toml", "[extend]\ndisabled_rules = [\"github-pat-classic\"]\n");
  const std::string config = fx.dir + "/no-github.toml";
  refused({s[0], s[1], s[2], "--config", config}, "other rules than this merge loaded");

  // A FIFO is refused at once, never opened for a blocking read.
  const std::string fifo = fx.dir + "/shard.fifo";
  REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
  refused({fifo, s[1], s[2]}, "not a regular file");
  // --show-secrets does not apply: the reports hold what they hold.
  CommandResult show = fx.merge({s[0], s[1], s[2], "--show-secrets"});
  CHECK(show.exit_code == 2);
}

TEST_CASE("merge: reports made with --show-secrets merge into the unsharded --show-secrets report", "[e2e][git][merge]") {
  Fixture fx({"--show-secrets"});
  CommandResult whole = fx.repo.keysweep({"history", "--format", "sarif", "--show-secrets"});
  CommandResult merged = fx.merge({fx.shards[0], fx.shards[1], fx.shards[2], "--format", "sarif"});
  CHECK(merged.exit_code == 1);
  CHECK(merged.out_text == whole.out_text);
  CHECK(merged.out_text.find("\"snippet\"") != std::string::npos);
  // Mixed with a redacted shard: refused.
  const std::string redacted = fx.dir + "/redacted-1.json";
  REQUIRE(fx.repo.keysweep({"history", "--format", "json", "--shard", "1/3", "-o", redacted}).exit_code == 1);
  CommandResult mixed = fx.merge({redacted, fx.shards[1], fx.shards[2]});
  check_one_line_error(mixed);
  CHECK(mixed.err_text.find("was made with --show-secrets and") != std::string::npos);
}

}  // namespace keysweep
