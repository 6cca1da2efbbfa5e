#include "scanner/app/baseline_command.h"

#include <sys/stat.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "scanner/app/suppression_setup.h"
#include "scanner/base/quote.h"
#include "scanner/base/regular_file.h"
#include "scanner/finding/baseline_file.h"
#include "scanner/report/report_file.h"

namespace keysweep {
namespace {

constexpr int kExitClean = 0;
constexpr int kExitError = 2;
// A .gitattributes is text a person writes: 1 MiB is far more than any real one.
constexpr uint64_t kMaxGitattributesBytes = 1u << 20;

int fail(const std::string& message) {
  std::cerr << "keysweep: error: " << message << "\n";
  return kExitError;
}

bool exists(const std::string& path) {
  struct stat st;
  return lstat(path.c_str(), &st) == 0;
}

Status write_baseline(const std::string& path, const BaselineFile& file) {
  std::signal(SIGXFSZ, SIG_IGN);  // a file-size limit fails the write, never kills
  auto out = ReportFile::open(path, "baseline");
  if (!out) return out.status();
  (*out)->stream() << format_baseline_file(file);
  return (*out)->commit();
}

// An incomplete scan: its errors on stderr, and nothing written.
int incomplete(const BaselineScan& scan, const std::string& what) {
  for (const std::string& e : scan.errors) std::cerr << "keysweep: error: " << e << "\n";
  return fail("the scan is incomplete (" + std::to_string(scan.errors.size()) + " error(s) above): " + what);
}

// The .gitattributes line that makes git merge the baseline line by line (baseline_file.h).
std::string union_line(const std::string& baseline_path) {
  return "/" + std::filesystem::path(baseline_path).filename().string() + " merge=union";
}

// Whether `text` already gives the baseline a merge attribute (ours or one the user chose).
bool has_merge_attribute(const std::string& text, const std::string& name) {
  size_t at = 0;
  while (at < text.size()) {
    size_t end = text.find('\n', at);
    if (end == std::string::npos) end = text.size();
    const std::string line = text.substr(at, end - at);
    at = end + 1;
    const size_t space = line.find_first_of(" \t");
    if (space == std::string::npos) continue;
    std::string pattern = line.substr(0, space);
    if (!pattern.empty() && pattern.front() == '/') pattern.erase(0, 1);
    if (pattern == name && line.find("merge", space) != std::string::npos) return true;
  }
  return false;
}

// Adds the union-merge line to the .gitattributes beside `baseline_path`, unless one is there.
// Appends (never rewrites what the user wrote); says what it did on stdout.
Status offer_union_merge(const std::string& baseline_path, bool write) {
  const std::filesystem::path dir = std::filesystem::path(baseline_path).parent_path();
  const std::string attributes = (dir.empty() ? std::filesystem::path(".") : dir) / ".gitattributes";
  const std::string name = std::filesystem::path(baseline_path).filename().string();
  std::string text;
  if (exists(attributes)) {
    Result<std::string> read = read_regular_file(attributes, ".gitattributes", kMaxGitattributesBytes);
    if (!read) return read.status();
    text = std::move(read).value();
  }
  if (has_merge_attribute(text, name)) return Status::ok();
  if (!write) {
    std::cout << "To merge branches that both add entries without a conflict, add this line to " << attributes
              << " (or run create with --gitattributes): " << union_line(baseline_path) << "\n";
    return Status::ok();
  }
  std::ofstream out(attributes, std::ios::app | std::ios::binary);
  if (!text.empty() && text.back() != '\n') out << '\n';
  out << union_line(baseline_path) << '\n';
  out.close();
  if (!out) return Status::error("writing " + attributes + " failed");
  std::cout << "Added '" << union_line(baseline_path) << "' to " << attributes << "\n";
  return Status::ok();
}

}  // namespace

int run_baseline_create(const BaselineScanner& scan, const std::string& output, bool gitattributes,
                        bool keep_existing) {
  // Keep the salt of the baseline already there, so an unchanged repository gives the same
  // file; anything else at that path is not ours to replace.
  BaselineFile file;
  if (exists(output)) {
    Result<BaselineFile> old = read_baseline_file(output);
    if (!old) return fail(old.status().message() + " (it is left as it is: remove it or choose another --output)");
    file.salt = old->salt;
    file.kdf = old->kdf;
    if (keep_existing) file.entries = std::move(old->entries);
  } else {
    Result<SecretSalt> salt = random_salt();
    if (!salt) return fail(salt.status().message());
    file.salt = *salt;
  }
  SuppressOptions options;
  const SecretSalt salt = file.salt;
  options.fingerprinter = std::make_shared<Fingerprinter>([salt]() -> Result<SecretSalt> { return salt; }, file.kdf);
  Result<BaselineScan> scanned = scan(std::move(options));
  if (!scanned) return fail(scanned.status().message());
  if (!scanned->errors.empty()) return incomplete(*scanned, output + " was not written");
  for (const Finding& f : scanned->findings) add_to_baseline(&file, f.fingerprint, f.rule_id, f.provenance.path);
  normalize_baseline(&file);
  if (Status st = write_baseline(output, file); !st) return fail(st.message());
  std::cout << "Wrote " << output << ": " << file.entries.size() << (file.entries.size() == 1 ? " entry" : " entries")
            << " for " << scanned->findings.size() << (scanned->findings.size() == 1 ? " finding" : " findings")
            << " (no secret is stored: each entry is a salted Argon2id hash)\n";
  if (Status st = offer_union_merge(output, gitattributes); !st) return fail(st.message());
  return kExitClean;
}

int run_baseline_prune(const BaselineScanner& scan, const std::string& path) {
  Result<BaselineFile> file = read_baseline_file(path);
  if (!file) return fail(file.status().message());
  SuppressOptions options;
  const SecretSalt salt = file->salt;
  options.fingerprinter = std::make_shared<Fingerprinter>([salt]() -> Result<SecretSalt> { return salt; }, file->kdf);
  auto shared = std::make_shared<const BaselineFile>(*file);
  options.baseline = shared;
  Result<BaselineScan> scanned = scan(std::move(options));
  if (!scanned) return fail(scanned.status().message());
  if (!scanned->errors.empty()) return incomplete(*scanned, path + " was not changed");
  if (scanned->baseline_used.size() != file->entries.size()) return fail("internal error: baseline use not reported");
  BaselineFile kept;
  kept.salt = file->salt;
  kept.kdf = file->kdf;
  for (size_t i = 0; i < file->entries.size(); ++i) {
    if (scanned->baseline_used[i]) kept.entries.push_back(file->entries[i]);
  }
  const size_t dropped = file->entries.size() - kept.entries.size();
  if (dropped > 0) {
    if (Status st = write_baseline(path, kept); !st) return fail(st.message());
  }
  std::cout << "Pruned " << path << ": dropped " << dropped << " of " << file->entries.size()
            << (file->entries.size() == 1 ? " entry" : " entries") << " that matched nothing; " << kept.entries.size()
            << " remain\n";
  return kExitClean;
}

int run_baseline_import(const BaselineScanner& scan, const std::string& peer_file, const std::string& output) {
  Result<std::string> text = read_regular_file(peer_file, "suppression file", kMaxPeerSuppressionFileBytes);
  if (!text) return fail(text.status().message());
  SuppressOptions options;
  const size_t first = text->find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  const bool detect_secrets = first != std::string::npos && (*text)[first] == '{';
  if (detect_secrets) {
    Result<DetectSecretsBaseline> parsed = parse_detect_secrets_baseline(*text, peer_file);
    if (!parsed) return fail(parsed.status().message());
    options.detect_secrets = std::make_shared<const DetectSecretsBaseline>(std::move(parsed).value());
  } else {
    Result<GitleaksIgnore> parsed = parse_gitleaksignore(*text, peer_file);
    if (!parsed) return fail(parsed.status().message());
    options.gitleaks = std::make_shared<const GitleaksIgnore>(std::move(parsed).value());
  }
  BaselineFile file;
  if (exists(output)) {
    Result<BaselineFile> old = read_baseline_file(output);
    if (!old) return fail(old.status().message() + " (it is left as it is: remove it or choose another --output)");
    file = std::move(old).value();
  } else {
    Result<SecretSalt> salt = random_salt();
    if (!salt) return fail(salt.status().message());
    file.salt = *salt;
  }
  const size_t before = file.entries.size();
  const SecretSalt salt = file.salt;
  options.fingerprinter = std::make_shared<Fingerprinter>([salt]() -> Result<SecretSalt> { return salt; }, file.kdf);
  options.keep_suppressed = true;
  Result<BaselineScan> scanned = scan(std::move(options));
  if (!scanned) return fail(scanned.status().message());
  if (!scanned->errors.empty()) return incomplete(*scanned, output + " was not written");
  const Suppression wanted = detect_secrets ? Suppression::kDetectSecrets : Suppression::kGitleaksIgnore;
  size_t imported = 0;
  for (const Finding& f : scanned->suppressed) {
    if (f.suppressed_by != wanted || f.fingerprint.empty()) continue;
    add_to_baseline(&file, f.fingerprint, f.rule_id, f.provenance.path);
    ++imported;
  }
  normalize_baseline(&file);
  if (Status st = write_baseline(output, file); !st) return fail(st.message());
  std::cout << "Imported " << imported << (imported == 1 ? " finding" : " findings") << " that " << peer_file
            << " accepts into " << output << ": " << file.entries.size() - before << " new "
            << (file.entries.size() - before == 1 ? "entry" : "entries") << ", " << file.entries.size() << " in all\n";
  return kExitClean;
}

int run_baseline_merge(const std::string& base_path, const std::string& ours_path, const std::string& theirs_path) {
  // An empty ancestor (the file was added on both sides) is a baseline with no entries.
  struct stat st;
  const bool no_base = lstat(base_path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 0;
  Result<BaselineFile> ours = read_baseline_file(ours_path);
  if (!ours) return fail(ours.status().message());
  Result<BaselineFile> theirs = read_baseline_file(theirs_path);
  if (!theirs) return fail(theirs.status().message());
  BaselineFile base;
  if (!no_base) {
    Result<BaselineFile> read = read_baseline_file(base_path);
    if (!read) return fail(read.status().message());
    base = std::move(read).value();
  }
  Result<BaselineFile> merged = merge_baselines(*ours, *theirs);
  if (!merged) {
    std::cerr << "keysweep: " << merged.status().message()
              << ": a conflict; regenerate the baseline with keysweep baseline create after the merge\n";
    return 1;
  }
  // Removed on either side since the ancestor (same salt only: another salt's hashes mean
  // nothing here) stays removed.
  if (no_base || (base.salt == merged->salt && base.kdf == merged->kdf)) {
    std::vector<BaselineEntry> kept;
    for (BaselineEntry& e : merged->entries) {
      const bool was_there = find_in_baseline(base, e.fp) != nullptr;
      const bool dropped = was_there && (!find_in_baseline(*ours, e.fp) || !find_in_baseline(*theirs, e.fp));
      if (!dropped) kept.push_back(std::move(e));
    }
    merged->entries = std::move(kept);
  }
  if (Status st = write_baseline(ours_path, *merged); !st) return fail(st.message());
  return kExitClean;
}

int run_baseline_show(const std::string& path) {
  Result<BaselineFile> file = read_baseline_file(path);
  if (!file) return fail(file.status().message());
  std::cout << path << ": " << file->entries.size() << (file->entries.size() == 1 ? " entry" : " entries")
            << ", salt " << salt_hex(file->salt) << ", Argon2id opslimit " << file->kdf.opslimit << " memlimit "
            << (file->kdf.memlimit_bytes >> 10) << " KiB\n";
  for (const BaselineEntry& e : file->entries) {
    std::cout << e.fp;
    std::string rules, paths;
    for (const std::string& r : e.rules) rules += (rules.empty() ? "" : ",") + r;
    // Hints come from the file, which anyone may have edited: escaped, never raw bytes.
    for (const std::string& p : e.paths) paths += (paths.empty() ? "" : " ") + escape_input(p, kMaxPathBytes);
    std::cout << "  " << (rules.empty() ? "-" : rules) << "  " << (paths.empty() ? "-" : paths) << "\n";
  }
  return kExitClean;
}

}  // namespace keysweep
