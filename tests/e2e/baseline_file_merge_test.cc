// A real `git merge` of `.keysweep-baseline.json` with `merge=union` (finding/baseline_file.h):
// two branches that each add an entry, next to each other, merge without a conflict into a file
// the reader accepts with both entries; two baselines created with different salts merge into a
// file the reader refuses, saying what to do.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>

#include "scanner/finding/baseline_file.h"
#include "tests/e2e/git_test_repo.h"

namespace keysweep {
namespace {

constexpr const char* kFpLow = "10000000000000000000000000000000";
constexpr const char* kFpMid1 = "50000000000000000000000000000001";
constexpr const char* kFpMid2 = "50000000000000000000000000000002";
constexpr const char* kFpHigh = "f0000000000000000000000000000000";

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

BaselineFile base_file() {
  BaselineFile f;
  f.salt = *parse_salt_hex("00112233445566778899aabbccddeeff");
  add_to_baseline(&f, kFpLow, "github-token", "app/settings.py");
  add_to_baseline(&f, kFpHigh, "generic-password", "deploy/.env");
  return f;
}

// A repository on main holding `base` as .keysweep-baseline.json with merge=union.
void commit_base(const TestRepo& repo, const BaselineFile& base) {
  repo.write(".gitattributes", ".keysweep-baseline.json merge=union\n");
  repo.write(kBaselineFileName, format_baseline_file(base));
  repo.commit_all("baseline");
}

// Rewrites the baseline on a new branch `name` (from main) as `file`, and commits it.
void branch_with(const TestRepo& repo, const std::string& name, const BaselineFile& file) {
  repo.git({"checkout", "-q", "-b", name, "main"});
  repo.write(kBaselineFileName, format_baseline_file(file));
  repo.commit_all("baseline on " + name);
}

// Commits `one` and `two` on branches of those names (from main), merges two into one with git
// (merge=union from .gitattributes), requires the merge to succeed, and returns the merged file.
std::string merge_branches(const TestRepo& repo, const BaselineFile& one, const BaselineFile& two) {
  branch_with(repo, "one", one);
  branch_with(repo, "two", two);
  repo.git({"checkout", "-q", "one"});
  const CommandResult merge = repo.try_git({"merge", "--no-edit", "-q", "two"});
  INFO("git merge: " << merge.out_text << merge.err_text);
  REQUIRE(merge.exit_code == 0);
  return read_file(repo.root() + "/" + kBaselineFileName);
}

}  // namespace

TEST_CASE("baseline file: git merges two branches that add adjacent entries, without a conflict",
          "[baseline_file][e2e]") {
  TestRepo repo;
  commit_base(repo, base_file());
  BaselineFile one = base_file();
  add_to_baseline(&one, kFpMid1, "aws-key", "infra/a.tf");
  BaselineFile two = base_file();
  add_to_baseline(&two, kFpMid2, "slack-token", "infra/b.tf");
  add_to_baseline(&two, kFpLow, "generic-api-key", "lib/other.py");  // new hints on one entry: a changed line
  const std::string merged = merge_branches(repo, one, two);
  CHECK(repo.git({"status", "--porcelain"}).empty());
  INFO("merged file:\n" << merged);
  CHECK(merged.find("<<<<<<<") == std::string::npos);

  Result<BaselineFile> parsed = parse_baseline_file(merged, kBaselineFileName);
  REQUIRE(parsed);
  REQUIRE(parsed->entries.size() == 4);
  CHECK(parsed->entries[0] ==
        BaselineEntry{kFpLow, {"generic-api-key", "github-token"}, {"app/settings.py", "lib/other.py"}});
  CHECK(parsed->entries[1].fp == kFpMid1);
  CHECK(parsed->entries[2].fp == kFpMid2);
  CHECK(parsed->entries[3].fp == kFpHigh);
  // The merged file is JSON as it stands, and writing it back gives what a merge driver would.
  CHECK_FALSE(nlohmann::json::parse(merged, nullptr, false).is_discarded());
  Result<BaselineFile> both = merge_baselines(one, two);
  REQUIRE(both);
  CHECK(format_baseline_file(*parsed) == format_baseline_file(*both));
}

TEST_CASE("baseline file: a union merge of baselines with different salts is refused clearly",
          "[baseline_file][e2e]") {
  // Each branch ran `keysweep baseline create` on its own: two files with two random salts.
  TestRepo repo;
  repo.write(".gitattributes", ".keysweep-baseline.json merge=union\n");
  repo.commit_all("attributes");
  BaselineFile one = base_file();
  add_to_baseline(&one, kFpMid1, "aws-key", "infra/a.tf");
  BaselineFile two;
  two.salt = *parse_salt_hex("ffeeddccbbaa99887766554433221100");
  add_to_baseline(&two, kFpMid2, "slack-token", "infra/b.tf");
  // A union merge never conflicts (merge_branches requires it to succeed): the reader must catch it.
  const std::string merged = merge_branches(repo, one, two);
  INFO("merged file:\n" << merged);
  Result<BaselineFile> parsed = parse_baseline_file(merged, kBaselineFileName);
  REQUIRE_FALSE(parsed);
  CHECK(parsed.status().message().rfind(
            "baseline '.keysweep-baseline.json' line 5: a second header with other salt than line 1's", 0) == 0);
  CHECK(parsed.status().message().find("`keysweep baseline create`") != std::string::npos);
}

TEST_CASE("baseline file: a baseline created again on one branch, merged with an addition, is refused",
          "[baseline_file][e2e]") {
  // Branch two replaced the committed baseline with a new one (new salt, so every fp changed);
  // branch one added an entry. Every line of the file changed on two, so git sees the addition
  // inside two's change and the union keeps both versions, both headers included.
  TestRepo repo;
  commit_base(repo, base_file());
  BaselineFile one = base_file();
  add_to_baseline(&one, kFpMid1, "aws-key", "infra/a.tf");
  BaselineFile two;
  two.salt = *parse_salt_hex("ffeeddccbbaa99887766554433221100");
  add_to_baseline(&two, "20000000000000000000000000000000", "github-token", "app/settings.py");
  add_to_baseline(&two, "e0000000000000000000000000000000", "generic-password", "deploy/.env");
  const std::string merged = merge_branches(repo, one, two);
  INFO("merged file:\n" << merged);
  Result<BaselineFile> parsed = parse_baseline_file(merged, kBaselineFileName);
  REQUIRE_FALSE(parsed);
  CHECK(parsed.status().message().find("a second header with other salt") != std::string::npos);
}

}  // namespace keysweep

namespace keysweep {

// The merge driver (keysweep baseline merge %O %A %B, app/baseline_command.h): an entry pruned on
// one branch stays pruned while the other branch adds one next to it, which a union merge
// cannot do; different salts are a conflict git shows.
TEST_CASE("baseline file: the keysweep merge driver keeps removals and refuses mixed salts", "[baseline_file][e2e]") {
  TestRepo repo;
  repo.git({"config", "merge.keysweep-baseline.driver",
            std::string(KEYSWEEP_BINARY) + " baseline merge %O %A %B"});
  repo.write(".gitattributes", "/.keysweep-baseline.json merge=keysweep-baseline\n");
  repo.write(kBaselineFileName, format_baseline_file(base_file()));
  repo.commit_all("baseline");
  BaselineFile pruned = base_file();
  pruned.entries.erase(pruned.entries.begin());  // kFpLow matched nothing any more
  BaselineFile added = base_file();
  add_to_baseline(&added, kFpMid2, "slack-token", "infra/b.tf");
  const std::string merged = merge_branches(repo, pruned, added);
  Result<BaselineFile> parsed = parse_baseline_file(merged, kBaselineFileName);
  REQUIRE(parsed);
  REQUIRE(parsed->entries.size() == 2);
  CHECK(parsed->entries[0].fp == kFpMid2);
  CHECK(parsed->entries[1].fp == kFpHigh);
  CHECK(merged == format_baseline_file(*parsed));  // canonical bytes

  // Another salt on one side: git reports a conflict instead of writing a file nobody can read.
  BaselineFile other;
  other.salt = *parse_salt_hex("ffeeddccbbaa99887766554433221100");
  add_to_baseline(&other, kFpMid1, "aws-key", "infra/a.tf");
  branch_with(repo, "three", other);
  repo.git({"checkout", "-q", "one"});
  const CommandResult merge = repo.try_git({"merge", "--no-edit", "-q", "three"});
  CHECK(merge.exit_code != 0);
  CHECK((merge.out_text + merge.err_text).find("CONFLICT") != std::string::npos);
}

}  // namespace keysweep
