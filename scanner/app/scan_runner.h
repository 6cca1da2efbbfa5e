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
#include "scanner/finding/finding.h"
#include "scanner/finding/finding_cap.h"
#include "scanner/ruleset/ruleset.h"
#include "scanner/source/source.h"

namespace keysweep {

struct ScanResult {
  std::vector<Finding> findings;  // sorted by finding_less
  ScanSummary summary;            // skipped and errors sorted; seconds filled in
};

// `max_findings_per_file`: at most this many findings of each rule per file are reported, the
// first in file order (finding/finding_cap.h); the rest are counted in summary.capped. 0 = all.
// A git blob held at several places (source.h, Place) is capped and counted at each place.
// summary.files_scanned counts the items loaded and scanned (such a blob once), bytes_scanned
// their bytes. Each worker thread calls source.make_loader() once, on its own thread, and passes
// that loader to each of its loads.
// `progress`, when given, is handed to the source (Source::set_progress) and counts the items
// and bytes the workers finish.
Result<ScanResult> run_scan(Source& source, std::shared_ptr<const RuleSet> rules, unsigned threads,
                            const LoadLimits& limits,
                            uint64_t max_findings_per_file = kDefaultMaxFindingsPerFile,
                            Progress* progress = nullptr);

}  // namespace keysweep
