// HistoryCache: `keysweep history --cache FILE` (doc/history.md). The blobs a run found clean
// (scanned in full, no match: cache/clean_blob_cache.h) are recorded under a scan key, so the
// next run with the same key neither reads nor scans them again and prints the same report.
//
// The scan key is a SHA-256 over everything that decides whether a blob's bytes give a match:
//   - this keysweep's build: its version and the GNU build id of the running executable, so any
//     change to the matcher, the checks or the embedded rule pack (a new build) starts afresh;
//   - every enabled rule in the canonical encoding of ruleset/rule_codec.h, minus where it was
//     defined (file, line, column: moving or renaming the config file changes no match), so a
//     changed, added, removed or disabled rule, or use_default = false, changes the key;
//   - the config's allowlist paths, regexes and stopwords. The matcher does not read them
//     (match/matcher.h: they act on findings), but they are cheap to include and a rule author's
//     change to them is rare. Allowlisted fingerprints are left out: a --baseline adds them, a
//     baseline may change from run to run, and a fingerprint only hides a finding, which a clean
//     blob never has;
//   - the load limits that decide which bytes are matched and how: --max-file-size, the binary
//     probe size, the window size and overlap (after KEYSWEEP_TEST_WINDOW_SIZE).
// Not in the key, because a clean blob has no match for them to act on: the revisions, --shard,
// --baseline, --max-findings-per-file, --show-secrets, the output format, paths and commits.
// A cache is therefore valid for any revision range or shard of any repository.
//
// Files: the path is used as given (never a default, so never inside the repository unless the
// user points there). open() refuses, before any scan, a path that exists and is not a regular
// file (a FIFO, a directory, a device: exit 2) and a folder that does not exist or cannot be
// written. save() writes atomically and owner-only through report/report_file.h (a temporary
// file in the same folder, then a rename).
//
// Thread safety: open() and save() on one thread; known() is immutable and may be read by every
// worker of the scan at once. Errors: Status with a one-line message naming the file.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "scanner/base/status.h"
#include "scanner/cache/clean_blob_cache.h"
#include "scanner/ruleset/ruleset.h"
#include "scanner/source/source.h"

namespace keysweep {

// What this executable is: "VERSION BUILD-ID" (the build id in hex; empty when the executable
// has none).
std::string keysweep_build_identity();

// The bytes the scan key hashes (see above), for `build` (keysweep_build_identity()). Exposed so
// tests can show that each part changes it.
std::string scan_key_material(const RuleSet& rules, const LoadLimits& limits, std::string_view build);

// SHA-256 hex of scan_key_material with this build.
std::string history_scan_key(const RuleSet& rules, const LoadLimits& limits);

class HistoryCache {
 public:
  // Checks `path` and reads it (see above) under `key`. A missing file is an empty cache; a
  // damaged or stale one is an empty cache with a warning().
  static Result<HistoryCache> open(const std::string& path, std::string key);

  // The blobs known clean under this key. Read-only; safe to share between threads.
  const CleanBlobCache& known() const { return read_.cache; }
  // Why the file was not used ("the history cache 'x' was made with other rules ...: every blob
  // is scanned and the cache rewritten"); empty when it was used or did not exist.
  const std::string& warning() const { return warning_; }

  // Writes known() joined with `fresh` to the file, atomically. Errors: the file or its folder
  // cannot be written (nothing changes then).
  Result<CacheWritten> save(std::vector<CleanBlob> fresh) const;

 private:
  HistoryCache() = default;
  std::string path_;
  std::string key_;
  CacheRead read_;
  std::string warning_;
};

}  // namespace keysweep
