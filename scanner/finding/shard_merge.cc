#include "scanner/finding/shard_merge.h"

#include <algorithm>
#include <tuple>

#include "scanner/finding/finding_cap.h"
#include "scanner/finding/first_seen.h"

namespace keysweep {
namespace {

std::string shard_name(uint32_t index, uint32_t count) { return std::to_string(index) + "/" + std::to_string(count); }

// Every input is a shard of one run, and every shard of it is there exactly once.
Status check_shards(const std::vector<ShardReport>& shards) {
  if (shards.empty()) return Status::error("no reports to merge");
  const ShardReport& first = shards.front();
  for (const ShardReport& s : shards) {
    if (s.summary.shard_count == 0) {
      return Status::error(s.label + " is not a shard: it was not made with keysweep history --shard I/N");
    }
  }
  const uint32_t count = first.summary.shard_count;
  std::vector<const ShardReport*> by_index(count + 1, nullptr);
  for (const ShardReport& s : shards) {
    const ScanSummary& sum = s.summary;
    if (sum.shard_count != count) {
      return Status::error(s.label + " is shard " + shard_name(sum.shard_index, sum.shard_count) + " but " +
                           first.label + " is shard " + shard_name(first.summary.shard_index, count) +
                           ": the shards of one run have the same N");
    }
    if (const ShardReport* seen = by_index[sum.shard_index]) {
      return Status::error(seen->label + " and " + s.label + " are both shard " + shard_name(sum.shard_index, count));
    }
    by_index[sum.shard_index] = &s;
    if (sum.commits != first.summary.commits) {
      return Status::error(s.label + " walked " + std::to_string(sum.commits) + " commits but " + first.label +
                           " walked " + std::to_string(first.summary.commits) +
                           ": they are not shards of one run (another repository or other revisions)");
    }
    if (sum.max_findings_per_file != first.summary.max_findings_per_file) {
      return Status::error(s.label + " and " + first.label +
                           " were made with different --max-findings-per-file: they are not shards of one run");
    }
    if (s.rules_digest != first.rules_digest) {
      return Status::error(s.label + " and " + first.label +
                           " were made with different rules (--config): they are not shards of one run");
    }
  }
  std::string missing;
  uint32_t missing_count = 0;
  for (uint32_t i = 1; i <= count; ++i) {
    if (by_index[i]) continue;
    if (++missing_count <= 10) missing += (missing.empty() ? "" : ", ") + shard_name(i, count);
  }
  if (missing_count > 0) {
    if (missing_count > 10) missing += " and " + std::to_string(missing_count - 10) + " more";
    return Status::error("shard " + missing + " missing: a merge needs the reports of all " + std::to_string(count) +
                         " shards, each once");
  }
  return Status::ok();
}

}  // namespace

Result<MergedReport> merge_shards(std::vector<ShardReport> shards) {
  if (Status st = check_shards(shards); !st) return st;
  // Shard order, so that which duplicate skipped entry is kept does not depend on argument order.
  std::sort(shards.begin(), shards.end(),
            [](const ShardReport& a, const ShardReport& b) { return a.summary.shard_index < b.summary.shard_index; });
  MergedReport out;
  out.rules_digest = shards.front().rules_digest;
  ScanSummary& sum = out.summary;
  sum.commits = shards.front().summary.commits;
  sum.max_findings_per_file = shards.front().summary.max_findings_per_file;
  const ShardReport* redacted_from = nullptr;
  const ShardReport* shown_from = nullptr;
  size_t total = 0;
  for (const ShardReport& s : shards) total += s.findings.size();
  out.findings.reserve(total);
  for (ShardReport& s : shards) {
    sum.files_scanned += s.summary.files_scanned;
    sum.bytes_scanned += s.summary.bytes_scanned;
    sum.blobs += s.summary.blobs;
    sum.suppressed.add(s.summary.suppressed);
    // The same baseline in every shard; which of its entries matched nothing no shard knows.
    sum.baseline_entries = std::max(sum.baseline_entries, s.summary.baseline_entries);
    for (Skipped& k : s.summary.skipped) sum.skipped.push_back(std::move(k));
    for (std::string& e : s.summary.errors) sum.errors.push_back(std::move(e));
    for (Capped& c : s.summary.capped) sum.capped.push_back(std::move(c));
    for (Finding& f : s.findings) {
      const bool redacted = !f.shown || f.shown->redacted;
      (redacted ? redacted_from : shown_from) = &s;
      out.findings.push_back(std::move(f));
    }
    std::vector<Finding>().swap(s.findings);
  }
  if (redacted_from && shown_from) {
    return Status::error(shown_from->label + " was made with --show-secrets and " + redacted_from->label +
                         " without: merge reports made the same way");
  }
  out.redacted = shown_from == nullptr;
  // A secret kept through edits of its file, whose versions fell in different shards.
  keep_first_seen(&out.findings);
  std::sort(out.findings.begin(), out.findings.end(), finding_less);
  std::vector<Skipped>& skipped = sum.skipped;
  std::stable_sort(skipped.begin(), skipped.end(),
                   [](const Skipped& a, const Skipped& b) { return std::tie(a.path, a.reason) < std::tie(b.path, b.reason); });
  skipped.erase(std::unique(skipped.begin(), skipped.end(),
                            [](const Skipped& a, const Skipped& b) { return a.path == b.path && a.reason == b.reason; }),
                skipped.end());
  std::sort(sum.errors.begin(), sum.errors.end());
  sort_capped(&sum);
  return out;
}

}  // namespace keysweep
