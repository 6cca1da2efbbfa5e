// run_scan: one producer enumerates a Source into a bounded queue; N workers each own a Matcher
// over the shared RuleSet, load and scan items, and keep their findings locally; at the end the
// findings are merged and sorted, so the output never depends on scheduling.
//
// Thread safety: call from one thread; it starts and joins its own threads.
// Errors: a hard error from the source or the matcher setup; soft errors go into the summary.
#pragma once

#include <memory>
#include <vector>

#include "scanner/base/status.h"
#include "scanner/cache/clean_blob_cache.h"
#include "scanner/finding/finding.h"
#include "scanner/finding/finding_cap.h"
#include "scanner/finding/suppress.h"
#include "scanner/ruleset/ruleset.h"
#include "scanner/source/source.h"

namespace keysweep {

struct ScanResult {
  std::vector<Finding> findings;  // sorted by finding_less
  ScanSummary summary;            // skipped and errors sorted; seconds filled in
  // With `known_clean` only: the git blobs this run scanned clean that it did not know, sorted
  // by id, each once (see run_scan). 32 bytes each.
  std::vector<CleanBlob> newly_clean;
  // With a baseline (SuppressOptions::baseline): per entry, in its order, whether any match of
  // this run hit it (Suppressor::baseline_used).
  std::vector<bool> baseline_used;
  // With SuppressOptions::keep_suppressed: the suppressed findings, sorted by finding_less (each
  // with Finding::suppressed_by), apart from `findings`.
  std::vector<Finding> suppressed;
};

// `max_findings_per_file`: at most this many findings of each rule per file are reported, the
// first in file order (finding/finding_cap.h); the rest are counted in summary.capped. 0 = all.
// A git blob held at several places (source.h, Place) is capped and counted at each place.
// summary.files_scanned counts the items loaded and scanned (such a blob once), bytes_scanned
// their bytes. Each worker thread calls source.make_loader() once, on its own thread, and passes
// that loader to each of its loads.
// `progress`, when given, is handed to the source (Source::set_progress) and counts the items
// and bytes the workers finish.
//
// `known_clean` (history --cache: app/history_cache.h), when given, is the set of git blobs
// (WorkItem::blob) known to hold no match under this run's rules and limits; it is only read,
// by every worker at once. An item whose blob it holds is not loaded at all: it counts as
// loaded and scanned (files_scanned, and the recorded bytes in bytes_scanned, so the report is
// the same) and in summary.cache_hits; a context item (source.h) is simply done. A blob it does
// not hold is clean, and goes into ScanResult::newly_clean, when it was read without error or
// skip, not cut at --max-file-size, and every window of it was matched (none left out because
// all its places are allow_paths) and gave no match at all: then no place, path or commit can
// give it a finding. Workers collect these locally; they are joined after the scan.
//
// `suppress`: the suppression stage's baseline, report fingerprints and fingerprinter
// (finding/suppress.h); summary.suppressed counts what it held back, and summary.baseline_entries
// the baseline's size (baseline_stale is for the caller to set: only it knows whether the scan
// covered everything).
Result<ScanResult> run_scan(Source& source, std::shared_ptr<const RuleSet> rules, unsigned threads,
                            const LoadLimits& limits,
                            uint64_t max_findings_per_file = kDefaultMaxFindingsPerFile,
                            Progress* progress = nullptr, const CleanBlobCache* known_clean = nullptr,
                            SuppressOptions suppress = {});

// The limits a scan really uses: `limits`, with KEYSWEEP_TEST_WINDOW_SIZE (bytes, a test-only
// variable that lets tests cross many window boundaries with small files) as the window size.
// A scan key (app/history_cache.h) is made from these.
LoadLimits effective_limits(LoadLimits limits);

}  // namespace keysweep
