// RuleSet: the rules of one run, validated and compiled once, then shared read-only by every
// matcher thread.
//
// Building a RuleSet: the default pack (embedded rules/*.toml, unless the config says
// use_default = false), minus disabled rules, plus the config's rules. Each rule's RE2 regex is
// compiled (Latin-1, so matching is on bytes and stays linear in the input); the prefilter groups
// come from the embedded database for the default pack and from a compile (cached on disk) for
// user rules.
//
// Thread safety: immutable after build(); share it through std::shared_ptr<const RuleSet>.
// Errors: build() returns the first error, naming the rule ("rule 'x' (rules/a.toml:12:1): ...").
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <re2/re2.h>

#include "scanner/base/status.h"
#include "scanner/check/checks.h"
#include "scanner/ruleset/config.h"
#include "scanner/ruleset/prefilter.h"
#include "scanner/ruleset/rule.h"

namespace keysweep {

// A rule's RE2 regex, compiled on first use, once, from any thread. Compiling all ~140 default
// regexes costs about 0.2 s, which would dominate a pre-commit run that needs a handful; the
// default pack is validated at build time (keysweep_dbgen), and user rules are compiled eagerly
// by RuleSet::build so their errors still stop the run.
//
// anchored() is the same pattern as `(?s:.*?)(PATTERN)`: searched anchored at a position, it
// finds what get() finds searching unanchored from there (RE2's unanchored search is that very
// prefix), as group 1, with the pattern's own groups one higher. The matcher uses it on short
// windows: to report where a match starts and its groups, an unanchored RE2 search runs a
// forward DFA, then a reverse DFA (a second program, compiled on first use) back from the
// match's end, then its NFA over the match; an anchored one runs the forward DFA and then the
// NFA from the anchor. The reverse DFA builds its states as the text asks for them, and for the
// generic rules' long bounded repeats nearly every byte of the first few hundred candidate lines
// asks for a new one (~8 ms per rule on git/git's 113 `password=` lines, against ~1.5 ms
// anchored). The group numbers come from whichever form is asked for first, so a rule searched
// only one way compiles only that one.
class LazyRegex {
 public:
  explicit LazyRegex(std::string pattern) : pattern_(std::move(pattern)) {}
  const RE2& get() const;
  // Null when the wrapped pattern is not the same pattern (regex_newlines.h, wraps_cleanly, or
  // failing that a different group count than get()'s), or when the pattern has a byte above
  // 0x7f (ruleset.cc: an RE2 2022-06 bug); the caller then uses get().
  const RE2* anchored() const;
  // Of the pattern as written (get()'s numbering). With `anchored`, read from anchored() if it
  // is the first to ask and that form exists.
  int secret_group(bool anchored = false) const { return info(anchored).secret; }  // capture of the secret
  int name_group(bool anchored = false) const { return info(anchored).name; }      // capture "name", or -1
  int groups(bool anchored = false) const { return info(anchored).groups; }        // capture groups

 private:
  struct Groups {
    int secret = 0;
    int name = -1;
    int groups = 0;
  };
  const Groups& info(bool anchored) const;

  std::string pattern_;
  mutable std::once_flag once_, anchored_once_, info_once_;
  mutable std::unique_ptr<RE2> re_, anchored_;
  mutable Groups info_;
};

struct CompiledRule {
  Rule rule;
  std::shared_ptr<const LazyRegex> regex;
  std::vector<std::shared_ptr<const LazyRegex>> exclude_paths;
  std::vector<std::shared_ptr<const LazyRegex>> paths;                // rule.paths compiled
  std::vector<std::shared_ptr<const LazyRegex>> weak_password_paths;  // rule.weak_password_paths
  RulePlan plan;          // copied from its prefilter group
  // No match holds a '\n' but as its last byte (ruleset/regex_newlines.h): the matcher looks for
  // matches only on the lines that hold prefilter hits.
  bool one_line = false;
  // rule.checks resolved once: those that read only bytes (the matcher runs them, in order) and
  // those that read the path (check_reads_path: the finding stage runs them per place).
  std::vector<CheckFn> byte_checks;
  std::vector<CheckFn> path_checks;
  // Per byte check: whether it judges how random the value looks (check_is_soft). Where weak
  // passwords count (rule.weak_password_paths), failing such a check marks the match weak.
  std::vector<bool> byte_check_soft;
};

struct PrefilterBinding {
  std::shared_ptr<const PrefilterGroup> group;
  std::vector<uint32_t> rule_index;  // group-local rule index -> RuleSet rule index (or kDisabled)
  static constexpr uint32_t kDisabled = 0xffffffff;
};

// The default pack as a scan needs it: its rules and their prefilter database, ready. It does
// not depend on any config, so a git scan loads it on a second thread while libgit2 reads the
// repository. Immutable; share it.
struct DefaultPack {
  std::vector<Rule> rules;
  std::shared_ptr<const PrefilterGroup> group;
};
// `rules`: the pack's rules already parsed (embedded_default_rules(), built at build time), or
// nullopt to parse the embedded rule files now. The database is deserialised from
// `embedded_db`, or compiled when that is empty or does not match the rules.
Result<std::shared_ptr<const DefaultPack>> load_default_pack(std::string_view embedded_db,
                                                             std::optional<std::vector<Rule>> rules = std::nullopt);

struct RuleSetOptions {
  // The default pack, already loaded (load_default_pack); null = load it in build().
  std::shared_ptr<const DefaultPack> default_pack;
  // Serialised default-pack group and its key, embedded at build time; empty = compile it.
  std::string_view embedded_db;
  // Folder for cached user-rule databases; empty = no cache.
  std::string cache_dir;
  // Compile the default pack's regexes now (tests, `rules check`). Off for scans: the pack was
  // validated when it was built, and each regex compiles on first use.
  bool validate_defaults = true;
};

// One rule's [allowlist.rules.ID] regexes, compiled (globs and stop words stay strings:
// finding/suppress.h uses them as they are).
struct CompiledRuleAllowlist {
  const RuleAllowlist* spec = nullptr;  // into RuleSet::allowlist().rules
  std::vector<std::unique_ptr<RE2>> paths;
  std::vector<std::unique_ptr<RE2>> regexes;
  std::vector<std::unique_ptr<RE2>> line_regexes;
};

class RuleSet {
 public:
  // `config` may be default-constructed (defaults only).
  static Result<std::shared_ptr<const RuleSet>> build(const Config& config, const RuleSetOptions& options);

  const std::vector<CompiledRule>& rules() const { return rules_; }
  const std::vector<PrefilterBinding>& prefilters() const { return prefilters_; }
  const Allowlist& allowlist() const { return allowlist_; }
  const std::vector<std::unique_ptr<RE2>>& allow_paths() const { return allow_paths_; }
  const std::vector<std::unique_ptr<RE2>>& allow_regexes() const { return allow_regexes_; }
  const std::vector<std::unique_ptr<RE2>>& allow_line_regexes() const { return allow_line_regexes_; }
  // The per-rule allowlist of rule `index` (into rules()), or nullptr when it has none.
  const CompiledRuleAllowlist* rule_allowlist(size_t index) const {
    return index < rule_allowlists_.size() ? rule_allowlists_[index].get() : nullptr;
  }
  // Rules that always run (no prefilter); the matcher runs them on every chunk.
  const std::vector<uint32_t>& always_rules() const { return always_rules_; }

 private:
  std::vector<CompiledRule> rules_;
  std::vector<PrefilterBinding> prefilters_;
  Allowlist allowlist_;
  std::vector<std::unique_ptr<RE2>> allow_paths_;
  std::vector<std::unique_ptr<RE2>> allow_regexes_;
  std::vector<std::unique_ptr<RE2>> allow_line_regexes_;
  std::vector<std::unique_ptr<CompiledRuleAllowlist>> rule_allowlists_;  // per rule; null = none
  std::vector<uint32_t> always_rules_;
};

// The id rules a config obeys (doc/config.md), shared by scans and `rules check` so they agree:
// `defaults` are the default rules the config extends (empty with use_default = false). A user
// rule may not take a default rule's id, even a disabled one (disabled_rules names ids, and an
// id must name one rule); every disabled_rules id must name a default or a user rule.
Status check_config_ids(const Config& config, const std::vector<Rule>& defaults);

// The default pack parsed from the embedded rule files (no compilation).
Result<std::vector<Rule>> load_default_rules();

// Cost limits on a rule's regex, checked when it is compiled eagerly (user rules, `rules check`,
// and the default pack when the binary is built); doc/rules.md documents them.
//
// RE2 matches with a lazily built DFA, and a state of that DFA holds every alternative that is
// still alive. With thousands of alternatives each new state costs thousands of steps, and
// varied text needs a new state at almost every byte: a 5,000-word alternation compiles in
// 20 ms but then scans at about 6 s/MB (0.12 s/MB at 500 words; the default pack's busiest
// rule, 73 '|', about 0.03 s/MB), and it is too long for Vectorscan (16,000 characters), so
// RE2 runs over every byte. The program size bounds the same cost for other shapes (bounded
// repeats of alternations). The default pack's largest rule is 73 '|' and 10,499 instructions.
inline constexpr size_t kMaxRuleAlternatives = 256;     // '|' outside classes and \Q...\E
inline constexpr int kMaxRuleProgramSize = 20000;        // RE2::ProgramSize(), instructions

// Number of alternation bars '|' in `regex` (outside character classes, escapes and \Q...\E).
size_t count_alternatives(std::string_view regex);

// Prepares one rule as RuleSet does. With `eager`, compiles its regexes now and reports errors
// (rule id and RE2's message) and the cost limits above; without, they compile on first use and
// must already be valid.
Result<CompiledRule> compile_rule(const Rule& rule, bool eager = true);

// RE2 options every rule regex uses (Latin-1, longest_match off, no logging).
RE2::Options rule_re2_options();

}  // namespace keysweep
