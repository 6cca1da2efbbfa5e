// A conservative reading of RE2 syntax: can a match hold a '\n' anywhere but at its end?
//
// The pattern is read token by token (escapes, classes, groups, flag groups). Every token either
// certainly cannot match '\n' or makes the answer false. A negated class matches '\n' unless it
// names it ([^\s...] and [^\r\n...] do not); `.` does not, unless the `s` flag is set somewhere
// (any `s` in a flag group gives up). The one allowance is a last, unquantified top-level item
// (a class, or a group whose alternatives are each line-free or one character) that may match
// the line break ending the match, as the boundary tails of many rules do: `(?:[^a-z0-9]|$)`.
#include "scanner/ruleset/regex_newlines.h"

#include <cctype>
#include <cstddef>
#include <cstring>
#include <string_view>

namespace keysweep {
namespace {

constexpr size_t kFail = std::string_view::npos;

bool is_alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

// One character of a class at `*j` (a raw byte or an escape). Sets `*value` to the byte it
// stands for, or -1 for a set (\d) or an escape it does not know; `*nl` when it is or holds '\n'
// for certain, `*unsure` when it might. Returns false on a truncated pattern.
bool read_class_char(std::string_view re, size_t* j, int* value, bool* nl, bool* unsure) {
  if (*j >= re.size()) return false;
  const char c = re[*j];
  if (c != '\\') {
    *value = static_cast<unsigned char>(c);
    if (c == '\n') *nl = true;
    ++*j;
    return true;
  }
  if (*j + 1 >= re.size()) return false;
  const char e = re[*j + 1];
  *j += 2;
  *value = -1;
  switch (e) {
    case 'n': *value = '\n'; *nl = true; break;
    case 's': *nl = true; break;
    case 't': *value = '\t'; break;
    case 'r': *value = '\r'; break;
    case 'f': *value = '\f'; break;
    case 'v': *value = '\v'; break;
    case 'a': *value = '\a'; break;
    case 'd': case 'w': case 'S': break;  // sets without '\n'
    default:
      if (is_alnum(e)) {
        *unsure = true;  // \D \W \x.. \p{..} octal ...: may be or hold '\n'
      } else {
        *value = static_cast<unsigned char>(e);  // escaped punctuation: itself
      }
  }
  return true;
}

// Reads the class starting at re[i] == '['. Returns the index just past it (kFail when
// malformed) and whether the class can match '\n'.
size_t read_class(std::string_view re, size_t i, bool* can_match_nl) {
  size_t j = i + 1;
  bool negated = false;
  if (j < re.size() && re[j] == '^') {
    negated = true;
    ++j;
  }
  bool nl = false, unsure = false, first = true;
  while (true) {
    if (j >= re.size()) return kFail;
    if (re[j] == ']' && !first) break;
    first = false;
    if (re.compare(j, 2, "[:") == 0) {
      const size_t end = re.find(":]", j + 2);
      if (end == std::string_view::npos) return kFail;
      const std::string_view name = re.substr(j + 2, end - j - 2);
      if (name == "space") nl = true;
      // ascii and cntrl hold '\n'; a negated name ([:^alpha:]) may.
      if (name == "ascii" || name == "cntrl" || (!name.empty() && name[0] == '^')) unsure = true;
      j = end + 2;
      continue;
    }
    int lo = -1;
    if (!read_class_char(re, &j, &lo, &nl, &unsure)) return kFail;
    if (j + 1 < re.size() && re[j] == '-' && re[j + 1] != ']') {
      ++j;
      int hi = -1;
      bool hi_nl = false;
      if (!read_class_char(re, &j, &hi, &hi_nl, &unsure)) return kFail;
      if (lo < 0 || hi < 0) {
        unsure = true;
      } else if (lo <= '\n' && '\n' <= hi) {
        nl = true;
      }
    }
  }
  // A negated class matches '\n' unless it certainly lists it; a plain one when it may list it.
  *can_match_nl = negated ? !nl : (nl || unsure);
  return j + 1;
}

// Length of the counted repeat {n}, {n,} or {n,m} at re[i], or 0 when the '{' is a literal
// (RE2 reads a '{' that does not open a valid repeat as itself).
size_t repeat_length(std::string_view re, size_t i, size_t end) {
  size_t j = i + 1;
  const auto digits = [&] {
    const size_t from = j;
    while (j < end && re[j] >= '0' && re[j] <= '9') ++j;
    return j > from;
  };
  if (!digits()) return 0;
  if (j < end && re[j] == ',') {
    ++j;
    digits();
  }
  return j < end && re[j] == '}' ? j + 1 - i : 0;
}

struct Scan {
  bool line_free = true;              // no token can match '\n'
  bool top_level_bar = false;
  size_t last_item = kFail;           // start of the last top-level item
  bool last_item_quantified = false;
};

// Reads re[begin, end) as a sequence of tokens. Returns false when it cannot follow the syntax
// (the caller then answers false).
bool scan(std::string_view re, size_t begin, size_t end, Scan* out) {
  int depth = 0;
  size_t i = begin;
  while (i < end) {
    const char c = re[i];
    const size_t start = i;
    bool item = true;  // whether this token starts a new item at its depth
    if (c == '\\') {
      if (i + 1 >= end) return false;
      const char e = re[i + 1];
      // \t \r \f \v \a: a byte that is not '\n'; \d \w \S: sets without it; \b \B \A \z: empty.
      const bool known = std::strchr("trfvadwSbBAz", e) != nullptr || !is_alnum(e);
      if (!known || e == '\n') out->line_free = false;
      if (e == 'Q') return false;  // \Q...\E: not followed
      i += 2;
    } else if (c == '[') {
      bool nl = false;
      const size_t next = read_class(re, i, &nl);
      if (next == kFail || next > end) return false;
      if (nl) out->line_free = false;
      i = next;
    } else if (c == '(') {
      if (i + 1 < end && re[i + 1] == '?') {
        if (re.compare(i, 4, "(?P<") == 0) {
          const size_t gt = re.find('>', i);
          if (gt == std::string_view::npos || gt >= end) return false;
          i = gt + 1;
          ++depth;
        } else {
          size_t k = i + 2;
          while (k < end && re[k] != ':' && re[k] != ')') {
            if (re[k] == 's') return false;  // `.` may match '\n' from here on
            if (!std::strchr("imU-", re[k])) return false;
            ++k;
          }
          if (k >= end) return false;
          if (re[k] == ':') ++depth;
          else item = false;  // a flag group sets flags, it matches nothing
          i = k + 1;
        }
      } else {
        ++depth;
        ++i;
      }
    } else if (c == ')') {
      if (--depth < 0) return false;
      item = false;
      ++i;
    } else if (c == '|') {
      if (depth == 0) out->top_level_bar = true;
      item = false;
      ++i;
    } else if (c == '*' || c == '+' || c == '?' || (c == '{' && repeat_length(re, i, end) > 0)) {
      if (depth == 0) out->last_item_quantified = true;
      i += c == '{' ? repeat_length(re, i, end) : 1;
      item = false;
    } else {
      if (c == '\n') out->line_free = false;
      ++i;
    }
    // depth is already raised for a group that opened here; its item starts at depth 0.
    const bool at_top = c == '(' ? depth == 1 : depth == 0;
    if (item && at_top) {
      out->last_item = start;
      out->last_item_quantified = false;
    }
  }
  return depth == 0;
}

bool line_free(std::string_view re, size_t begin, size_t end) {
  Scan s;
  return scan(re, begin, end, &s) && s.line_free;
}

// Whether re[begin, end) is one character: a class, an escape or a raw byte.
bool one_character(std::string_view re, size_t begin, size_t end) {
  if (begin >= end) return false;
  if (re[begin] == '[') {
    bool nl = false;
    return read_class(re, begin, &nl) == end;
  }
  if (re[begin] == '\\') return end - begin == 2 && re[begin + 1] != 'Q';
  return end - begin == 1 && !std::strchr("()|*+?{.^$", re[begin]);
}

// The last item re[begin, end) may match '\n' only as a whole match's last byte: a class, or a
// group whose alternatives are each line-free or one character.
bool terminator(std::string_view re, size_t begin, size_t end) {
  if (re[begin] == '[') return one_character(re, begin, end);
  if (re[begin] != '(' || re[end - 1] != ')') return false;
  size_t inner = begin + 1;
  if (re.compare(begin, 3, "(?:") == 0) {
    inner = begin + 3;
  } else if (re.compare(begin, 4, "(?P<") == 0) {
    inner = re.find('>', begin) + 1;
  } else if (re.compare(begin, 2, "(?") == 0) {
    return false;  // (?i:...) and the like: not worth following
  }
  const size_t inner_end = end - 1;
  // Split on '|' at the group's own depth.
  int depth = 0;
  size_t alt = inner;
  for (size_t i = inner; i <= inner_end; ++i) {
    if (i < inner_end) {
      const char c = re[i];
      if (c == '\\') {
        ++i;
        continue;
      }
      if (c == '[') {
        bool nl = false;
        const size_t next = read_class(re, i, &nl);
        if (next == kFail) return false;
        i = next - 1;
        continue;
      }
      if (c == '(') ++depth;
      if (c == ')') --depth;
      if (c != '|' || depth != 0) continue;
    }
    if (!line_free(re, alt, i) && !one_character(re, alt, i)) return false;
    alt = i + 1;
  }
  return true;
}

}  // namespace

bool wraps_cleanly(std::string_view re) {
  int depth = 0;
  for (size_t i = 0; i < re.size(); ++i) {
    const char c = re[i];
    if (c == '\\') {
      if (i + 1 >= re.size() || re[i + 1] == 'Q') return false;
      ++i;
    } else if (c == '[') {
      bool nl = false;
      const size_t next = read_class(re, i, &nl);
      if (next == kFail) return false;
      i = next - 1;
    } else if (c == '(') {
      ++depth;
    } else if (c == ')') {
      if (--depth < 0) return false;
    }
  }
  return depth == 0;
}

bool matches_stay_on_one_line(std::string_view re) {
  Scan s;
  if (!scan(re, 0, re.size(), &s)) return false;
  if (s.line_free) return true;
  if (s.top_level_bar || s.last_item == kFail || s.last_item_quantified) return false;
  return line_free(re, 0, s.last_item) && terminator(re, s.last_item, re.size());
}

}  // namespace keysweep
