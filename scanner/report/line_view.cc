#include "scanner/report/line_view.h"

#include <string_view>

#include "scanner/finding/redact.h"

namespace keysweep {

namespace {

struct Span {
  size_t start = 0;
  size_t size = 0;  // bytes of the secret on this line; 0 = not found
};

// Length of the secret's part at `start`: the whole secret, or, when the line ends first, the rest
// of the line if it is a beginning of the secret. 0 when the secret is not there.
size_t part_at(std::string_view line, std::string_view secret, size_t start) {
  if (start >= line.size()) return 0;
  const std::string_view tail = line.substr(start);
  if (tail.size() >= secret.size()) return tail.substr(0, secret.size()) == secret ? secret.size() : 0;
  return secret.substr(0, tail.size()) == tail ? tail.size() : 0;
}

Span locate(std::string_view line, std::string_view secret, uint32_t column) {
  if (secret.empty() || line.empty()) return {};
  if (column >= 1) {
    const size_t at = column - 1;
    if (size_t n = part_at(line, secret, at)) return {at, n};
  }
  if (size_t at = line.find(secret); at != std::string_view::npos) return {at, secret.size()};
  // A secret that continues past the end of the line: only its first part is here. Only the
  // last secret.size() positions can hold such a part, which bounds the work to O(secret^2).
  const size_t first = line.size() > secret.size() ? line.size() - secret.size() : 0;
  for (size_t at = first; at < line.size(); ++at) {
    if (size_t n = part_at(line, secret, at)) return {at, n};
  }
  return {};
}

// A finding read back from a report: split where the report said.
LineView shown_view(const Finding& f) {
  const ShownForm& shown = *f.shown;
  const std::string_view line = f.line_text;
  LineView view;
  if (!shown.located || shown.secret_begin > shown.secret_end || shown.secret_end > line.size()) {
    view.before = std::string(line);
    return view;
  }
  view.located = true;
  view.offset = shown.secret_begin;
  view.before = std::string(line.substr(0, shown.secret_begin));
  view.secret = std::string(line.substr(shown.secret_begin, shown.secret_end - shown.secret_begin));
  view.after = std::string(line.substr(shown.secret_end));
  view.starts_mid_line = shown.line_text_start > 1;
  return view;
}

// UTF-16 code units in `bytes` read as UTF-8; each byte of an invalid sequence counts as one
// unit (consumers see it as U+FFFD).
uint32_t utf16_units(std::string_view bytes) {
  uint32_t units = 0;
  size_t i = 0;
  while (i < bytes.size()) {
    const unsigned char c = static_cast<unsigned char>(bytes[i]);
    size_t len = 1;
    if (c >= 0xC2 && c <= 0xDF) len = 2;
    else if (c >= 0xE0 && c <= 0xEF) len = 3;
    else if (c >= 0xF0 && c <= 0xF4) len = 4;
    bool valid = i + len <= bytes.size();
    for (size_t k = 1; valid && k < len; ++k) {
      valid = (static_cast<unsigned char>(bytes[i + k]) & 0xC0) == 0x80;
    }
    if (!valid) len = 1;
    units += (valid && len == 4) ? 2 : 1;
    i += len;
  }
  return units;
}

}  // namespace

LineView view_line(const Finding& f, bool show_secrets) {
  if (f.shown) return shown_view(f);
  const std::string_view line = f.line_text;
  LineView view;
  const Span span = locate(line, f.secret, f.column);
  if (span.size == 0) {
    view.before = show_secrets ? std::string(line)
                               : redact_masked(line, 0, line.size(), f.line_masks, f.secret);
    return view;
  }
  view.located = true;
  view.offset = span.start;
  view.starts_mid_line = f.column >= 1 && f.column - 1 > span.start;
  const size_t secret_end = span.start + span.size;
  if (show_secrets) {
    view.before = std::string(line.substr(0, span.start));
    view.secret = std::string(line.substr(span.start, span.size));
    view.after = std::string(line.substr(secret_end));
  } else {
    // The masks hide every other secret on the line (and secret-looking tokens), not only this
    // finding's: a second key on the same line must not be printed in this finding's snippet.
    view.before = redact_masked(line, 0, span.start, f.line_masks, f.secret);
    view.secret = redact_secret(f.secret);
    view.after = redact_masked(line, secret_end, line.size(), f.line_masks, f.secret);
  }
  return view;
}

std::string shown_line(const Finding& f, bool show_secrets) {
  if (f.shown) return f.line_text;
  LineView view = view_line(f, show_secrets);
  return view.before + view.secret + view.after;
}

std::string shown_secret(const Finding& f, bool show_secrets) {
  return show_secrets || f.shown ? f.secret : redact_secret(f.secret);
}

std::string shown_identity(const Finding& f, std::string_view text, bool show_secrets) {
  return show_secrets || f.shown ? std::string(text) : redact_line(text, f.secret);
}

Utf16Columns utf16_columns(const Finding& f) {
  if (f.shown) return {f.shown->column_utf16, f.shown->end_column_utf16};
  Utf16Columns cols{f.column, f.end_column};
  const LineView view = view_line(f, /*show_secrets=*/false);
  if (!view.located || f.column == 0 || f.column - 1 < view.offset) return cols;
  const uint32_t before_window = static_cast<uint32_t>(f.column - 1 - view.offset);
  cols.start = 1 + before_window + utf16_units(std::string_view(f.line_text).substr(0, view.offset));
  const size_t nl = f.secret.rfind('\n');
  if (f.end_line == f.line && nl == std::string::npos) {
    if (f.end_column == f.column + f.secret.size()) cols.end = cols.start + utf16_units(f.secret);
  } else if (nl != std::string::npos) {
    // The end line holds only the secret's last line before end_column.
    const std::string_view last = std::string_view(f.secret).substr(nl + 1);
    if (last.size() + 1 == f.end_column) cols.end = 1 + utf16_units(last);
  }
  return cols;
}

uint32_t line_text_column(const Finding& f, const LineView& view) {
  if (f.shown) return f.shown->line_text_start;
  if (!view.located || f.column == 0 || f.column - 1 < view.offset) return 0;
  return static_cast<uint32_t>(f.column - view.offset);
}

}  // namespace keysweep
