// Wiring the stages for each subcommand. Each scan reads as its passes:
//   1. parse and validate flags (CLI11; its exceptions stop here)
//   2. load the config and build the RuleSet (embedded default pack + user rules)
//   3. open the source (validates paths before any work starts)
//   4. scan in parallel (run_scan)
//   5. report with one reporter, to stdout or --output
#include "scanner/app/cli.h"

#include <unistd.h>

#include <CLI/CLI.hpp>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <future>
#include <iostream>
#include <system_error>

#include <sstream>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "scanner/app/baseline_command.h"
#include "scanner/app/history_cache.h"
#include "scanner/app/hook_command.h"
#include "scanner/app/scan_runner.h"
#include "scanner/app/suppression_setup.h"
#include "scanner/base/hash.h"
#include "scanner/base/quote.h"
#include "scanner/base/regular_file.h"
#include "scanner/finding/baseline_file.h"
#include "scanner/app/progress_line.h"
#include "scanner/app/rule_examples.h"
#include "scanner/finding/first_seen.h"
#include "scanner/finding/remediation.h"
#include "scanner/finding/secret_group.h"
#include "scanner/finding/shard_merge.h"
#include "scanner/report/json_reporter.h"
#include "scanner/report/report_reader.h"
#include "scanner/report/report_file.h"
#include "scanner/report/reporter.h"
#include "scanner/report/purge_plan.h"
#include "scanner/report/sweep_reporter.h"
#include "scanner/ruleset/embedded_db.h"
#include "scanner/ruleset/rule_cache.h"
#include "scanner/ruleset/rule_codec.h"
#include "scanner/ruleset/ruleset.h"
#include "scanner/source/dir_source.h"
#include "scanner/source/git/exposure.h"
#include "scanner/source/git/history_source.h"
#include "scanner/source/git/repository.h"
#include "scanner/source/git/staged_source.h"
#include "scanner/source/git/unreachable_source.h"
#include "scanner/source/stdin_source.h"

namespace keysweep {
namespace {

constexpr int kExitClean = 0;
constexpr int kExitFindings = 1;
constexpr int kExitError = 2;

struct ScanFlags {
  std::string format = "text";
  std::string output;
  std::string config;
  unsigned threads = 0;  // 0 = all cores
  bool show_secrets = false;
  std::string max_file_size = "10M";
  std::string color = "auto";
  std::string baseline;
  uint64_t max_findings_per_file = kDefaultMaxFindingsPerFile;  // per rule; 0 = no cap
  bool no_progress = false;  // no progress line even on a terminal
  std::string cache;         // history --cache FILE (app/history_cache.h); empty = none
  bool no_foreign_allows = false;  // ignore other scanners' inline markers
  bool no_baseline = false;        // do not read the repository's .keysweep-baseline.json
  bool include_suppressed = false;  // SARIF: suppressed findings as results with suppressions
  std::string exclude_paths;        // trufflehog's --exclude-paths FILE of path regexes
};

// What the suppression stage of one scan needs from the command (app/suppression_setup.h).
struct SuppressContext {
  std::string auto_baseline;  // the repository's .keysweep-baseline.json; "" = none
  SaltSource salt;            // the repository's fingerprint salt; null = no repository
  bool full = false;          // the scan covers a whole tree or history: stale entries are known
  std::string ignore_root;    // where .keysweepignore and the peers' files are read ('/' at the end); "" = none
};

constexpr const char* kDirAdvice =
    "What now: treat each secret as leaked. Rotate it where it was issued, then remove it and load\n"
    "it at run time. A false alarm: add a comment containing keysweep:allow on its line. To accept\n"
    "everything found so far: keysweep baseline create (see doc/baseline.md).\n";

constexpr const char* kHistoryAdvice =
    "What now: a secret that was ever committed is leaked to everyone with a clone. Rotate it where\n"
    "it was issued first (removing it from the history does not undo the leak), then purge it\n"
    "(git filter-repo --replace-text) if it is still reachable. To accept what is there (a false\n"
    "alarm, or a secret already rotated): keysweep baseline create --from history, and commit it.\n";

constexpr const char* kStagedAdvice =
    "This commit would add the secrets above. Ways forward:\n"
    "  - remove them from the staged files (git add -p / git restore --staged FILE) and load them at\n"
    "    run time instead; if one was ever pushed or shared, rotate it;\n"
    "  - a false alarm: add a comment containing keysweep:allow on its line, or accept what is\n"
    "    staged with keysweep baseline create --from staged (it adds to .keysweep-baseline.json);\n"
    "  - an emergency: bypass the hook once with git commit --no-verify.\n";

// Limits on files read whole (documented in doc/config.md): a config or rule file is text a
// person writes (a baseline's limit: app/suppression_setup.h).
constexpr uint64_t kMaxConfigBytes = 16ull << 20;

int fail(const std::string& message) {
  std::cerr << "keysweep: error: " << message << "\n";
  return kExitError;
}

// "10M", "512K", "1G", "12345" -> bytes.
Result<uint64_t> parse_size(const std::string& text) {
  if (text.empty()) return Status::error("--max-file-size is empty");
  uint64_t mult = 1;
  std::string digits = text;
  const char last = static_cast<char>(std::toupper(static_cast<unsigned char>(text.back())));
  if (last == 'K' || last == 'M' || last == 'G') {
    mult = last == 'K' ? 1ull << 10 : last == 'M' ? 1ull << 20 : 1ull << 30;
    digits.pop_back();
  }
  if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos || digits.size() > 12) {
    return Status::error("--max-file-size '" + text + "' is not a size (examples: 10M, 512K, 1G, 100000)");
  }
  const uint64_t value = std::stoull(digits) * mult;
  if (value == 0) return Status::error("--max-file-size must be above 0");
  return value;
}

// What a scan reads from, so that nothing is written there (the user-rule cache): called only
// when there is something to cache. Empty for stdin and the `rules` commands.
using ScannedRoots = std::function<std::vector<std::string>()>;

// The user-rule cache folder, or "" for none: none when neither variable is set, or when the
// folder is inside something the run scans or inside any git work tree (a dotfiles repository
// holding $HOME/.cache).
std::string cache_dir(const ScannedRoots& roots) {
  std::string dir;
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) dir = std::string(xdg) + "/keysweep";
  else if (const char* home = std::getenv("HOME"); home && *home) dir = std::string(home) + "/.cache/keysweep";
  return cache_dir_outside(dir, roots ? roots() : std::vector<std::string>{});
}

// A repository scan reads the work tree and the git folders (a linked worktree's own and the
// common one); an unopenable repository fails later, in the source, with a better message.
ScannedRoots repository_roots(const std::string& path) {
  return [path] {
    std::vector<std::string> roots;
    auto repo = Repository::discover(path);
    if (!repo) return std::vector<std::string>{path};
    for (std::string r : {(*repo)->workdir(), (*repo)->git_dir(), (*repo)->common_dir()}) {
      if (!r.empty()) roots.push_back(std::move(r));
    }
    return roots;
  };
}

Result<Config> load_config(const std::string& path) {
  if (path.empty()) return Config{};
  Result<std::string> text = read_regular_file(path, "config file", kMaxConfigBytes);
  if (!text) return text.status();
  Result<Config> config = parse_config(*text, path);
  // Printed here, once per load, before any report: a gitleaks config's unsupported fields.
  if (config) {
    for (const std::string& w : config->warnings) std::cerr << "keysweep: warning: " << w << "\n";
  }
  return config;
}

using PackFuture = std::shared_future<Result<std::shared_ptr<const DefaultPack>>>;

// The default pack from the data keysweep_dbgen built into the binary: decoded rules (no TOML
// parse) and the serialised Vectorscan database.
Result<std::shared_ptr<const DefaultPack>> load_builtin_pack() {
  auto rules = decode_rules(embedded_rule_data());
  if (!rules) return rules.status().with_context("the built-in rule pack");
  return load_default_pack(embedded_prefilter_db(), std::move(rules).value());
}

// Starts loading the default pack (decoding the built-in rules, deserialising their Vectorscan
// database: about 2 ms) on another thread. A git scan calls this first, so that the load runs
// beside libgit2's start-up and index read instead of after them (bench/precommit-latency).
// The same thread pays two one-time library costs that would otherwise land on the first
// finding of the scan: OpenSSL's first digest loads its provider (~0.7 ms), and RE2's first
// named capture group builds its table of valid group-name characters (~0.4 ms).
PackFuture preload_default_pack() {
  auto load = [] {
    auto pack = load_builtin_pack();
    (void)sha256_hex("");
    RE2 warm("(?P<secret>x)");
    return pack;
  };
  try {
    return std::async(std::launch::async, load).share();
  } catch (const std::system_error&) {
    return std::async(std::launch::deferred, load).share();  // no thread to spare: load when needed
  }
}

Result<std::shared_ptr<const RuleSet>> build_rules(const std::string& config_path,
                                                   const PackFuture* pack = nullptr,
                                                   const ScannedRoots& roots = nullptr,
                                                   bool no_foreign_allows = false) {
  Result<Config> config = load_config(config_path);
  if (!config) return config.status();
  if (no_foreign_allows) config->allowlist.foreign_markers = false;
  RuleSetOptions opts;
  if (config->use_default_rules) {
    auto loaded = pack ? pack->get() : load_builtin_pack();
    if (!loaded) return loaded.status();
    opts.default_pack = loaded.value();
  }
  opts.embedded_db = embedded_prefilter_db();
  if (!config->rules.empty()) opts.cache_dir = cache_dir(roots);
  opts.validate_defaults = false;  // checked at build time; compiled on first use
  return RuleSet::build(*config, opts);
}

// What every command that writes a report takes: scans and merge.
void add_output_flags(CLI::App* cmd, ScanFlags* f) {
  cmd->add_option("--format", f->format, "Output format")
      ->check(CLI::IsMember({"text", "json", "sarif"}))
      ->default_str("text");
  cmd->add_option("--output,-o", f->output, "Write the report to FILE instead of stdout");
  cmd->add_option("--color", f->color, "Colour in text output")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->default_str("auto");
}

// --config, --threads and --max-file-size, for the commands that scan without writing a
// findings report (sweep, baseline create and prune).
void add_rule_and_limit_flags(CLI::App* cmd, std::string* config, unsigned* threads, std::string* max_file_size) {
  cmd->add_option("--config,-c", *config, "TOML config: extra rules, disabled rules, allowlists");
  cmd->add_option("--threads,-j", *threads, "Worker threads (default: all cores)")->check(CLI::Range(1u, 1024u));
  cmd->add_option("--max-file-size", *max_file_size, "Skip files larger than this (K, M, G suffixes; default 10M)")
      ->default_str("10M");
}

void add_scan_flags(CLI::App* cmd, ScanFlags* f) {
  add_output_flags(cmd, f);
  cmd->add_option("--config,-c", f->config, "TOML config: extra rules, disabled rules, allowlists");
  cmd->add_option("--threads,-j", f->threads, "Worker threads (default: all cores)")
      ->check(CLI::Range(1u, 1024u));
  cmd->add_flag("--show-secrets", f->show_secrets, "Print raw secrets (default: redacted)");
  cmd->add_option("--max-file-size", f->max_file_size,
                  "Skip files larger than this (K, M, G suffixes; default 10M)")
      ->default_str("10M");
  cmd->add_option("--baseline", f->baseline,
                  "A .keysweep-baseline.json (keysweep baseline create) or an earlier JSON or SARIF report: "
                  "the secrets it knows are not reported again");
  cmd->add_option("--exclude-paths", f->exclude_paths,
                  "A file of path regexes, one per line (trufflehog's --exclude-paths): their findings are not reported");
  cmd->add_flag("--include-suppressed", f->include_suppressed,
                "SARIF: also write suppressed findings, each with a suppressions entry (shown as dismissed)");
  cmd->add_flag("--no-baseline", f->no_baseline,
                "Do not read the repository's .keysweep-baseline.json (staged, pre-push and history read it)");
  cmd->add_option("--max-findings-per-file", f->max_findings_per_file,
                  "Report at most N findings of each rule per file, counting the rest (default 100; 0 = all)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_flag("--no-progress", f->no_progress, "No progress line on stderr (shown only when stderr is a terminal)");
  cmd->add_flag("--no-foreign-allows", f->no_foreign_allows,
                "Ignore other scanners' inline markers (gitleaks:allow, pragma: allowlist secret, ...) and "
                "suppression files (.gitleaksignore, .secrets.baseline, .secretlintignore)");
}

// The repository's own .keysweep.toml applies to git scans unless --config says otherwise.
void use_repo_config(const std::string& workdir, ScanFlags* flags) {
  if (!flags->config.empty() || workdir.empty()) return;
  const std::string repo_config = workdir + ".keysweep.toml";
  std::error_code ec;
  if (std::filesystem::is_regular_file(repo_config, ec)) flags->config = repo_config;
}

// Every enabled rule, sorted by id (what SARIF lists).
std::vector<Rule> enabled_rules(const RuleSet& rules) {
  std::vector<Rule> enabled;
  for (const CompiledRule& c : rules.rules()) enabled.push_back(c.rule);
  std::sort(enabled.begin(), enabled.end(), [](const Rule& a, const Rule& b) { return a.id < b.id; });
  return enabled;
}

// Step 5 of every scan and of a merge: one reporter, to stdout or --output; then the exit status.
int write_report(const RuleSet& rules, const std::vector<Finding>& findings, const ScanSummary& summary,
                 const ScanFlags& flags, const std::string& advice, const std::vector<Finding>* suppressed = nullptr) {
  std::unique_ptr<Reporter> reporter = make_reporter(flags.format);
  if (!reporter) return fail("unknown --format '" + flags.format + "'");
  const std::vector<Rule> enabled = enabled_rules(rules);
  ReportOptions ropts;
  ropts.show_secrets = flags.show_secrets;
  ropts.tool_version = KEYSWEEP_VERSION;
  ropts.advice = advice;
  ropts.suppressed = suppressed;
  const char* no_color = std::getenv("NO_COLOR");
  ropts.color = flags.color == "always" ||
                (flags.color == "auto" && flags.output.empty() && isatty(STDOUT_FILENO) &&
                 !(no_color && *no_color));

  if (flags.output.empty()) {
    reporter->write(std::cout, enabled, findings, summary, ropts);
    std::cout.flush();
    if (!std::cout) return fail("writing the report to stdout failed");
  } else {
    // Atomic and owner-only (report_file.h). A file-size limit (ulimit -f) must fail the write,
    // not kill the process with SIGXFSZ before it removes its temporary file.
    std::signal(SIGXFSZ, SIG_IGN);
    auto file = ReportFile::open(flags.output);
    if (!file) return fail(file.status().message());
    reporter->write((*file)->stream(), enabled, findings, summary, ropts);
    if (Status st = (*file)->commit(); !st) return fail(st.message());
  }
  // Text on the terminal already lists errors; for other formats or files, say them on stderr
  // too, so an incomplete run never passes unnoticed.
  if (flags.format != "text" || !flags.output.empty()) {
    for (const std::string& e : summary.errors) std::cerr << "keysweep: error: " << e << "\n";
  }
  if (summary.incomplete()) {
    std::cerr << "keysweep: the scan is incomplete: " << summary.errors.size()
              << " input(s) could not be scanned (see above)\n";
    return kExitError;
  }
  return findings.empty() ? kExitClean : kExitFindings;
}

// A git scan's suppression context: the work tree's .keysweep-baseline.json (none for a bare
// repository) and the repository's salt.
SuppressContext repository_context(const std::string& workdir, const std::string& repo, bool full) {
  return SuppressContext{workdir.empty() ? "" : workdir + kBaselineFileName, repository_salt(repo), full, workdir};
}

// `annotate`, when given, adds what the source knows once the scan is done (commits walked).
int scan(Source& source, const ScanFlags& flags, const std::string& advice, const PackFuture* pack = nullptr,
         const ScannedRoots& roots = nullptr, const std::function<void(ScanResult*)>& annotate = nullptr,
         const SuppressContext& context = {}) {
  Result<uint64_t> max_size = parse_size(flags.max_file_size);
  if (!max_size) return fail(max_size.status().message());
  auto rules = build_rules(flags.config, pack, roots, flags.no_foreign_allows);
  if (!rules) return fail(rules.status().message());
  Result<SuppressOptions> suppress =
      load_suppression(flags.baseline, flags.no_baseline ? "" : context.auto_baseline, context.salt);
  if (!suppress) return fail(suppress.status().message());
  if (flags.include_suppressed && flags.format != "sarif") {
    return fail("--include-suppressed is for --format sarif (suppressed results carry a suppressions entry there)");
  }
  suppress->keep_suppressed = flags.include_suppressed;
  // The text report shows no fingerprint: none is made (about 1 ms a secret, and the walk to the
  // root commit for the salt), unless suppression needs it. A pre-commit run with a finding
  // pays neither.
  suppress->fingerprint_findings = flags.format != "text";
  if (Status st = load_exclude_paths(flags.exclude_paths, &*suppress); !st) return fail(st.message());
  if (Status st = load_ignore_files(context.ignore_root, !flags.no_foreign_allows, &*suppress); !st) {
    return fail(st.message());
  }
  if (!make_reporter(flags.format)) return fail("unknown --format '" + flags.format + "'");

  LoadLimits limits;
  limits.max_file_size = *max_size;
  const unsigned threads = flags.threads ? flags.threads : std::max(1u, std::thread::hardware_concurrency());
  // A progress line only for a person at a terminal; never in CI logs or pipes.
  // history --cache: the blobs known clean under this run's scan key are neither read nor scanned.
  std::optional<HistoryCache> cache;
  if (!flags.cache.empty()) {
    auto opened = HistoryCache::open(flags.cache, history_scan_key(**rules, effective_limits(limits)));
    if (!opened) return fail(opened.status().message());
    cache.emplace(std::move(opened).value());
    if (!cache->warning().empty()) std::cerr << "keysweep: warning: " << cache->warning() << "\n";
  }
  Progress progress;
  std::optional<ProgressLine> line;
  if (!flags.no_progress && isatty(STDERR_FILENO)) line.emplace(progress, STDERR_FILENO);
  Result<ScanResult> result = run_scan(source, *rules, threads, limits, flags.max_findings_per_file, &progress,
                                       cache ? &cache->known() : nullptr, std::move(suppress).value());
  if (line) line->stop();
  if (!result) return fail(result.status().message());
  if (context.full && result->summary.baseline_entries > 0) {
    result->summary.baseline_stale = static_cast<uint64_t>(
        std::count(result->baseline_used.begin(), result->baseline_used.end(), false));
  }
  if (annotate) annotate(&*result);
  // The scan is done (an unreadable blob only leaves it out): what it found clean is true, so
  // the cache is written before the report, and a failure to write it is said after the report.
  Result<CacheWritten> saved = CacheWritten{};
  if (cache) {
    std::signal(SIGXFSZ, SIG_IGN);  // a file-size limit fails the write (as for --output), never kills
    saved = cache->save(std::move(result->newly_clean));
  }
  const int status = write_report(**rules, result->findings, result->summary, flags, advice, &result->suppressed);
  if (!saved) return fail(saved.status().message());
  if (saved->dropped > 0) {
    std::cerr << "keysweep: warning: the history cache '" << flags.cache << "' holds at most "
              << CleanBlobCache::kMaxBlobs << " blobs: " << saved->dropped << " clean blobs were left out\n";
  }
  return status;
}

// What a history scan knows once it is done: commits walked, blobs scanned, the shard
// (`sharded`: null when not sharded) and, for an audit, the reads left to libgit2 (a push's
// new commits are loose objects: saying so on every push would be noise) for the summary, and
// each finding's count of places (known only after the walk).
std::function<void(ScanResult*)> history_summary(const HistorySource& walked, const HistoryRequest* sharded,
                                                 bool audit) {
  return [&walked, sharded, audit](ScanResult* result) {
    result->summary.commits = walked.commits();
    result->summary.blobs = walked.blobs();
    if (audit) result->summary.libgit2_reads = walked.fallback_reads();
    if (sharded) {
      result->summary.shard_index = sharded->shard_index;
      result->summary.shard_count = sharded->shard_count;
    }
    annotate_occurrences(&result->findings, walked.occurrences());
    annotate_occurrences(&result->suppressed, walked.occurrences());
  };
}

constexpr const char* kPushAdvice =
    "This push would publish the secrets above (see the commit of each finding). Rotate any that\n"
    "were ever shared, rewrite the commits that add them (git rebase -i, git commit --amend), or mark a\n"
    "false alarm with a keysweep:allow comment. An emergency: git push --no-verify.\n";

// Longest pre-push stdin line accepted (two ref names of at most 4 KiB each, two object ids).
constexpr size_t kMaxPushLineBytes = 16 << 10;

bool all_zeros(const std::string& sha) {
  return !sha.empty() && sha.find_first_not_of('0') == std::string::npos;
}

// What to scan for a push: from git's pre-push stdin ("<local ref> <local sha> <remote ref>
// <remote sha>" per line) or, under the pre-commit framework, its PRE_COMMIT_FROM_REF and
// PRE_COMMIT_TO_REF variables. Commits the remote already has are hidden through its
// remote-tracking refs, which also covers new branches and force pushes.
Result<CommitRange> push_range(std::string remote, std::istream& in) {
  CommitRange range;
  const auto env = [](const char* name) -> std::string {
    const char* v = std::getenv(name);
    return v ? v : "";
  };
  // The pre-commit framework passes no arguments and no stdin lines; it describes the push in
  // variables (pre-commit 3.0.4: FROM/TO only when both are known; on a first push only the
  // branch names).
  if (remote.empty()) remote = env("PRE_COMMIT_REMOTE_NAME");
  if (!remote.empty()) range.hide_globs.push_back("refs/remotes/" + remote + "/*");
  const std::string to = env("PRE_COMMIT_TO_REF");
  const std::string local_branch = env("PRE_COMMIT_LOCAL_BRANCH");
  if (!to.empty() || !local_branch.empty()) {
    range.include.push_back(!to.empty() ? to : local_branch);
    const std::string from = env("PRE_COMMIT_FROM_REF");
    if (!to.empty() && !from.empty() && !all_zeros(from)) range.remote_tips.push_back(from);
    return range;
  }
  if (isatty(STDIN_FILENO)) {
    return Status::error("pre-push reads git's pre-push lines on standard input; run it from a pre-push hook");
  }
  std::string line;
  bool any_line = false;
  while (true) {
    // Bounded: git's lines are two ref names and two ids; anything longer is not git talking.
    line.clear();
    bool got = false;
    for (int c; (c = in.get()) != std::char_traits<char>::eof();) {
      got = true;
      if (c == '\n') break;
      if (line.size() == kMaxPushLineBytes) {
        return Status::error("pre-push input line longer than " + std::to_string(kMaxPushLineBytes) +
                             " bytes: " + quote_input(line));
      }
      line.push_back(static_cast<char>(c));
    }
    if (!got) break;
    if (line.empty()) continue;
    any_line = true;
    std::istringstream fields(line);
    std::string local_ref, local_sha, remote_ref, remote_sha;
    if (!(fields >> local_ref >> local_sha >> remote_ref >> remote_sha)) {
      return Status::error("unexpected pre-push input line (expected '<local ref> <local id> <remote ref> "
                           "<remote id>'): " + quote_input(line));
    }
    if (all_zeros(local_sha)) continue;  // a deletion sends no commits
    range.include.push_back(local_sha);
    if (!all_zeros(remote_sha)) range.remote_tips.push_back(remote_sha);
  }
  if (!any_line && env("PRE_COMMIT") == "1") {
    // Under the framework with nothing describing the push (pre-commit run --hook-stage push):
    // passing would claim a scan that never happened.
    return Status::error("pre-commit did not say what is being pushed; run this hook through git push, "
                         "or pass --from-ref/--to-ref to pre-commit run");
  }
  return range;
}

// "I/N" with 1 <= I <= N <= 65536, digits only.
Result<std::pair<uint32_t, uint32_t>> parse_shard(const std::string& text) {
  const size_t slash = text.find('/');
  auto number = [](const std::string& s, uint32_t* out) {
    if (s.empty() || s.size() > 5 || s.find_first_not_of("0123456789") != std::string::npos) return false;
    *out = static_cast<uint32_t>(std::stoul(s));
    return true;
  };
  uint32_t i = 0, n = 0;
  if (slash == std::string::npos || !number(text.substr(0, slash), &i) || !number(text.substr(slash + 1), &n) ||
      i < 1 || n < 1 || i > n || n > 65536) {
    return Status::error("--shard " + quote_input(text) + ": expected I/N with 1 <= I <= N <= 65536, e.g. 1/4");
  }
  return std::make_pair(i, n);
}

// The scan of a `keysweep baseline` command (app/baseline_command.h): `from` (dir, staged,
// history: every ref) at `path`, with the repository's .keysweep.toml for git sources, and no
// per-file cap (every secret gets its entry).
BaselineScanner baseline_scanner(const std::string& from, const std::string& path, ScanFlags flags) {
  return [from, path, flags](SuppressOptions suppress) mutable -> Result<BaselineScan> {
    Result<uint64_t> max_size = parse_size(flags.max_file_size);
    if (!max_size) return max_size.status();
    LoadLimits limits;
    limits.max_file_size = *max_size;
    std::unique_ptr<Source> source;
    ScannedRoots roots = repository_roots(path);
    std::string ignore_root;  // where the ignore files are read, as for a scan of the same source
    if (from == "dir") {
      auto dir = DirSource::open({path});
      if (!dir) return dir.status();
      source = std::move(dir).value();
      roots = [path] { return std::vector<std::string>{path}; };
      std::error_code ec;
      if (std::filesystem::is_directory(path, ec)) ignore_root = path.back() == '/' ? path : path + "/";
    } else if (from == "staged") {
      auto staged = StagedSource::open(path, limits);
      if (!staged) return staged.status();
      use_repo_config((*staged)->workdir(), &flags);
      ignore_root = (*staged)->workdir();
      source = std::move(staged).value();
    } else {
      HistoryRequest request;
      request.all = true;
      auto history = HistorySource::open(path, request, limits);
      if (!history) return history.status();
      use_repo_config((*history)->workdir(), &flags);
      ignore_root = (*history)->workdir();
      source = std::move(history).value();
    }
    if (Status st = load_ignore_files(ignore_root, !flags.no_foreign_allows, &suppress); !st) return st;
    auto rules = build_rules(flags.config, nullptr, roots, flags.no_foreign_allows);
    if (!rules) return rules.status();
    const unsigned threads = flags.threads ? flags.threads : std::max(1u, std::thread::hardware_concurrency());
    Result<ScanResult> result =
        run_scan(*source, *rules, threads, limits, /*max_findings_per_file=*/0, nullptr, nullptr, std::move(suppress));
    if (!result) return result.status();
    return BaselineScan{std::move(result->findings), std::move(result->baseline_used), std::move(result->summary.errors),
                        std::move(result->suppressed)};
  };
}

// Where a baseline command's file lives by default: the work tree's root for git sources; for
// dir, the folder scanned (or the folder holding the file scanned).
Result<std::string> default_baseline_path(const std::string& from, const std::string& path) {
  if (from == "dir") {
    std::error_code ec;
    const bool is_dir = std::filesystem::is_directory(path, ec);
    const std::filesystem::path dir = is_dir ? std::filesystem::path(path) : std::filesystem::path(path).parent_path();
    return ((dir.empty() ? std::filesystem::path(".") : dir) / kBaselineFileName).string();
  }
  auto repo = Repository::discover(path);
  if (!repo) return repo.status();
  if ((*repo)->workdir().empty()) {
    return Status::error("the repository at " + path + " has no work tree: say where the baseline goes with --output");
  }
  return (*repo)->workdir() + kBaselineFileName;
}

// keysweep merge: the shards' JSON reports (read back: report_reader.h), joined into the
// unsharded run's report (shard_merge.h), written by the reporter --format asks for. The rules
// are loaded only to list them in SARIF; they must be the ones the shards ran.
int merge_reports(const std::vector<std::string>& paths, ScanFlags flags) {
  const auto started = std::chrono::steady_clock::now();
  auto rules = build_rules(flags.config);
  if (!rules) return fail(rules.status().message());
  if (!make_reporter(flags.format)) return fail("unknown --format '" + flags.format + "'");
  std::vector<ShardReport> shards;
  for (const std::string& path : paths) {
    Result<ReadReport> read = read_json_report(path, KEYSWEEP_VERSION);
    if (!read) return fail(read.status().message());
    shards.push_back({"report '" + path + "'", std::move(read->findings), std::move(read->summary),
                      std::move(read->rules_digest)});
  }
  Result<MergedReport> merged = merge_shards(std::move(shards));
  if (!merged) return fail(merged.status().message());
  if (merged->rules_digest != rules_digest(enabled_rules(**rules))) {
    return fail("the reports were made with other rules than this merge loaded: pass the --config the "
                "scans used (history applies the repository's own .keysweep.toml: pass it with --config)");
  }
  merged->summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  // What the reports hold is what is shown: raw only where the scans had --show-secrets.
  flags.show_secrets = !merged->redacted;
  return write_report(**rules, merged->findings, merged->summary, flags, kHistoryAdvice);
}

int rules_list(const std::string& config_path) {
  auto rules = build_rules(config_path);
  if (!rules) return fail(rules.status().message());
  std::vector<const CompiledRule*> sorted;
  for (const CompiledRule& c : (*rules)->rules()) sorted.push_back(&c);
  std::sort(sorted.begin(), sorted.end(), [](auto* a, auto* b) { return a->rule.id < b->rule.id; });
  for (const CompiledRule* c : sorted) {
    std::cout << c->rule.id << "\t" << severity_name(c->rule.severity) << "\t" << c->rule.description << "\n";
  }
  std::cout << sorted.size() << " rules\n";
  return kExitClean;
}

int rules_check(const std::string& file) {
  Config config;
  config.use_default_rules = false;
  std::string label = file;
  if (file.empty()) {
    auto defaults = load_default_rules();
    if (!defaults) return fail(defaults.status().message());
    config.rules = std::move(defaults).value();
    label = "the default rule pack";
  } else {
    auto loaded = load_config(file);
    if (!loaded) return fail(loaded.status().message());
    if (loaded->rules.empty()) return fail(file + ": no [[rule]] tables found");
    // The file is judged as `--config FILE` would judge it: its ids against the default pack it
    // extends (unless it says use_default = false). Its examples then run on its rules alone.
    std::vector<Rule> defaults;
    if (loaded->use_default_rules) {
      auto pack = load_default_rules();
      if (!pack) return fail(pack.status().message());
      defaults = std::move(pack).value();
    }
    if (Status st = check_config_ids(*loaded, defaults); !st) return fail(st.message());
    config.rules = std::move(loaded->rules);
  }
  auto rules = RuleSet::build(config, RuleSetOptions{});
  if (!rules) return fail(rules.status().message());
  size_t fallbacks = 0;
  for (const CompiledRule& c : (*rules)->rules()) {
    if (c.plan.mode == PrefilterMode::kExact && c.plan.max_width != kUnboundedWidth) continue;
    std::cout << "note: rule '" << c.rule.id << "': prefilter " << prefilter_mode_name(c.plan.mode);
    if (c.plan.max_width == kUnboundedWidth) std::cout << ", unbounded match width";
    if (!c.plan.note.empty()) std::cout << " (" << c.plan.note << ")";
    std::cout << "\n";
    if (c.plan.mode == PrefilterMode::kKeywords || c.plan.mode == PrefilterMode::kAlways) ++fallbacks;
  }
  ExampleReport report = check_rule_examples(*rules);
  for (const std::string& f : report.failures) std::cout << "FAIL: " << f << "\n";
  std::cout << label << ": " << (*rules)->rules().size() << " rules, " << report.examples
            << " examples run, " << report.failures.size() << " failures, " << fallbacks
            << " rules without a Vectorscan prefilter\n";
  return report.failures.empty() ? kExitClean : kExitFindings;
}

}  // namespace


struct SweepFlags {
  std::string repo = ".";
  std::string format = "text";  // text, markdown, json
  std::string output;
  std::string purge_plan;
  std::string config;
  std::string max_file_size = "10M";
  unsigned threads = 0;
  bool show_secrets = false;
  bool no_progress = false;
  bool unreachable = false;  // also commits no ref reaches and blobs no commit holds
};

// A ref's name as people say it: main, origin/main, v1.0, stash.
std::string short_ref(const RefTip& ref) {
  for (const char* p : {"refs/heads/", "refs/tags/", "refs/remotes/"}) {
    if (ref.name.rfind(p, 0) == 0) return ref.name.substr(std::strlen(p));
  }
  return ref.name.rfind("refs/", 0) == 0 ? ref.name.substr(5) : ref.name;
}

// keysweep sweep: the history of every ref, the staged changes and the work tree, each scanned
// by its own source with nothing suppressed but what the rules' own config allows; then the
// finding stage groups by secret (finding/secret_group.h), the git side says how exposed each is
// (source/git/exposure.h), and the sweep reporter writes the report and the purge plan.
int sweep(const SweepFlags& flags) {
  Result<uint64_t> max_size = parse_size(flags.max_file_size);
  if (!max_size) return fail(max_size.status().message());
  LoadLimits limits;
  limits.max_file_size = *max_size;
  const PackFuture pack = preload_default_pack();
  HistoryRequest request;
  request.all = true;
  request.keep_blob_ids = flags.unreachable;
  // The walks' commits, for reachability (source/git/exposure.h): no second walk.
  CommitGraph graph;
  request.graph = &graph;
  auto history = HistorySource::open(flags.repo, request, limits);
  if (!history) return fail(history.status().message());
  const std::string workdir = (*history)->workdir();
  ScanFlags config_flags;
  config_flags.config = flags.config;
  use_repo_config(workdir, &config_flags);
  auto rules = build_rules(config_flags.config, &pack, repository_roots(flags.repo), false);
  if (!rules) return fail(rules.status().message());
  const unsigned threads = flags.threads ? flags.threads : std::max(1u, std::thread::hardware_concurrency());
  SuppressOptions quiet;
  quiet.fingerprint_findings = false;  // the sweep groups by value; nothing it prints is a fingerprint

  SweepReport report;
  std::vector<Finding> all;
  // `sequence_offset`: added to the walk positions of a second history walk (the dangling
  // commits), so that its introductions order after the first walk's.
  const auto run = [&](Source& source, uint64_t* files, uint32_t sequence_offset = 0) -> Status {
    Progress progress;
    std::optional<ProgressLine> line;
    if (!flags.no_progress && isatty(STDERR_FILENO)) line.emplace(progress, STDERR_FILENO);
    // The default per-file cap bounds the findings held (a generated file of a million keys);
    // what it leaves out is counted in the report.
    Result<ScanResult> result = run_scan(source, *rules, threads, limits, kDefaultMaxFindingsPerFile, &progress,
                                         nullptr, quiet);
    if (line) line->stop();
    if (!result) return result.status();
    if (files) *files = result->summary.files_scanned;
    for (const Capped& c : result->summary.capped) report.capped += c.count;
    for (std::string& e : result->summary.errors) report.errors.push_back(std::move(e));
    for (Finding& f : result->findings) {
      if (f.provenance.sequence) f.provenance.sequence += sequence_offset;
      all.push_back(std::move(f));
    }
    return Status::ok();
  };
  if (Status st = run(**history, nullptr); !st) return fail(st.message());
  report.commits = (*history)->commits();
  report.blobs = (*history)->blobs();
  auto exposure = Exposure::open(flags.repo);
  if (!exposure) return fail(exposure.status().message());
  if (flags.unreachable) {
    // What survives a rewrite until `git gc`: commits no ref reaches (reflog entries, dangling
    // commits), walked with everything the refs reach hidden, then the blobs no walk found.
    std::vector<ObjectId> seen = (*history)->blob_ids();
    auto dangling = (*exposure)->unreferenced_commits(graph);
    if (!dangling) return fail(dangling.status().message());
    if (!dangling->empty()) {
      HistoryRequest more;
      more.revisions = *dangling;
      std::unordered_set<std::string> hidden;
      for (const RefTip& ref : (*exposure)->refs()) {
        if (ref.kind != RefKind::kReflog && hidden.insert(ref.commit).second) more.revisions.push_back("^" + ref.commit);
      }
      more.keep_blob_ids = true;
      more.graph = &graph;
      auto walk = HistorySource::open(flags.repo, more, limits);
      if (!walk) return fail(walk.status().message());
      if (Status st = run(**walk, nullptr, static_cast<uint32_t>(report.commits)); !st) return fail(st.message());
      report.commits += (*walk)->commits();
      report.blobs += (*walk)->blobs();
      seen.insert(seen.end(), (*walk)->blob_ids().begin(), (*walk)->blob_ids().end());
    }
    auto loose = UnreachableSource::open(flags.repo, std::move(seen));
    if (!loose) return fail(loose.status().message());
    if (Status st = run(**loose, nullptr); !st) return fail(st.message());
    report.blobs += (*loose)->blobs();
  }
  if (!workdir.empty()) {
    auto staged = StagedSource::open(flags.repo, limits);
    if (!staged) return fail(staged.status().message());
    if (Status st = run(**staged, &report.staged_files); !st) return fail(st.message());
    // The work tree as it is: untracked and ignored files too, nothing but .git/ left out.
    std::string root = workdir;
    if (root.size() > 1 && root.back() == '/') root.pop_back();
    auto tree = DirSource::open({root});
    if (!tree) return fail(tree.status().message());
    if (Status st = run(**tree, &report.worktree_files); !st) return fail(st.message());
  }

  Grouped grouped = group_by_secret(all);
  all.clear();
  report.groups_dropped = grouped.dropped;
  // One reachability question per distinct introducing commit of any group.
  std::vector<std::string> targets;
  std::unordered_map<std::string, size_t> target_index;
  for (const SecretGroup& g : grouped.groups) {
    for (const std::string& c : g.commits) {
      if (target_index.emplace(c, targets.size()).second) targets.push_back(c);
    }
  }
  size_t unknown = 0;
  const std::vector<std::vector<size_t>> reached = (*exposure)->reaching(graph, targets, &unknown);
  report.reach_unknown = unknown;
  const std::vector<RefTip>& refs = (*exposure)->refs();
  for (SecretGroup& g : grouped.groups) {
    SecretExposure& e = g.exposure;
    for (const std::string& b : g.blobs) {
      e.in_head = e.in_head || (*exposure)->in_head(b);
      e.in_index = e.in_index || (*exposure)->in_index(b);
    }
    std::vector<size_t> by;
    for (const std::string& c : g.commits) {
      const auto& r = reached[target_index.at(c)];
      by.insert(by.end(), r.begin(), r.end());
    }
    std::sort(by.begin(), by.end());
    by.erase(std::unique(by.begin(), by.end()), by.end());
    for (const size_t i : by) {
      const RefTip& ref = refs[i];
      const Reach kind = ref.kind == RefKind::kBranch   ? Reach::kBranch
                         : ref.kind == RefKind::kTag    ? Reach::kTag
                         : ref.kind == RefKind::kRemote ? Reach::kRemote
                         : ref.kind == RefKind::kReflog ? Reach::kReflog
                                                        : Reach::kOther;
      add_reach(&e, kind, short_ref(ref));
    }
  }
  // Per path: HEAD's first-parent line says when it was last there and what removed it.
  std::vector<PathQuery> queries;
  for (const SecretGroup& g : grouped.groups) {
    for (const SecretPath& p : g.paths) {
      if (!p.first_commit.empty()) queries.push_back(PathQuery{p.path, g.blobs, p.first_commit});
    }
  }
  auto lines = (*exposure)->mainline(queries);
  if (!lines) return fail(lines.status().message());
  size_t q = 0;
  for (SecretGroup& g : grouped.groups) {
    for (SecretPath& p : g.paths) {
      if (p.first_commit.empty()) continue;
      const PathHistory& h = (*lines)[q++];
      p.mainline_commits = h.commits;
      p.last_commit = h.last_commit;
      p.last_date = h.last_date;
      p.removed_in = h.removed_in;
      p.removed_date = h.removed_date;
    }
    settle_exposure(&g);
  }
  sort_by_urgency(&grouped.groups);
  // Salted as every report's fingerprints are (finding/fingerprinter.h): about 1 ms a secret.
  Fingerprinter fingerprinter(repository_salt(flags.repo));
  for (SecretGroup& g : grouped.groups) {
    Result<std::string> fp = fingerprinter.fingerprint(g.secret);
    if (!fp) return fail(fp.status().message());
    g.fingerprint = std::move(fp).value();
  }
  report.rules = enabled_rules(**rules);
  report.groups = std::move(grouped.groups);
  for (const SecretGroup& g : report.groups) report.remedies.push_back(remedy_for(g));
  std::sort(report.errors.begin(), report.errors.end());

  std::signal(SIGXFSZ, SIG_IGN);
  if (!flags.purge_plan.empty()) {
    auto file = ReportFile::open(flags.purge_plan, "--purge-plan");
    if (!file) return fail(file.status().message());
    write_purge_plan((*file)->stream(), report.groups);
    if (Status st = (*file)->commit(); !st) return fail(st.message());
    report.purge_plan = flags.purge_plan;
  }
  SweepOptions options;
  options.show_secrets = flags.show_secrets;
  options.tool_version = KEYSWEEP_VERSION;
  if (flags.output.empty()) {
    write_sweep_report(std::cout, flags.format, report, options);
    std::cout.flush();
    if (!std::cout) return fail("writing the report to stdout failed");
  } else {
    auto file = ReportFile::open(flags.output);
    if (!file) return fail(file.status().message());
    write_sweep_report((*file)->stream(), flags.format, report, options);
    if (Status st = (*file)->commit(); !st) return fail(st.message());
  }
  if (!report.errors.empty()) {
    for (const std::string& e : report.errors) std::cerr << "keysweep: error: " << e << "\n";
    std::cerr << "keysweep: the sweep is incomplete: " << report.errors.size() << " input(s) could not be scanned\n";
    return kExitError;
  }
  return report.groups.empty() ? kExitClean : kExitFindings;
}

int run_cli(int argc, char** argv) {
  CLI::App app{"keysweep: find secrets in files, standard input and git repositories", "keysweep"};
  app.require_subcommand(1);
  app.fallthrough(false);

  ScanFlags dir_flags;
  std::vector<std::string> dir_paths;
  CLI::App* dir = app.add_subcommand("dir", "Scan files under the given paths (skips .git/)");
  dir->add_option("paths", dir_paths, "Files or directories")->required();
  add_scan_flags(dir, &dir_flags);

  ScanFlags stdin_flags;
  std::string label = "stdin";
  CLI::App* in = app.add_subcommand("stdin", "Scan standard input");
  in->add_option("--label", label, "Path to report for the input")->default_str("stdin");
  add_scan_flags(in, &stdin_flags);

  ScanFlags staged_flags;
  std::string staged_repo = ".";
  CLI::App* staged = app.add_subcommand("staged", "Scan what the next commit adds (the index against HEAD)");
  staged->add_option("repo", staged_repo, "Repository (or a folder inside it)")->default_str(".");
  add_scan_flags(staged, &staged_flags);

  ScanFlags push_flags;
  std::vector<std::string> push_args;
  std::string push_repo = ".";
  CLI::App* push = app.add_subcommand(
      "pre-push", "Scan the commits a push sends that the remote lacks (git's pre-push lines on stdin)");
  push->add_option("remote", push_args, "Remote name and URL, as git passes them to the hook")->expected(0, 2);
  push->add_option("--repo", push_repo, "Repository (or a folder inside it)")->default_str(".");
  add_scan_flags(push, &push_flags);

  ScanFlags history_flags;
  std::string history_repo = ".";
  HistoryRequest history_request;
  CLI::App* history = app.add_subcommand(
      "history", "Scan every blob of a git history once, each finding at the commit that introduced it");
  history->add_option("revisions", history_request.revisions,
                      "Revisions or ranges as git spells them (main, v1.0..main, A...B, ^old); default HEAD");
  history->add_option("--repo", history_repo, "Repository (or a folder inside it)")->default_str(".");
  history->add_flag("--all", history_request.all,
                    "Every ref: branches, tags, remote-tracking refs, notes, the stash (and HEAD)");
  history->add_option("--since-commit", history_request.since_commit,
                      "Only commits not reachable from this revision (e.g. origin/main on a pull request)");
  std::string history_shard;
  history->add_option("--shard", history_shard,
                      "Scan only shard I of N (1-based, e.g. 2/4) of the blobs, partitioned by blob id");
  add_scan_flags(history, &history_flags);
  history->add_option("--cache", history_flags.cache,
                      "Remember the blobs found clean in FILE, so a re-run reads and scans only new ones "
                      "(see doc/history.md)");

  SweepFlags sweep_flags;
  CLI::App* sweep_cmd = app.add_subcommand(
      "sweep", "After a leak: every unique secret of every ref, the index and the work tree, how exposed it is, "
               "and the rotation and purge plan (see doc/sweep.md)");
  sweep_cmd->add_option("repo", sweep_flags.repo, "Repository (or a folder inside it)")->default_str(".");
  sweep_cmd->add_option("--format", sweep_flags.format, "Output format")
      ->check(CLI::IsMember({"text", "markdown", "json", "sarif"}))
      ->default_str("text");
  sweep_cmd->add_option("--output,-o", sweep_flags.output, "Write the report to FILE instead of stdout");
  sweep_cmd->add_option("--purge-plan", sweep_flags.purge_plan,
                        "Write a git filter-repo --replace-text expressions file (mode 0600: it holds the raw secrets)");
  add_rule_and_limit_flags(sweep_cmd, &sweep_flags.config, &sweep_flags.threads, &sweep_flags.max_file_size);
  sweep_cmd->add_flag("--show-secrets", sweep_flags.show_secrets, "Print raw secrets (default: redacted)");
  sweep_cmd->add_flag("--no-progress", sweep_flags.no_progress, "No progress line on stderr");
  sweep_cmd->add_flag("--unreachable", sweep_flags.unreachable,
                      "Also scan commits no ref reaches (reflogs, dangling commits) and blobs no commit holds");

  ScanFlags merge_flags;
  std::vector<std::string> merge_paths;
  CLI::App* merge = app.add_subcommand(
      "merge", "Join the JSON reports of all shards of one history --shard run into the unsharded run's report");
  merge->add_option("reports", merge_paths, "The shards' reports (keysweep history --shard I/N --format json)")
      ->required();
  add_output_flags(merge, &merge_flags);
  merge->add_option("--config,-c", merge_flags.config, "The TOML config the shards were scanned with");

  CLI::App* rules = app.add_subcommand("rules", "List or check rules");
  rules->require_subcommand(1);
  std::string list_config;
  CLI::App* list = rules->add_subcommand("list", "Print the enabled rules");
  list->add_option("--config,-c", list_config, "TOML config to apply");
  std::string check_file;
  CLI::App* check = rules->add_subcommand("check", "Validate a rule file and run its examples (default: the built-in pack)");
  check->add_option("file", check_file, "Rule file (TOML)");

  // keysweep baseline (app/baseline_command.h).
  CLI::App* baseline = app.add_subcommand("baseline", "Make and keep a .keysweep-baseline.json (see doc/baseline.md)");
  baseline->require_subcommand(1);
  ScanFlags baseline_flags;
  std::string baseline_from = "dir";
  std::string baseline_path = ".";
  std::string baseline_file;
  bool baseline_gitattributes = false;
  CLI::App* baseline_create = baseline->add_subcommand(
      "create", "Scan and write one entry per secret found, so that later scans do not report them");
  CLI::App* baseline_prune =
      baseline->add_subcommand("prune", "Scan with the baseline and drop the entries that match nothing any more");
  for (CLI::App* cmd : {baseline_create, baseline_prune}) {
    cmd->add_option("path", baseline_path, "What to scan: a folder (--from dir) or a repository")->default_str(".");
    cmd->add_option("--from", baseline_from, "What to scan: the files under PATH, the staged changes, or every ref's history")
        ->check(CLI::IsMember({"dir", "staged", "history"}))
        ->default_str("dir");
    add_rule_and_limit_flags(cmd, &baseline_flags.config, &baseline_flags.threads, &baseline_flags.max_file_size);
    cmd->add_flag("--no-foreign-allows", baseline_flags.no_foreign_allows,
                  "Ignore other scanners' inline markers (gitleaks:allow, pragma: allowlist secret, ...)");
  }
  baseline_create->add_option("--output,-o", baseline_file,
                              "Where to write (default: .keysweep-baseline.json at the root of PATH)");
  baseline_create->add_flag("--gitattributes", baseline_gitattributes,
                            "Add '/.keysweep-baseline.json merge=union' to the .gitattributes beside it");
  baseline_prune->add_option("--file", baseline_file, "The baseline (default: .keysweep-baseline.json at the root of PATH)");
  std::string import_file;
  CLI::App* baseline_import = baseline->add_subcommand(
      "import", "Turn what a .gitleaksignore or a detect-secrets .secrets.baseline accepts into baseline entries");
  baseline_import->add_option("file", import_file, "The other scanner's file")->required();
  baseline_import->add_option("path", baseline_path, "What to scan: a folder (--from dir) or a repository")
      ->default_str(".");
  baseline_import->add_option("--from", baseline_from, "What to scan, as for create")
      ->check(CLI::IsMember({"dir", "staged", "history"}))
      ->default_str("dir");
  baseline_import->add_option("--output,-o", baseline_file,
                              "The baseline to add to (default: .keysweep-baseline.json at the root of PATH)");
  baseline_import->add_option("--config,-c", baseline_flags.config, "TOML config: extra rules, disabled rules, allowlists");
  std::vector<std::string> merge_files;
  CLI::App* baseline_merge = baseline->add_subcommand(
      "merge", "git's merge driver for the baseline: keysweep baseline merge %O %A %B (see doc/baseline.md)");
  baseline_merge->add_option("files", merge_files, "The ancestor, ours (written) and theirs")->expected(3)->required();
  CLI::App* baseline_show = baseline->add_subcommand("show", "List a baseline's entries (no secret: hashes, rules, paths)");
  baseline_show->add_option("file", baseline_file, "The baseline")->default_str(kBaselineFileName);

  CLI::App* version = app.add_subcommand("version", "Print the version");

  // Git hooks (hook_command.h); both subcommands share these flags.
  std::string hook_repo = ".";
  std::string hook_name = "pre-commit";
  bool hook_force = false;
  CLI::App* install_hook = app.add_subcommand("install-hook", "Install keysweep as a git hook (see doc/hooks.md)");
  CLI::App* uninstall_hook = app.add_subcommand("uninstall-hook", "Remove keysweep's git hook, restoring any backup");
  for (CLI::App* cmd : {install_hook, uninstall_hook}) {
    cmd->add_option("--repo", hook_repo, "Repository (default: the one holding the current folder)")->default_str(".");
    cmd->add_option("--hook", hook_name, "Which hook")
        ->check(CLI::IsMember({"pre-commit", "pre-push"}))
        ->default_str("pre-commit");
  }
  install_hook->add_flag("--force", hook_force,
                         "Keep an existing hook as <hook>.keysweep-backup and run it before keysweep");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::string msg = e.what();
    if (msg.empty()) msg = "invalid command line";
    return fail(msg + " (run 'keysweep --help')");
  }

  if (*version) {
    std::cout << "keysweep " << KEYSWEEP_VERSION << "\n";
    return kExitClean;
  }
  if (*install_hook) return run_install_hook(hook_repo, hook_name, hook_force);
  if (*uninstall_hook) return run_uninstall_hook(hook_repo, hook_name);
  if (*list) return rules_list(list_config);
  if (*merge) return merge_reports(merge_paths, merge_flags);
  if (*check) return rules_check(check_file);
  if (*baseline_merge) return run_baseline_merge(merge_files[0], merge_files[1], merge_files[2]);
  if (*baseline_show) return run_baseline_show(baseline_file.empty() ? kBaselineFileName : baseline_file);
  if (*baseline_create || *baseline_prune || *baseline_import) {
    std::string file = baseline_file;
    if (file.empty()) {
      Result<std::string> where = default_baseline_path(baseline_from, baseline_path);
      if (!where) return fail(where.status().message());
      file = *where;
    }
    const BaselineScanner scanner = baseline_scanner(baseline_from, baseline_path, baseline_flags);
    if (*baseline_import) return run_baseline_import(scanner, import_file, file);
    return *baseline_create ? run_baseline_create(scanner, file, baseline_gitattributes,
                                                  /*keep_existing=*/baseline_from == "staged")
                            : run_baseline_prune(scanner, file);
  }
  if (*dir) {
    auto source = DirSource::open(dir_paths);
    if (!source) return fail(source.status().message());
    // One folder scanned: its ignore files apply (the paths reported are relative to it).
    std::error_code ec;
    const bool one_dir = dir_paths.size() == 1 && std::filesystem::is_directory(dir_paths.front(), ec);
    std::string ignore_root = one_dir ? dir_paths.front() : "";
    if (!ignore_root.empty() && ignore_root.back() != '/') ignore_root += '/';
    SuppressContext context{"", repository_salt(dir_paths.front()), /*full=*/true, ignore_root};
    return scan(**source, dir_flags, kDirAdvice, nullptr, [&dir_paths] { return dir_paths; }, nullptr, context);
  }
  if (*staged) {
    Result<uint64_t> max_size = parse_size(staged_flags.max_file_size);
    if (!max_size) return fail(max_size.status().message());
    LoadLimits limits;
    limits.max_file_size = *max_size;
    const PackFuture pack = preload_default_pack();
    auto source = StagedSource::open(staged_repo, limits);
    if (!source) return fail(source.status().message());
    use_repo_config((*source)->workdir(), &staged_flags);
    return scan(**source, staged_flags, kStagedAdvice, &pack, repository_roots(staged_repo), nullptr,
                repository_context((*source)->workdir(), staged_repo, /*full=*/false));
  }
  if (*push) {
    Result<uint64_t> max_size = parse_size(push_flags.max_file_size);
    if (!max_size) return fail(max_size.status().message());
    LoadLimits limits;
    limits.max_file_size = *max_size;
    auto range = push_range(push_args.empty() ? "" : push_args[0], std::cin);
    if (!range) return fail(range.status().message());
    const PackFuture pack = preload_default_pack();
    // The history engine over the pushed range: each blob the push introduces is scanned once,
    // and a secret the remote's version of a changed file already holds is not reported again.
    HistoryRequest request;
    request.range = std::move(range).value();
    request.cache_bytes = kPushCacheBytes;
    auto source = HistorySource::open(push_repo, request, limits);
    if (!source) return fail(source.status().message());
    if (const std::vector<std::string>& roots = (*source)->shallow_roots(); !roots.empty()) {
      std::cerr << "keysweep: note: this is a shallow clone without the parents of commit " << roots[0].substr(0, 12)
                << (roots.size() > 1 ? " and " + std::to_string(roots.size() - 1) + " more" : std::string())
                << ": all of their files were scanned as added\n";
    }
    use_repo_config((*source)->workdir(), &push_flags);
    HistorySource& walked = **source;
    return scan(walked, push_flags, kPushAdvice, &pack, repository_roots(push_repo),
                history_summary(walked, nullptr, /*audit=*/false),
                repository_context(walked.workdir(), push_repo, /*full=*/false));
  }
  if (*sweep_cmd) return sweep(sweep_flags);
  if (*history) {
    Result<uint64_t> max_size = parse_size(history_flags.max_file_size);
    if (!max_size) return fail(max_size.status().message());
    LoadLimits limits;
    limits.max_file_size = *max_size;
    if (!history_shard.empty()) {
      auto shard = parse_shard(history_shard);
      if (!shard) return fail(shard.status().message());
      history_request.shard_index = shard->first;
      history_request.shard_count = shard->second;
    }
    const PackFuture pack = preload_default_pack();
    auto source = HistorySource::open(history_repo, history_request, limits);
    if (!source) return fail(source.status().message());
    if (const std::vector<std::string>& roots = (*source)->shallow_roots(); !roots.empty()) {
      std::cerr << "keysweep: note: this is a shallow clone without the parents of commit " << roots[0].substr(0, 12)
                << (roots.size() > 1 ? " and " + std::to_string(roots.size() - 1) + " more" : std::string())
                << ": their files count as introduced there\n";
    }
    for (const std::string& problem : (*source)->pack_problems()) {
      std::cerr << "keysweep: note: the pack reader: " << problem << " (libgit2 reads what it cannot)\n";
    }
    use_repo_config((*source)->workdir(), &history_flags);
    HistorySource& walked = **source;
    // Stale baseline entries are known only when every commit of the history was scanned.
    bool whole = history_shard.empty() && history_request.since_commit.empty();
    for (const std::string& r : history_request.revisions) {
      if (r.find("..") != std::string::npos || r.rfind('^', 0) == 0) whole = false;
    }
    return scan(walked, history_flags, kHistoryAdvice, &pack, repository_roots(history_repo),
                history_summary(walked, history_shard.empty() ? nullptr : &history_request, /*audit=*/true),
                repository_context(walked.workdir(), history_repo, whole));
  }
  if (*in) {
    if (label.empty()) return fail("--label must not be empty");
    StdinSource source(label);
    return scan(source, stdin_flags, kDirAdvice);
  }
  return fail("no command given (run 'keysweep --help')");
}

}  // namespace keysweep
