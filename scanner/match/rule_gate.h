// RuleGate: which rules may run on a chunk, as the finding stage decides from where the chunk's
// bytes live. The matcher sees bytes only; it asks the gate, for each rule with prefilter hits
// in a chunk, whether that rule's regex is worth running at all.
//
// Why: a rule limited to some paths (rule.paths: Rails' config/master.key, ~/.my.cnf's
// password, mail clients' rc files) is absent from a finding everywhere else, yet its
// prefilter hits on ordinary code (`password` in a C file) would cost a regex search, checks
// and a line index per chunk that the placer then throws away: on git/git's tree that was
// about a tenth of the matcher's time.
//
// Contract: allows(r) == false promises that no match of rule r in this chunk could be
// reported at any of the chunk's places; the matcher then neither searches rule r nor masks its
// captures. A gate that always allows is the same as no gate. Called only from the thread that
// runs the matcher; implementations may cache (finding/path_gate.h).
#pragma once

#include <cstdint>

namespace keysweep {

class RuleGate {
 public:
  virtual ~RuleGate() = default;
  // `rule` is a RuleSet rule index.
  virtual bool allows(uint32_t rule) const = 0;
};

}  // namespace keysweep
