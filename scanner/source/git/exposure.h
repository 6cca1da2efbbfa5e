// Exposure: which refs of a repository reach given commits, which blobs HEAD's tree and the
// index hold, and what HEAD's first-parent line says of a path (for `keysweep sweep`:
// finding/secret_group.h says how exposed each secret was).
//
// Refs are every reference the repository has (branches, tags, remote-tracking refs, notes, the
// stash, anything else under refs/) plus a detached HEAD, each peeled to a commit; a ref that
// names no commit (a tag of a tree, a broken ref) is left out. The reflogs' entries (where
// HEAD and each ref used to point, until `git reflog expire`) come after them, so that a
// commit a reset or a rewrite left behind is known as reflog-only. A ref *reaches* a commit
// when its tip is that commit or a descendant of it.
//
// Reachability is answered from the commit graph the history walks already read
// (commit_graph.h: the sweep's walk of every ref, and of the commits no ref reaches), not from
// a walk of its own: each commit gets a bit per target it holds (its own, or one of its
// parents'), 64 targets per forward pass over the graph in memory, so the cost is (targets / 64)
// passes over an array, however many refs there are.
//
// Memory: 8 bytes per graph commit during a pass; HEAD's tree and the index, one hex id per
// entry (about 80 bytes each). Targets: at most kMaxTargets (the sweep's distinct introducing
// commits; beyond it the rest are answered "reached by nothing known" and counted).
//
// Thread safety: one thread. Errors: a repository that cannot be opened, a HEAD tree, index or
// commit that cannot be read ("reading commit 3f2a…: ...").
#pragma once

#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include "scanner/base/status.h"
#include "scanner/source/git/commit_graph.h"

namespace keysweep {

enum class RefKind { kBranch, kTag, kRemote, kStash, kNotes, kHead, kOther, kReflog };

// "branch", "tag", "remote", "stash", "notes", "HEAD", "other", "reflog".
const char* ref_kind_name(RefKind kind);

struct RefTip {
  std::string name;    // full name: refs/heads/main, refs/remotes/origin/main, HEAD; a reflog
                       // entry: refs/heads/main@{2}, HEAD@{5}
  RefKind kind = RefKind::kOther;
  std::string commit;  // hex id of the commit it peels to
};

// A path and the blobs that hold a secret there, for Exposure::mainline().
struct PathQuery {
  std::string path;
  std::vector<std::string> blobs;  // hex ids
  std::string introduced;          // the commit that first brought it in at this path (hex)
};

// What HEAD's first-parent line says of one PathQuery.
struct PathHistory {
  uint32_t commits = 0;       // first-parent commits whose tree has one of the blobs at the path
  std::string last_commit;    // the newest of them (HEAD itself when it is still there)
  std::string last_date;      // its author date
  std::string removed_in;     // the first-parent commit after last_commit ("" while HEAD has it)
  std::string removed_date;
  bool truncated = false;     // the line is longer than kMaxMainline: older commits not looked at
};

class Exposure {
 public:
  static constexpr size_t kMaxTargets = 1 << 16;

  // Reads the refs, HEAD's tree and the index of the repository holding `path` (the index is
  // empty for a bare repository, the tree for an unborn HEAD).
  static Result<std::unique_ptr<Exposure>> open(const std::string& path);

  // Every ref, sorted by name (HEAD only when detached), then the reflog entries (kReflog) of
  // HEAD and of each ref whose commit no ref and no earlier entry has, in reflog order.
  const std::vector<RefTip>& refs() const { return refs_; }
  bool in_head(const std::string& blob_hex) const { return head_blobs_.count(blob_hex) != 0; }
  bool in_index(const std::string& blob_hex) const { return index_blobs_.count(blob_hex) != 0; }

  // For each of `commits` (hex ids), the indices into refs() of the refs that reach it in
  // `graph` (the commits the walks read), ascending. A commit no ref reaches (a dangling
  // commit, one only a reflog holds) gets none; a ref whose tip the graph lacks reaches nothing.
  // `*unknown` (when given) counts targets past kMaxTargets, answered with none.
  std::vector<std::vector<size_t>> reaching(const CommitGraph& graph, const std::vector<std::string>& commits,
                                            size_t* unknown = nullptr) const;

  static constexpr size_t kMaxMainline = 1u << 20;

  // For each query, along HEAD's first-parent line (newest first, at most kMaxMainline
  // commits): how many of its commits hold the path at one of the blobs, the newest that did
  // and the commit after it that removed it (changed or deleted the path). A query is settled
  // at its introducing commit (no older commit can hold it there); the walk ends when all are,
  // or at the root or a shallow boundary. Empty answers for an unborn HEAD. Cost: per
  // first-parent commit, one commit read and, unless its root tree is the newer commit's, one
  // root tree read; a path lookup only for a query whose first component's entry changed.
  Result<std::vector<PathHistory>> mainline(const std::vector<PathQuery>& queries) const;

  // Commits of the object database that `reached` (the walk of every ref) lacks: reflog-only
  // and dangling commits, sorted. Cost: one header read per object of the object database not
  // in `reached` (`--unreachable` only).
  Result<std::vector<std::string>> unreferenced_commits(const CommitGraph& reached) const;

  ~Exposure();
  Exposure(const Exposure&) = delete;
  Exposure& operator=(const Exposure&) = delete;

 private:
  Exposure() = default;
  std::string path_;
  std::vector<RefTip> refs_;
  std::unordered_set<std::string> head_blobs_;
  std::unordered_set<std::string> index_blobs_;
};

}  // namespace keysweep
