// Finds and decodes the encoded regions of a chunk (see encoded_regions.h for what and the
// limits). Three passes, each bounded by the chunk and the decode budget:
//   1. memchr for `S` (of `kind: Secret`); for a chunk that holds it, the values of its `data:` maps,
//      line by line, each region after a kKubernetesSecretHeader line;
//   2. the base64 runs at the given starts (the values the rules captured: no scan of our own);
//   3. a search for `\"` (find_escaped_quote); a line with one next to a secret assignment
//      becomes a JSON region.
// A candidate that is not valid base64 of text is dropped; a JSON region is always decoded.
#include "scanner/decode/encoded_regions.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <optional>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "scanner/check/base64.h"
#include "scanner/decode/transcode.h"

namespace keysweep {
namespace {

bool is_b64(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
}

bool is_name_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
         c == '.';
}


// The 4 hex digits at in[at..at+4) as a code unit, or -1.
int32_t hex4(std::string_view in, size_t at) {
  if (at + 4 > in.size()) return -1;
  int32_t v = 0;
  for (size_t k = at; k < at + 4; ++k) {
    const char c = in[k];
    int d;
    if (c >= '0' && c <= '9') d = c - '0';
    else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
    else return -1;
    v = v * 16 + d;
  }
  return v;
}

// An escaped quote next to an assignment (`= \"`, `: \"`, `\": `, at most 4 blanks between)
// whose name holds a secret-like word (secret_word_before): where an escape stands between a secret-like
// name and its value, so that the assignment rules cannot see it until it is undone. Escapes
// elsewhere (`df[\"col\"]`, `print(\"hi\")`, `sep=\"\\t\"`) hide no secret assignment, and decoding
// every line that has one doubled the scan time of a notebook-heavy tree. (A token with a
// prefix of its own, `ghp_`, `AKIA`, is found raw: an escape before it hides nothing.)
// The next `\"` at or after `from`, or npos. Sixteen bytes at a time with SSE2 (baseline on
// x86-64): a JSON text has a backslash every few dozen bytes (each `\n` of a notebook's source
// lines), where a memchr call per backslash cost a fifth of a notebook tree's scan, and on
// ordinary code this is as fast as memchr. An escaped backslash before a quote (`\\"`) is found
// too: json_trigger may then start a region that needed none, which costs only time.
size_t find_escaped_quote(std::string_view s, size_t i) {
  const size_t n = s.size();
#if defined(__SSE2__)
  const __m128i backslash = _mm_set1_epi8('\\');
  const __m128i quote = _mm_set1_epi8('"');
  for (; i + 17 <= n; i += 16) {
    const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
    const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i + 1));
    const unsigned m = static_cast<unsigned>(
        _mm_movemask_epi8(_mm_and_si128(_mm_cmpeq_epi8(a, backslash), _mm_cmpeq_epi8(b, quote))));
    if (m != 0) return i + static_cast<size_t>(std::countr_zero(m));
  }
#endif
  for (; i + 1 < n; ++i) {
    if (s[i] == '\\' && s[i + 1] == '"') return i;
  }
  return std::string_view::npos;
}

// A secret-like word in the name assigned to at `at` (an escaped quote): left of it, past
// blanks, one ':' or '=', blanks and a closing quote (`\"`, `"` or `'`), the run of at most 40
// name characters, case-insensitively. The words are those the assignment rules key on.
bool secret_word_before(std::string_view chunk, size_t at) {
  size_t x = at;
  const auto skip_blanks_left = [&] {
    for (int n = 0; n < 4 && x > 0 && (chunk[x - 1] == ' ' || chunk[x - 1] == '\t'); ++n) --x;
  };
  skip_blanks_left();
  if (x > 0 && (chunk[x - 1] == ':' || chunk[x - 1] == '=')) {
    --x;
    skip_blanks_left();
  }
  if (x > 0 && (chunk[x - 1] == '"' || chunk[x - 1] == '\'')) {
    --x;
    if (x > 0 && chunk[x - 1] == '\\') --x;
  }
  const size_t end = x;
  while (x > 0 && end - x < 40 && is_name_char(chunk[x - 1])) --x;
  const auto lower = [&](size_t i) {
    const char c = chunk[i];
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  };
  const auto word_at = [&](size_t i, std::string_view w) {
    if (i + w.size() > end) return false;
    for (size_t k = 1; k < w.size(); ++k) {
      if (lower(i + k) != w[k]) return false;
    }
    return true;
  };
  for (size_t i = x; i < end; ++i) {
    switch (lower(i)) {
      case 'p': if (word_at(i, "pass") || word_at(i, "pwd")) return true; break;
      case 's': if (word_at(i, "secret")) return true; break;
      case 't': if (word_at(i, "token")) return true; break;
      case 'k': if (word_at(i, "key")) return true; break;
      case 'a': if (word_at(i, "auth")) return true; break;
      case 'c': if (word_at(i, "cred")) return true; break;
      default: break;
    }
  }
  return false;
}

bool json_trigger(std::string_view chunk, size_t at) {
  if (at + 1 >= chunk.size() || chunk[at] != '\\' || chunk[at + 1] != '"') return false;
  size_t b = at;
  for (int n = 0; n < 4 && b > 0 && (chunk[b - 1] == ' ' || chunk[b - 1] == '\t'); ++n) --b;
  bool assignment = b > 0 && (chunk[b - 1] == '=' || chunk[b - 1] == ':');
  if (!assignment) {
    size_t e = at + 2;
    for (int n = 0; n < 4 && e < chunk.size() && (chunk[e] == ' ' || chunk[e] == '\t'); ++n) ++e;
    assignment = e < chunk.size() && (chunk[e] == '=' || chunk[e] == ':');
  }
  return assignment && secret_word_before(chunk, at);
}

// Where the name context of a run starting at `run` begins: back over the separator (quotes,
// blanks, ':' or '='), then over the name, never across a line break nor more than kMaxContext.
size_t context_begin(std::string_view chunk, size_t run) {
  const size_t floor = run > RegionFinder::kMaxContext ? run - RegionFinder::kMaxContext : 0;
  size_t b = run;
  while (b > floor && (chunk[b - 1] == '"' || chunk[b - 1] == '\'' || chunk[b - 1] == ' ' || chunk[b - 1] == '\t' ||
                       chunk[b - 1] == ':' || chunk[b - 1] == '=')) {
    --b;
  }
  while (b > floor && is_name_char(chunk[b - 1])) --b;
  return b;
}

size_t skip_blanks(std::string_view chunk, size_t i, size_t most) {
  for (size_t n = 0; n < most && i < chunk.size() && (chunk[i] == ' ' || chunk[i] == '\t'); ++n) ++i;
  return i;
}

// `kind:` ending at `at`, then `Secret` (quoted or not) as a word.
bool kind_secret(std::string_view chunk, size_t at) {
  size_t i = skip_blanks(chunk, at, 4);
  if (i < chunk.size() && (chunk[i] == '"' || chunk[i] == '\'')) ++i;
  if (chunk.substr(i, 6) != "Secret") return false;
  return i + 6 >= chunk.size() || !is_name_char(chunk[i + 6]);
}

// A YAML block scalar header (`|`, `>`, with a chomping `-`/`+` and an indentation digit in
// either order), then blanks or a comment: the value is on the lines below.
bool block_scalar_header(std::string_view rest) {
  if (rest.empty() || (rest[0] != '|' && rest[0] != '>')) return false;
  size_t i = 1;
  for (int n = 0; n < 2 && i < rest.size() && (rest[i] == '-' || rest[i] == '+' || (rest[i] >= '1' && rest[i] <= '9'));
       ++n) {
    ++i;
  }
  i = rest.find_first_not_of(" \t", i);
  return i == std::string_view::npos || rest[i] == '#';
}

}  // namespace

std::string_view decode_kind_name(DecodeKind kind) {
  switch (kind) {
    case DecodeKind::kBase64: return "base64";
    case DecodeKind::kJsonEscape: return "json-escape";
    case DecodeKind::kBase64Binary: return "base64-binary";
    case DecodeKind::kNone: break;
  }
  return "";
}

const EncodedRegion* EncodedRegions::region_at(size_t offset) const {
  auto it = std::upper_bound(regions.begin(), regions.end(), offset,
                             [](size_t o, const EncodedRegion& r) { return o < r.text_begin; });
  if (it == regions.begin()) return nullptr;
  --it;
  return offset <= it->text_end ? &*it : nullptr;
}

size_t EncodedRegions::chunk_offset(const EncodedRegion& r, size_t offset, bool end) const {
  offset = std::clamp<size_t>(offset, r.text_begin, r.text_end);
  if (r.kind == DecodeKind::kBase64) {
    if (offset < r.body_begin) return r.raw_begin + (offset - r.text_begin);
    if (offset >= r.body_end && !(end && offset == r.body_end)) {
      return std::min<size_t>(r.raw_end, r.run_end + (offset - r.body_end));
    }
    const size_t k = offset - r.body_begin;
    const size_t groups = end ? (k + 2) / 3 : k / 3;
    return std::min<size_t>(r.run_end, r.run_begin + 4 * groups);
  }
  // JSON: the last checkpoint at or before `offset`, then 1:1, never past the next checkpoint;
  // base64-binary has none, so it is 1:1 throughout.
  const auto first = points.begin() + r.points_begin;
  const auto last = points.begin() + r.points_end;
  auto it = std::upper_bound(first, last, offset,
                             [](size_t o, const std::pair<uint32_t, uint32_t>& p) { return o < p.first; });
  const size_t limit = it == last ? r.raw_end : it->second;
  size_t base_text = r.text_begin;
  size_t base_raw = r.raw_begin;
  if (it != first) {
    base_text = std::prev(it)->first;
    base_raw = std::prev(it)->second;
  }
  return std::min(limit, base_raw + (offset - base_text));
}

size_t base64_run_end(std::string_view chunk, size_t begin) {
  const size_t cap = std::min(chunk.size(), begin + RegionFinder::kMaxBase64Run);
  size_t e = begin;
  while (e < cap && is_b64(chunk[e])) ++e;
  for (int pad = 0; pad < 2 && e < cap && chunk[e] == '='; ++pad) ++e;
  return e;
}

void unescape_json(std::string_view in, size_t raw_base, std::string* out,
                   std::vector<std::pair<uint32_t, uint32_t>>* points) {
  size_t i = 0;
  while (i < in.size()) {
    const char* bs = static_cast<const char*>(std::memchr(in.data() + i, '\\', in.size() - i));
    const size_t at = bs ? static_cast<size_t>(bs - in.data()) : in.size();
    out->append(in.data() + i, at - i);
    i = at;
    if (i >= in.size()) break;
    if (i + 1 >= in.size()) {  // a lone trailing backslash: kept
      out->push_back('\\');
      ++i;
      break;
    }
    size_t used = 2;
    const char c = in[i + 1];
    switch (c) {
      case '"': out->push_back('"'); break;
      case '\\': out->push_back('\\'); break;
      case '/': out->push_back('/'); break;
      case 'b': out->push_back('\b'); break;
      case 'f': out->push_back('\f'); break;
      case 'n': out->push_back('\n'); break;
      case 'r': out->push_back('\r'); break;
      case 't': out->push_back('\t'); break;
      case 'u': {
        const int32_t u = hex4(in, i + 2);
        if (u < 0) {
          used = 0;
          break;
        }
        uint32_t cp = static_cast<uint32_t>(u);
        used = 6;
        if (cp >= 0xD800 && cp <= 0xDBFF && i + 7 < in.size() && in[i + 6] == '\\' && in[i + 7] == 'u') {
          const int32_t lo = hex4(in, i + 8);
          if (lo >= 0xDC00 && lo <= 0xDFFF) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (static_cast<uint32_t>(lo) - 0xDC00);
            used = 12;
          }
        }
        if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0xFFFD;
        append_utf8(cp, out);
        break;
      }
      default: used = 0; break;
    }
    if (used == 0) {  // not an escape JSON knows, or a truncated \u: kept as it is, 1:1
      out->push_back('\\');
      ++i;
      continue;
    }
    i += used;
    points->emplace_back(static_cast<uint32_t>(out->size()), static_cast<uint32_t>(raw_base + i));
  }
}

bool is_text(std::string_view s) {
  if (s.empty()) return false;
  size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) return false;
      ++i;
      continue;
    }
    size_t len;
    uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) len = 2, cp = c & 0x1F;
    else if (c >= 0xE0 && c <= 0xEF) len = 3, cp = c & 0x0F;
    else if (c >= 0xF0 && c <= 0xF4) len = 4, cp = c & 0x07;
    else return false;
    if (i + len > s.size()) return false;
    for (size_t k = 1; k < len; ++k) {
      const unsigned char cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    // Overlong, surrogate, or beyond U+10FFFF; and C1 controls.
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF) || (cp >= 0x80 && cp < 0xA0)) {
      return false;
    }
    i += len;
  }
  return true;
}

Result<std::unique_ptr<RegionFinder>> RegionFinder::create() {
  return std::unique_ptr<RegionFinder>(new RegionFinder());
}

bool RegionFinder::find(std::string_view chunk, const std::vector<uint32_t>& starts, EncodedRegions* out) {
  out->clear();
  size_t budget = kMaxEncodedBytes;

  // One region: [raw_begin, run) copied, the run decoded, one closing quote copied. Each run is
  // tried once, decoded or not: pass 1 (Kubernetes Secret values, first so that their regions get
  // their header) goes forwards line by line and records the runs it tried in runs_ (ascending),
  // pass 2 skips those.
  runs_.clear();
  // Set by add_base64 when a first-pass run decoded to binary (kMinBinaryBytes or more, not
  // text, kMinBinaryDistinct distinct bytes): its chunk span, for add_kubernetes_value.
  bool binary = false;
  size_t binary_begin = 0, binary_run = 0, binary_run_end = 0, binary_end = 0;
  const auto add_base64 = [&](size_t raw_begin, size_t run, bool first_pass) {
    binary = false;
    if (first_pass) {
      runs_.push_back(static_cast<uint32_t>(run));
    } else if (std::binary_search(runs_.begin(), runs_.end(), static_cast<uint32_t>(run))) {
      return;
    }
    size_t run_end = base64_run_end(chunk, run);
    if (run_end - run < kMinBase64Run) return;
    std::string_view encoded = chunk.substr(run, run_end - run);
    if (run_end - run >= kMaxBase64Run) {  // capped: the first whole groups only
      const size_t n = (kMaxBase64Run / 4) * 4;
      encoded = chunk.substr(run, n);
      run_end = run + n;
    }
    size_t raw_end = run_end;
    if (raw_end < chunk.size() && (chunk[raw_end] == '"' || chunk[raw_end] == '\'')) ++raw_end;
    if (raw_end - raw_begin > budget) {
      out->truncated = true;
      return;
    }
    std::optional<std::string> decoded = base64_decode(encoded, Base64Alphabet::kStandard);
    if (!decoded) return;
    if (!is_text(*decoded)) {
      if (first_pass && decoded->size() >= kMinBinaryBytes) {
        std::array<bool, 256> seen{};
        size_t distinct = 0;
        for (const char ch : *decoded) {
          bool& b = seen[static_cast<unsigned char>(ch)];
          distinct += !b;
          b = true;
        }
        if (distinct >= kMinBinaryDistinct) {
          binary = true;
          binary_begin = raw_begin, binary_run = run, binary_run_end = run_end, binary_end = raw_end;
        }
      }
      return;
    }
    budget -= raw_end - raw_begin;
    EncodedRegion r;
    r.kind = DecodeKind::kBase64;
    r.text_begin = static_cast<uint32_t>(out->text.size());
    r.raw_begin = static_cast<uint32_t>(raw_begin);
    r.raw_end = static_cast<uint32_t>(raw_end);
    r.run_begin = static_cast<uint32_t>(run);
    r.run_end = static_cast<uint32_t>(run_end);
    out->text.append(chunk.substr(raw_begin, run - raw_begin));
    r.body_begin = static_cast<uint32_t>(out->text.size());
    out->text.append(*decoded);
    r.body_end = static_cast<uint32_t>(out->text.size());
    out->text.append(chunk.substr(run_end, raw_end - run_end));
    r.text_end = static_cast<uint32_t>(out->text.size());
    out->text.push_back('\n');
    out->regions.push_back(r);
  };

  // Is this a Kubernetes Secret manifest? memchr for 'S' (glibc's memmem cost a tenth of a
  // notebook tree's scan; a capital S is rarer than any byte of `kind:`), then `Secret` as a
  // word after `kind:`.
  bool k8s_secret = false;
  for (size_t at = 0; at < chunk.size() && !k8s_secret;) {
    const char* hit = static_cast<const char*>(std::memchr(chunk.data() + at, 'S', chunk.size() - at));
    if (!hit) break;
    const size_t s_at = static_cast<size_t>(hit - chunk.data());
    at = s_at + 1;
    size_t k = s_at;
    if (k > 0 && (chunk[k - 1] == '"' || chunk[k - 1] == '\'')) --k;
    for (int n = 0; n < 4 && k > 0 && (chunk[k - 1] == ' ' || chunk[k - 1] == '\t'); ++n) --k;
    if (k >= 5 && chunk.substr(k - 5, 5) == "kind:") k8s_secret = kind_secret(chunk, k);
  }

  // 1. Kubernetes Secret data: every `data:` line, then the more-indented `key: value` lines
  // after it whose whole value is a base64 run, or whose value is a block scalar (`key: |`)
  // whose first line below, more indented than the key, is one (the context then spans the
  // line break: `key: |\n    `).
  if (k8s_secret && !out->truncated) {
    // Each value's region is preceded by kKubernetesSecretHeader (dropped again when the value
    // does not decode), so a rule can take any key of the map for a secret's name.
    const auto add_kubernetes_value = [&](size_t key, size_t run) {
      const size_t mark = out->text.size();
      const size_t count = out->regions.size();
      out->text.append(kKubernetesSecretHeader);
      add_base64(key, run, true);
      if (out->regions.size() != count) return;
      out->text.resize(mark);
      if (!binary || binary_end - binary_begin > budget) return;
      // A binary value: the header, then its chunk bytes as they are (1:1, no checkpoints).
      budget -= binary_end - binary_begin;
      out->text.append(kKubernetesBinaryHeader);
      EncodedRegion r;
      r.kind = DecodeKind::kBase64Binary;
      r.text_begin = static_cast<uint32_t>(out->text.size());
      r.raw_begin = static_cast<uint32_t>(binary_begin);
      r.raw_end = static_cast<uint32_t>(binary_end);
      r.run_begin = static_cast<uint32_t>(binary_run);
      r.run_end = static_cast<uint32_t>(binary_run_end);
      r.points_begin = r.points_end = static_cast<uint32_t>(out->points.size());
      out->text.append(chunk.substr(binary_begin, binary_end - binary_begin));
      r.text_end = static_cast<uint32_t>(out->text.size());
      out->text.push_back('\n');
      out->regions.push_back(r);
    };
    size_t pos = 0;
    size_t data_indent = SIZE_MAX;  // indentation of the current `data:` line; SIZE_MAX = none
    size_t block_key = SIZE_MAX;    // chunk offset of a `key: |` line's key; SIZE_MAX = none
    size_t block_indent = 0;        // that key's indentation
    while (pos < chunk.size() && !out->truncated) {
      const char* nl = static_cast<const char*>(std::memchr(chunk.data() + pos, '\n', chunk.size() - pos));
      const size_t line_end = nl ? static_cast<size_t>(nl - chunk.data()) : chunk.size();
      std::string_view line = chunk.substr(pos, line_end - pos);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      size_t indent = 0;
      while (indent < line.size() && line[indent] == ' ') ++indent;
      const std::string_view body = line.substr(indent);
      if (!body.empty() && block_key != SIZE_MAX) {
        const size_t key = block_key;
        block_key = SIZE_MAX;
        if (indent > block_indent) {
          add_kubernetes_value(key, pos + indent);
          pos = line_end + 1;
          continue;
        }
      }
      if (!body.empty() && body[0] != '#') {
        if (data_indent != SIZE_MAX && indent <= data_indent) data_indent = SIZE_MAX;
        if (body.rfind("data:", 0) == 0 && body.find_first_not_of(" \t", 5) == std::string_view::npos) {
          data_indent = indent;
        } else if (data_indent != SIZE_MAX) {
          const size_t colon = body.find(": ");
          if (colon != std::string_view::npos) {
            size_t v = colon + 2;
            while (v < body.size() && body[v] == ' ') ++v;
            if (block_scalar_header(body.substr(v))) {
              block_key = pos + indent;
              block_indent = indent;
            } else {
              if (v < body.size() && (body[v] == '"' || body[v] == '\'')) ++v;
              add_kubernetes_value(pos + indent, pos + indent + v);
            }
          }
        }
      }
      pos = line_end + 1;
    }
  }

  // 2. The values the rules captured: the base64 run holding each start (a run pass 1 took as a
  // Kubernetes Secret value is not tried again). In chunk order, and a
  // start inside the run just tried is skipped, so each byte is looked at a bounded number of
  // times however many captures a run holds.
  sorted_.assign(starts.begin(), starts.end());
  std::sort(sorted_.begin(), sorted_.end());
  size_t tried_end = 0;  // end of the last run tried
  for (const uint32_t start : sorted_) {
    if (out->truncated) break;
    if (start < tried_end || start >= chunk.size() || !is_b64(chunk[start])) continue;
    size_t run = start;
    const size_t floor = std::max(tried_end, start > kMaxBase64Run ? start - kMaxBase64Run : 0);
    while (run > floor && is_b64(chunk[run - 1])) --run;
    tried_end = std::max<size_t>(start + 1, base64_run_end(chunk, run));
    add_base64(context_begin(chunk, run), run, false);
  }

  // 3. JSON escapes: lines with an escaped quote next to an assignment (json_trigger), each at
  // most kJsonReach around those escapes; a region
  // stops growing at kMaxJsonRegion (then the next escape starts a new one).
  constexpr size_t kMaxJsonRegion = 64 * 1024;
  size_t pos = 0;
  size_t prev_end = 0;
  while (pos < chunk.size() && !out->truncated) {
    const size_t p = find_escaped_quote(chunk, pos);
    if (p == std::string_view::npos) break;
    if (!json_trigger(chunk, p)) {
      pos = p + 2;
      continue;
    }
    const size_t floor = std::max(prev_end, p > kJsonReach ? p - kJsonReach : 0);
    size_t b = p;
    while (b > floor && chunk[b - 1] != '\n' && chunk[b - 1] != '\r') --b;
    size_t e = p + 2;
    size_t limit = std::min(chunk.size(), e + kJsonReach);
    while (e < limit && chunk[e] != '\n' && chunk[e] != '\r') {
      if (chunk[e] == '\\') {
        if (json_trigger(chunk, e) && e - b < kMaxJsonRegion) limit = std::min(chunk.size(), e + 2 + kJsonReach);
        e = std::min(e + 2, limit);
        continue;
      }
      ++e;
    }
    if (e - b > budget) {
      out->truncated = true;
      break;
    }
    budget -= e - b;
    EncodedRegion r;
    r.kind = DecodeKind::kJsonEscape;
    r.text_begin = static_cast<uint32_t>(out->text.size());
    r.raw_begin = static_cast<uint32_t>(b);
    r.raw_end = static_cast<uint32_t>(e);
    r.points_begin = static_cast<uint32_t>(out->points.size());
    unescape_json(chunk.substr(b, e - b), b, &out->text, &out->points);
    r.points_end = static_cast<uint32_t>(out->points.size());
    r.text_end = static_cast<uint32_t>(out->text.size());
    out->text.push_back('\n');
    out->regions.push_back(r);
    prev_end = e;
    pos = e;
  }
  return true;
}

}  // namespace keysweep
