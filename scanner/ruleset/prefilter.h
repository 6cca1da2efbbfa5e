// Prefilter: the Vectorscan database that runs every rule at once over a chunk.
//
// Each rule gets a plan, decided when its group is compiled:
//   exact     - its regex compiles in Vectorscan as is; hits are real match ends.
//   approx    - it compiles only in prefilter mode (HS_FLAG_PREFILTER): hits are a superset.
//   pattern   - the rule has a `prefilter` pattern (rule.h), for a regex that Vectorscan runs
//               slowly: that pattern is compiled instead of the regex; a hit lies inside a
//               match, so RE2 runs in a window of max_width bytes either side of it.
//   keywords  - Vectorscan rejects the regex, or misses one of the rule's examples at some offset
//               (see prefilter.cc); its keywords (multi-byte literals) are the prefilter, and
//               RE2 runs in a window of max_width bytes either side of each keyword hit.
//   always    - no usable prefilter and no keywords: RE2 runs over every chunk.
// max_width (from hs_expression_info of the regex, whatever the mode) bounds how long a match
// can be: for exact/approx rules RE2 only re-runs in a window before each hit.
//
// A group's database is serialised with its plan. The default pack's group is compiled at build
// time (scanner/tools/dbgen.cc) and embedded; user rules form a second group compiled on first
// use and cached on disk by content hash.
//
// Thread safety: a PrefilterGroup is immutable after construction and shared by all threads;
// each thread scans with its own scratch (see match/matcher.h).
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "scanner/base/status.h"
#include "scanner/ruleset/rule.h"

struct hs_database;
struct hs_scratch;

namespace keysweep {

enum class PrefilterMode : uint8_t { kExact = 0, kApprox = 1, kKeywords = 2, kAlways = 3, kPattern = 4 };
const char* prefilter_mode_name(PrefilterMode m);

inline constexpr uint32_t kUnboundedWidth = std::numeric_limits<uint32_t>::max();

struct RulePlan {
  PrefilterMode mode = PrefilterMode::kAlways;
  uint32_t max_width = kUnboundedWidth;  // longest possible match, in bytes
  std::string note;                      // why a rule fell back (Vectorscan's message)
};

class PrefilterGroup {
 public:
  // Compiles `rules` (plans are decided here). A rule whose regex Vectorscan rejects falls back,
  // with the reason in its plan's note. Errors: a rule's `prefilter` that Vectorscan cannot
  // compile (naming the rule and Vectorscan's message; the pattern exists only for Vectorscan),
  // and internal failures.
  static Result<std::shared_ptr<const PrefilterGroup>> compile(const std::vector<const Rule*>& rules);
  // Loads a group serialised by serialize(); `rules` must be the same rules, by id, in order.
  static Result<std::shared_ptr<const PrefilterGroup>> deserialize(std::string_view bytes,
                                                                   const std::vector<const Rule*>& rules);
  Result<std::string> serialize() const;

  ~PrefilterGroup();
  PrefilterGroup(const PrefilterGroup&) = delete;
  PrefilterGroup& operator=(const PrefilterGroup&) = delete;

  const std::vector<RulePlan>& plans() const { return plans_; }   // one per rule, in order
  // Vectorscan pattern id -> index of the rule (in the order given to compile()).
  const std::vector<uint32_t>& pattern_rule() const { return pattern_rule_; }
  const hs_database* database() const { return db_; }             // null when no patterns
  // Allocates a scratch space for this group's database, or extends `*scratch` to fit it.
  Status alloc_scratch(hs_scratch** scratch) const;

 private:
  PrefilterGroup() = default;
  Status build_database(const std::vector<const Rule*>& rules);
  bool find_missed_rule(const std::vector<const Rule*>& rules, size_t* rule, std::string* why) const;

  std::vector<RulePlan> plans_;
  std::vector<uint32_t> pattern_rule_;
  std::vector<std::string> rule_ids_;
  hs_database* db_ = nullptr;
};

// A stable hash of the rules' ids, regexes, prefilter patterns and keywords: the cache key of
// their group.
std::string rules_content_key(const std::vector<const Rule*>& rules);

}  // namespace keysweep
