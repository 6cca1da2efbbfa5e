// Redaction of secrets for output. Reporters call this unless --show-secrets was given.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "scanner/finding/finding.h"

namespace keysweep {

// Shows at most the first 4 characters of `secret` (fewer for short secrets: never more than a
// quarter of it) followed by a fixed mask, so the output reveals neither the value nor its length.
std::string redact_secret(std::string_view secret);

// Returns `line` with every occurrence of `secret` replaced by redact_secret(secret).
std::string redact_line(std::string_view line, std::string_view secret);

// The bytes [begin, end) of `line`, with each part of `masks` (ranges of `line`, sorted and
// disjoint, as in Finding::line_masks) that falls inside replaced by redact_secret(that part),
// and every remaining copy of `secret` replaced as redact_line() does. A mask cut by `begin` or
// `end` is masked from the cut. Ranges past the end of `line` are ignored.
std::string redact_masked(std::string_view line, size_t begin, size_t end,
                          const std::vector<MaskRange>& masks, std::string_view secret);

}  // namespace keysweep
