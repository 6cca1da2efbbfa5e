// walk_commits: the commits of a CommitRange, parents before children (internal to
// scanner/source/git/; HistorySource walks `keysweep history` and `keysweep pre-push` with it).
//
// The commits are those reachable from range.include and not from range.exclude, from any ref
// matching range.hide_globs, or from range.remote_tips that exist locally. In a complete
// repository with nothing hidden (a whole audit) a walk of our own over the pack reader lists
// them, oldest ready commit first (commit_walk.cc says why); with something hidden (a range,
// --since-commit, pre-push) libgit2's walk does (topological order, reversed), since it stops
// at the hidden commits by date instead of marking all they reach. In a shallow clone
// (<common dir>/shallow lists its boundary) the boundary commits are treated as git treats them,
// as having no parents: libgit2 1.5 does not know shallow clones and its walk fails on the
// first missing parent, so a walk of our own lists them (explicit stacks, each commit once).
//
// Memory: 20 bytes per commit listed, plus the shallow boundary's ids; a whole walk holds
// ~120 bytes per commit while it sorts (commit_walk.cc).
// Thread safety: one thread, with the repository it was given. Errors: a revision that does not
// resolve to a commit ("resolving 'x': ..."), an unreadable shallow file, a walk that cannot
// be completed.
#pragma once

#include <git2.h>

#include <string>
#include <unordered_set>
#include <vector>

#include "scanner/base/status.h"
#include "scanner/source/git/commit_range.h"

namespace keysweep {

class ObjectStore;

struct CommitWalk {
  std::vector<git_oid> commits;             // parents before children
  std::unordered_set<std::string> shallow;  // hex ids of the shallow boundary (empty: complete)
  std::vector<std::string> shallow_roots;   // walked boundary commits that have parents, in order
};

// The commit a revision names (a tag is peeled). Errors: "resolving 'x': ...", "'x' is not a commit".
Result<git_oid> resolve_commit(git_repository* repo, const std::string& rev);

// `store` reads the commits of a whole walk (the pack reader, libgit2 for what it lacks).
Result<CommitWalk> walk_commits(git_repository* repo, const std::string& common_dir, const CommitRange& range,
                                ObjectStore& store);

}  // namespace keysweep
