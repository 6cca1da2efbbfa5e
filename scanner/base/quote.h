// quote_input: a piece of untrusted input made safe to quote in a one-line error message.
//
// Error messages quote what the user (or a program feeding us) gave: a pre-push line, a rule id,
// a TOML key. Printed raw, an ESC sequence could repaint the terminal and a CR could hide the
// rest of the line, so every control byte (C0, DEL), every byte that is not valid UTF-8 and
// every C1 or bidirectional format character becomes a visible escape (\x1b, \r, \u{202E}).
// Valid printable UTF-8 is kept. The result is bounded: at most `max_bytes` of input are
// quoted, and a cut is marked with "..." (the output is at most 4 * max_bytes + 5 bytes: a
// byte becomes at most "\x1b", a 2- or 3-byte format character the 8-byte "\u{202E}", and the
// quotes and the mark add 5).
//
// Thread safety: a pure function. Errors: none.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace keysweep {

inline constexpr size_t kMaxQuotedInput = 120;

// "'<text, escaped>'" or "'<first max_bytes, escaped>...'".
std::string quote_input(std::string_view text, size_t max_bytes = kMaxQuotedInput);
// The same without the quotes, for text that is already part of a message (a library's error).
std::string escape_input(std::string_view text, size_t max_bytes = kMaxQuotedInput);

}  // namespace keysweep
