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

}  // namespace

LineView view_line(const Finding& f, bool show_secrets) {
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
  LineView view = view_line(f, show_secrets);
  return view.before + view.secret + view.after;
}

std::string shown_secret(const Finding& f, bool show_secrets) {
  return show_secrets ? f.secret : redact_secret(f.secret);
}

std::string shown_identity(const Finding& f, std::string_view text, bool show_secrets) {
  return show_secrets ? std::string(text) : redact_line(text, f.secret);
}

}  // namespace keysweep
