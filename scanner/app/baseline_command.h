// `keysweep baseline create | prune | show`: making and keeping a .keysweep-baseline.json
// (finding/baseline_file.h), the secrets a team has accepted as known.
//
//   create: scans (--from dir, staged or history; the cli wires the source) with no baseline
//     and no per-file cap, and writes one entry per distinct secret. When the output file
//     exists and is a baseline, its salt is kept, so regenerating on an unchanged repository
//     gives the same bytes; when it exists and is anything else it is left alone (exit 2).
//   prune: scans with the baseline and drops the entries no finding matched; says how many.
//   show: lists the entries (their hash, rule ids and paths: a baseline holds no secret).
// The file is written as --output is (report/report_file.h): atomically, mode 0600, never
// through a FIFO or device. A scan that is incomplete (an unreadable file, a corrupt object)
// writes nothing: a baseline made from part of a repository would hide nothing it should, but
// a prune from part of it would drop entries that are still needed.
//
// `.gitattributes`: `create --gitattributes` adds `<name> merge=union` for the baseline to the
// .gitattributes beside it (created if absent, appended to otherwise, never rewritten), so two
// branches that each add entries merge without a conflict; without the flag create says how.
//
// Exit codes: 0 done, 2 error (one line on stderr, "keysweep: error: ..."); what was done is
// one line on stdout. Thread safety: one call at a time (files, stdout, stderr).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "scanner/base/status.h"
#include "scanner/finding/finding.h"
#include "scanner/finding/suppress.h"

namespace keysweep {

// What a baseline command's scan gives back.
struct BaselineScan {
  std::vector<Finding> findings;
  std::vector<bool> baseline_used;  // with a baseline: per entry, whether a finding hit it
  std::vector<std::string> errors;  // the scan's errors: it is incomplete when not empty
  std::vector<Finding> suppressed;  // with SuppressOptions::keep_suppressed
};
// Runs the scan the command asked for (--from) with `suppress`.
using BaselineScanner = std::function<Result<BaselineScan>(SuppressOptions suppress)>;

// `output`: where to write (the caller defaults it to <root>/.keysweep-baseline.json).
// `keep_existing`: add to the entries already there instead of replacing them (--from staged:
// a scan of a change, which must not drop what the rest of the tree needs).
int run_baseline_create(const BaselineScanner& scan, const std::string& output, bool gitattributes,
                        bool keep_existing = false);
int run_baseline_prune(const BaselineScanner& scan, const std::string& file);
int run_baseline_show(const std::string& file);
// `baseline import PEER-FILE`: the findings a .gitleaksignore / .betterleaksignore or a
// detect-secrets .secrets.baseline accepts (finding/peer_suppressions.h), as entries of the
// baseline at `output` (added to it when it exists, with its salt), so the peer's file can go.
// The kind is told from the file: JSON (first byte '{') is detect-secrets, anything else the
// gitleaks format.
int run_baseline_import(const BaselineScanner& scan, const std::string& peer_file, const std::string& output);
// `baseline merge BASE OURS THEIRS`: git's merge driver for the baseline
//   git config merge.keysweep-baseline.driver "keysweep baseline merge %O %A %B"
//   .gitattributes: /.keysweep-baseline.json merge=keysweep-baseline
// A three-way merge of entries: what either side added is kept, what either side removed
// (prune) stays removed (union merging brings such an entry back), hints are united; the result
// is written over OURS in canonical order. Exit 0 merged; 1 a conflict git must show (the
// files were made with different salts: regenerate with baseline create); 2 an error (a file
// that is not a baseline).
int run_baseline_merge(const std::string& base, const std::string& ours, const std::string& theirs);

}  // namespace keysweep
