#include "scanner/match/matcher.h"

#include <hs/hs.h>

#include <algorithm>
#include <string>
#include <tuple>

#include "scanner/finding/fingerprint.h"
#include "scanner/finding/path_class.h"
#include "scanner/check/checks.h"
#include "scanner/check/placeholder.h"
#include "scanner/check/randomness.h"

namespace keysweep {
namespace {

constexpr size_t kMaxLookback = Matcher::kMaxLookback;
// Longest line context kept in a finding; reporters trim further.
constexpr size_t kLineContext = Matcher::kLineContext;
constexpr std::string_view kInlineAllow = "keysweep:allow";

// The part of a secret's first line a finding keeps as line_text, and in which a keysweep:allow
// marker counts: at most kLineContext bytes either side of the secret, so a huge one-line file
// with many secrets stays linear.
struct LineWindow {
  size_t begin;
  size_t end;
};

LineWindow line_window(const Chunk& chunk, size_t secret_begin, size_t secret_end) {
  const size_t ls = std::max(chunk.line_start(secret_begin),
                             secret_begin > kLineContext ? secret_begin - kLineContext : 0);
  const size_t le = std::min(chunk.line_end(secret_begin), secret_end + kLineContext);
  return LineWindow{ls, le};
}

bool contains_ci(std::string_view hay, std::string_view needle) {
  if (needle.empty()) return true;
  auto it = std::search(hay.begin(), hay.end(), needle.begin(), needle.end(), [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
  });
  return it != hay.end();
}

}  // namespace

Result<std::unique_ptr<Matcher>> Matcher::create(std::shared_ptr<const RuleSet> rules,
                                                 bool resolve_overlaps) {
  std::unique_ptr<Matcher> m(new Matcher(rules));
  m->resolve_overlaps_ = resolve_overlaps;
  for (const PrefilterBinding& b : rules->prefilters()) {
    if (Status st = b.group->alloc_scratch(&m->scratch_); !st) return st;
  }
  m->hits_.resize(rules->rules().size());
  const auto& fps = rules->allowlist().fingerprints;
  m->allowed_fingerprints_.insert(fps.begin(), fps.end());
  return m;
}

Matcher::~Matcher() { hs_free_scratch(scratch_); }

int Matcher::on_hit(unsigned int id, unsigned long long /*from*/, unsigned long long to,
                    unsigned int /*flags*/, void* ctx) {
  Matcher* self = static_cast<Matcher*>(ctx);
  const PrefilterBinding& b = *self->binding_;
  const uint32_t local = b.group->pattern_rule()[id];
  const uint32_t rule = b.rule_index[local];
  if (rule == PrefilterBinding::kDisabled) return 0;
  const RulePlan& plan = self->rules_->rules()[rule].plan;
  std::vector<Window>& windows = self->hits_[rule];
  if (windows.empty()) self->hit_rules_.push_back(rule);
  const size_t reach = std::min<size_t>(plan.max_width, kMaxLookback);
  size_t end = static_cast<size_t>(to);
  // A regex hit is where a match ends. A keyword hit lies inside the match, so the match may
  // also extend up to max_width bytes after it.
  if (plan.mode == PrefilterMode::kKeywords) end = std::min(self->chunk_size_, end + reach);
  const size_t begin = static_cast<size_t>(to) > reach ? static_cast<size_t>(to) - reach : 0;
  if (!windows.empty() && begin <= windows.back().end) {
    windows.back().end = std::max(windows.back().end, end);
  } else {
    windows.push_back(Window{begin, end});
  }
  return 0;
}

void Matcher::run_rule(uint32_t rule_index, const Chunk& chunk, const std::vector<Window>& raw) {
  const CompiledRule& rule = rules_->rules()[rule_index];
  const std::string_view path = chunk.provenance().path;
  for (const auto& re : rule.exclude_paths) {
    if (RE2::PartialMatch(path, re->get())) return;
  }
  // Snap to whole lines, then merge windows that now overlap.
  std::vector<Window> windows;
  for (const Window& w : raw) {
    Window s{chunk.line_start(w.begin), chunk.line_end(w.end)};
    if (!windows.empty() && s.begin <= windows.back().end) {
      windows.back().end = std::max(windows.back().end, s.end);
    } else {
      windows.push_back(s);
    }
  }
  const std::string_view text = chunk.bytes();
  const re2::StringPiece piece(text.data(), text.size());
  const RE2& regex = rule.regex->get();
  const int secret_group = rule.regex->secret_group();
  const int name_group = rule.regex->name_group();
  std::vector<re2::StringPiece> groups(static_cast<size_t>(rule.regex->groups()) + 1);
  for (const Window& w : windows) {
    size_t pos = w.begin;
    while (pos <= w.end) {
      if (!regex.Match(piece, pos, w.end, RE2::UNANCHORED, groups.data(), static_cast<int>(groups.size()))) {
        break;
      }
      const size_t m_begin = static_cast<size_t>(groups[0].data() - text.data());
      const size_t m_end = m_begin + groups[0].size();
      pos = m_end > m_begin ? m_end : m_end + 1;
      const re2::StringPiece& sec = groups[static_cast<size_t>(secret_group)];
      if (sec.data() == nullptr || sec.empty()) continue;

      keysweep::Candidate cand;
      cand.chunk = text;
      cand.match_begin = m_begin;
      cand.match_end = m_end;
      cand.secret_begin = static_cast<size_t>(sec.data() - text.data());
      cand.secret_end = cand.secret_begin + sec.size();
      if (name_group >= 0 && groups[static_cast<size_t>(name_group)].data()) {
        const auto& n = groups[static_cast<size_t>(name_group)];
        cand.name = std::string_view(n.data(), n.size());
      }
      cand.path = path;

      bool keep = true;
      for (const std::string& check : rule.rule.checks) {
        if (!find_check(check)(cand)) {
          keep = false;
          break;
        }
      }
      // A capture that a check, the placeholder filter or the randomness threshold rejects is
      // not reported, but it is still masked in every snippet of the chunk: a real key that a
      // heuristic turned down must not then be printed raw on its neighbour's line.
      if (!keep) {
        rejected_.push_back(ByteRange{cand.secret_begin, cand.secret_end});
        continue;
      }
      const std::string_view secret = cand.secret();
      if ((rule.rule.placeholder_filter && looks_like_placeholder(secret)) ||
          (rule.rule.min_randomness && randomness_score(secret) < *rule.rule.min_randomness)) {
        rejected_.push_back(ByteRange{cand.secret_begin, cand.secret_end});
        continue;
      }
      // Allowlists are applied after overlap resolution (finish_chunk): suppressing a specific
      // finding must not let a fallback finding on the same secret take its place.
      bool allowed = false;
      for (const auto& re : rules_->allow_regexes()) {
        if (RE2::PartialMatch(re2::StringPiece(secret.data(), secret.size()), *re)) allowed = true;
      }
      for (const std::string& w : rules_->allowlist().stopwords) {
        if (contains_ci(secret, w)) allowed = true;
      }
      const LineWindow lw = line_window(chunk, cand.secret_begin, cand.secret_end);
      if (text.substr(lw.begin, lw.end - lw.begin).find(kInlineAllow) != std::string_view::npos) allowed = true;
      if (!allowed && !allowed_fingerprints_.empty() &&
          allowed_fingerprints_.count(content_fingerprint(rule.rule.id, secret))) {
        allowed = true;
      }
      spans_.push_back(Span{cand.secret_begin, cand.secret_end, rule_index, allowed});
    }
  }
}

Finding Matcher::make_finding(const Chunk& chunk, const Span& span) const {
  const Rule& rule = rules_->rules()[span.rule].rule;
  const std::string_view text = chunk.bytes();
  const std::string_view secret = text.substr(span.begin, span.end - span.begin);
  const LineWindow lw = line_window(chunk, span.begin, span.end);
  Finding f;
  f.rule_id = rule.id;
  f.description = rule.description;
  f.severity = rule.severity;
  f.provenance = chunk.provenance();
  const LineCol start = chunk.line_col(span.begin);
  const LineCol end = chunk.line_col(span.end);
  f.line = start.line;
  f.column = start.column;
  f.end_line = end.line;
  f.end_column = end.column;
  f.offset = chunk.file_offset(span.begin);
  f.secret = std::string(secret);
  f.line_text = std::string(text.substr(lw.begin, lw.end - lw.begin));
  f.fingerprint = content_fingerprint(f.rule_id, f.secret);
  f.test_fixture = is_test_fixture_path(f.provenance.path);
  if (f.test_fixture) f.tags.push_back("test-fixture");

  // Mask every match of the chunk that reaches into the window (masked_ is sorted and disjoint,
  // so the first one ending after the window's start is found by binary search), then every
  // secret-looking token in it.
  std::vector<ByteRange> masks;
  auto it = std::partition_point(masked_.begin(), masked_.end(),
                                 [&](const ByteRange& r) { return r.end <= lw.begin; });
  for (; it != masked_.end() && it->begin < lw.end; ++it) {
    masks.push_back(ByteRange{std::max(it->begin, lw.begin), std::min(it->end, lw.end)});
  }
  add_secret_like_tokens(text, lw.begin, lw.end, &masks);
  merge_ranges(&masks);
  f.line_masks.reserve(masks.size());
  for (const ByteRange& r : masks) {
    f.line_masks.push_back(MaskRange{static_cast<uint32_t>(r.begin - lw.begin), static_cast<uint32_t>(r.end - lw.begin)});
  }
  return f;
}

void Matcher::finish_chunk(const Chunk& chunk, const ScanLimits& limits, std::vector<Finding>* out,
                           std::map<std::string, uint64_t>* capped) {
  // Drop duplicates (same rule, same secret span; overlapping windows can find a match twice),
  // and a fallback rule's finding when its secret overlaps a non-fallback finding or an
  // earlier-defined fallback rule's finding. Sorted by start, each finding is compared only with
  // the findings that start inside it, so this stays near-linear.
  const auto& rules = rules_->rules();
  std::vector<size_t> order(spans_.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return std::tie(spans_[a].begin, spans_[a].end, spans_[a].rule) <
           std::tie(spans_[b].begin, spans_[b].end, spans_[b].rule);
  });
  std::vector<bool> drop(spans_.size(), false);
  for (size_t x = 0; x < order.size(); ++x) {
    const Span& a = spans_[order[x]];
    for (size_t y = x + 1; y < order.size() && spans_[order[y]].begin < a.end; ++y) {
      const Span& b = spans_[order[y]];
      if (a.rule == b.rule && a.begin == b.begin && a.end == b.end) {
        drop[order[y]] = true;
        continue;
      }
      if (!resolve_overlaps_) continue;
      const bool a_fb = rules[a.rule].rule.fallback;
      const bool b_fb = rules[b.rule].rule.fallback;
      if (a.begin == b.begin && a.end == b.end && a_fb == b_fb) {
        // Two rules of the same kind found the very same secret: report it once, under the
        // earlier-defined rule (the pack is ordered most specific first).
        drop[a.rule < b.rule ? order[y] : order[x]] = true;
        continue;
      }
      if (a_fb && (!b_fb || b.rule < a.rule)) drop[order[x]] = true;
      if (b_fb && (!a_fb || a.rule < b.rule)) drop[order[y]] = true;
    }
  }
  // Every match, and every capture a check rejected, is masked in every snippet, whatever
  // became of it.
  masked_.clear();
  for (size_t i : order) masked_.push_back(ByteRange{spans_[i].begin, spans_[i].end});
  masked_.insert(masked_.end(), rejected_.begin(), rejected_.end());
  rejected_.clear();
  merge_ranges(&masked_);
  // In chunk order, so the cap keeps each rule's first matches.
  std::vector<uint64_t> reported(rules.size(), 0);
  for (size_t i : order) {
    const Span& s = spans_[i];
    if (drop[i] || s.allowed) continue;
    // Another window of the same input owns this match: it is built and counted there.
    if (limits.owned_begin != 0 || limits.owned_end != UINT64_MAX) {
      const uint64_t at = chunk.file_offset(s.begin);
      if (at < limits.owned_begin || at >= limits.owned_end) continue;
    }
    if (limits.report_lines) {
      const uint32_t first = chunk.line_col(s.begin).line;
      const uint32_t last = std::max(first, chunk.line_col(s.end).line);
      const std::vector<uint32_t>& lines = *limits.report_lines;
      auto it = std::lower_bound(lines.begin(), lines.end(), first);
      if (it == lines.end() || *it > last) continue;
    }
    if (limits.max_findings_per_rule != 0 && reported[s.rule] >= limits.max_findings_per_rule) {
      if (capped) ++(*capped)[rules[s.rule].rule.id];
      continue;
    }
    ++reported[s.rule];
    out->push_back(make_finding(chunk, s));
  }
  spans_.clear();
  masked_.clear();
}

Status Matcher::scan(const Chunk& chunk, std::vector<Finding>* out, const ScanLimits& limits,
                     std::map<std::string, uint64_t>* capped) {
  rejected_.clear();  // left over only if an earlier scan failed part-way
  const std::string_view text = chunk.bytes();
  for (const auto& re : rules_->allow_paths()) {
    if (RE2::PartialMatch(chunk.provenance().path, *re)) return Status::ok();
  }
  chunk_size_ = text.size();
  for (const PrefilterBinding& b : rules_->prefilters()) {
    if (!b.group->database()) continue;
    binding_ = &b;
    hs_error_t rc = hs_scan(b.group->database(), text.data(), static_cast<unsigned int>(text.size()), 0,
                            scratch_, &Matcher::on_hit, this);
    if (rc != HS_SUCCESS && rc != HS_SCAN_TERMINATED) {
      for (uint32_t r : hit_rules_) hits_[r].clear();
      hit_rules_.clear();
      return Status::error("Vectorscan scan failed (error " + std::to_string(rc) + ")");
    }
  }
  for (uint32_t r : rules_->always_rules()) {
    if (hits_[r].empty()) {
      hit_rules_.push_back(r);
      hits_[r].push_back(Window{0, text.size()});
    }
  }
  std::sort(hit_rules_.begin(), hit_rules_.end());
  for (uint32_t r : hit_rules_) {
    std::sort(hits_[r].begin(), hits_[r].end(), [](const Window& a, const Window& b) { return a.begin < b.begin; });
    run_rule(r, chunk, hits_[r]);
    hits_[r].clear();
  }
  hit_rules_.clear();
  finish_chunk(chunk, limits, out, capped);
  return Status::ok();
}

void Matcher::scan_reference(const Chunk& chunk, std::vector<Finding>* out) {
  for (const auto& re : rules_->allow_paths()) {
    if (RE2::PartialMatch(chunk.provenance().path, *re)) return;
  }
  const std::vector<Window> whole{Window{0, chunk.bytes().size()}};
  for (uint32_t r = 0; r < rules_->rules().size(); ++r) run_rule(r, chunk, whole);
  finish_chunk(chunk, ScanLimits{}, out, nullptr);
}

}  // namespace keysweep
