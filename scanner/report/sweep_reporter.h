// Sweep reporter: `keysweep sweep`'s report, one entry per secret (finding/secret_group.h), in
// text (the terminal), Markdown (an incident ticket: a table of secrets with their exposure,
// then the plan as a checklist), JSON (doc/output.md, "Sweep report") or SARIF (one result per
// secret, every path it is at as a location, its exposure and plan in the result's properties;
// rules and locations as sarif_reporter.h writes them). It only formats: the groups come sorted
// by urgency with their exposure, fingerprints and remedies filled in.
//
// Secrets are redacted (finding/redact.h) unless show_secrets; the purge plan file is the only
// other place a raw secret goes (purge_plan.h). The same input gives the same bytes: no times,
// no durations, no host names in Markdown or JSON.
//
// Thread safety: pure functions writing to the caller's stream.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "scanner/finding/finding.h"
#include "scanner/finding/remediation.h"
#include "scanner/finding/secret_group.h"

namespace keysweep {

struct SweepReport {
  std::vector<Rule> rules;          // every enabled rule, sorted by id (SARIF's tool.driver.rules)
  std::vector<SecretGroup> groups;  // sorted by urgency (sort_by_urgency)
  std::vector<Remedy> remedies;     // one per group, same order
  uint64_t groups_dropped = 0;      // findings of secrets past kMaxGroups
  uint64_t capped = 0;              // findings past the per-file cap (100 per rule per file)
  uint64_t commits = 0;             // commits walked
  uint64_t blobs = 0;               // distinct blobs scanned in the history
  uint64_t worktree_files = 0;      // work-tree files scanned
  uint64_t staged_files = 0;        // staged files scanned
  uint64_t reach_unknown = 0;       // introducing commits past Exposure::kMaxTargets: refs not worked out
  std::vector<std::string> errors;  // what could not be scanned (the sweep is then incomplete)
  std::string purge_plan;           // --purge-plan FILE as given; empty: none written
};

struct SweepOptions {
  bool show_secrets = false;
  std::string tool_version;
};

// format: "text", "markdown", "json" or "sarif".
void write_sweep_report(std::ostream& out, const std::string& format, const SweepReport& report,
                        const SweepOptions& options);

// The exposure of a group in words: "pushed (refs/remotes/origin/main), in HEAD", "local only:
// branch feature/x", "only in the stash", "only in a commit no ref reaches".
std::string exposure_summary(const SecretGroup& g);

}  // namespace keysweep
