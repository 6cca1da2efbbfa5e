#include "scanner/finding/placer.h"

#include <algorithm>
#include <cctype>

#include "scanner/check/token_checksum.h"
#include "scanner/finding/path_class.h"

namespace keysweep {
namespace {

// The part of a secret's first line a finding keeps as line_text, and in which an inline allow
// marker counts (finding/inline_allow.h): at most kLineContext bytes either side of the secret,
// so a huge one-line file with many secrets stays linear.
ByteRange line_window(const Chunk& chunk, size_t secret_begin, size_t secret_end) {
  const size_t ls = std::max(chunk.line_start(secret_begin),
                             secret_begin > kLineContext ? secret_begin - kLineContext : 0);
  const size_t le = std::min(chunk.line_end(secret_begin), secret_end + kLineContext);
  return ByteRange{ls, le};
}

// The secret of `m`: the chunk's bytes, or for a match found in decoded text
// (match/decoded_scan.h) the decoded bytes, since the chunk holds only the encoded form.
std::string_view secret_of(const Chunk& chunk, const MatchSet& matches, const Match& m) {
  if (m.decoded == 0) return chunk.bytes().substr(m.secret_begin, m.secret_end - m.secret_begin);
  const DecodedMatch& d = matches.decoded[m.decoded - 1];
  return std::string_view(matches.decoded_text).substr(d.secret_begin, d.secret_end - d.secret_begin);
}

}  // namespace

Placer::Placer(std::shared_ptr<const RuleSet> rules, bool resolve_overlaps, SuppressOptions suppress)
    : rules_(std::move(rules)),
      resolve_overlaps_(resolve_overlaps),
      suppressor_(std::make_unique<Suppressor>(*rules_, std::move(suppress))) {}

bool Placer::skips_path(std::string_view path) const {
  const re2::StringPiece p(path.data(), path.size());
  for (const auto& re : rules_->allow_paths()) {
    if (RE2::PartialMatch(p, *re)) return true;
  }
  return false;
}

std::optional<Suppression> Placer::suppressed(const Chunk& chunk, const MatchSet& matches, const Match& m,
                                              const Provenance& at, std::string* fp, PlaceTally* tally) const {
  const std::string_view text = chunk.bytes();
  const std::string_view secret = secret_of(chunk, matches, m);
  // Where an inline marker counts: the secret's first line as a finding shows it, and the line
  // before (in this chunk: a window of a larger input starts kMaxReach before the part it
  // reports, so only a line longer than that is cut), its last 2 x kLineContext bytes at most.
  const ByteRange lw = line_window(chunk, m.secret_begin, m.secret_end);
  std::string_view previous;
  if (const size_t ls = chunk.line_start(m.secret_begin); ls > 0) {
    const size_t prev_end = chunk.line_end(ls - 1);
    const size_t prev_begin =
        std::max(chunk.line_start(ls - 1), prev_end > 2 * kLineContext ? prev_end - 2 * kLineContext : 0);
    previous = text.substr(prev_begin, prev_end - prev_begin);
  }
  if (auto by = suppressor_->by_text(secret, text.substr(lw.begin, lw.end - lw.begin), previous, m.rule, at.path)) return by;
  if (auto by = suppressor_->by_place(at.commit, at.path, chunk.line_col(m.secret_begin).line, secret)) return by;
  Result<std::optional<Suppression>> by = suppressor_->by_fingerprint(secret, rules_->rules()[m.rule].rule.id, fp);
  if (!by) {
    // Not hidden: a finding that cannot be checked against the baseline is reported.
    if (tally && tally->error.empty()) tally->error = by.status().message();
    return std::nullopt;
  }
  return *by;
}

void Placer::place(const Chunk& chunk, const MatchSet& matches, const Provenance& at, const PlaceLimits& limits,
                   std::vector<Finding>* out, CappedCounts* capped, PlaceTally* tally) const {
  if (matches.matches.empty() || skips_path(at.path)) return;
  const auto& rules = rules_->rules();
  const std::vector<Match>& ms = matches.matches;

  // 1. Path conditions: a match they remove does not exist at this place. A rule's path lists
  // are decided once per rule: kKnown, then kExcluded (exclude_paths matches, or paths is given
  // and does not) and kCredentialPath (weak_password_paths matches).
  constexpr uint8_t kKnown = 1, kExcluded = 2, kCredentialPath = 4;
  std::vector<uint8_t> rule_state(rules.size(), 0);
  std::vector<bool> absent(ms.size(), false);
  const re2::StringPiece path(at.path.data(), at.path.size());
  auto any_matches = [&](const std::vector<std::shared_ptr<const LazyRegex>>& res) {
    for (const auto& re : res) {
      if (RE2::PartialMatch(path, re->get())) return true;
    }
    return false;
  };
  for (size_t i = 0; i < ms.size(); ++i) {
    const Match& m = ms[i];
    const CompiledRule& rule = rules[m.rule];
    uint8_t& state = rule_state[m.rule];
    if (state == 0) {
      state = kKnown;
      if (any_matches(rule.exclude_paths) || (!rule.paths.empty() && !any_matches(rule.paths))) state |= kExcluded;
      if (any_matches(rule.weak_password_paths)) state |= kCredentialPath;
    }
    // A value kept only because the rule counts weak passwords exists at its credential paths.
    if ((state & kExcluded) || ((m.flags & kFlagWeakOnlyAtCredentialPaths) && !(state & kCredentialPath))) {
      absent[i] = true;
      continue;
    }
    if (rule.path_checks.empty()) continue;
    Candidate cand;
    cand.chunk = chunk.bytes();
    cand.match_begin = m.match_begin;
    cand.match_end = m.match_end;
    cand.secret_begin = m.secret_begin;
    cand.secret_end = m.secret_end;
    cand.name = cand.chunk.substr(m.name_begin, m.name_end - m.name_begin);
    if (m.decoded != 0) {
      // Decoded: the checks read the decoded text, where the rule matched.
      const DecodedMatch& d = matches.decoded[m.decoded - 1];
      cand.chunk = matches.decoded_text;
      cand.match_begin = d.match_begin;
      cand.match_end = d.match_end;
      cand.secret_begin = d.secret_begin;
      cand.secret_end = d.secret_end;
      cand.name = cand.chunk.substr(d.name_begin, d.name_end - d.name_begin);
    }
    cand.path = at.path;
    for (const CheckFn check : rule.path_checks) {
      if (!check(cand)) {
        absent[i] = true;
        break;
      }
    }
  }

  // 2. Overlap resolution among the matches that exist here. A match dropped by an overlap
  // still counts against the others. Sorted by start, each match is compared only with the
  // matches that start inside it: near-linear.
  std::vector<bool> drop = absent;
  if (resolve_overlaps_) {
    for (size_t x = 0; x < ms.size(); ++x) {
      if (absent[x]) continue;
      const Match& a = ms[x];
      for (size_t y = x + 1; y < ms.size() && ms[y].secret_begin < a.secret_end; ++y) {
        if (absent[y]) continue;
        const Match& b = ms[y];
        const bool a_fb = rules[a.rule].rule.fallback;
        const bool b_fb = rules[b.rule].rule.fallback;
        if (a.secret_begin == b.secret_begin && a.secret_end == b.secret_end && a_fb == b_fb) {
          // Two rules of the same kind found the very same secret: once, under the earlier rule.
          drop[a.rule < b.rule ? y : x] = true;
          continue;
        }
        if (a_fb && (!b_fb || b.rule < a.rule)) drop[x] = true;
        if (b_fb && (!a_fb || a.rule < b.rule)) drop[y] = true;
      }
    }
  }

  // 3-5. Suppression, limits, findings, in chunk order (so the cap keeps each rule's first).
  std::vector<uint64_t> reported(rules.size(), 0);
  std::vector<uint64_t> kept_suppressed(suppressor_->keeps_suppressed() ? rules.size() : 0, 0);
  const std::optional<Suppression> path_suppressed = suppressor_->by_path(at.path);
  for (size_t i = 0; i < ms.size(); ++i) {
    if (drop[i]) continue;
    const Match& m = ms[i];
    if (limits.owned_begin != 0 || limits.owned_end != UINT64_MAX) {
      const uint64_t offset = chunk.file_offset(m.secret_begin);
      if (offset < limits.owned_begin || offset >= limits.owned_end) continue;
    }
    if (limits.report_lines) {
      const uint32_t first = chunk.line_col(m.secret_begin).line;
      const uint32_t last = std::max(first, chunk.line_col(m.secret_end).line);
      const std::vector<uint32_t>& lines = *limits.report_lines;
      auto it = std::lower_bound(lines.begin(), lines.end(), first);
      if (it == lines.end() || *it > last) continue;
    }
    std::string fp;
    if (std::optional<Suppression> by = path_suppressed ? path_suppressed : suppressed(chunk, matches, m, at, &fp, tally)) {
      if (tally) tally->suppressed.add(*by);
      // Kept for the report (--include-suppressed), under a cap of its own: suppressed
      // findings never take a reported one's place.
      if (!kept_suppressed.empty() &&
          (limits.max_findings_per_rule == 0 || kept_suppressed[m.rule] < limits.max_findings_per_rule)) {
        ++kept_suppressed[m.rule];
        out->push_back(make_finding(chunk, matches, m, at, std::move(fp), tally));
        out->back().suppressed_by = *by;
      }
      continue;
    }
    if (limits.max_findings_per_rule != 0 && reported[m.rule] >= limits.max_findings_per_rule) {
      if (capped) ++(*capped)[rules[m.rule].rule.id];
      continue;
    }
    ++reported[m.rule];
    out->push_back(make_finding(chunk, matches, m, at, std::move(fp), tally));
  }
}

Finding Placer::make_finding(const Chunk& chunk, const MatchSet& matches, const Match& m, const Provenance& at,
                             std::string fp, PlaceTally* tally) const {
  const Rule& rule = rules_->rules()[m.rule].rule;
  const std::string_view text = chunk.bytes();
  const ByteRange lw = line_window(chunk, m.secret_begin, m.secret_end);
  Finding f;
  f.rule_id = rule.id;
  f.description = rule.description;
  f.severity = rule.severity;
  f.provenance = at;
  const LineCol start = chunk.line_col(m.secret_begin);
  const LineCol end = chunk.line_col(m.secret_end);
  f.line = start.line;
  f.column = start.column;
  f.end_line = end.line;
  f.end_column = end.column;
  f.offset = chunk.file_offset(m.secret_begin);
  f.secret = std::string(secret_of(chunk, matches, m));
  f.line_text = std::string(text.substr(lw.begin, lw.end - lw.begin));
  if (fp.empty()) {
    Result<std::string> made = suppressor_->fingerprint(f.secret);
    if (made) fp = std::move(made).value();
    else if (tally && tally->error.empty()) tally->error = made.status().message();
  }
  f.fingerprint = std::move(fp);
  f.test_fixture = is_test_fixture_path(at.path);
  // "decoded:base64" / "decoded:json-escape" sort before "test-fixture".
  if (m.decoded != 0) {
    f.tags.push_back("decoded:" + std::string(decode_kind_name(matches.decoded[m.decoded - 1].kind)));
  }
  if (f.test_fixture) f.tags.push_back("test-fixture");
  // What the checks learned (check/checks.h MatchFlag): a level cap and a tag each.
  if (m.flags & kFlagWeak) {
    f.severity = std::min(f.severity, Severity::kMedium);
    f.tags.push_back("weak-password");
  }
  if (m.flags & kFlagDocumentationHost) {
    f.severity = Severity::kLow;
    f.tags.push_back("documentation-host");
  }
  if (m.flags & kFlagChecksumValid) f.confidence = "checksum-valid";
  if (m.flags & kFlagChecksumInvalid) {
    f.confidence = "checksum-invalid";
    f.severity = Severity::kLow;
    f.tags.push_back("checksum-invalid");
  }
  if (m.flags & kFlagAwsKeyId) f.aws_account_id = aws_account_id(f.secret).value_or("");
  std::sort(f.tags.begin(), f.tags.end());

  // Mask every range of the chunk that reaches into the window (masked is sorted and disjoint,
  // so the first one ending after the window's start is found by binary search), then every
  // secret-looking token in it.
  std::vector<ByteRange> masks;
  auto it = std::partition_point(matches.masked.begin(), matches.masked.end(),
                                 [&](const ByteRange& r) { return r.end <= lw.begin; });
  for (; it != matches.masked.end() && it->begin < lw.end; ++it) {
    masks.push_back(ByteRange{std::max(it->begin, lw.begin), std::min(it->end, lw.end)});
  }
  add_secret_like_tokens(text, lw.begin, lw.end, &masks);
  merge_ranges(&masks);
  f.line_masks.reserve(masks.size());
  for (const ByteRange& r : masks) {
    f.line_masks.push_back(
        MaskRange{static_cast<uint32_t>(r.begin - lw.begin), static_cast<uint32_t>(r.end - lw.begin)});
  }
  return f;
}

}  // namespace keysweep
