#include "scanner/finding/finding.h"

#include <tuple>

namespace keysweep {

bool finding_less(const Finding& a, const Finding& b) {
  return std::tie(a.provenance.path, a.provenance.commit, a.line, a.column, a.rule_id, a.end_line,
                  a.end_column, a.secret) <
         std::tie(b.provenance.path, b.provenance.commit, b.line, b.column, b.rule_id, b.end_line,
                  b.end_column, b.secret);
}

}  // namespace keysweep
