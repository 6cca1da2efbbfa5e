// Parses ignore files into compiled patterns and matches paths against them (contract and limits
// in ignore_file.h).
//
// Git's wildmatch is a backtracking matcher: `*a*a*a*a*b` against a long run of a's takes time
// exponential in the number of stars. Here each pattern is compiled into tokens and run as a
// Thompson NFA: the set of token positions reachable after each path byte, kept as a list plus a
// generation stamp per position, so every (byte, position) pair is visited at most once and the
// work is bounded by (n + 1) x (t + 1). The semantics follow git's code (dir.c:
// parse_path_pattern, match_basename, match_pathname, prep_exclude; wildmatch.c: dowild), not
// only its manual, including the corner cases the manual leaves out; ignore_file_test.cc checks
// them against a real `git check-ignore`.
#include "scanner/finding/ignore_file.h"

#include <algorithm>
#include <utility>

namespace keysweep {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

bool is_glob_special(char c) { return c == '*' || c == '?' || c == '[' || c == '\\'; }

// git's simple_length: the bytes before the first wildcard (or escape).
size_t literal_prefix_length(std::string_view p) {
  size_t i = 0;
  while (i < p.size() && !is_glob_special(p[i])) ++i;
  return i;
}

bool is_fingerprint(std::string_view s) {
  return s.size() == 32 && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

std::string_view trim_blanks(std::string_view s) {
  const size_t b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

// git's trim_trailing_spaces: drops the trailing run of unescaped spaces; a line ending in a
// lone backslash keeps its spaces (there are none after it).
std::string_view trim_trailing_spaces(std::string_view s) {
  size_t last_space = std::string_view::npos;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == ' ') {
      if (last_space == std::string_view::npos) last_space = i;
    } else if (s[i] == '\\') {
      if (++i == s.size()) return s;
      last_space = std::string_view::npos;
    } else {
      last_space = std::string_view::npos;
    }
  }
  return last_space == std::string_view::npos ? s : s.substr(0, last_space);
}

using ByteSet = std::array<uint64_t, 4>;
void set_byte(ByteSet* set, unsigned c) { (*set)[c >> 6] |= uint64_t{1} << (c & 63); }
bool has_byte(const ByteSet& set, unsigned c) { return (set[c >> 6] >> (c & 63)) & 1; }

// The ASCII members of a POSIX class, as git's ctype (git-compat-util.h) defines them; false
// for an unknown name (git then fails the whole match).
bool add_posix_class(std::string_view name, ByteSet* set) {
  bool (*in)(unsigned) = nullptr;
  if (name == "alnum") {
    in = [](unsigned c) {
      return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
    };
  } else if (name == "alpha") {
    in = [](unsigned c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; };
  } else if (name == "blank") {
    in = [](unsigned c) { return c == ' ' || c == '\t'; };
  } else if (name == "cntrl") {
    in = [](unsigned c) { return c < 0x20 || c == 0x7f; };
  } else if (name == "digit") {
    in = [](unsigned c) { return c >= '0' && c <= '9'; };
  } else if (name == "graph") {
    in = [](unsigned c) { return c > 0x20 && c < 0x7f; };
  } else if (name == "lower") {
    in = [](unsigned c) { return c >= 'a' && c <= 'z'; };
  } else if (name == "print") {
    in = [](unsigned c) { return c >= 0x20 && c < 0x7f; };
  } else if (name == "punct") {
    in = [](unsigned c) {
      return c > 0x20 && c < 0x7f && !(c >= '0' && c <= '9') &&
             !((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
    };
  } else if (name == "space") {
    in = [](unsigned c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  } else if (name == "upper") {
    in = [](unsigned c) { return c >= 'A' && c <= 'Z'; };
  } else if (name == "xdigit") {
    in = [](unsigned c) {
      return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f');
    };
  } else {
    return false;
  }
  for (unsigned c = 0; c < 128; ++c) {
    if (in(c)) set_byte(set, c);
  }
  return true;
}

// Parses the bracket expression whose `[` is at p[*i - 1], as dowild does (the same steps, so the
// same corner cases: a `]` first is a member, `-` at either end is a member, `[:` without `:]`
// is a literal `[`), collecting the members for every byte at once instead of testing one.
// On success *i is just past the closing `]`. False when git aborts the match: no closing `]`,
// an escape at the end, an unknown class name.
bool parse_class(std::string_view p, size_t* i, ByteSet* set, bool* negated) {
  // dowild reads a C string: the end reads as NUL (patterns hold no NUL, see parse).
  auto at = [&](size_t k) -> unsigned {
    return k < p.size() ? static_cast<unsigned char>(p[k]) : 0;
  };
  size_t k = *i;
  unsigned ch = at(k);
  if (ch == '^') ch = '!';
  *negated = ch == '!';
  if (*negated) ch = at(++k);
  unsigned prev = 0;
  do {
    if (ch == 0) return false;
    if (ch == '\\') {
      ch = at(++k);
      if (ch == 0) return false;
      set_byte(set, ch);
    } else if (ch == '-' && prev != 0 && at(k + 1) != 0 && at(k + 1) != ']') {
      ch = at(++k);
      if (ch == '\\') {
        ch = at(++k);
        if (ch == 0) return false;
      }
      for (unsigned c = prev; c <= ch; ++c) set_byte(set, c);
      ch = 0;  // a range's end cannot start another range
    } else if (ch == '[' && at(k + 1) == ':') {
      const size_t s = k + 2;
      k = s;
      while ((ch = at(k)) != 0 && ch != ']') ++k;
      if (ch == 0) return false;
      if (k == s || at(k - 1) != ':') {
        // No ":]": the `[` is an ordinary member and scanning resumes after it.
        k = s - 2;
        ch = '[';
        set_byte(set, ch);
        continue;
      }
      if (!add_posix_class(p.substr(s, k - s - 1), set)) return false;
      ch = 0;
    } else {
      set_byte(set, ch);
    }
  } while (prev = ch, (ch = at(++k)) != ']');
  *i = k + 1;
  return true;
}

}  // namespace

// Compiles patterns into tokens, and runs one as an NFA over the positions 0..t (t = accepted).
// An instance is the scratch of one ignores_path call, grown to the longest pattern it runs.
class IgnoreMatcher {
 public:
  using Pattern = IgnoreFile::Pattern;
  // The memory arithmetic of ignore_file.h counts 8 bytes a token.
  static_assert(sizeof(IgnoreFile::Token) == 8);
  static_assert(sizeof(IgnoreFile::Pattern) <= 88);

  static bool compile(std::string_view p, size_t start, Pattern* out);

  void start(const Pattern& p) {
    pattern_ = &p;
    // Zeros are never a current generation (gen_ starts above 0), so growing keeps stamps valid.
    if (stamp_.size() < p.tokens.size() + 1) stamp_.resize(p.tokens.size() + 1, 0);
    cur_.clear();
    ++gen_;
    add(0, &cur_);
  }
  bool accepting() const { return accept_gen_ == gen_; }
  bool alive() const { return !cur_.empty(); }

  void step(unsigned char c) {
    const std::vector<IgnoreFile::Token>& tokens = pattern_->tokens;
    const uint32_t accept = static_cast<uint32_t>(tokens.size());
    ++gen_;
    next_.clear();
    for (const uint32_t k : cur_) {
      if (k == accept) continue;
      const IgnoreFile::Token& t = tokens[k];
      switch (t.kind) {
        case IgnoreFile::TokenKind::kByte:
          if (c == t.byte) add(k + 1, &next_);
          break;
        case IgnoreFile::TokenKind::kAnyByte:
          if (c != '/') add(k + 1, &next_);
          break;
        case IgnoreFile::TokenKind::kClass:
          if (c != '/' && has_byte(pattern_->classes[t.index], c) != t.negated) add(k + 1, &next_);
          break;
        case IgnoreFile::TokenKind::kStar:
          if (c != '/') add(k, &next_);
          break;
        case IgnoreFile::TokenKind::kStarStar:
          add(k, &next_);
          break;
        case IgnoreFile::TokenKind::kSplit:
          break;
      }
    }
    cur_.swap(next_);
  }

  // Whether the whole of `text` matches.
  bool matches(const Pattern& p, std::string_view text) {
    if (p.is_literal) return text == p.literal;
    start(p);
    for (size_t j = 0; j < text.size() && alive(); ++j) step(static_cast<unsigned char>(text[j]));
    return accepting();
  }

 private:
  // Adds position k and what it reaches without reading a byte: past a star (it may match
  // nothing) and, from the split before `**/`, past the '/' too. Only the split skips the '/':
  // once `**` has read a byte the '/' must follow. Iterative: positions only move forward.
  void add(uint32_t k, std::vector<uint32_t>* list) {
    const std::vector<IgnoreFile::Token>& tokens = pattern_->tokens;
    stack_.clear();
    stack_.push_back(k);
    while (!stack_.empty()) {
      const uint32_t s = stack_.back();
      stack_.pop_back();
      if (stamp_[s] == gen_) continue;
      stamp_[s] = gen_;
      list->push_back(s);
      if (s == tokens.size()) {
        accept_gen_ = gen_;
        continue;
      }
      const IgnoreFile::Token& t = tokens[s];
      if (t.kind == IgnoreFile::TokenKind::kStar || t.kind == IgnoreFile::TokenKind::kStarStar ||
          t.kind == IgnoreFile::TokenKind::kSplit) {
        stack_.push_back(s + 1);
      }
      if (t.kind == IgnoreFile::TokenKind::kSplit) stack_.push_back(s + 3);
    }
  }

  const Pattern* pattern_ = nullptr;
  std::vector<uint64_t> stamp_;  // stamp_[k] == gen_: position k is in the set being built
  uint64_t gen_ = 0;
  uint64_t accept_gen_ = 0;
  std::vector<uint32_t> cur_, next_, stack_;
};

// Compiles a pattern (its `!`, trailing '/' and anchoring '/' already removed). False when it
// can never match (as in git: a lone trailing `\`, an unterminated or malformed `[...]`).
// `start` is where git's wildmatch sees the pattern begin (after the literal prefix of an
// anchored pattern), which decides whether a leading `**` is a directory wildcard.
bool IgnoreMatcher::compile(std::string_view p, size_t start, Pattern* out) {
  using TokenKind = IgnoreFile::TokenKind;
  size_t i = 0;
  while (i < p.size()) {
    const char c = p[i];
    IgnoreFile::Token t;
    if (c == '?') {
      t.kind = TokenKind::kAnyByte;
      ++i;
    } else if (c == '\\') {
      if (++i == p.size()) return false;
      t.byte = static_cast<uint8_t>(p[i++]);
    } else if (c == '[') {
      ByteSet set{};
      ++i;
      if (!parse_class(p, &i, &set, &t.negated)) return false;
      t.kind = TokenKind::kClass;
      t.index = static_cast<uint32_t>(out->classes.size());
      out->classes.push_back(set);
    } else if (c == '*') {
      size_t j = i + 1;
      t.kind = TokenKind::kStar;
      if (j < p.size() && p[j] == '*') {
        while (j < p.size() && p[j] == '*') ++j;
        const bool after_slash = i == start || (i > 0 && p[i - 1] == '/');
        const bool before_slash =
            j == p.size() || p[j] == '/' || (p[j] == '\\' && j + 1 < p.size() && p[j + 1] == '/');
        if (after_slash && before_slash) {
          t.kind = TokenKind::kStarStar;
          // `**/` may also match nothing, '/' included: a split before the `**` and the '/'
          // (3 tokens for 3 bytes, so tokens never outnumber bytes).
          if (j < p.size() && p[j] == '/') {
            IgnoreFile::Token split;
            split.kind = TokenKind::kSplit;
            out->tokens.push_back(split);
          }
        }
      }
      i = j;
    } else {
      t.byte = static_cast<uint8_t>(c);
      ++i;
    }
    out->tokens.push_back(t);
  }
  return true;
}

bool IgnoreFile::has_fingerprint(std::string_view fp) const {
  return std::binary_search(fingerprints_.begin(), fingerprints_.end(), fp,
                            [](std::string_view a, std::string_view b) { return a < b; });
}

bool IgnoreFile::ignores_path(std::string_view path) const {
  if (path.empty() || patterns_.empty()) return false;
  // Level k is the k-th parent directory from the root, then the file itself (the last level):
  // path[0, ends[k]).
  std::vector<size_t> ends;
  for (size_t j = 0; j < path.size(); ++j) {
    if (path[j] == '/') ends.push_back(j);
  }
  ends.push_back(path.size());
  const size_t levels = ends.size();
  std::vector<uint8_t> decided(levels, 0);
  size_t undecided = levels;
  IgnoreMatcher nfa;

  // Patterns from the last: the first that matches a level is the last matching one there, and
  // decides it. A level excluded that way (a parent directory, or the file) ignores the path,
  // whatever decides the other levels (git's prep_exclude stops at an excluded directory).
  for (size_t i = patterns_.size(); i-- > 0;) {
    const Pattern& p = patterns_[i];
    // A directory-only pattern never decides the file's level.
    const size_t last = p.dir_only ? levels - 1 : levels;
    auto decide = [&](size_t k) {
      decided[k] = 1;
      --undecided;
    };
    bool matched_positive = false;
    if (p.basename) {
      for (size_t k = 0; k < last && !matched_positive; ++k) {
        if (decided[k]) continue;
        const size_t begin = k == 0 ? 0 : ends[k - 1] + 1;
        if (nfa.matches(p, path.substr(begin, ends[k] - begin))) {
          decide(k);
          matched_positive = !p.negative;
        }
      }
    } else if (p.is_literal) {
      for (size_t k = 0; k < last; ++k) {
        if (ends[k] < p.literal.size()) continue;
        if (ends[k] == p.literal.size() && !decided[k] && path.substr(0, ends[k]) == p.literal) {
          decide(k);
          matched_positive = !p.negative;
        }
        break;
      }
    } else {
      // One run over the path: the set after reading path[0, ends[k]) says whether level k
      // matches.
      size_t last_open = 0;  // one past the last undecided level this pattern may decide
      for (size_t k = 0; k < last; ++k) {
        if (!decided[k]) last_open = k + 1;
      }
      nfa.start(p);
      size_t k = 0;
      for (size_t j = 0; k < last_open && nfa.alive() && !matched_positive; ++j) {
        if (j == ends[k]) {
          if (!decided[k] && nfa.accepting()) {
            decide(k);
            matched_positive = !p.negative;
          }
          ++k;
          if (k == last_open) break;
        }
        nfa.step(static_cast<unsigned char>(path[j]));
      }
    }
    if (matched_positive) return true;
    if (undecided == 0) return false;
  }
  return false;
}

Result<IgnoreFile> parse_ignore_file(std::string_view text, const std::string& label,
                                     IgnoreSyntax syntax) {
  if (text.substr(0, kUtf8Bom.size()) == kUtf8Bom) text.remove_prefix(kUtf8Bom.size());
  IgnoreFile out;
  size_t pattern_lines = 0;
  size_t fingerprint_lines = 0;
  size_t line_no = 0;
  auto error = [&](const std::string& what) {
    return Status::error("ignore file '" + label + "' line " + std::to_string(line_no) + ": " +
                         what);
  };
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t nl = text.find('\n', pos);
    std::string_view line =
        text.substr(pos, nl == std::string_view::npos ? text.size() - pos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() : nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.size() > kMaxIgnoreLineBytes) {
      return error("line longer than " + std::to_string(kMaxIgnoreLineBytes) + " bytes");
    }
    line = line.substr(0, line.find('\0'));
    if (line.empty() || line[0] == '#') continue;
    if (syntax == IgnoreSyntax::kKeysweep && is_fingerprint(trim_blanks(line))) {
      if (++fingerprint_lines > kMaxIgnoreFingerprints) {
        return error("more than " + std::to_string(kMaxIgnoreFingerprints) + " fingerprints");
      }
      out.fingerprints_.emplace_back(trim_blanks(line));
      continue;
    }
    std::string_view p = trim_trailing_spaces(line);
    if (p.empty()) continue;
    if (++pattern_lines > kMaxIgnorePatterns) {
      return error("more than " + std::to_string(kMaxIgnorePatterns) + " patterns");
    }
    IgnoreFile::Pattern pattern;
    if (p[0] == '!') {
      pattern.negative = true;
      p.remove_prefix(1);
    }
    if (!p.empty() && p.back() == '/') {
      pattern.dir_only = true;
      p.remove_suffix(1);
    }
    pattern.basename = p.find('/') == std::string_view::npos;
    if (!pattern.basename && p[0] == '/') p.remove_prefix(1);
    const size_t prefix = literal_prefix_length(p);
    if (prefix == p.size()) {
      pattern.is_literal = true;
      pattern.literal = std::string(p);
    } else if (!IgnoreMatcher::compile(p, pattern.basename ? 0 : prefix, &pattern)) {
      continue;  // never matches: keeping it would change nothing
    }
    pattern.tokens.shrink_to_fit();
    pattern.classes.shrink_to_fit();
    out.patterns_.push_back(std::move(pattern));
  }
  out.patterns_.shrink_to_fit();
  std::sort(out.fingerprints_.begin(), out.fingerprints_.end());
  out.fingerprints_.erase(std::unique(out.fingerprints_.begin(), out.fingerprints_.end()),
                          out.fingerprints_.end());
  out.fingerprints_.shrink_to_fit();
  return out;
}

}  // namespace keysweep
