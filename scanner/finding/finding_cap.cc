#include "scanner/finding/finding_cap.h"

#include <algorithm>
#include <tuple>

namespace keysweep {

CappedCounts cap_file_findings(std::vector<Finding>* findings, uint64_t max_per_rule) {
  CappedCounts dropped;
  if (max_per_rule == 0) return dropped;
  std::sort(findings->begin(), findings->end(), finding_less);
  std::map<std::string, uint64_t, std::less<>> kept;
  size_t out = 0;
  for (size_t i = 0; i < findings->size(); ++i) {
    Finding& f = (*findings)[i];
    // A suppressed finding kept for the report has a cap of its own and is never counted as
    // capped: it was not going to be reported.
    uint64_t& n = f.suppressed_by ? kept[f.rule_id + '\0'] : kept[f.rule_id];
    if (n >= max_per_rule) {
      if (!f.suppressed_by) ++dropped[f.rule_id];
      continue;
    }
    ++n;
    if (out != i) (*findings)[out] = std::move(f);
    ++out;
  }
  findings->resize(out);
  return dropped;
}

void add_capped(const CappedCounts& more, CappedCounts* into) {
  for (const auto& [rule, n] : more) (*into)[rule] += n;
}

void record_capped(const Provenance& provenance, const CappedCounts& counts, ScanSummary* summary) {
  for (const auto& [rule, n] : counts) {
    if (n == 0) continue;
    summary->capped.push_back(Capped{provenance.path, provenance.commit, rule, n});
  }
}

void sort_capped(ScanSummary* summary) {
  std::sort(summary->capped.begin(), summary->capped.end(), [](const Capped& a, const Capped& b) {
    return std::tie(a.path, a.commit, a.rule_id) < std::tie(b.path, b.commit, b.rule_id);
  });
}

}  // namespace keysweep
