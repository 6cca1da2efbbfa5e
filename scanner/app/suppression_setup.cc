#include "scanner/app/suppression_setup.h"

#include <sys/stat.h>

#include <optional>

#include "scanner/base/regular_file.h"
#include "scanner/finding/baseline.h"
#include "scanner/source/git/repository.h"

namespace keysweep {

SaltSource repository_salt(std::string path) {
  return [path = std::move(path)]() -> Result<SecretSalt> {
    auto repo = Repository::discover(path);
    if (!repo) return salt_from_identity(kNoRepositoryIdentity);
    Result<std::string> root = (*repo)->root_commit();
    if (!root) return root.status();
    if (root->empty()) return salt_from_identity(kNoRepositoryIdentity);
    return salt_from_identity("git-root-commit:" + *root);
  };
}

namespace {

// The file's bytes when it exists (any kind of file: the reader refuses what is not a regular
// file, without opening it blocking); nullopt when there is none.
Result<std::optional<std::string>> read_if_present(const std::string& path, const std::string& what, uint64_t max) {
  struct stat st;
  if (lstat(path.c_str(), &st) != 0) return std::optional<std::string>();
  Result<std::string> text = read_regular_file(path, what, max);
  if (!text) return text.status();
  return std::optional<std::string>(std::move(text).value());
}

}  // namespace

Status load_ignore_files(const std::string& root, bool peers, SuppressOptions* options) {
  if (root.empty()) return Status::ok();
  auto ignore_file = [&](const char* name, IgnoreSyntax syntax, std::shared_ptr<const IgnoreFile>* out) -> Status {
    const std::string path = root + name;
    Result<std::optional<std::string>> text = read_if_present(path, "ignore file", kMaxIgnoreFileBytes);
    if (!text) return text.status();
    if (!*text) return Status::ok();
    Result<IgnoreFile> parsed = parse_ignore_file(**text, path, syntax);
    if (!parsed) return parsed.status();
    *out = std::make_shared<const IgnoreFile>(std::move(parsed).value());
    return Status::ok();
  };
  // A field the caller already set (baseline import) is left as it is.
  if (!options->ignore) {
    if (Status st = ignore_file(kKeysweepIgnoreFileName, IgnoreSyntax::kKeysweep, &options->ignore); !st) return st;
  }
  if (!peers) return Status::ok();
  if (!options->secretlint) {
    if (Status st = ignore_file(kSecretlintIgnoreFileName, IgnoreSyntax::kGitignoreOnly, &options->secretlint); !st) {
      return st;
    }
  }
  // Betterleaks (a gitleaks fork) writes the same format under its own name; when both are
  // there, both count.
  for (const char* name : {kGitleaksIgnoreFileName, kBetterleaksIgnoreFileName}) {
    const std::string path = root + name;
    auto text = read_if_present(path, "gitleaks ignore file", kMaxPeerSuppressionFileBytes);
    if (!text) return text.status();
    if (!*text) continue;
    Result<GitleaksIgnore> parsed = parse_gitleaksignore(**text, path);
    if (!parsed) return parsed.status();
    if (!options->gitleaks) {
      options->gitleaks = std::make_shared<const GitleaksIgnore>(std::move(parsed).value());
    } else if (!options->gitleaks_more) {
      options->gitleaks_more = std::make_shared<const GitleaksIgnore>(std::move(parsed).value());
    }
  }
  if (options->detect_secrets) return Status::ok();
  const std::string path = root + kDetectSecretsBaselineFileName;
  auto text = read_if_present(path, "detect-secrets baseline", kMaxPeerSuppressionFileBytes);
  if (!text) return text.status();
  if (*text) {
    Result<DetectSecretsBaseline> parsed = parse_detect_secrets_baseline(**text, path);
    if (!parsed) return parsed.status();
    options->detect_secrets = std::make_shared<const DetectSecretsBaseline>(std::move(parsed).value());
  }
  return Status::ok();
}

Status load_exclude_paths(const std::string& path, SuppressOptions* options) {
  if (path.empty()) return Status::ok();
  Result<std::string> text = read_regular_file(path, "exclude-paths file", kMaxExcludePathsBytes);
  if (!text) return text.status();
  Result<ExcludePaths> parsed = parse_exclude_paths(*text, path);
  if (!parsed) return parsed.status();
  options->exclude_paths = std::make_shared<const ExcludePaths>(std::move(parsed).value());
  return Status::ok();
}

Result<BaselineFile> read_baseline_file(const std::string& path) {
  Result<std::string> text = read_regular_file(path, "baseline", kMaxBaselineBytes);
  if (!text) return text.status();
  if (baseline_kind(*text) != BaselineKind::kFile) {
    return Status::error("baseline '" + path + "' is not a .keysweep-baseline.json file (make one with keysweep baseline create)");
  }
  return parse_baseline_file(*text, path);
}

Result<SuppressOptions> load_suppression(const std::string& explicit_path, const std::string& auto_path,
                                         SaltSource repo_salt, std::string* used_path) {
  std::string path = explicit_path;
  if (path.empty() && !auto_path.empty()) {
    // Absent is the common case; anything there that is not a regular file is refused by the
    // reader below (never a blocking open).
    struct stat st;
    if (lstat(auto_path.c_str(), &st) == 0) path = auto_path;
  }
  if (used_path) *used_path = path;
  SuppressOptions options;
  if (path.empty()) {
    options.fingerprinter = std::make_shared<Fingerprinter>(std::move(repo_salt));
    return options;
  }
  Result<std::string> text = read_regular_file(path, "baseline", kMaxBaselineBytes);
  if (!text) return text.status();
  if (baseline_kind(*text) == BaselineKind::kFile) {
    Result<BaselineFile> file = parse_baseline_file(*text, path);
    if (!file) return file.status();
    const SecretSalt salt = file->salt;
    options.fingerprinter = std::make_shared<Fingerprinter>([salt]() -> Result<SecretSalt> { return salt; }, file->kdf);
    options.baseline = std::make_shared<const BaselineFile>(std::move(file).value());
    return options;
  }
  if (Status st = parse_baseline(*text, path, &options.report_fingerprints); !st) return st;
  options.fingerprinter = std::make_shared<Fingerprinter>(std::move(repo_salt));
  return options;
}

}  // namespace keysweep
