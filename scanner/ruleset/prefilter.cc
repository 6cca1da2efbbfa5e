// Compiling, serialising and loading the Vectorscan prefilter database.
//
// Compilation is a loop: try to compile every pattern; when Vectorscan names a pattern it cannot
// take, downgrade that rule (exact -> approx -> keywords -> always, pattern -> keywords ->
// always) and try again. Each round removes one failure, so the loop ends after at most three
// rounds per rule.
//
// Then a self-check. Vectorscan 5.4.9 (Debian 12) silently misses some regex matches at some
// buffer offsets (`=.+4` is not reported at 58 of 200 offsets on x86-64), while multi-byte
// literals measured reliable (0 misses in 45,000 placements). So every rule's examples are
// scanned at every offset from 0 to kSelfCheckPad bytes; a rule whose regex RE2 matches where
// Vectorscan reports nothing is downgraded to its keywords, and the group recompiled. For a rule
// with a prefilter pattern the hit must also lie inside RE2's match (its end in (begin, end]),
// since the matcher looks for the match around the hit.
#include "scanner/ruleset/prefilter.h"

#include <hs/hs.h>

#include <re2/re2.h>

#include <charconv>
#include <map>
#include <random>

#include "scanner/base/hash.h"

namespace keysweep {
namespace {

constexpr std::string_view kMagic = "keysweep-prefilter-v1\n";

std::string escape_literal(std::string_view lit) {
  std::string out;
  for (unsigned char c : lit) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "\\x%02x", c);
    out += buf;
  }
  return out;
}

// Width of `expr` under `flags`, or an error message.
bool expression_width(const std::string& expr, unsigned flags, uint32_t* width, std::string* error) {
  hs_expr_info_t* info = nullptr;
  hs_compile_error_t* cerr = nullptr;
  if (hs_expression_info(expr.c_str(), flags, &info, &cerr) != HS_SUCCESS) {
    *error = cerr && cerr->message ? cerr->message : "unknown Vectorscan error";
    hs_free_compile_error(cerr);
    return false;
  }
  *width = info->max_width == UINT_MAX ? kUnboundedWidth : info->max_width;
  free(info);  // allocated with the default allocator (malloc)
  return true;
}

bool next_token(std::string_view& in, std::string_view* tok, char sep) {
  size_t pos = in.find(sep);
  if (pos == std::string_view::npos) return false;
  *tok = in.substr(0, pos);
  in.remove_prefix(pos + 1);
  return true;
}

template <typename T>
bool parse_num(std::string_view s, T* out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && p == s.data() + s.size();
}

}  // namespace

const char* prefilter_mode_name(PrefilterMode m) {
  switch (m) {
    case PrefilterMode::kExact: return "exact";
    case PrefilterMode::kApprox: return "approx";
    case PrefilterMode::kKeywords: return "keywords";
    case PrefilterMode::kAlways: return "always";
    case PrefilterMode::kPattern: return "pattern";
  }
  return "always";
}

std::string rules_content_key(const std::vector<const Rule*>& rules) {
  std::string material = "keysweep-rules-v1";
  for (const Rule* r : rules) {
    material += '\0' + r->id + '\0' + r->regex;
    if (!r->prefilter.empty()) material += '\2' + r->prefilter;  // keeps older rules' keys as they were
    for (const std::string& kw : r->keywords) material += '\1' + kw;
  }
  material += '\0';
  material += hs_version();
  return sha256_hex(material);
}

PrefilterGroup::~PrefilterGroup() { hs_free_database(db_); }

Status PrefilterGroup::alloc_scratch(hs_scratch** scratch) const {
  if (!db_) return Status::ok();
  if (hs_alloc_scratch(db_, scratch) != HS_SUCCESS) {
    return Status::error("allocating Vectorscan scratch space failed (out of memory?)");
  }
  return Status::ok();
}

namespace {

constexpr size_t kSelfCheckPad = 160;

struct Hit {
  unsigned int id;
  size_t end;
};

// Records every hit (pattern id, end offset) of a self-check scan.
int record_hit(unsigned int id, unsigned long long, unsigned long long to, unsigned int, void* ctx) {
  static_cast<std::vector<Hit>*>(ctx)->push_back(Hit{id, static_cast<size_t>(to)});
  return 0;
}

bool regex_mode(PrefilterMode m) {
  return m == PrefilterMode::kExact || m == PrefilterMode::kApprox || m == PrefilterMode::kPattern;
}

void downgrade(RulePlan& plan, const Rule& rule, const std::string& why) {
  if (regex_mode(plan.mode)) {
    plan.mode = rule.keywords.empty() ? PrefilterMode::kAlways : PrefilterMode::kKeywords;
  } else {
    plan.mode = PrefilterMode::kAlways;
  }
  plan.note = why;
}

}  // namespace

// Builds the database for the current plans; on a pattern Vectorscan rejects, downgrades that
// rule and retries.
Status PrefilterGroup::build_database(const std::vector<const Rule*>& rules) {
  while (true) {
    hs_free_database(db_);
    db_ = nullptr;
    std::vector<std::string> exprs;
    std::vector<unsigned> flags;
    std::vector<uint32_t> pattern_rule;
    for (size_t i = 0; i < rules.size(); ++i) {
      const RulePlan& plan = plans_[i];
      if (plan.mode == PrefilterMode::kExact || plan.mode == PrefilterMode::kApprox) {
        exprs.push_back(rules[i]->regex);
        flags.push_back(plan.mode == PrefilterMode::kApprox ? HS_FLAG_PREFILTER : 0);
        pattern_rule.push_back(static_cast<uint32_t>(i));
      } else if (plan.mode == PrefilterMode::kPattern) {
        exprs.push_back(rules[i]->prefilter);
        flags.push_back(0);
        pattern_rule.push_back(static_cast<uint32_t>(i));
      } else if (plan.mode == PrefilterMode::kKeywords) {
        for (const std::string& kw : rules[i]->keywords) {
          exprs.push_back(escape_literal(kw));
          flags.push_back(HS_FLAG_CASELESS);
          pattern_rule.push_back(static_cast<uint32_t>(i));
        }
      }
    }
    pattern_rule_ = pattern_rule;
    if (exprs.empty()) return Status::ok();
    std::vector<const char*> cexprs;
    std::vector<unsigned> ids;
    for (size_t p = 0; p < exprs.size(); ++p) {
      cexprs.push_back(exprs[p].c_str());
      ids.push_back(static_cast<unsigned>(p));
    }
    hs_compile_error_t* cerr = nullptr;
    hs_error_t rc = hs_compile_multi(cexprs.data(), flags.data(), ids.data(),
                                     static_cast<unsigned>(exprs.size()), HS_MODE_BLOCK, nullptr,
                                     &db_, &cerr);
    if (rc == HS_SUCCESS) return Status::ok();
    const std::string message = cerr && cerr->message ? cerr->message : "unknown error";
    const int bad = cerr ? cerr->expression : -1;
    hs_free_compile_error(cerr);
    db_ = nullptr;
    if (bad < 0 || static_cast<size_t>(bad) >= pattern_rule.size()) {
      return Status::error("compiling the Vectorscan prefilter failed: " + message);
    }
    RulePlan& plan = plans_[pattern_rule[bad]];
    const Rule& rule = *rules[pattern_rule[bad]];
    if (plan.mode == PrefilterMode::kExact) {
      plan.mode = PrefilterMode::kApprox;
      plan.note = "approximated by Vectorscan: " + message;
      std::string ignored;
      if (!expression_width(rule.regex, HS_FLAG_PREFILTER, &plan.max_width, &ignored)) {
        plan.max_width = kUnboundedWidth;
      }
    } else {
      const char* what = plan.mode == PrefilterMode::kKeywords  ? "keywords: "
                         : plan.mode == PrefilterMode::kPattern ? "prefilter pattern with the others: "
                                                                : "regex: ";
      downgrade(plan, rule, "Vectorscan cannot compile the " + std::string(what) + message);
    }
  }
}

// Returns the index of a regex-mode rule whose example Vectorscan misses at some offset, with
// the offset, or false when every example is found at every offset.
bool PrefilterGroup::find_missed_rule(const std::vector<const Rule*>& rules, size_t* rule_out,
                                      std::string* why) const {
  if (!db_) return false;
  hs_scratch_t* scratch = nullptr;
  if (hs_alloc_scratch(db_, &scratch) != HS_SUCCESS) return false;
  std::mt19937_64 rng(20261123);  // fixed: the same build makes the same database
  const std::string filler = "abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789 =:;,.\n";
  std::string pad_text;
  for (size_t i = 0; i < kSelfCheckPad; ++i) pad_text.push_back(filler[rng() % filler.size()]);
  std::vector<Hit> hits;
  bool missed = false;
  for (size_t i = 0; i < rules.size() && !missed; ++i) {
    if (!regex_mode(plans_[i].mode)) continue;
    const bool inside = plans_[i].mode == PrefilterMode::kPattern;
    RE2::Options opt;
    opt.set_encoding(RE2::Options::EncodingLatin1);
    opt.set_log_errors(false);
    RE2 re(rules[i]->regex, opt);
    if (!re.ok()) continue;  // reported by compile_rule()
    for (size_t e = 0; e < rules[i]->examples.size() && !missed; ++e) {
      const std::string& ex = rules[i]->examples[e].text;
      if (!RE2::PartialMatch(ex, re)) continue;  // a failing example is `rules check`'s business
      for (size_t pad = 0; pad <= kSelfCheckPad && !missed; ++pad) {
        const std::string text = pad_text.substr(0, pad) + "\n" + ex + "\n";
        re2::StringPiece m;
        if (inside && !re.Match(text, 0, text.size(), RE2::UNANCHORED, &m, 1)) continue;
        const size_t m_begin = inside ? static_cast<size_t>(m.data() - text.data()) : 0;
        const size_t m_end = inside ? m_begin + m.size() : text.size();
        hits.clear();
        hs_scan(db_, text.data(), static_cast<unsigned int>(text.size()), 0, scratch, &record_hit, &hits);
        bool hit = false;
        for (const Hit& h : hits) hit |= pattern_rule_[h.id] == i && (!inside || (h.end > m_begin && h.end <= m_end));
        if (!hit) {
          missed = true;
          *rule_out = i;
          *why = inside ? "the prefilter pattern has no hit inside the match of example " + std::to_string(e + 1) +
                              " at offset " + std::to_string(pad + 1) + "; prefiltered by keywords"
                        : "Vectorscan missed example " + std::to_string(e + 1) + " at offset " +
                              std::to_string(pad + 1) + " (a known Vectorscan 5.4 bug); prefiltered by keywords";
        }
      }
    }
  }
  hs_free_scratch(scratch);
  return missed;
}

Result<std::shared_ptr<const PrefilterGroup>> PrefilterGroup::compile(const std::vector<const Rule*>& rules) {
  std::shared_ptr<PrefilterGroup> group(new PrefilterGroup());
  group->plans_.resize(rules.size());
  for (size_t i = 0; i < rules.size(); ++i) {
    group->rule_ids_.push_back(rules[i]->id);
    RulePlan& plan = group->plans_[i];
    std::string error;
    if (!rules[i]->prefilter.empty()) {
      uint32_t ignored = 0;
      if (!expression_width(rules[i]->prefilter, 0, &ignored, &error)) {
        return Status::error("rule '" + rules[i]->id + "' (" + rules[i]->defined_at.str() +
                             "): Vectorscan cannot compile its prefilter: " + error);
      }
      plan.mode = PrefilterMode::kPattern;
      // The windows around its hits come from the regex's own width.
      if (!expression_width(rules[i]->regex, 0, &plan.max_width, &error) &&
          !expression_width(rules[i]->regex, HS_FLAG_PREFILTER, &plan.max_width, &error)) {
        plan.max_width = kUnboundedWidth;
      }
      continue;
    }
    if (expression_width(rules[i]->regex, 0, &plan.max_width, &error)) {
      plan.mode = PrefilterMode::kExact;
    } else if (expression_width(rules[i]->regex, HS_FLAG_PREFILTER, &plan.max_width, &error)) {
      plan.mode = PrefilterMode::kApprox;
      plan.note = "approximated by Vectorscan: " + error;
    } else {
      // Keyword windows still need a width; unknown means unbounded.
      plan.max_width = kUnboundedWidth;
      plan.mode = rules[i]->keywords.empty() ? PrefilterMode::kAlways : PrefilterMode::kKeywords;
      plan.note = "Vectorscan cannot compile the regex: " + error;
    }
  }
  while (true) {
    if (Status st = group->build_database(rules); !st) return st;
    size_t missed = 0;
    std::string why;
    if (!group->find_missed_rule(rules, &missed, &why)) break;
    downgrade(group->plans_[missed], *rules[missed], why);
  }
  return std::shared_ptr<const PrefilterGroup>(group);
}

Result<std::string> PrefilterGroup::serialize() const {
  std::string out(kMagic);
  out += std::to_string(plans_.size()) + "\n";
  for (size_t i = 0; i < plans_.size(); ++i) {
    out += rule_ids_[i] + " " + std::to_string(static_cast<int>(plans_[i].mode)) + " " +
           std::to_string(plans_[i].max_width) + "\n";
  }
  out += std::to_string(pattern_rule_.size()) + "\n";
  for (uint32_t r : pattern_rule_) out += std::to_string(r) + "\n";
  if (db_) {
    char* bytes = nullptr;
    size_t len = 0;
    if (hs_serialize_database(db_, &bytes, &len) != HS_SUCCESS) {
      return Status::error("serialising the Vectorscan database failed");
    }
    out += std::to_string(len) + "\n";
    out.append(bytes, len);
    free(bytes);
  } else {
    out += "0\n";
  }
  return out;
}

Result<std::shared_ptr<const PrefilterGroup>> PrefilterGroup::deserialize(
    std::string_view in, const std::vector<const Rule*>& rules) {
  const Status bad = Status::error("the serialised prefilter database is damaged or stale");
  if (in.substr(0, kMagic.size()) != kMagic) return bad;
  in.remove_prefix(kMagic.size());
  std::shared_ptr<PrefilterGroup> group(new PrefilterGroup());
  std::string_view tok;
  size_t nrules = 0;
  if (!next_token(in, &tok, '\n') || !parse_num(tok, &nrules) || nrules != rules.size()) return bad;
  for (size_t i = 0; i < nrules; ++i) {
    std::string_view id, mode, width;
    int m = 0;
    RulePlan plan;
    if (!next_token(in, &id, ' ') || !next_token(in, &mode, ' ') || !next_token(in, &width, '\n') ||
        id != rules[i]->id || !parse_num(mode, &m) || m < 0 || m > 4 ||
        !parse_num(width, &plan.max_width)) {
      return bad;
    }
    plan.mode = static_cast<PrefilterMode>(m);
    group->plans_.push_back(plan);
    group->rule_ids_.emplace_back(id);
  }
  size_t npat = 0;
  if (!next_token(in, &tok, '\n') || !parse_num(tok, &npat)) return bad;
  for (size_t p = 0; p < npat; ++p) {
    uint32_t r = 0;
    if (!next_token(in, &tok, '\n') || !parse_num(tok, &r) || r >= nrules) return bad;
    group->pattern_rule_.push_back(r);
  }
  size_t len = 0;
  if (!next_token(in, &tok, '\n') || !parse_num(tok, &len) || len != in.size()) return bad;
  if (len > 0) {
    hs_database_t* db = nullptr;
    if (hs_deserialize_database(in.data(), in.size(), &db) != HS_SUCCESS) {
      return Status::error("the serialised prefilter database does not load on this machine");
    }
    group->db_ = db;
  }
  return std::shared_ptr<const PrefilterGroup>(group);
}

}  // namespace keysweep
