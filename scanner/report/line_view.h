// LineView: a finding's line split around its secret, redacted the way every reporter shows it.
//
// All three reporters show the secret and the line it sits on; this is the one place that decides
// what of them may be printed. Unless show_secrets, the secret becomes redact_secret(secret), every
// range of f.line_masks (the other secrets on the line, found by any rule, and secret-looking
// tokens: see Finding::line_masks) is masked, and every other copy of the secret on the line is
// redacted too (redact_line). A secret that runs past the
// end of its line (a PEM block, a multi-line string) has only its first part on the line; that
// part is replaced as a whole, so no piece of the secret leaks through the line text.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "scanner/finding/finding.h"

namespace keysweep {

struct LineView {
  std::string before;  // line text before the secret (other copies of the secret redacted)
  std::string secret;  // what stands for the secret on this line: the mask, or the raw first-line
                       // part of the secret when show_secrets; empty when !located
  std::string after;   // line text after the secret on this line (other copies redacted)
  bool located = false;  // the secret was found on the line; when false, `before` holds the
                         // whole line with every copy of the secret redacted
  size_t offset = 0;     // when located: byte offset of the secret in f.line_text
  // line_text is a window that starts after its line does (the matcher cut the line).
  bool starts_mid_line = false;
};

// SARIF region columns of a finding, in UTF-16 code units (0 = not known).
struct Utf16Columns {
  uint32_t start = 0;
  uint32_t end = 0;
};

// A finding read back from a report (Finding::shown) is split where the report said, and every
// function below returns its fields as they are, whatever show_secrets says.
//
// Splits f.line_text around f.secret. It looks for the secret at f.column first, then anywhere on
// the line, then (for a multi-line secret) at the end of the line. f.line_text may be a window
// of the line (the matcher keeps a bounded context either side of the secret), so the offset
// found can be smaller than f.column - 1.
LineView view_line(const Finding& f, bool show_secrets);

// f.line_text as reporters print it: before + secret + after.
std::string shown_line(const Finding& f, bool show_secrets);

// f.secret as reporters print it: raw when show_secrets, else redact_secret(f.secret).
std::string shown_secret(const Finding& f, bool show_secrets);

// A commit's author name or email (f.provenance.author / .email) as reporters print it: as it
// is, except that unless show_secrets every copy of the finding's own secret in it is redacted
// (redact_line), so that no new field can carry the secret even when someone committed under it.
// Escaping (JSON, terminal) is left to each reporter.
std::string shown_identity(const Finding& f, std::string_view text, bool show_secrets);

}  // namespace keysweep

namespace keysweep {

// The secret's start and end columns in UTF-16 code units, from f.column / f.end_column (bytes)
// and the raw line: f.line_text may be a window that starts after the line does; the bytes before
// the window are unknown and count one unit each. When the secret cannot be found on the line,
// the byte columns are kept. Invalid UTF-8 counts one unit per byte (consumers see U+FFFD).
Utf16Columns utf16_columns(const Finding& f);

// 1-based column of f.line_text's first byte in its line, when the secret is located on it
// (f.column - offset); 0 otherwise.
uint32_t line_text_column(const Finding& f, const LineView& view);

}  // namespace keysweep
