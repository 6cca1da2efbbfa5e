// Running every rule's examples: each example must give at least one finding of its rule (with
// the stated secret, when one is given) and each negative example none.
//
// Each example is scanned with the full two-stage matcher but without cross-rule overlap
// resolution, so a rule is judged on its own, as its author wrote it.
//
// Thread safety: call from one thread. Errors: the returned list, one line per failure.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "scanner/ruleset/ruleset.h"

namespace keysweep {

struct ExampleReport {
  size_t examples = 0;           // examples and negative examples run
  std::vector<std::string> failures;  // "rule 'x' (file:line:col): example 2 gave no finding"
};

ExampleReport check_rule_examples(std::shared_ptr<const RuleSet> rules);

}  // namespace keysweep
