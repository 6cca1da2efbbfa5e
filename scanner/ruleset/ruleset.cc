// Building a RuleSet: parse, validate, compile RE2, attach prefilter groups.
#include "scanner/ruleset/ruleset.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "scanner/base/quote.h"
#include "scanner/check/checks.h"
#include "scanner/ruleset/embedded_rules.h"
#include "scanner/ruleset/regex_newlines.h"
#include "scanner/ruleset/rule_cache.h"

namespace keysweep {
namespace {

std::string rule_context(const Rule& r) {
  return "rule '" + r.id + "' (" + r.defined_at.str() + ")";
}

}  // namespace

RE2::Options rule_re2_options() {
  RE2::Options opt;
  opt.set_encoding(RE2::Options::EncodingLatin1);
  opt.set_log_errors(false);
  opt.set_max_mem(64 << 20);
  return opt;
}

const RE2& LazyRegex::get() const {
  std::call_once(once_, [this] { re_ = std::make_unique<RE2>(pattern_, rule_re2_options()); });
  return *re_;
}

const RE2* LazyRegex::anchored() const {
  std::call_once(anchored_once_, [this] {
    // RE2 2022-06 (Debian 12) misses matches in an unanchored Latin-1 search when the literal
    // prefix its alternatives share ends in a byte above 0x7f (`ab\xfe|ab\xfe\xfe` finds nothing
    // in "ab\xfe\xfe"; fuzz_regex_lines found it), and the anchored form has no such prefix. A
    // pattern with such bytes keeps the plain form only, so that what a window finds never
    // depends on which form it got (the default pack is ASCII).
    if (std::any_of(pattern_.begin(), pattern_.end(), [](char c) { return static_cast<unsigned char>(c) > 0x7f; })) {
      return;
    }
    auto re = std::make_unique<RE2>("(?s:.*?)(" + pattern_ + ")", rule_re2_options());
    if (!re->ok()) return;
    // Wrapping changes nothing only if the pattern's parentheses balance and its text does not
    // end inside \Q... (which would quote the closing one): read from the text when possible,
    // else checked against the pattern compiled as written.
    if (wraps_cleanly(pattern_) ||
        (get().ok() && re->NumberOfCapturingGroups() == get().NumberOfCapturingGroups() + 1)) {
      anchored_ = std::move(re);
    }
  });
  return anchored_.get();
}

const LazyRegex::Groups& LazyRegex::info(bool prefer_anchored) const {
  std::call_once(info_once_, [this, prefer_anchored] {
    // Group numbers of the pattern as written, read from the form the caller is about to use.
    const RE2* wrapped = prefer_anchored ? anchored() : nullptr;
    const int shift = wrapped ? 1 : 0;
    const RE2& re = wrapped ? *wrapped : get();
    info_.groups = re.NumberOfCapturingGroups() - shift;
    const auto& named = re.NamedCapturingGroups();
    if (auto it = named.find("secret"); it != named.end()) info_.secret = it->second - shift;
    else info_.secret = info_.groups >= 1 ? 1 : 0;
    if (auto it = named.find("name"); it != named.end()) info_.name = it->second - shift;
  });
  return info_;
}

size_t count_alternatives(std::string_view re) {
  size_t bars = 0;
  size_t i = 0;
  while (i < re.size()) {
    const char c = re[i];
    if (c == '\\') {
      if (i + 1 < re.size() && re[i + 1] == 'Q') {  // \Q...\E is literal text
        const size_t end = re.find("\\E", i + 2);
        i = end == std::string_view::npos ? re.size() : end + 2;
      } else {
        i += 2;
      }
    } else if (c == '[') {
      ++i;
      if (i < re.size() && re[i] == '^') ++i;
      if (i < re.size() && re[i] == ']') ++i;  // a leading ']' is a literal
      while (i < re.size() && re[i] != ']') {
        if (re[i] == '\\') {
          i += 2;
        } else if (re.compare(i, 2, "[:") == 0) {
          const size_t end = re.find(":]", i + 2);
          i = end == std::string_view::npos ? i + 1 : end + 2;
        } else {
          ++i;
        }
      }
      ++i;
    } else {
      bars += c == '|';
      ++i;
    }
  }
  return bars;
}

Result<CompiledRule> compile_rule(const Rule& rule, bool eager) {
  CompiledRule c;
  c.rule = rule;
  c.one_line = matches_stay_on_one_line(rule.regex);
  c.regex = std::make_shared<LazyRegex>(rule.regex);
  if (eager && !c.regex->get().ok()) {
    return Status::error(rule_context(rule) + ": invalid regex: " + escape_input(c.regex->get().error()));
  }
  if (eager) {
    // Checked after RE2 accepts the regex, so a syntax error is reported as one.
    if (const size_t bars = count_alternatives(rule.regex); bars > kMaxRuleAlternatives) {
      return Status::error(rule_context(rule) + ": regex has " + std::to_string(bars) +
                           " alternatives ('|'), over the limit of " + std::to_string(kMaxRuleAlternatives) +
                           " (a long alternation makes RE2 scan slowly); split it into several rules, or match "
                           "the names with a general pattern and list them in 'keywords'");
    }
    if (const int size = c.regex->get().ProgramSize(); size > kMaxRuleProgramSize) {
      return Status::error(rule_context(rule) + ": regex compiles to " + std::to_string(size) +
                           " RE2 instructions, over the limit of " + std::to_string(kMaxRuleProgramSize) +
                           "; use fewer alternatives or smaller bounded repeats ({0,40}, not {0,1000})");
    }
  }
  for (const std::string& check : rule.checks) {
    const CheckFn fn = find_check(check);
    if (!fn) {
      std::string known;
      for (const std::string& n : check_names()) known += (known.empty() ? "" : ", ") + n;
      return Status::error(rule_context(rule) + ": unknown check " + quote_input(check) + " (known: " + known + ")");
    }
    if (check_reads_path(check)) {
      c.path_checks.push_back(fn);
    } else {
      c.byte_checks.push_back(fn);
      c.byte_check_soft.push_back(check_is_soft(check));
    }
  }
  for (auto [key, patterns, out] : {std::tuple{"exclude_paths", &rule.exclude_paths, &c.exclude_paths},
                                    std::tuple{"paths", &rule.paths, &c.paths},
                                    std::tuple{"weak_password_paths", &rule.weak_password_paths, &c.weak_password_paths}}) {
    for (const std::string& p : *patterns) {
      auto re = std::make_shared<LazyRegex>(p);
      if (eager && !re->get().ok()) {
        return Status::error(rule_context(rule) + ": invalid " + key + " regex: " + escape_input(re->get().error()));
      }
      out->push_back(std::move(re));
    }
  }
  return c;
}

Result<std::vector<Rule>> load_default_rules() {
  std::vector<Rule> rules;
  std::set<std::string> ids;
  for (const EmbeddedFile& f : embedded_rule_files()) {
    Result<Config> cfg = parse_config(f.text, std::string(f.name));
    if (!cfg) return cfg.status();
    for (Rule& r : cfg->rules) {
      if (!ids.insert(r.id).second) {
        return Status::error(r.defined_at.str() + ": duplicate rule id '" + r.id + "'");
      }
      rules.push_back(std::move(r));
    }
  }
  return rules;
}

Result<std::shared_ptr<const DefaultPack>> load_default_pack(std::string_view embedded_db,
                                                             std::optional<std::vector<Rule>> rules) {
  auto pack = std::make_shared<DefaultPack>();
  if (rules) {
    pack->rules = std::move(*rules);
  } else {
    Result<std::vector<Rule>> loaded = load_default_rules();
    if (!loaded) return loaded.status();
    pack->rules = std::move(loaded).value();
  }
  std::vector<const Rule*> ptrs;
  for (const Rule& r : pack->rules) ptrs.push_back(&r);
  if (!embedded_db.empty()) {
    auto group = PrefilterGroup::deserialize(embedded_db, ptrs);
    if (group) pack->group = group.value();
  }
  if (!pack->group) {
    auto compiled = PrefilterGroup::compile(ptrs);
    if (!compiled) return compiled.status();
    pack->group = compiled.value();
  }
  return std::shared_ptr<const DefaultPack>(std::move(pack));
}

Status check_config_ids(const Config& config, const std::vector<Rule>& defaults) {
  std::set<std::string> known_ids;
  for (const Rule& r : defaults) known_ids.insert(r.id);
  for (const Rule& r : config.rules) {
    if (known_ids.count(r.id)) {
      return Status::error(r.defined_at.str() + ": rule id '" + r.id +
                           "' is already a default rule; give your rule another id (and add the default's "
                           "id to [extend] disabled_rules to replace it), or set [extend] use_default = false");
    }
  }
  for (const Rule& r : config.rules) known_ids.insert(r.id);
  for (const std::string& id : config.disabled_rules) {
    if (!known_ids.count(id)) return Status::error("disabled_rules names unknown rule " + quote_input(id));
  }
  return Status::ok();
}

Result<std::shared_ptr<const RuleSet>> RuleSet::build(const Config& config, const RuleSetOptions& options) {
  std::shared_ptr<RuleSet> set(new RuleSet());
  std::shared_ptr<const DefaultPack> pack;
  if (config.use_default_rules) {
    pack = options.default_pack;
    if (!pack) {
      auto loaded = load_default_pack(options.embedded_db);
      if (!loaded) return loaded.status();
      pack = loaded.value();
    }
  }
  static const std::vector<Rule> kNoRules;
  const std::vector<Rule>& defaults = pack ? pack->rules : kNoRules;
  if (Status st = check_config_ids(config, defaults); !st) return st;
  std::set<std::string> disabled(config.disabled_rules.begin(), config.disabled_rules.end());

  // Compile RE2 for every enabled rule; remember where each default rule landed.
  std::vector<uint32_t> default_index(defaults.size(), PrefilterBinding::kDisabled);
  for (size_t i = 0; i < defaults.size(); ++i) {
    if (disabled.count(defaults[i].id)) continue;
    Result<CompiledRule> c = compile_rule(defaults[i], options.validate_defaults);
    if (!c) return c.status();
    default_index[i] = static_cast<uint32_t>(set->rules_.size());
    set->rules_.push_back(std::move(c).value());
  }
  std::vector<const Rule*> user_rules;
  std::vector<uint32_t> user_index;
  for (const Rule& r : config.rules) {
    if (disabled.count(r.id)) continue;
    Result<CompiledRule> c = compile_rule(r);
    if (!c) return c.status();
    user_index.push_back(static_cast<uint32_t>(set->rules_.size()));
    set->rules_.push_back(std::move(c).value());
  }
  for (const Rule& r : config.rules) {
    if (!disabled.count(r.id)) user_rules.push_back(&r);
  }

  if (pack && !pack->rules.empty()) set->prefilters_.push_back(PrefilterBinding{pack->group, default_index});
  if (!user_rules.empty()) {
    const std::string key = rules_content_key(user_rules);
    std::shared_ptr<const PrefilterGroup> group = read_cached_group(options.cache_dir, key, user_rules);
    if (!group) {
      auto compiled = PrefilterGroup::compile(user_rules);
      if (!compiled) return compiled.status();
      group = compiled.value();
      write_cached_group(options.cache_dir, key, *group);
    }
    set->prefilters_.push_back(PrefilterBinding{group, user_index});
  }
  for (const PrefilterBinding& b : set->prefilters_) {
    for (size_t i = 0; i < b.rule_index.size(); ++i) {
      if (b.rule_index[i] == PrefilterBinding::kDisabled) continue;
      CompiledRule& c = set->rules_[b.rule_index[i]];
      c.plan = b.group->plans()[i];
      if (c.plan.mode == PrefilterMode::kAlways) set->always_rules_.push_back(b.rule_index[i]);
    }
  }

  set->allowlist_ = config.allowlist;
  for (const std::string& p : config.allowlist.paths) {
    auto re = std::make_unique<RE2>(p, rule_re2_options());
    if (!re->ok()) return Status::error("allowlist path regex " + quote_input(p) + ": " + escape_input(re->error()));
    set->allow_paths_.push_back(std::move(re));
  }
  for (const std::string& p : config.allowlist.regexes) {
    auto re = std::make_unique<RE2>(p, rule_re2_options());
    if (!re->ok()) return Status::error("allowlist regex " + quote_input(p) + ": " + escape_input(re->error()));
    set->allow_regexes_.push_back(std::move(re));
  }
  auto compile_all = [](const std::vector<std::string>& patterns, const std::string& what,
                        std::vector<std::unique_ptr<RE2>>* out) -> Status {
    for (const std::string& p : patterns) {
      auto re = std::make_unique<RE2>(p, rule_re2_options());
      if (!re->ok()) return Status::error(what + " " + quote_input(p) + ": " + escape_input(re->error()));
      out->push_back(std::move(re));
    }
    return Status::ok();
  };
  if (Status st = compile_all(config.allowlist.line_regexes, "allowlist line regex", &set->allow_line_regexes_); !st) {
    return st;
  }
  // Per-rule allowlists: each id must name a rule of this run or one the config disabled (a
  // typo would otherwise allow nothing, silently).
  set->rule_allowlists_.resize(set->rules_.size());
  for (const RuleAllowlist& spec : set->allowlist_.rules) {
    size_t index = set->rules_.size();
    for (size_t i = 0; i < set->rules_.size(); ++i) {
      if (set->rules_[i].rule.id == spec.rule_id) index = i;
    }
    if (index == set->rules_.size()) {
      const auto& off = config.disabled_rules;
      if (std::find(off.begin(), off.end(), spec.rule_id) != off.end()) continue;
      return Status::error("[allowlist.rules." + escape_input(spec.rule_id) + "] names no rule (see keysweep rules list)");
    }
    auto compiled = std::make_unique<CompiledRuleAllowlist>();
    compiled->spec = &spec;
    const std::string what = "allowlist.rules." + spec.rule_id;
    if (Status st = compile_all(spec.paths, what + " path regex", &compiled->paths); !st) return st;
    if (Status st = compile_all(spec.regexes, what + " regex", &compiled->regexes); !st) return st;
    if (Status st = compile_all(spec.line_regexes, what + " line regex", &compiled->line_regexes); !st) return st;
    set->rule_allowlists_[index] = std::move(compiled);
  }
  return std::shared_ptr<const RuleSet>(set);
}

}  // namespace keysweep
