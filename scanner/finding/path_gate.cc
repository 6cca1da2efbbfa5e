#include "scanner/finding/path_gate.h"

#include <re2/re2.h>

namespace keysweep {

PathGate::PathGate(const RuleSet& rules, const std::vector<const std::string*>& paths)
    : rules_(rules), paths_(paths), state_(rules.rules().size(), 0) {}

bool PathGate::allows(uint32_t rule) const {
  if (rule >= state_.size()) return true;
  uint8_t& state = state_[rule];
  if (state == 0) {
    const CompiledRule& r = rules_.rules()[rule];
    bool allowed = r.paths.empty();
    for (size_t p = 0; !allowed && p < paths_.size(); ++p) {
      const re2::StringPiece path(paths_[p]->data(), paths_[p]->size());
      for (const auto& re : r.paths) {
        if (RE2::PartialMatch(path, re->get())) {
          allowed = true;
          break;
        }
      }
    }
    state = allowed ? 1 : 2;
  }
  if (state == 2) denied_any_ = true;
  return state == 1;
}

}  // namespace keysweep
