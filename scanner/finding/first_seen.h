// keep_first_seen: in a history scan, a secret is reported once per path, where it entered.
//
// A file that holds a secret and is edited fifty times is fifty blobs, each introduced at its
// own commit, and each still holding the secret: scanned blob by blob, that is fifty findings
// of one secret at one path (the noise diff-based scanners are known for, one finding per
// commit). The finding stage keeps, for each (path, rule, secret), only the findings of the
// earliest introduction in the walk (smallest Provenance::sequence: parents before children);
// the same secret twice in that one blob stays two findings (two lines). A copy to another path
// is another place and keeps its own finding. Findings without a sequence (every other source)
// are left alone.
//
// A history range with a boundary (--since-commit origin/main, v1.0..main) also scans each
// changed path's version before the range (Provenance::before_range). Those findings are
// removed here, and with them every finding of the same (path, rule, secret) in the range: a
// pull request that edits a file holding an old secret adds nothing new there. (A copy of the
// file to a new path is a new place and is still reported.)
//
// Memory: one hash-map entry per distinct (path, rule, secret) among history findings.
// Thread safety: pure function on the caller's data. Errors: none.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "scanner/finding/finding.h"

namespace keysweep {

// Removes the later repeats from `*findings` (order of the rest kept); returns how many.
size_t keep_first_seen(std::vector<Finding>* findings);

// Sets Provenance::occurrences of every history finding (sequence > 0) from `by_blob` (hex blob
// id -> places it was introduced at, for blobs with more than one), 1 for a blob not in it. A
// history source knows the counts only once its walk is done, after it handed the blob out.
void annotate_occurrences(std::vector<Finding>* findings, const std::unordered_map<std::string, uint32_t>& by_blob);

}  // namespace keysweep
