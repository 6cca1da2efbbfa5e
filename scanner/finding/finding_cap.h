// The per-file finding cap: at most N findings of each rule in one file are reported.
//
// A generated or minified file can hold hundreds of thousands of matches of one rule; reporting
// them all costs memory and time in proportion to the matches and buries the file under one
// rule's noise. The cap keeps the first N findings of each rule in file order (line, then
// column) and counts the rest, so which findings are kept never depends on thread count or on
// how a file was split into windows. The finding stage applies the same cap per chunk before it builds
// findings (PlaceLimits, finding/placer.h), so findings past the cap are counted, never materialised;
// cap_file_findings() then caps the union of a file's chunks.
//
// Thread safety: pure functions on the caller's data.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "scanner/finding/finding.h"

namespace keysweep {

// The default of --max-findings-per-file.
constexpr uint64_t kDefaultMaxFindingsPerFile = 100;

// Per rule id: findings not reported.
using CappedCounts = std::map<std::string, uint64_t>;

// `findings` are one file's (one path and commit). Sorts them by finding_less and keeps the
// first `max_per_rule` of each rule; returns how many of each rule it removed (empty when none).
// max_per_rule == 0: no cap, nothing removed.
CappedCounts cap_file_findings(std::vector<Finding>* findings, uint64_t max_per_rule);

// Adds `more` into `*into`.
void add_capped(const CappedCounts& more, CappedCounts* into);

// Appends one Capped entry per rule in `counts` for the file at `provenance` to `*summary`.
void record_capped(const Provenance& provenance, const CappedCounts& counts, ScanSummary* summary);

// Sorts summary->capped by path, commit, rule id (after merging the workers' summaries).
void sort_capped(ScanSummary* summary);

}  // namespace keysweep
