// Secret groups: the findings of a sweep (`keysweep sweep`), one entry per secret.
//
// A sweep scans the history (every ref), the index and the work tree, and gets one finding per
// place a secret entered (history), per staged path (index) and per file (work tree). This stage
// turns them into one SecretGroup per distinct secret value, whichever rules found it: the
// rules (sorted), the highest severity, where it was first introduced (the history place with
// the lowest walk sequence: parents come before children, so no clock is trusted), every path
// it is at (with how many commits introduced it there, and whether the index or the work tree
// holds it there), the introducing commits and the blobs. What refs reach those commits, and
// whether HEAD holds a blob, is not known here: the sweep asks the git side
// (source/git/exposure.h) and fills `exposure` before sorting by urgency.
//
// The raw secret is kept in memory (the purge plan needs it); reporters redact it.
//
// Limits: at most kMaxGroups groups (the findings of further secrets are counted in `dropped`,
// never grouped); a group keeps at most kMaxGroupPaths paths and kMaxGroupCommits introducing commits
// (the rest counted). Memory is then bounded by the findings passed in plus, per group, those
// caps times a path or id each.
//
// Thread safety: pure functions on values.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "scanner/finding/finding.h"

namespace keysweep {

struct SecretPath {
  std::string path;
  uint32_t introductions = 0;  // history places (path, commit) that brought it in at this path
  std::string first_commit;    // the earliest of them; empty when only the index or work tree has it
  std::string first_date;
  uint32_t line = 0;           // its line at the first place found
  bool in_index = false;       // staged (not yet committed) at this path
  bool in_worktree = false;    // in the work tree's file at this path
  // Filled by the sweep from HEAD's first-parent line (source/git/exposure.h, mainline()):
  uint32_t mainline_commits = 0;  // its commits that hold the secret at this path
  std::string last_commit;        // the newest of them
  std::string last_date;
  std::string removed_in;         // the commit after it, which changed or deleted the path
  std::string removed_date;       // ("" while HEAD holds it, or when it never was on that line)
};

// Filled by the sweep from the git side (source/git/exposure.h).
struct SecretExposure {
  bool in_head = false;      // HEAD's tree holds a blob with it
  bool in_index = false;     // the index holds it (staged, or committed and unchanged)
  bool in_worktree = false;  // a work-tree file holds it
  std::vector<std::string> branches;  // local branches that reach an introducing commit
  std::vector<std::string> tags;
  std::vector<std::string> remotes;   // remote-tracking refs (refs/remotes/...): it was pushed
  std::vector<std::string> other_refs;  // the stash, notes, a detached HEAD, other refs
  std::vector<std::string> reflogs;     // reflog entries (main@{2}) that reach it
  bool unreachable_blob = false;        // a blob no commit holds has it (sweep --unreachable)
  bool pushed() const { return !remotes.empty(); }
  // Exposed from the first introduction's date to this one: the latest removal on HEAD's first-
  // parent line, once neither HEAD, the index nor the work tree holds it; empty = still (or it
  // never was on that line).
  std::string exposed_until;
};

struct SecretGroup {
  std::string secret;               // raw; never printed without --show-secrets
  std::string fingerprint;          // salted (finding/fingerprinter.h), filled by the sweep
  std::vector<std::string> rules;   // sorted, unique
  std::string description;          // the first rule's (by id)
  Severity severity = Severity::kLow;
  std::string line_text;            // the first place's line, raw, with
  std::vector<MaskRange> line_masks;  // its masks (finding/redact.h)
  // First introduced (history); empty when the secret is only staged or in the work tree.
  std::string commit, author, email, date, path;
  uint32_t sequence = 0;             // its walk position (0: not in the history)
  std::vector<SecretPath> paths;     // sorted by path
  uint32_t paths_dropped = 0;
  std::vector<std::string> commits;  // introducing commits, in walk order, distinct
  uint32_t commits_dropped = 0;
  std::vector<std::string> blobs;    // blob ids holding it, sorted, distinct
  SecretExposure exposure;
};

inline constexpr size_t kMaxGroups = 100000;
inline constexpr size_t kMaxGroupPaths = 1000;
inline constexpr size_t kMaxGroupCommits = 10000;

struct Grouped {
  std::vector<SecretGroup> groups;  // in order of first appearance; sort_by_urgency orders them
  uint64_t dropped = 0;             // findings of secrets past kMaxGroups
};

// Findings from the history (source "history"), the index ("staged"), the work tree ("dir") and
// blobs no commit holds ("unreachable"), in any order: the groups come out the same.
Grouped group_by_secret(const std::vector<Finding>& findings);

// What reaches a secret's introducing commit (the git side's ref kinds, as the finding stage
// needs them).
enum class Reach { kBranch, kTag, kRemote, kReflog, kOther };
// Records that the ref `name` (as people say it: main, origin/main, v1.0, HEAD@{2}) reaches it.
void add_reach(SecretExposure* e, Reach kind, std::string name);
// Once the refs and the paths' first-parent histories are in: reflog entries are dropped where
// a ref reaches the secret (they add nothing), and exposed_until is the latest removal date of
// its paths when neither HEAD, the index nor the work tree holds it.
void settle_exposure(SecretGroup* g);

// Urgency (0 is the most urgent): 0 pushed and still in HEAD (or the index or work tree), 1
// pushed and removed, 2 local only but in HEAD, the index or the work tree, 3 local only and
// removed (a branch, the stash, a dangling commit).
int urgency(const SecretGroup& g);

// Sorts by urgency, then severity (highest first), then first introduction (walk order; the
// never-committed last), then the first path, then the secret bytes: a total order, so the
// report is the same whatever order the scan produced.
void sort_by_urgency(std::vector<SecretGroup>* groups);

}  // namespace keysweep
