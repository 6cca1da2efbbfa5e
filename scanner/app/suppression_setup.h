// What a scan's suppression stage (finding/suppress.h) is given: the baseline, if any, and the
// fingerprinter with the salt that goes with it.
//
//   - `--baseline FILE` names either a .keysweep-baseline.json (finding/baseline_file.h) or an
//     earlier keysweep JSON/SARIF report (finding/baseline.h): which one is decided by the
//     file's first bytes (baseline_kind);
//   - without it, `auto_baseline` (the repository's .keysweep-baseline.json, for staged,
//     pre-push and history) is read when it is a regular file there; absent is fine;
//   - the salt: a baseline file's own (so report fingerprints equal baseline entries); else
//     the repository's (repository_salt), asked for only when a first fingerprint is needed.
//
// Errors: the baseline cannot be read or parsed, or its kdf parameters are out of range
// (exit 2 with the file named; never a secret in the message).
// Limits: a baseline is read whole, at most kMaxBaselineBytes (512 MiB: a 1M-finding report is
// about 400 MB; a baseline file of kMaxEntries short entries about 200 MiB).
#pragma once

#include <string>

#include "scanner/base/status.h"
#include "scanner/finding/fingerprinter.h"
#include "scanner/finding/suppress.h"

namespace keysweep {

inline constexpr uint64_t kMaxBaselineBytes = 512ull << 20;

// A salt source for the repository holding `path`: salt_from_identity("git-root-commit:" +
// the root commit id of HEAD's first-parent chain), or kNoRepositoryIdentity's salt when `path`
// is in no repository or the repository has no commit yet. Runs when called, not before.
SaltSource repository_salt(std::string path);

// What a scan's suppression stage uses (see above). `explicit_path` wins over `auto_path`;
// both may be empty. `*used_path` (when given) is set to the file read, or "" for none.
Result<SuppressOptions> load_suppression(const std::string& explicit_path, const std::string& auto_path,
                                         SaltSource repo_salt, std::string* used_path = nullptr);

// The ignore files at `root` (a folder ending in '/', or "" for none) into `*options`:
// .keysweepignore always, and with `peers` the files other scanners keep (.secretlintignore,
// .gitleaksignore, .betterleaksignore, .secrets.baseline). An absent file is fine; one that cannot be read or parsed
// is an error naming it. Each is read whole: at most kMaxIgnoreFileBytes (16 MiB) for the
// gitignore-style files, kMaxPeerSuppressionFileBytes (64 MiB) for the other two.
inline constexpr uint64_t kMaxIgnoreFileBytes = 16ull << 20;
Status load_ignore_files(const std::string& root, bool peers, SuppressOptions* options);

// trufflehog's --exclude-paths FILE (finding/exclude_paths.h), read whole (at most 1 MiB).
Status load_exclude_paths(const std::string& path, SuppressOptions* options);

// Reads a .keysweep-baseline.json (for `keysweep baseline` commands). Errors: as above, and a
// report given where a baseline file is wanted.
Result<BaselineFile> read_baseline_file(const std::string& path);

}  // namespace keysweep
