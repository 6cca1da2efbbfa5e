#include "scanner/finding/inline_allow.h"

#include <array>
#include <cctype>

namespace keysweep {
namespace {

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

// Offset of the first case-insensitive occurrence of lower-case `needle` in `hay` at or after
// `from`, or npos.
size_t find_ci(std::string_view hay, std::string_view needle, size_t from = 0) {
  if (needle.empty() || hay.size() < needle.size()) return std::string_view::npos;
  for (size_t i = from; i + needle.size() <= hay.size(); ++i) {
    if (lower(hay[i]) != needle[0]) continue;
    size_t k = 1;
    while (k < needle.size() && lower(hay[i + k]) == needle[k]) ++k;
    if (k == needle.size()) return i;
  }
  return std::string_view::npos;
}

bool starts_with_ci(std::string_view text, size_t at, std::string_view lower_prefix) {
  if (at + lower_prefix.size() > text.size()) return false;
  for (size_t k = 0; k < lower_prefix.size(); ++k) {
    if (lower(text[at + k]) != lower_prefix[k]) return false;
  }
  return true;
}

bool is_word_byte(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

size_t skip_blanks(std::string_view text, size_t at) {
  while (at < text.size() && (text[at] == ' ' || text[at] == '\t')) ++at;
  return at;
}

constexpr std::string_view kKeysweep = "keysweep:allow";
constexpr std::string_view kNextLineSuffix = "-next-line";

// Other scanners' markers that are one literal.
constexpr std::array<std::string_view, 5> kForeignThisLine = {"gitleaks:allow", "betterleaks:allow", "trufflehog:ignore",
                                                               "kingfisher:ignore", "secretlint-disable-line"};
constexpr std::array<std::string_view, 1> kForeignNextLine = {"secretlint-disable-next-line"};

// detect-secrets: "pragma: allowlist secret" / "pragma: allowlist nextline secret" (and the
// older "whitelist"), any blanks between the words.
bool has_pragma(std::string_view line, AllowScope scope) {
  for (size_t at = find_ci(line, "pragma:"); at != std::string_view::npos; at = find_ci(line, "pragma:", at + 1)) {
    size_t i = skip_blanks(line, at + 7);
    if (starts_with_ci(line, i, "allowlist")) {
      i += 9;
    } else if (starts_with_ci(line, i, "whitelist")) {
      i += 9;
    } else {
      continue;
    }
    size_t j = skip_blanks(line, i);
    if (j == i) continue;
    if (scope == AllowScope::kNextLine) {
      if (!starts_with_ci(line, j, "nextline")) continue;
      const size_t k = skip_blanks(line, j + 8);
      if (k == j + 8) continue;
      j = k;
    }
    if (starts_with_ci(line, j, "secret") && (j + 6 == line.size() || !is_word_byte(line[j + 6]))) return true;
  }
  return false;
}

// Calls `fn(end)` for each keysweep marker of `scope` in `line`, `end` being the offset just
// past it (where a rule list may follow); stops when fn returns true, and returns that.
template <typename Fn>
bool each_keysweep_marker(std::string_view line, AllowScope scope, Fn&& fn) {
  for (size_t at = find_ci(line, kKeysweep); at != std::string_view::npos; at = find_ci(line, kKeysweep, at + 1)) {
    size_t end = at + kKeysweep.size();
    const bool next_line = starts_with_ci(line, end, kNextLineSuffix);
    if (next_line) end += kNextLineSuffix.size();
    // "keysweep:allowed", "keysweep:allow-list": not markers.
    if (end < line.size() && (is_word_byte(line[end]) || line[end] == '-')) continue;
    if (next_line != (scope == AllowScope::kNextLine)) continue;
    if (fn(end)) return true;
  }
  return false;
}

// Whether the marker ending at `end` allows `rule_id`: a list of known rule ids after it names
// the rules it allows; anything else after it is prose, and it allows every rule.
bool marker_allows(std::string_view line, size_t end, std::string_view rule_id, const InlineAllowOptions& options) {
  const size_t start = skip_blanks(line, end);
  if (start == end || !options.is_rule_id) return true;
  size_t stop = start;
  while (stop < line.size() && (is_word_byte(line[stop]) || line[stop] == '-' || line[stop] == '.' || line[stop] == ',')) {
    ++stop;
  }
  std::string_view list = line.substr(start, stop - start);
  while (!list.empty() && (list.back() == '.' || list.back() == ',')) list.remove_suffix(1);  // end of a sentence
  if (list.empty()) return true;
  bool named = false;
  size_t from = 0;
  while (from <= list.size()) {
    size_t comma = list.find(',', from);
    if (comma == std::string_view::npos) comma = list.size();
    const std::string_view item = list.substr(from, comma - from);
    if (item.empty() || !options.is_rule_id(item)) return true;  // prose: every rule
    if (item == rule_id) named = true;
    from = comma + 1;
  }
  return named;
}

// Whether another scanner's marker of `scope` is on `line`.
bool has_foreign_marker(std::string_view line, AllowScope scope) {
  if (scope == AllowScope::kThisLine) {
    for (std::string_view m : kForeignThisLine) {
      if (find_ci(line, m) != std::string_view::npos) return true;
    }
  } else {
    for (std::string_view m : kForeignNextLine) {
      if (find_ci(line, m) != std::string_view::npos) return true;
    }
  }
  return has_pragma(line, scope);
}

}  // namespace

bool line_allows_rule(std::string_view line, AllowScope scope, std::string_view rule_id,
                      const InlineAllowOptions& options) {
  if (each_keysweep_marker(line, scope, [&](size_t end) { return marker_allows(line, end, rule_id, options); })) {
    return true;
  }
  return options.foreign && has_foreign_marker(line, scope);
}

}  // namespace keysweep
