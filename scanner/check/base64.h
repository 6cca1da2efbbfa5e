// Base64 decoding for structural checks (Fernet keys, JWT segments, PEM bodies).
//
// Thread safety: pure functions. Errors: nullopt for anything that is not valid base64.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace keysweep {

enum class Base64Alphabet { kStandard, kUrlSafe };

// Decodes `in`; padding '=' is optional but, when present, must be correct. Whitespace is not
// accepted.
std::optional<std::string> base64_decode(std::string_view in, Base64Alphabet alphabet);

// Standard base64 that decodes to printable ASCII text (0x20-0x7e), such as "user:password" in
// an HTTP Basic header or a Kubernetes Secret value; nullopt for anything else (random key
// bytes almost never decode to printable text).
std::optional<std::string> base64_decode_text(std::string_view in);

}  // namespace keysweep
