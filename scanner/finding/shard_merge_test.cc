#include "scanner/finding/shard_merge.h"

#include <catch2/catch.hpp>

namespace keysweep {
namespace {

Finding at(const std::string& path, const std::string& commit, uint32_t sequence, const std::string& fp) {
  Finding f;
  f.rule_id = "r";
  f.provenance.path = path;
  f.provenance.source = "history";
  f.provenance.commit = commit;
  f.provenance.sequence = sequence;
  f.fingerprint = fp;
  f.line = 1;
  f.column = 1;
  return f;
}

ShardReport shard(uint32_t index, uint32_t count, std::vector<Finding> findings) {
  ShardReport s;
  s.label = "report 'shard-" + std::to_string(index) + ".json'";
  s.findings = std::move(findings);
  s.summary.shard_index = index;
  s.summary.shard_count = count;
  s.summary.commits = 5;
  s.summary.files_scanned = index;
  s.summary.bytes_scanned = 10 * index;
  s.summary.blobs = index;
  s.rules_digest = "d";
  return s;
}

}  // namespace

TEST_CASE("shard merge: first-seen across shards, summed counters, one skipped entry per path and reason", "[merge]") {
  ShardReport one = shard(1, 2, {at("a.env", "c1", 1, "f1"), at("b.env", "c4", 4, "f2")});
  one.summary.skipped = {{"link", "symlink", ""}, {"logo.png", "binary", "NUL"}};
  one.summary.errors = {"z error"};
  ShardReport two = shard(2, 2, {at("a.env", "c3", 3, "f1"), at("a.env", "c3", 3, "f9")});
  two.summary.skipped = {{"logo.png", "binary", "NUL"}};
  two.summary.errors = {"a error"};
  two.summary.capped = {{"a.env", "c3", "r", 7}};
  Result<MergedReport> merged = merge_shards({std::move(two), std::move(one)});
  REQUIRE(merged);
  std::vector<std::string> got;
  for (const Finding& f : merged->findings) got.push_back(f.provenance.path + "@" + f.provenance.commit + " " + f.fingerprint);
  // f1 at a.env entered at c1 (shard 1); shard 2's later version of the file is not reported.
  CHECK(got == std::vector<std::string>{"a.env@c1 f1", "a.env@c3 f9", "b.env@c4 f2"});
  const ScanSummary& s = merged->summary;
  CHECK(s.files_scanned == 3);
  CHECK(s.bytes_scanned == 30);
  CHECK(s.blobs == 3);
  CHECK(s.commits == 5);
  CHECK(s.shard_index == 0);
  CHECK(s.shard_count == 0);
  CHECK(s.skipped.size() == 2);
  CHECK(s.errors == std::vector<std::string>{"a error", "z error"});
  CHECK(s.capped.size() == 1);
  CHECK(merged->redacted);
}

TEST_CASE("shard merge: shards missing, repeated or from other runs are refused", "[merge]") {
  auto error_of = [](std::vector<ShardReport> shards) {
    Result<MergedReport> merged = merge_shards(std::move(shards));
    REQUIRE_FALSE(merged);
    return merged.status().message();
  };
  CHECK(error_of({}) == "no reports to merge");
  CHECK(error_of({shard(1, 3, {}), shard(3, 3, {})}).find("shard 2/3 missing") != std::string::npos);
  CHECK(error_of({shard(1, 2, {}), shard(1, 2, {}), shard(2, 2, {})}).find("are both shard 1/2") != std::string::npos);
  CHECK(error_of({shard(1, 2, {}), shard(2, 3, {})}).find("the same N") != std::string::npos);
  CHECK(error_of({shard(0, 0, {})}).find("is not a shard") != std::string::npos);
  ShardReport other = shard(2, 2, {});
  other.summary.commits = 6;
  CHECK(error_of({shard(1, 2, {}), other}).find("walked 6 commits") != std::string::npos);
  ShardReport rules = shard(2, 2, {});
  rules.rules_digest = "e";
  CHECK(error_of({shard(1, 2, {}), rules}).find("different rules") != std::string::npos);
  Finding shown = at("a", "c", 1, "f");
  shown.shown = ShownForm{};
  shown.shown->redacted = false;
  Finding hidden = at("b", "c", 1, "g");
  hidden.shown = ShownForm{};
  CHECK(error_of({shard(1, 2, {shown}), shard(2, 2, {hidden})}).find("--show-secrets") != std::string::npos);
}

}  // namespace keysweep
