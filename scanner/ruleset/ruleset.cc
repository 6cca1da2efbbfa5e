// Building a RuleSet: parse, validate, compile RE2, attach prefilter groups.
#include "scanner/ruleset/ruleset.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "scanner/match/checks.h"
#include "scanner/ruleset/embedded_rules.h"

namespace keysweep {
namespace {

std::string rule_context(const Rule& r) {
  return "rule '" + r.id + "' (" + r.defined_at.str() + ")";
}

// Reads a cached group; any problem means "not cached".
std::shared_ptr<const PrefilterGroup> read_cache(const std::string& path,
                                                 const std::vector<const Rule*>& rules) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return nullptr;
  std::stringstream buf;
  buf << in.rdbuf();
  auto group = PrefilterGroup::deserialize(buf.str(), rules);
  return group ? group.value() : nullptr;
}

// Best effort: a cache that cannot be written only costs a compile next time.
void write_cache(const std::string& dir, const std::string& path, const PrefilterGroup& group) {
  auto bytes = group.serialize();
  if (!bytes) return;
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  const std::string tmp = path + ".tmp" + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return;
    out.write(bytes->data(), static_cast<std::streamsize>(bytes->size()));
    if (!out) return;
  }
  std::filesystem::rename(tmp, path, ec);
  if (ec) std::filesystem::remove(tmp, ec);
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
  std::call_once(once_, [this] {
    re_ = std::make_unique<RE2>(pattern_, rule_re2_options());
    groups_ = re_->NumberOfCapturingGroups();
    const auto& named = re_->NamedCapturingGroups();
    if (auto it = named.find("secret"); it != named.end()) secret_group_ = it->second;
    else secret_group_ = groups_ >= 1 ? 1 : 0;
    if (auto it = named.find("name"); it != named.end()) name_group_ = it->second;
  });
  return *re_;
}

Result<CompiledRule> compile_rule(const Rule& rule, bool eager) {
  CompiledRule c;
  c.rule = rule;
  c.regex = std::make_shared<LazyRegex>(rule.regex);
  if (eager && !c.regex->get().ok()) {
    return Status::error(rule_context(rule) + ": invalid regex: " + c.regex->get().error());
  }
  for (const std::string& check : rule.checks) {
    if (!find_check(check)) {
      std::string known;
      for (const std::string& n : check_names()) known += (known.empty() ? "" : ", ") + n;
      return Status::error(rule_context(rule) + ": unknown check '" + check + "' (known: " + known + ")");
    }
  }
  for (const std::string& p : rule.exclude_paths) {
    auto re = std::make_shared<LazyRegex>(p);
    if (eager && !re->get().ok()) {
      return Status::error(rule_context(rule) + ": invalid exclude_paths regex: " + re->get().error());
    }
    c.exclude_paths.push_back(std::move(re));
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
  std::set<std::string> known_ids;
  for (const Rule& r : defaults) known_ids.insert(r.id);
  for (const Rule& r : config.rules) {
    if (known_ids.count(r.id)) {
      return Status::error(r.defined_at.str() + ": rule id '" + r.id +
                           "' is already a default rule; pick another id or disable the default");
    }
  }
  for (const Rule& r : config.rules) known_ids.insert(r.id);
  std::set<std::string> disabled(config.disabled_rules.begin(), config.disabled_rules.end());
  for (const std::string& id : disabled) {
    if (!known_ids.count(id)) return Status::error("disabled_rules names unknown rule '" + id + "'");
  }

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
    const std::string path = options.cache_dir.empty() ? "" : options.cache_dir + "/" + key + ".hsdb";
    std::shared_ptr<const PrefilterGroup> group = path.empty() ? nullptr : read_cache(path, user_rules);
    if (!group) {
      auto compiled = PrefilterGroup::compile(user_rules);
      if (!compiled) return compiled.status();
      group = compiled.value();
      if (!path.empty()) write_cache(options.cache_dir, path, *group);
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
    if (!re->ok()) return Status::error("allowlist path regex '" + p + "': " + re->error());
    set->allow_paths_.push_back(std::move(re));
  }
  for (const std::string& p : config.allowlist.regexes) {
    auto re = std::make_unique<RE2>(p, rule_re2_options());
    if (!re->ok()) return Status::error("allowlist regex '" + p + "': " + re->error());
    set->allow_regexes_.push_back(std::move(re));
  }
  return std::shared_ptr<const RuleSet>(set);
}

}  // namespace keysweep
