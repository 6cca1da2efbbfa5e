#include "scanner/match/snippet_masks.h"

#include <algorithm>

#include "scanner/check/randomness.h"

namespace keysweep {

bool is_token_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
         c == '/' || c == '_' || c == '-';
}

namespace {

bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }

bool is_vowel(char c) {
  switch (c | 0x20) {
    case 'a': case 'e': case 'i': case 'o': case 'u': case 'y': return true;
    default: return false;
  }
}

// A part of an identifier reads as a word (or an acronym): 2 to 15 letters and, from 5 letters
// on, a vowel and no run of 5 consonants. Random letters fail one of these within a few parts.
bool word_like(std::string_view part) {
  if (part.size() < 2 || part.size() > 15) return false;
  if (part.size() < 5) return true;
  bool vowel = false;
  size_t consonants = 0;
  for (char c : part) {
    if (is_vowel(c)) {
      vowel = true;
      consonants = 0;
    } else if (++consonants >= 5) {
      return false;
    }
  }
  return vowel;
}

// Made of words, like an identifier or a path. Digits count as separators when there are few
// and each ends a word (OAUTH2_CLIENT_SECRET, python3/); a digit followed by a letter, or more
// than max(2, length / 8) digits, and the token is not word-made. Each run of letters is split where a lower-case letter is followed by a capital and
// before the last capital of a run of capitals followed by lower case ("XMLHttpRequest" -> "XML",
// "Http", "Request"); each part must be word_like, unless the run is a single letter
// ("X-Content-Type-Options"), and the parts must average at least 3.5 letters
// ("getElementById"). Random letters give 1-letter parts ("IHtJ" -> "I", "Ht", "J"), runs longer
// than any word ("ZFTWNVIVOAWVQGBM"), parts no word looks like ("eabwf"), or many short parts
// ("TSUdCuxQZIjeLKOL").
bool word_made(std::string_view token) {
  size_t digits = 0;
  for (size_t k = 0; k < token.size(); ++k) {
    if (token[k] < '0' || token[k] > '9') continue;
    ++digits;
    // A digit ends a word (S3_, python3/), it does not sit between letters.
    if (k + 1 < token.size() && (is_upper(token[k + 1]) || is_lower(token[k + 1]))) return false;
  }
  if (digits > std::max<size_t>(2, token.size() / 8)) return false;
  size_t letters = 0, parts = 0;
  size_t i = 0;
  while (i < token.size()) {
    if (!is_upper(token[i]) && !is_lower(token[i])) {
      ++i;
      continue;
    }
    size_t run_end = i;
    while (run_end < token.size() && (is_upper(token[run_end]) || is_lower(token[run_end]))) ++run_end;
    letters += run_end - i;
    if (run_end - i == 1) {
      ++parts;
    } else {
      size_t part = i;
      for (size_t k = i + 1; k <= run_end; ++k) {
        const bool cut = k == run_end || (is_lower(token[k - 1]) && is_upper(token[k])) ||
                         (k + 1 < run_end && is_upper(token[k - 1]) && is_upper(token[k]) &&
                          is_lower(token[k + 1]));
        if (cut) {
          if (!word_like(token.substr(part, k - part))) return false;
          ++parts;
          part = k;
        }
      }
    }
    i = run_end;
  }
  return parts == 0 || 2 * letters >= 7 * parts;
}

}  // namespace

bool looks_secret_like(std::string_view token) {
  while (!token.empty() && token.back() == '=') token.remove_suffix(1);
  if (token.size() < kMinSecretLikeToken) return false;
  if (word_made(token)) return false;
  return randomness_score(token) >= kSecretLikeRandomness;
}

void add_secret_like_tokens(std::string_view text, size_t begin, size_t end, std::vector<ByteRange>* out) {
  end = std::min(end, text.size());
  size_t pos = begin;
  // A token cut by `begin`: start from its real start.
  if (pos > 0 && pos < end && is_token_char(text[pos]) && (is_token_char(text[pos - 1]) || text[pos - 1] == '=')) {
    const size_t floor = pos > kMaxTokenReach ? pos - kMaxTokenReach : 0;
    while (pos > floor && (is_token_char(text[pos - 1]) || text[pos - 1] == '=')) --pos;
  }
  while (pos < end) {
    if (!is_token_char(text[pos])) {
      ++pos;
      continue;
    }
    const size_t tb = pos;
    const size_t limit = std::min(text.size(), std::max(end, pos) + kMaxTokenReach);
    while (pos < limit && is_token_char(text[pos])) ++pos;
    while (pos < limit && text[pos] == '=') ++pos;
    if (looks_secret_like(text.substr(tb, pos - tb))) {
      const size_t cb = std::max(tb, begin), ce = std::min(pos, end);
      if (cb < ce) out->push_back(ByteRange{cb, ce});
    }
  }
}

void merge_ranges(std::vector<ByteRange>* ranges) {
  std::sort(ranges->begin(), ranges->end(),
            [](const ByteRange& a, const ByteRange& b) { return a.begin < b.begin || (a.begin == b.begin && a.end < b.end); });
  size_t out = 0;
  for (const ByteRange& r : *ranges) {
    if (r.begin >= r.end) continue;
    if (out > 0 && r.begin <= (*ranges)[out - 1].end) {
      (*ranges)[out - 1].end = std::max((*ranges)[out - 1].end, r.end);
    } else {
      (*ranges)[out++] = r;
    }
  }
  ranges->resize(out);
}

}  // namespace keysweep
