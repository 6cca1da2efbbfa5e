// Content fingerprint of a finding: 32 hex characters of
// SHA-256("keysweep-fp-v1" NUL rule_id NUL secret).
//
// It depends only on what was found, not where, so it survives the line moving, the file being
// renamed and the history being rewritten; GitHub code scanning tracks alerts by it
// (partialFingerprints) and baselines/allowlists match on it.
#pragma once

#include <string>
#include <string_view>

namespace keysweep {

std::string content_fingerprint(std::string_view rule_id, std::string_view secret);

}  // namespace keysweep
