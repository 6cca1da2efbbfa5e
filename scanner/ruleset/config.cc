// Parses rule files and user configs with toml++, strictly.
//
// toml++ throws on syntax errors; the exception is caught here and never leaves this file. Every
// semantic error (unknown key, wrong type, missing field) is reported with the position toml++
// recorded for the offending node, so the message reads like a compiler's.
#include "scanner/ruleset/config.h"

#include <toml++/toml.h>

#include <algorithm>
#include <set>

#include "scanner/base/quote.h"
#include "scanner/ruleset/gitleaks_config.h"

namespace keysweep {
namespace {

std::string where(const std::string& file, const toml::source_region& src) {
  return file + ":" + std::to_string(src.begin.line) + ":" + std::to_string(src.begin.column);
}

Status err(const std::string& file, const toml::node& node, const std::string& what) {
  return Status::error(where(file, node.source()) + ": " + what);
}

// Reads a string node; errors name the key.
Status get_string(const std::string& file, const toml::node& node, std::string_view key,
                  std::string* out) {
  const auto* s = node.as_string();
  if (!s) return err(file, node, std::string("'") + std::string(key) + "' must be a string");
  *out = s->get();
  return Status::ok();
}

Status get_string_array(const std::string& file, const toml::node& node, std::string_view key,
                        std::vector<std::string>* out) {
  const auto* arr = node.as_array();
  if (!arr) return err(file, node, std::string("'") + std::string(key) + "' must be an array of strings");
  for (const toml::node& item : *arr) {
    std::string value;
    if (Status st = get_string(file, item, key, &value); !st) return st;
    out->push_back(std::move(value));
  }
  return Status::ok();
}

Status get_bool(const std::string& file, const toml::node& node, std::string_view key, bool* out) {
  const auto* b = node.as_boolean();
  if (!b) return err(file, node, std::string("'") + std::string(key) + "' must be true or false");
  *out = b->get();
  return Status::ok();
}

Status parse_examples(const std::string& file, const toml::node& node, std::string_view key,
                      std::vector<RuleExample>* out) {
  const auto* arr = node.as_array();
  if (!arr) return err(file, node, std::string("'") + std::string(key) + "' must be an array");
  for (const toml::node& item : *arr) {
    RuleExample ex;
    if (item.is_string()) {
      ex.text = item.as_string()->get();
    } else if (const auto* tbl = item.as_table()) {
      for (auto&& [k, v] : *tbl) {
        Status st;
        if (k == "text") st = get_string(file, v, "text", &ex.text);
        else if (k == "secret") st = get_string(file, v, "secret", &ex.secret);
        else if (k == "path") st = get_string(file, v, "path", &ex.path);
        else st = err(file, v, "unknown key " + quote_input(k.str()) + " in an example (expected text, secret, path)");
        if (!st) return st;
      }
      if (ex.text.empty()) return err(file, item, "an example table needs 'text'");
    } else {
      return err(file, item, std::string("each of '") + std::string(key) +
                                 "' must be a string or a table {text, secret, path}");
    }
    out->push_back(std::move(ex));
  }
  return Status::ok();
}

Result<Severity> parse_severity(const std::string& file, const toml::node& node) {
  std::string s;
  if (Status st = get_string(file, node, "severity", &s); !st) return st;
  if (s == "low") return Severity::kLow;
  if (s == "medium") return Severity::kMedium;
  if (s == "high") return Severity::kHigh;
  if (s == "critical") return Severity::kCritical;
  return err(file, node, "severity must be one of low, medium, high, critical (got " + quote_input(s) + ")");
}

Result<Rule> parse_rule(const std::string& file, const toml::table& tbl) {
  Rule rule;
  rule.defined_at = SourcePos{file, tbl.source().begin.line, tbl.source().begin.column};
  bool has_regex = false;
  for (auto&& [k, v] : tbl) {
    Status st;
    const std::string_view key = k.str();
    if (key == "id") st = get_string(file, v, key, &rule.id);
    else if (key == "description") st = get_string(file, v, key, &rule.description);
    else if (key == "regex") { st = get_string(file, v, key, &rule.regex); has_regex = true; }
    else if (key == "keywords") st = get_string_array(file, v, key, &rule.keywords);
    else if (key == "prefilter") {
      st = get_string(file, v, key, &rule.prefilter);
      if (st && rule.prefilter.empty()) st = err(file, v, "'prefilter' must not be empty (leave it out instead)");
    }
    else if (key == "severity") {
      Result<Severity> sev = parse_severity(file, v);
      if (!sev) return sev.status();
      rule.severity = *sev;
    } else if (key == "min_randomness") {
      std::optional<double> d = v.value<double>();
      if (!d || *d < 0 || *d > 1) return err(file, v, "min_randomness must be a number from 0 to 1");
      rule.min_randomness = *d;
    } else if (key == "checks") st = get_string_array(file, v, key, &rule.checks);
    else if (key == "placeholder_filter") st = get_bool(file, v, key, &rule.placeholder_filter);
    else if (key == "fallback") st = get_bool(file, v, key, &rule.fallback);
    else if (key == "exclude_paths") st = get_string_array(file, v, key, &rule.exclude_paths);
    else if (key == "paths") st = get_string_array(file, v, key, &rule.paths);
    else if (key == "weak_password_paths") st = get_string_array(file, v, key, &rule.weak_password_paths);
    else if (key == "examples") st = parse_examples(file, v, key, &rule.examples);
    else if (key == "negative_examples") st = parse_examples(file, v, key, &rule.negative_examples);
    else st = err(file, v, "unknown rule key " + quote_input(key));
    if (!st) return st;
  }
  const std::string at = where(file, tbl.source());
  if (rule.id.empty()) return Status::error(at + ": a rule needs a non-empty 'id'");
  const bool id_ok = std::all_of(rule.id.begin(), rule.id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_';
  });
  if (!id_ok) return Status::error(at + ": rule id " + quote_input(rule.id) + " must use only a-z, 0-9, '-', '_', '.'");
  if (!has_regex || rule.regex.empty()) return Status::error(at + ": rule '" + rule.id + "' needs a 'regex'");
  if (rule.description.empty()) return Status::error(at + ": rule '" + rule.id + "' needs a 'description'");
  for (std::string& kw : rule.keywords) {
    std::transform(kw.begin(), kw.end(), kw.begin(), [](unsigned char c) { return std::tolower(c); });
    if (kw.empty()) return Status::error(at + ": rule '" + rule.id + "' has an empty keyword");
  }
  return rule;
}

// A glob is one line of gitignore syntax (finding/ignore_file.h reads them as such): no line
// break in it, and at most its line limit long, so compiling the globs cannot fail later.
Status check_globs(const std::string& file, const toml::node& node, const std::vector<std::string>& globs) {
  for (const std::string& g : globs) {
    if (g.find_first_of("\r\n") != std::string::npos) return err(file, node, "a glob must not hold a line break");
    if (g.size() > (64u << 10)) return err(file, node, "a glob longer than 65536 bytes");
  }
  if (globs.size() > 100000) return err(file, node, "more than 100000 globs");
  return Status::ok();
}

// [allowlist.rules.RULE-ID] tables: the per-rule keys only.
Status parse_rule_allowlists(const std::string& file, const toml::node& node, std::vector<RuleAllowlist>* out) {
  const auto* tbl = node.as_table();
  if (!tbl) return err(file, node, "'allowlist.rules' must be a table of tables, one per rule id");
  for (auto&& [id, v] : *tbl) {
    const auto* rule_tbl = v.as_table();
    if (!rule_tbl) return err(file, v, "'allowlist.rules." + escape_input(id.str()) + "' must be a table");
    RuleAllowlist r;
    r.rule_id = std::string(id.str());
    for (auto&& [k, w] : *rule_tbl) {
      Status st;
      if (k == "paths") st = get_string_array(file, w, "paths", &r.paths);
      else if (k == "globs") st = get_string_array(file, w, "globs", &r.globs);
      else if (k == "regexes") st = get_string_array(file, w, "regexes", &r.regexes);
      else if (k == "line_regexes") st = get_string_array(file, w, "line_regexes", &r.line_regexes);
      else if (k == "stopwords") st = get_string_array(file, w, "stopwords", &r.stopwords);
      else st = err(file, w, "unknown per-rule allowlist key " + quote_input(k.str()) +
                                 " (expected paths, globs, regexes, line_regexes, stopwords)");
      if (st && k == "globs") st = check_globs(file, w, r.globs);
      if (!st) return st;
    }
    out->push_back(std::move(r));
  }
  std::sort(out->begin(), out->end(), [](const RuleAllowlist& a, const RuleAllowlist& b) { return a.rule_id < b.rule_id; });
  return Status::ok();
}

Status parse_allowlist(const std::string& file, const toml::node& node, Allowlist* out) {
  const auto* tbl = node.as_table();
  if (!tbl) return err(file, node, "'allowlist' must be a table");
  for (auto&& [k, v] : *tbl) {
    Status st;
    if (k == "paths") st = get_string_array(file, v, "paths", &out->paths);
    else if (k == "globs") {
      st = get_string_array(file, v, "globs", &out->globs);
      if (st) st = check_globs(file, v, out->globs);
    }
    else if (k == "line_regexes") st = get_string_array(file, v, "line_regexes", &out->line_regexes);
    else if (k == "rules") st = parse_rule_allowlists(file, v, &out->rules);
    else if (k == "regexes") st = get_string_array(file, v, "regexes", &out->regexes);
    else if (k == "stopwords") st = get_string_array(file, v, "stopwords", &out->stopwords);
    else if (k == "fingerprints") st = get_string_array(file, v, "fingerprints", &out->fingerprints);
    else if (k == "foreign_markers") {
      if (const auto* b = v.as_boolean()) out->foreign_markers = b->get();
      else st = err(file, v, "'foreign_markers' must be true or false");
    }
    else st = err(file, v, "unknown allowlist key " + quote_input(k.str()) +
                               " (expected paths, globs, regexes, line_regexes, stopwords, fingerprints, "
                               "foreign_markers, rules)");
    if (!st) return st;
  }
  return Status::ok();
}

Status parse_extend(const std::string& file, const toml::node& node, Config* out) {
  const auto* tbl = node.as_table();
  if (!tbl) return err(file, node, "'extend' must be a table");
  for (auto&& [k, v] : *tbl) {
    Status st;
    if (k == "use_default") st = get_bool(file, v, "use_default", &out->use_default_rules);
    else if (k == "disabled_rules") st = get_string_array(file, v, "disabled_rules", &out->disabled_rules);
    else st = err(file, v, "unknown extend key " + quote_input(k.str()) +
                               " (expected use_default, disabled_rules)");
    if (!st) return st;
  }
  return Status::ok();
}

Result<Config> parse_table(const toml::table& root, const std::string& file) {
  Config config;
  for (auto&& [k, v] : root) {
    Status st;
    if (k == "rule") {
      const auto* arr = v.as_array();
      if (!arr) return err(file, v, "'rule' must be an array of tables ([[rule]])");
      for (const toml::node& item : *arr) {
        const auto* tbl = item.as_table();
        if (!tbl) return err(file, item, "each [[rule]] must be a table");
        Result<Rule> rule = parse_rule(file, *tbl);
        if (!rule) return rule.status();
        config.rules.push_back(std::move(rule).value());
      }
    } else if (k == "allowlist") {
      st = parse_allowlist(file, v, &config.allowlist);
    } else if (k == "extend") {
      st = parse_extend(file, v, &config);
    } else {
      st = err(file, v, "unknown top-level key " + quote_input(k.str()) +
                            " (expected [[rule]], [allowlist], [extend])");
    }
    if (!st) return st;
  }
  std::set<std::string> seen;
  for (const Rule& r : config.rules) {
    if (!seen.insert(r.id).second) {
      return Status::error(r.defined_at.str() + ": duplicate rule id '" + r.id + "'");
    }
  }
  return config;
}

}  // namespace

Result<Config> parse_config(std::string_view text, const std::string& file_name) {
  try {
    toml::table root = toml::parse(text, file_name);
    if (is_gitleaks_config(root)) {
      std::vector<std::string> warnings;
      Result<Config> config = parse_gitleaks_config(root, file_name, &warnings);
      if (config) config->warnings = std::move(warnings);
      return config;
    }
    return parse_table(root, file_name);
  } catch (const toml::parse_error& e) {
    return Status::error(where(file_name, e.source()) + ": " + std::string(e.description()));
  }
}

}  // namespace keysweep
