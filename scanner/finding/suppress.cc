// The suppression stage: see suppress.h for the mechanisms and their order.
#include "scanner/finding/suppress.h"

#include <algorithm>
#include <cctype>

#include "scanner/finding/fingerprint.h"

namespace keysweep {

const char* suppression_name(Suppression kind) {
  switch (kind) {
    case Suppression::kAllowRegex: return "allowlist_regex";
    case Suppression::kStopword: return "stopword";
    case Suppression::kInlineMarker: return "inline_marker";
    case Suppression::kFingerprint: return "fingerprint";
    case Suppression::kBaseline: return "baseline";
    case Suppression::kIgnoreFile: return "ignore_file";
    case Suppression::kSecretlintIgnore: return "secretlint_ignore";
    case Suppression::kGitleaksIgnore: return "gitleaks_ignore";
    case Suppression::kDetectSecrets: return "detect_secrets_baseline";
    case Suppression::kAllowPath: return "allowlist_path";
    case Suppression::kTrufflehogExclude: return "trufflehog_exclude_paths";
  }
  return "unknown";
}

// An occurrence counts only between the secret's ends or bytes that are not letters or digits
// (dummy_key_1, test-token). A substring inside a run of letters and digits does not: a random
// password that happens to hold "test" (Xq9testLp...) is still a secret, where gitleaks' substring
// stop words hide it.
bool stopword_matches(std::string_view secret, std::string_view word) {
  if (word.empty() || word.size() > secret.size()) return false;
  const auto same = [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
  };
  const auto alnum = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; };
  for (auto it = secret.begin();; ++it) {
    it = std::search(it, secret.end(), word.begin(), word.end(), same);
    if (it == secret.end()) return false;
    const size_t at = static_cast<size_t>(it - secret.begin());
    const size_t end = at + word.size();
    const bool left = at == 0 || !alnum(secret[at - 1]) || !alnum(word.front());
    const bool right = end == secret.size() || !alnum(secret[end]) || !alnum(word.back());
    if (left && right) return true;
  }
}

namespace {

bool any_match(const std::vector<std::unique_ptr<RE2>>& res, std::string_view text) {
  const re2::StringPiece piece(text.data(), text.size());
  for (const auto& re : res) {
    if (RE2::PartialMatch(piece, *re)) return true;
  }
  return false;
}

bool any_stopword(const std::vector<std::string>& words, std::string_view secret) {
  for (const std::string& w : words) {
    if (stopword_matches(secret, w)) return true;
  }
  return false;
}

// Globs as one gitignore-syntax text; config.cc has checked each is one line within the limits.
IgnoreFile compile_globs(const std::vector<std::string>& globs) {
  std::string text;
  for (const std::string& g : globs) text += g + "\n";
  Result<IgnoreFile> parsed = parse_ignore_file(text, "[allowlist] globs", IgnoreSyntax::kGitignoreOnly);
  return parsed ? std::move(parsed).value() : IgnoreFile();
}

}  // namespace

Suppressor::Suppressor(const RuleSet& rules, SuppressOptions options)
    : rules_(rules),
      fingerprinter_(options.fingerprinter ? std::move(options.fingerprinter) : std::make_shared<Fingerprinter>()),
      fingerprint_findings_(options.fingerprint_findings),
      keep_suppressed_(options.keep_suppressed),
      baseline_(std::move(options.baseline)),
      ignore_(std::move(options.ignore)),
      secretlint_(std::move(options.secretlint)),
      gitleaks_(std::move(options.gitleaks)),
      gitleaks_more_(std::move(options.gitleaks_more)),
      detect_secrets_(std::move(options.detect_secrets)),
      exclude_paths_(std::move(options.exclude_paths)) {
  const auto& fps = rules_.allowlist().fingerprints;
  fingerprints_.insert(fps.begin(), fps.end());
  fingerprints_.insert(options.report_fingerprints.begin(), options.report_fingerprints.end());
  if (baseline_) {
    used_ = std::make_unique<std::atomic<bool>[]>(baseline_->entries.size());
    for (size_t i = 0; i < baseline_->entries.size(); ++i) used_[i].store(false, std::memory_order_relaxed);
  }
  for (const CompiledRule& r : rules_.rules()) rule_ids_.insert(r.rule.id);
  allow_globs_ = compile_globs(rules_.allowlist().globs);
  rule_globs_.resize(rules_.rules().size());
  for (size_t i = 0; i < rules_.rules().size(); ++i) {
    const CompiledRuleAllowlist* own = rules_.rule_allowlist(i);
    if (own && !own->spec->globs.empty()) rule_globs_[i] = std::make_unique<IgnoreFile>(compile_globs(own->spec->globs));
  }
  allow_options_.foreign = rules_.allowlist().foreign_markers;
  allow_options_.is_rule_id = [this](std::string_view id) { return rule_ids_.count(std::string(id)) > 0; };
}

std::optional<Suppression> Suppressor::by_path(std::string_view path) const {
  if (allow_globs_.ignores_path(path)) return Suppression::kAllowPath;
  if (ignore_ && ignore_->ignores_path(path)) return Suppression::kIgnoreFile;
  if (secretlint_ && secretlint_->ignores_path(path)) return Suppression::kSecretlintIgnore;
  if (exclude_paths_ && exclude_paths_->matches(path)) return Suppression::kTrufflehogExclude;
  return std::nullopt;
}

std::optional<Suppression> Suppressor::by_place(std::string_view commit, std::string_view path, uint32_t line,
                                                std::string_view secret) const {
  if (gitleaks_ && gitleaks_->suppresses(commit, path, line)) return Suppression::kGitleaksIgnore;
  if (gitleaks_more_ && gitleaks_more_->suppresses(commit, path, line)) return Suppression::kGitleaksIgnore;
  if (detect_secrets_ && detect_secrets_->suppresses(path, line, secret)) return Suppression::kDetectSecrets;
  return std::nullopt;
}


std::optional<Suppression> Suppressor::by_text(std::string_view secret, std::string_view line,
                                               std::string_view previous_line, uint32_t rule,
                                               std::string_view path) const {
  if (any_match(rules_.allow_regexes(), secret) || any_match(rules_.allow_line_regexes(), line)) {
    return Suppression::kAllowRegex;
  }
  if (any_stopword(rules_.allowlist().stopwords, secret)) return Suppression::kStopword;
  if (const CompiledRuleAllowlist* own = rules_.rule_allowlist(rule)) {
    const re2::StringPiece p(path.data(), path.size());
    bool path_allowed = rule_globs_[rule] && rule_globs_[rule]->ignores_path(path);
    for (const auto& re : own->paths) path_allowed = path_allowed || RE2::PartialMatch(p, *re);
    if (path_allowed) return Suppression::kAllowPath;
    if (any_match(own->regexes, secret) || any_match(own->line_regexes, line)) return Suppression::kAllowRegex;
    if (any_stopword(own->spec->stopwords, secret)) return Suppression::kStopword;
  }
  const std::string_view rule_id = rules_.rules()[rule].rule.id;
  if (line_allows_rule(line, AllowScope::kThisLine, rule_id, allow_options_) ||
      (!previous_line.empty() && line_allows_rule(previous_line, AllowScope::kNextLine, rule_id, allow_options_))) {
    return Suppression::kInlineMarker;
  }
  return std::nullopt;
}

Result<std::optional<Suppression>> Suppressor::by_fingerprint(std::string_view secret, std::string_view rule_id,
                                                              std::string* fingerprint) const {
  // An old unsalted fingerprint costs one SHA-256: tried before the Argon2id run.
  if (!fingerprints_.empty() && fingerprints_.count(content_fingerprint(rule_id, secret)) > 0) {
    return std::optional<Suppression>(Suppression::kFingerprint);
  }
  if (!matches_fingerprints()) return std::optional<Suppression>();
  Result<std::string> fp = fingerprinter_->fingerprint(secret);
  if (!fp) return fp.status();
  *fingerprint = *fp;
  if (fingerprints_.count(*fp) > 0) return std::optional<Suppression>(Suppression::kFingerprint);
  if (ignore_ && ignore_->has_fingerprint(*fp)) return std::optional<Suppression>(Suppression::kIgnoreFile);
  if (baseline_) {
    if (const BaselineEntry* e = find_in_baseline(*baseline_, *fp)) {
      used_[static_cast<size_t>(e - baseline_->entries.data())].store(true, std::memory_order_relaxed);
      return std::optional<Suppression>(Suppression::kBaseline);
    }
  }
  return std::optional<Suppression>();
}

Result<std::string> Suppressor::fingerprint(std::string_view secret) const {
  if (!fingerprint_findings_) return std::string();
  return fingerprinter_->fingerprint(secret);
}

std::vector<bool> Suppressor::baseline_used() const {
  std::vector<bool> used;
  if (!baseline_) return used;
  used.reserve(baseline_->entries.size());
  for (size_t i = 0; i < baseline_->entries.size(); ++i) used.push_back(used_[i].load(std::memory_order_relaxed));
  return used;
}

}  // namespace keysweep
