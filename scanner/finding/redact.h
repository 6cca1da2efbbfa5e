// Redaction of secrets for output. Reporters call this unless --show-secrets was given.
#pragma once

#include <string>
#include <string_view>

namespace keysweep {

// Shows at most the first 4 characters of `secret` (fewer for short secrets: never more than a
// quarter of it) followed by a fixed mask, so the output reveals neither the value nor its length.
std::string redact_secret(std::string_view secret);

// Returns `line` with every occurrence of `secret` replaced by redact_secret(secret).
std::string redact_line(std::string_view line, std::string_view secret);

}  // namespace keysweep
