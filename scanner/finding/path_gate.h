// PathGate: the finding stage's RuleGate (match/rule_gate.h) for one input and its places. A
// rule limited to some paths (rule.paths) may run only when at least one of the places the
// bytes are reported at is such a path; every other rule may always run. It is the placer's own
// condition (finding/placer.h: a match of a rule whose `paths` do not match a place is absent
// there), decided before matching instead of after, so the answer never changes a report.
//
// Cost: each rule with `paths` that has prefilter hits in a chunk is decided once per PathGate
// (its path regexes against each place's path), then read from a byte per rule.
//
// Thread safety: one per input, on the thread that scans it (the cache is not synchronised).
// Lifetime: `rules` and the paths `paths` points to outlive the gate; the paths may be filled
// in after construction (an input's own place is known at its first window) but not changed
// once allows() has been asked.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "scanner/match/rule_gate.h"
#include "scanner/ruleset/ruleset.h"

namespace keysweep {

class PathGate final : public RuleGate {
 public:
  PathGate(const RuleSet& rules, const std::vector<const std::string*>& paths);
  bool allows(uint32_t rule) const override;
  // Whether allows() has said no: the input's matches then depend on its paths, and it is not
  // clean "by its bytes alone" (cache/clean_blob_cache.h).
  bool denied_any() const { return denied_any_; }

 private:
  const RuleSet& rules_;
  std::vector<const std::string*> paths_;
  mutable std::vector<uint8_t> state_;  // per rule: 0 undecided, 1 allowed, 2 denied
  mutable bool denied_any_ = false;
};

}  // namespace keysweep
