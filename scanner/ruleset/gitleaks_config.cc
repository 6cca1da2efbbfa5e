// Reads a gitleaks v8 / Betterleaks config into keysweep's Config (see the header for the map).
//
// Unlike config.cc, unknown keys are not errors here: a gitleaks config is someone else's format
// and keeps growing fields, so each one keysweep cannot honour becomes a warning that names it
// and its place, and the run goes on. Wrong types stay errors: a rule whose regex is a number
// is broken in gitleaks too.
#include "scanner/ruleset/gitleaks_config.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "scanner/base/quote.h"

namespace keysweep {
namespace {

std::string where(const std::string& file, const toml::source_region& src) {
  return file + ":" + std::to_string(src.begin.line) + ":" + std::to_string(src.begin.column);
}

class Reader {
 public:
  Reader(const std::string& file, std::vector<std::string>* warnings) : file_(file), warnings_(warnings) {}

  Status err(const toml::node& node, const std::string& what) const {
    return Status::error(where(file_, node.source()) + ": " + what);
  }
  // Warnings about a key point at the key, as a reader would look for it.
  void warn(const toml::source_region& at, const std::string& what) {
    pending_.push_back(Pending{at.begin.line, at.begin.column, where(file_, at) + ": " + what});
  }
  // toml++ iterates a table in key order; the warnings go out in the file's order.
  void flush() {
    std::stable_sort(pending_.begin(), pending_.end(), [](const Pending& a, const Pending& b) {
      return a.line != b.line ? a.line < b.line : a.column < b.column;
    });
    if (warnings_) {
      for (Pending& p : pending_) warnings_->push_back(std::move(p.text));
    }
    pending_.clear();
  }
  void warn(const toml::node& node, const std::string& what) { warn(node.source(), what); }
  void unsupported(const toml::key& key, const std::string& field) {
    warn(key.source(), "gitleaks field '" + escape_input(field) + "' is not supported: ignored");
  }

  Status get_string(const toml::node& node, const std::string& field, std::string* out) const {
    const auto* s = node.as_string();
    if (!s) return err(node, "gitleaks field '" + field + "' must be a string");
    *out = s->get();
    return Status::ok();
  }
  Status get_strings(const toml::node& node, const std::string& field, std::vector<std::string>* out) const {
    const auto* arr = node.as_array();
    if (!arr) return err(node, "gitleaks field '" + field + "' must be an array of strings");
    for (const toml::node& item : *arr) {
      const auto* s = item.as_string();
      if (!s) return err(item, "gitleaks field '" + field + "' must be an array of strings");
      out->push_back(s->get());
    }
    return Status::ok();
  }
  const std::string& file() const { return file_; }

 private:
  struct Pending {
    uint32_t line, column;
    std::string text;
  };
  const std::string& file_;
  std::vector<std::string>* warnings_;
  std::vector<Pending> pending_;
};

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// gitleaks ids are free text ("AWS", "my rule"); keysweep's are a-z, 0-9, '-', '_', '.'.
std::string keysweep_id(const std::string& id) {
  std::string out = lower(id);
  for (char& c : out) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_';
    if (!ok) c = '-';
  }
  return out;
}

// One gitleaks allowlist, before it is placed globally or on rules.
struct GitleaksAllowlist {
  std::vector<std::string> paths, regexes, line_regexes, stopwords, target_rules;
  const toml::node* target_rules_node = nullptr;
};

// `prefix` is the field path of the table ("allowlist", "allowlists", "rules.allowlists"), for
// messages. `global` allows targetRules.
Status read_allowlist(Reader& rd, const toml::node& node, const std::string& prefix, bool global,
                      GitleaksAllowlist* out) {
  const auto* tbl = node.as_table();
  if (!tbl) return rd.err(node, "gitleaks field '" + prefix + "' must be a table");
  bool line_target = false;
  if (const toml::node* t = tbl->get("regexTarget")) {
    std::string target;
    if (Status st = rd.get_string(*t, prefix + ".regexTarget", &target); !st) return st;
    if (target == "line") line_target = true;
    else if (target != "secret" && target != "match" && !target.empty())
      return rd.err(*t, "gitleaks field '" + prefix + ".regexTarget' must be \"secret\", \"match\" or \"line\" (got " +
                            quote_input(target) + ")");
  }
  for (auto&& [k, v] : *tbl) {
    const std::string key(k.str());
    const std::string field = prefix + "." + key;
    Status st;
    if (key == "regexTarget" || key == "description") continue;
    if (key == "paths") st = rd.get_strings(v, field, &out->paths);
    else if (key == "regexes") st = rd.get_strings(v, field, line_target ? &out->line_regexes : &out->regexes);
    else if (key == "stopwords") st = rd.get_strings(v, field, &out->stopwords);
    else if (key == "condition") {
      std::string cond;
      st = rd.get_string(v, field, &cond);
      if (st && lower(cond) == "and") {
        rd.warn(k.source(), "gitleaks field '" + field + "' = \"AND\" is not supported: keysweep applies each list of the "
                   "allowlist on its own (OR)");
      }
    } else if (key == "targetRules" && global) {
      st = rd.get_strings(v, field, &out->target_rules);
      out->target_rules_node = &v;
    } else {
      rd.unsupported(k, field);  // commits, and anything newer
    }
    if (!st) return st;
  }
  return Status::ok();
}

void append(std::vector<std::string>* to, const std::vector<std::string>& from) {
  to->insert(to->end(), from.begin(), from.end());
}

void add_to_rule(const GitleaksAllowlist& a, RuleAllowlist* r) {
  append(&r->paths, a.paths);
  append(&r->regexes, a.regexes);
  append(&r->line_regexes, a.line_regexes);
  append(&r->stopwords, a.stopwords);
}

struct State {
  Config config;
  std::map<std::string, RuleAllowlist> per_rule;  // by keysweep rule id
  std::vector<GitleaksAllowlist> targeted;        // global allowlists with targetRules
};

// Reads one [[rules]] table; appends the rule (unless it is skipped with a warning) and its
// allowlists.
Status read_rule(Reader& rd, const toml::table& tbl, State* state) {
  Rule rule;
  rule.defined_at = SourcePos{rd.file(), tbl.source().begin.line, tbl.source().begin.column};
  std::string id, path;
  bool has_regex = false, has_path = false;
  int64_t secret_group = 0;
  const toml::node* group_node = nullptr;
  std::vector<GitleaksAllowlist> allowlists;
  for (auto&& [k, v] : tbl) {
    const std::string key(k.str());
    const std::string field = "rules." + key;
    Status st;
    if (key == "id") st = rd.get_string(v, field, &id);
    else if (key == "description") st = rd.get_string(v, field, &rule.description);
    else if (key == "regex") { st = rd.get_string(v, field, &rule.regex); has_regex = true; }
    else if (key == "path") { st = rd.get_string(v, field, &path); has_path = true; }
    else if (key == "keywords") st = rd.get_strings(v, field, &rule.keywords);
    else if (key == "tags") {
      std::vector<std::string> ignored;
      st = rd.get_strings(v, field, &ignored);
    } else if (key == "secretGroup") {
      const auto* n = v.as_integer();
      if (!n || n->get() < 0) return rd.err(v, "gitleaks field 'rules.secretGroup' must be a whole number >= 0");
      secret_group = n->get();
      group_node = &v;
    } else if (key == "entropy") {
      std::optional<double> d = v.value<double>();
      if (!v.is_number() || !d || !(*d >= 0) || *d > 8) {
        return rd.err(v, "gitleaks field 'rules.entropy' must be a number from 0 to 8 (bits per character)");
      }
      if (*d > 0) rule.min_entropy = *d;
    } else if (key == "allowlist") {
      GitleaksAllowlist a;
      st = read_allowlist(rd, v, "rules.allowlist", false, &a);
      allowlists.push_back(std::move(a));
    } else if (key == "allowlists") {
      const auto* arr = v.as_array();
      if (!arr) return rd.err(v, "gitleaks field 'rules.allowlists' must be an array of tables ([[rules.allowlists]])");
      for (const toml::node& item : *arr) {
        GitleaksAllowlist a;
        if (Status s = read_allowlist(rd, item, "rules.allowlists", false, &a); !s) return s;
        allowlists.push_back(std::move(a));
      }
    } else {
      rd.unsupported(k, field);
    }
    if (!st) return st;
  }
  if (id.empty()) return rd.err(tbl, "a gitleaks rule ([[rules]]) needs a non-empty 'id'");
  rule.id = keysweep_id(id);
  if (rule.id != id) {
    rd.warn(tbl, "gitleaks rule id " + quote_input(id) + " is read as '" + rule.id +
                     "' (keysweep ids use only a-z, 0-9, '-', '_', '.')");
  }
  if (!has_regex || rule.regex.empty()) {
    if (has_path) {
      rd.warn(tbl, "gitleaks rule '" + rule.id + "' has a 'path' but no 'regex' (a file-name rule), which keysweep "
                   "rules cannot express: skipped");
      return Status::ok();
    }
    return rd.err(tbl, "gitleaks rule '" + rule.id + "' needs a 'regex'");
  }
  Result<std::string> regex = rewrite_secret_group(rule.regex, secret_group);
  if (!regex) return rd.err(group_node ? *group_node : static_cast<const toml::node&>(tbl),
                            "gitleaks rule '" + rule.id + "': " + regex.status().message());
  rule.regex = std::move(regex).value();
  if (has_path) rule.paths = {path};
  if (rule.description.empty()) rule.description = "gitleaks rule " + rule.id;
  std::vector<std::string> keywords;
  for (const std::string& kw : rule.keywords) {
    if (!kw.empty()) keywords.push_back(lower(kw));
  }
  rule.keywords = std::move(keywords);
  for (const GitleaksAllowlist& a : allowlists) {
    RuleAllowlist& r = state->per_rule[rule.id];
    r.rule_id = rule.id;
    add_to_rule(a, &r);
  }
  state->config.rules.push_back(std::move(rule));
  return Status::ok();
}

Status read_extend(Reader& rd, const toml::node& node, State* state, std::vector<std::pair<std::string, const toml::node*>>* disabled) {
  const auto* tbl = node.as_table();
  if (!tbl) return rd.err(node, "gitleaks field 'extend' must be a table");
  for (auto&& [k, v] : *tbl) {
    const std::string key(k.str());
    const std::string field = "extend." + key;
    if (key == "useDefault") {
      const auto* b = v.as_boolean();
      if (!b) return rd.err(v, "gitleaks field 'extend.useDefault' must be true or false");
      state->config.use_default_rules = b->get();
    } else if (key == "disabledRules") {
      const auto* arr = v.as_array();
      if (!arr) return rd.err(v, "gitleaks field 'extend.disabledRules' must be an array of strings");
      for (const toml::node& item : *arr) {
        const auto* s = item.as_string();
        if (!s) return rd.err(item, "gitleaks field 'extend.disabledRules' must be an array of strings");
        disabled->emplace_back(s->get(), &item);
      }
    } else {
      rd.unsupported(k, field);  // path, url: keysweep reads one config file
    }
  }
  return Status::ok();
}

}  // namespace

std::vector<RegexGroup> capturing_groups(std::string_view re) {
  std::vector<RegexGroup> groups;
  size_t i = 0;
  const size_t n = re.size();
  while (i < n) {
    const char c = re[i];
    if (c == '\\') {
      if (i + 1 < n && re[i + 1] == 'Q') {
        const size_t end = re.find("\\E", i + 2);
        i = end == std::string_view::npos ? n : end + 2;
      } else {
        i += 2;
      }
    } else if (c == '[') {
      ++i;
      if (i < n && re[i] == '^') ++i;
      if (i < n && re[i] == ']') ++i;  // a leading ']' is a literal
      while (i < n && re[i] != ']') {
        if (re[i] == '\\') i += 2;
        else if (re[i] == '[' && i + 1 < n && re[i + 1] == ':') {
          const size_t end = re.find(":]", i + 2);
          i = end == std::string_view::npos ? i + 1 : end + 2;
        } else ++i;
      }
      ++i;  // the closing ']'
    } else if (c == '(') {
      if (i + 1 < n && re[i + 1] == '?') {
        size_t name = std::string_view::npos;
        if (re.substr(i + 2, 2) == "P<") name = i + 4;
        else if (i + 2 < n && re[i + 2] == '<' && re.substr(i + 3, 1) != "=" && re.substr(i + 3, 1) != "!") name = i + 3;
        if (name != std::string_view::npos) {
          const size_t end = re.find('>', name);
          const size_t len = end == std::string_view::npos ? 0 : end - name;
          groups.push_back(RegexGroup{i, name, len});
        }
      } else {
        groups.push_back(RegexGroup{i, 0, 0});
      }
      ++i;
    } else {
      ++i;
    }
  }
  return groups;
}

Result<std::string> rewrite_secret_group(const std::string& regex, int64_t secret_group) {
  std::vector<RegexGroup> groups = capturing_groups(regex);
  if (static_cast<uint64_t>(secret_group) > groups.size()) {
    return Status::error("secretGroup " + std::to_string(secret_group) + " but the regex has " +
                         std::to_string(groups.size()) + " capturing group" + (groups.size() == 1 ? "" : "s"));
  }
  if (groups.empty()) return "(?P<secret>" + regex + ")";
  // Rewritten from the back so that earlier offsets stay valid. With secretGroup 0 the regex
  // keeps its groups: keysweep takes group "secret" or else group 1, as gitleaks takes the
  // first non-empty group. Otherwise another group already named "secret" loses its name (it
  // keeps its number), so that the chosen one is the secret. Go's (?<name> is written as
  // (?P<name>, which every RE2 reads.
  std::string out = regex;
  for (size_t g = groups.size(); g-- > 0;) {
    const RegexGroup& grp = groups[g];
    const std::string_view name = std::string_view(regex).substr(grp.name_at, grp.name_len);
    const bool chosen = g + 1 == static_cast<uint64_t>(secret_group);
    const bool unname = secret_group > 0 && !chosen && grp.name_len > 0 && name == "secret";
    const bool go_name = grp.name_len > 0 && regex[grp.open + 2] == '<';
    if (!chosen && !unname && !go_name) continue;
    const size_t head_end = grp.name_len > 0 ? grp.name_at + grp.name_len + 1 : grp.open + 1;  // past '>' or '('
    const std::string head = chosen ? "(?P<secret>" : unname ? "(" : "(?P<" + std::string(name) + ">";
    out.replace(grp.open, head_end - grp.open, head);
  }
  return out;
}

bool is_gitleaks_config(const toml::table& root) {
  if (root.contains("rule")) return false;
  if (const toml::node* rules = root.get("rules")) {
    const auto* arr = rules->as_array();
    if (arr && (arr->empty() || arr->is_array_of_tables())) return true;
  }
  if (const toml::node* lists = root.get("allowlists"); lists && lists->is_array()) return true;
  if (const toml::table* ext = root["extend"].as_table()) {
    for (const char* key : {"useDefault", "disabledRules", "path", "url"}) {
      if (ext->contains(key)) return true;
    }
  }
  return false;
}

Result<Config> parse_gitleaks_config(const toml::table& root, const std::string& file_name,
                                     std::vector<std::string>* warnings) {
  Reader rd(file_name, warnings);
  State state;
  state.config.use_default_rules = false;  // without [extend] useDefault, the file is the whole rule set
  std::vector<std::pair<std::string, const toml::node*>> disabled;
  std::vector<GitleaksAllowlist> global;
  for (auto&& [k, v] : root) {
    const std::string key(k.str());
    Status st;
    if (key == "title" || key == "description") {
      std::string ignored;
      st = rd.get_string(v, key, &ignored);
    } else if (key == "extend") {
      st = read_extend(rd, v, &state, &disabled);
    } else if (key == "rules") {
      const auto* arr = v.as_array();
      if (!arr) return rd.err(v, "gitleaks field 'rules' must be an array of tables ([[rules]])");
      for (const toml::node& item : *arr) {
        const auto* tbl = item.as_table();
        if (!tbl) return rd.err(item, "gitleaks field 'rules' must be an array of tables ([[rules]])");
        if (Status s = read_rule(rd, *tbl, &state); !s) return s;
      }
    } else if (key == "allowlist") {
      GitleaksAllowlist a;
      st = read_allowlist(rd, v, "allowlist", true, &a);
      global.push_back(std::move(a));
    } else if (key == "allowlists") {
      const auto* arr = v.as_array();
      if (!arr) return rd.err(v, "gitleaks field 'allowlists' must be an array of tables ([[allowlists]])");
      for (const toml::node& item : *arr) {
        GitleaksAllowlist a;
        if (Status s = read_allowlist(rd, item, "allowlists", true, &a); !s) return s;
        global.push_back(std::move(a));
      }
    } else {
      rd.unsupported(k, key);
    }
    if (!st) return st;
  }

  std::set<std::string> ids;
  for (const Rule& r : state.config.rules) {
    if (!ids.insert(r.id).second) {
      return Status::error(r.defined_at.str() + ": duplicate rule id '" + r.id + "'");
    }
  }
  for (const auto& [name, node] : disabled) {
    const std::string id = keysweep_id(name);
    if (ids.count(id)) {
      state.config.disabled_rules.push_back(id);
    } else {
      rd.warn(*node, "gitleaks field 'extend.disabledRules' names " + quote_input(name) +
                         ", not a rule of this config (keysweep does not have gitleaks' default rules): ignored");
    }
  }
  Allowlist& allow = state.config.allowlist;
  for (const GitleaksAllowlist& a : global) {
    if (a.target_rules_node == nullptr) {
      append(&allow.paths, a.paths);
      append(&allow.regexes, a.regexes);
      append(&allow.line_regexes, a.line_regexes);
      append(&allow.stopwords, a.stopwords);
      continue;
    }
    for (const std::string& name : a.target_rules) {
      const std::string id = keysweep_id(name);
      if (!ids.count(id)) {
        rd.warn(*a.target_rules_node, "gitleaks field 'allowlists.targetRules' names " + quote_input(name) +
                                          ", not a rule of this config: ignored");
        continue;
      }
      RuleAllowlist& r = state.per_rule[id];
      r.rule_id = id;
      add_to_rule(a, &r);
    }
  }
  for (auto& [id, r] : state.per_rule) allow.rules.push_back(std::move(r));  // std::map: sorted by id
  rd.flush();
  return std::move(state.config);
}

}  // namespace keysweep
