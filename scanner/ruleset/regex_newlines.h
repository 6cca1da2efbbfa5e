// Whether a rule's regex can match across a line break: the matcher confirms a one-line regex
// on the line of each prefilter hit alone (match/matcher.h) instead of a window of max_width
// bytes around it.
//
// A reading of the pattern's text (RE2 syntax), not of its compiled program: RE2 does not export
// its parse tree. It is conservative: any construct it does not know for certain cannot match
// '\n' (`\s`, `\W`, `\D`, `\C`, `\p`, `\x..`, octal escapes, `\Q`, a negated class without `\n`
// or `\s` in it, a range over a non-printable byte, a raw line break, the `s` flag anywhere)
// makes it answer false, which only costs speed.
//
// Thread safety: a pure function.
#pragma once

#include <string_view>

namespace keysweep {

// True when no match of `regex` holds a '\n' byte, except possibly as its last byte: a pattern
// may end with a one-character terminator that accepts a line break, such as
// `(?:[^A-Za-z0-9_-]|$)` or `["'\s]` (a top-level group of one-character alternatives or empty
// assertions, or a class, with no quantifier), when the pattern has no top-level '|'. Such a
// match lies within the '\n'-terminated line that holds its last byte. False for anything
// unclear, including invalid patterns.
bool matches_stay_on_one_line(std::string_view regex);

// True when wrapping `regex` in a group, "(" + regex + ")", adds exactly that group and changes
// nothing else: its parentheses balance (outside classes and escapes) and it has no \Q, whose
// quoting could run to the end and take the closing parenthesis. False when unsure.
bool wraps_cleanly(std::string_view regex);

}  // namespace keysweep
