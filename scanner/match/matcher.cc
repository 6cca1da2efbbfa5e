#include "scanner/match/matcher.h"

#include <hs/hs.h>

#include <algorithm>
#include <cstring>
#include <ctime>
#include <string>
#include <tuple>

#include "scanner/check/checks.h"
#include "scanner/check/made_up.h"
#include "scanner/check/placeholder.h"
#include "scanner/check/randomness.h"

namespace keysweep {
namespace {

constexpr size_t kMaxLookback = Matcher::kMaxLookback;

// Thread CPU time: on a shared machine it moves far less than wall time.
uint64_t now_nanos() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1000000000u + static_cast<uint64_t>(ts.tv_nsec);
}

}  // namespace

Result<std::unique_ptr<Matcher>> Matcher::create(std::shared_ptr<const RuleSet> rules) {
  std::unique_ptr<Matcher> m(new Matcher(rules));
  for (const PrefilterBinding& b : rules->prefilters()) {
    if (Status st = b.group->alloc_scratch(&m->scratch_); !st) return st;
  }
  m->hits_.resize(rules->rules().size());
  m->anchored_bytes_.resize(rules->rules().size());
  return m;
}

Matcher::~Matcher() { hs_free_scratch(scratch_); }

void Matcher::set_stats(MatchStats* stats) {
  stats_ = stats;
  if (stats_) stats_->rules.resize(rules_->rules().size());
}

int Matcher::on_hit(unsigned int id, unsigned long long /*from*/, unsigned long long to,
                    unsigned int /*flags*/, void* ctx) {
  Matcher* self = static_cast<Matcher*>(ctx);
  const PrefilterBinding& b = *self->binding_;
  const uint32_t local = b.group->pattern_rule()[id];
  const uint32_t rule = b.rule_index[local];
  if (rule == PrefilterBinding::kDisabled) return 0;
  const CompiledRule& compiled = self->rules_->rules()[rule];
  const RulePlan& plan = compiled.plan;
  std::vector<Window>& windows = self->hits_[rule];
  if (self->stats_) ++self->stats_->rules[rule].hits;
  if (windows.empty()) self->hit_rules_.push_back(rule);
  size_t begin = 0;
  size_t end = static_cast<size_t>(to);
  if (compiled.one_line) {
    // Every kind of hit ends at or inside a match (a regex hit where one ends, a keyword or
    // prefilter-pattern hit inside one), so byte to-1 is in the match, and the match is on that
    // byte's line: run_rule widens this to the line.
    begin = end > 0 ? end - 1 : 0;
  } else {
    const size_t reach = std::min<size_t>(plan.max_width, kMaxLookback);
    // A regex hit is where a match ends. A keyword or prefilter-pattern hit lies inside the
    // match, so the match may also extend up to max_width bytes after it.
    if (plan.mode == PrefilterMode::kKeywords || plan.mode == PrefilterMode::kPattern) {
      end = std::min(self->chunk_size_, end + reach);
    }
    begin = static_cast<size_t>(to) > reach ? static_cast<size_t>(to) - reach : 0;
  }
  if (!windows.empty() && begin <= windows.back().end) {
    windows.back().end = std::max(windows.back().end, end);
  } else {
    windows.push_back(Window{begin, end});
  }
  return 0;
}

namespace {

// [begin, end) of the '\n'-terminated line holding byte `offset` of `text`, its '\n' included.
// Only '\n' counts here (not the lone '\r' that Chunk also breaks lines at): a one-line rule is
// one whose matches cannot hold a '\n' but as their last byte.
size_t newline_line_begin(std::string_view text, size_t offset) {
  if (offset == 0) return 0;
  const void* nl = memrchr(text.data(), '\n', offset);
  return nl ? static_cast<size_t>(static_cast<const char*>(nl) - text.data()) + 1 : 0;
}
size_t newline_line_end(std::string_view text, size_t offset) {
  if (offset >= text.size()) return text.size();
  const void* nl = std::memchr(text.data() + offset, '\n', text.size() - offset);
  return nl ? static_cast<size_t>(static_cast<const char*>(nl) - text.data()) + 1 : text.size();
}

// Chunk::line_start / line_end (lines end at "\n", "\r\n" or a lone "\r"), found by searching
// at most `limit` bytes away, or `offset` itself when the line's edge is farther: a window is
// snapped to its lines only within kMaxSnap, so the chunk's line index (a pass over the whole
// chunk, built on first use) is not needed for it. Without this, every chunk with a hit of a
// multi-line rule paid for the index.
size_t near_line_start(std::string_view text, size_t offset, size_t limit) {
  offset = std::min(offset, text.size());
  // Breaks whose last byte is in [from, offset): the line starts just after the last of them.
  const size_t from = offset > limit + 1 ? offset - limit - 1 : 0;
  // A '\r' just before `offset` whose '\n' is the byte at `offset` begins a "\r\n" that ends
  // after `offset`: it does not start offset's line.
  const bool split_pair = offset > 0 && offset < text.size() && text[offset] == '\n' && text[offset - 1] == '\r';
  const size_t cr_end = split_pair ? offset - 1 : offset;
  const char* base = text.data();
  const void* lf = memrchr(base + from, '\n', offset - from);
  const void* cr = cr_end > from ? memrchr(base + from, '\r', cr_end - from) : nullptr;
  size_t at = 0;  // one past the last break's last byte; 0 = none
  if (lf) at = static_cast<size_t>(static_cast<const char*>(lf) - base) + 1;
  if (cr) at = std::max(at, static_cast<size_t>(static_cast<const char*>(cr) - base) + 1);
  if (at == 0) return offset <= limit ? 0 : offset;
  return at;
}
size_t near_line_end(std::string_view text, size_t offset, size_t limit) {
  offset = std::min(offset, text.size());
  const size_t to = std::min(text.size(), offset + limit + 1);
  const char* base = text.data();
  const void* lf = std::memchr(base + offset, '\n', to - offset);
  const void* cr = std::memchr(base + offset, '\r', to - offset);
  if (!lf && !cr) return text.size() - offset <= limit ? text.size() : offset;
  size_t at = text.size();
  if (lf) at = static_cast<size_t>(static_cast<const char*>(lf) - base);
  if (cr) at = std::min(at, static_cast<size_t>(static_cast<const char*>(cr) - base));
  return at;
}

}  // namespace

void Matcher::run_rule(uint32_t rule_index, const Chunk& chunk, const std::vector<Window>& raw, bool reference,
                       MatchSet* out) {
  const CompiledRule& rule = rules_->rules()[rule_index];
  const std::string_view text = chunk.bytes();
  // The ranges the regex searches: for a one-line rule (and a prefilter that says where), the
  // lines holding hits; otherwise each window snapped to whole lines. Overlaps are merged.
  // Searching them one by one finds what one search across them would: no match of a one-line
  // rule crosses from one line into the next.
  std::vector<Window>& windows = windows_;
  windows.clear();
  const bool by_line = !reference && rule.one_line && rule.plan.mode != PrefilterMode::kAlways;
  const size_t reach = std::min<size_t>(rule.plan.max_width, kMaxLookback);
  // How far a one-line rule's match may extend past its last hit's end.
  const size_t tail = rule.plan.mode == PrefilterMode::kKeywords || rule.plan.mode == PrefilterMode::kPattern ? reach : 0;
  for (const Window& w : raw) {
    Window s;
    if (by_line) {
      // w runs from the first hit's last byte to the last hit's end. On a line longer than
      // kMaxSnap either way, stop where the rule's matches can reach (a search across several
      // such windows of one line still finds what one search of the line finds: a match that
      // crossed into a window would have a hit whose window reached back past its start).
      const size_t last = w.end > w.begin ? w.end - 1 : w.end;
      s = Window{newline_line_begin(text, w.begin), newline_line_end(text, last)};
      if (w.begin - s.begin > kMaxSnap) s.begin = std::max(s.begin, w.begin + 1 > reach ? w.begin + 1 - reach : 0);
      if (s.end - w.end > kMaxSnap) s.end = std::min(s.end, w.end + tail);
    } else {
      s = Window{near_line_start(text, w.begin, kMaxSnap), near_line_end(text, w.end, kMaxSnap)};
    }
    // Lines that only touch stay apart: each is searched on its own (and may be short enough
    // for the anchored form).
    if (!windows.empty() && (by_line ? s.begin < windows.back().end : s.begin <= windows.back().end)) {
      windows.back().end = std::max(windows.back().end, s.end);
    } else {
      windows.push_back(s);
    }
  }
  const re2::StringPiece piece(text.data(), text.size());
  // The anchored form (ruleset.h, LazyRegex::anchored) for a window of at most kAnchoredMaxText
  // bytes while the rule has searched fewer than kAnchoredBudget bytes with it in this Matcher.
  const auto use_anchored = [&](const Window& w) {
    return !reference && w.end - w.begin <= kAnchoredMaxText && anchored_bytes_[rule_index] < kAnchoredBudget;
  };
  const bool anchored_first = !windows.empty() && use_anchored(windows.front());
  const int secret_group = rule.regex->secret_group(anchored_first);
  const int name_group = rule.regex->name_group(anchored_first);
  const size_t ngroups = static_cast<size_t>(rule.regex->groups(anchored_first)) + 1;
  std::vector<re2::StringPiece>& groups = groups_;
  groups.assign(ngroups, re2::StringPiece());
  MatchStats::Rule* stats = stats_ ? &stats_->rules[rule_index] : nullptr;
  if (stats) {
    ++stats->chunks;
    stats->windows += windows.size();
    for (const Window& w : windows) stats->window_bytes += w.end - w.begin;
  }
  for (const Window& w : windows) {
    // The anchored form is given the window and one byte either side, all that RE2's
    // empty-width assertions (^ $ \b \B \A \z) ever look at, so they read the same bytes.
    const RE2* anchored = use_anchored(w) ? rule.regex->anchored() : nullptr;
    const size_t ctx_begin = w.begin > 0 ? w.begin - 1 : 0;
    const size_t ctx_end = std::min(text.size(), w.end + 1);
    const re2::StringPiece line(text.data() + ctx_begin, ctx_end - ctx_begin);
    if (anchored) wrapped_.assign(ngroups + 1, re2::StringPiece());
    size_t pos = w.begin;
    while (pos <= w.end) {
      if (stats) ++stats->regex_calls;
      if (anchored) {
        anchored_bytes_[rule_index] += w.end - pos;  // what its NFA may walk
        if (stats) ++stats->anchored_calls;
        if (!anchored->Match(line, pos - ctx_begin, w.end - ctx_begin, RE2::ANCHOR_START, wrapped_.data(),
                             static_cast<int>(wrapped_.size()))) {
          break;
        }
        std::copy(wrapped_.begin() + 1, wrapped_.end(), groups.begin());
      } else if (!rule.regex->get().Match(piece, pos, w.end, RE2::UNANCHORED, groups.data(),
                                          static_cast<int>(ngroups))) {
        break;
      }
      const size_t m_begin = static_cast<size_t>(groups[0].data() - text.data());
      const size_t m_end = m_begin + groups[0].size();
      pos = m_end > m_begin ? m_end : m_end + 1;
      const re2::StringPiece& sec = groups[static_cast<size_t>(secret_group)];
      if (sec.data() == nullptr || sec.empty()) continue;
      if (stats) ++stats->regex_matches;

      Candidate cand;
      cand.chunk = text;
      cand.match_begin = m_begin;
      cand.match_end = m_end;
      cand.secret_begin = static_cast<size_t>(sec.data() - text.data());
      cand.secret_end = cand.secret_begin + sec.size();
      if (name_group >= 0 && groups[static_cast<size_t>(name_group)].data()) {
        const auto& n = groups[static_cast<size_t>(name_group)];
        cand.name = std::string_view(n.data(), n.size());
      }

      // A rule that counts weak passwords (weak_password_paths) keeps a value that fails only
      // the tests of how random it looks, marked weak: the finding stage reports it at the
      // rule's credential paths and drops it everywhere else. Placeholders and structure
      // failures are dropped as always.
      const bool weak_ok = !rule.weak_password_paths.empty();
      bool keep = true, weak = false;
      for (size_t c = 0; c < rule.byte_checks.size(); ++c) {
        if (rule.byte_checks[c](cand)) continue;
        if (weak_ok && rule.byte_check_soft[c]) {
          weak = true;
          continue;
        }
        keep = false;
        break;
      }
      const std::string_view secret = cand.secret();
      if (keep && rule.rule.placeholder_filter && looks_like_placeholder(secret)) keep = false;
      // A check that judged the value a weak password in use (a URI to a real host) has read
      // its context; the made-up test would only undo that.
      const bool judged_weak = (cand.flags & kFlagWeak) != 0;
      if (keep && ((rule.rule.placeholder_filter && !judged_weak && (made_of_words(secret) || base64_of_words(secret))) ||
                   (rule.rule.min_randomness && randomness_score(secret) < *rule.rule.min_randomness) ||
                   (rule.rule.min_entropy && shannon_entropy(secret) < *rule.rule.min_entropy))) {
        if (weak_ok) weak = true; else keep = false;
      }
      if (weak) cand.flags |= kFlagWeak | kFlagWeakOnlyAtCredentialPaths;
      // A capture that a check, the placeholder filter or the randomness threshold rejects is
      // not a match, but it is still masked in every snippet of the chunk: a real key that a
      // heuristic turned down must not then be printed raw on its neighbour's line.
      if (!keep) {
        rejected_.push_back(ByteRange{cand.secret_begin, cand.secret_end});
        continue;
      }
      Match m;
      m.rule = rule_index;
      m.match_begin = m_begin;
      m.match_end = m_end;
      m.secret_begin = cand.secret_begin;
      m.secret_end = cand.secret_end;
      m.flags = cand.flags;
      if (!cand.name.empty()) {
        m.name_begin = static_cast<size_t>(cand.name.data() - text.data());
        m.name_end = m.name_begin + cand.name.size();
      }
      out->matches.push_back(m);
      if (stats) ++stats->kept;
    }
  }
}

void Matcher::finish_chunk(MatchSet* out) {
  // Overlapping regex windows can find the same match twice: keep one per rule and secret span.
  std::vector<Match>& ms = out->matches;
  std::sort(ms.begin(), ms.end(), [](const Match& a, const Match& b) {
    return std::tie(a.secret_begin, a.secret_end, a.rule, a.match_begin) <
           std::tie(b.secret_begin, b.secret_end, b.rule, b.match_begin);
  });
  ms.erase(std::unique(ms.begin(), ms.end(),
                       [](const Match& a, const Match& b) {
                         return a.rule == b.rule && a.secret_begin == b.secret_begin && a.secret_end == b.secret_end;
                       }),
           ms.end());
  out->masked.clear();
  out->masked.reserve(ms.size() + rejected_.size());
  for (const Match& m : ms) out->masked.push_back(ByteRange{m.secret_begin, m.secret_end});
  out->masked.insert(out->masked.end(), rejected_.begin(), rejected_.end());
  rejected_.clear();
  merge_ranges(&out->masked);
}

Status Matcher::scan(const Chunk& chunk, MatchSet* out, const RuleGate* gate) {
  out->clear();
  rejected_.clear();
  const std::string_view text = chunk.bytes();
  chunk_size_ = text.size();
  const uint64_t t0 = stats_ ? now_nanos() : 0;
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
  if (gate) {
    // Rules the finding stage rules out here (match/rule_gate.h) drop their hits unsearched.
    size_t kept = 0;
    for (uint32_t r : hit_rules_) {
      if (gate->allows(r)) {
        hit_rules_[kept++] = r;
      } else {
        hits_[r].clear();
      }
    }
    hit_rules_.resize(kept);
  }
  if (stats_) {
    const uint64_t t1 = now_nanos();
    stats_->prefilter_nanos += t1 - t0;
    ++stats_->chunks;
    stats_->bytes += text.size();
    if (!hit_rules_.empty()) {
      (void)chunk.line_start(0);  // builds the index now, so that no rule's time includes it
      stats_->line_index_nanos += now_nanos() - t1;
    }
  }
  std::sort(hit_rules_.begin(), hit_rules_.end());
  for (uint32_t r : hit_rules_) {
    std::sort(hits_[r].begin(), hits_[r].end(), [](const Window& a, const Window& b) { return a.begin < b.begin; });
    const uint64_t t1 = stats_ ? now_nanos() : 0;
    run_rule(r, chunk, hits_[r], /*reference=*/false, out);
    if (stats_) stats_->rules[r].nanos += now_nanos() - t1;
    hits_[r].clear();
  }
  hit_rules_.clear();
  const uint64_t t2 = stats_ ? now_nanos() : 0;
  finish_chunk(out);
  if (stats_) stats_->finish_nanos += now_nanos() - t2;
  return Status::ok();
}

void Matcher::scan_reference(const Chunk& chunk, MatchSet* out) {
  out->clear();
  rejected_.clear();
  const std::vector<Window> whole{Window{0, chunk.bytes().size()}};
  for (uint32_t r = 0; r < rules_->rules().size(); ++r) run_rule(r, chunk, whole, /*reference=*/true, out);
  finish_chunk(out);
}

}  // namespace keysweep
