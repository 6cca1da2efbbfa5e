// HistoryWalk: where each blob of a history was introduced (internal to scanner/source/git/).
//
// Input: commits in topological order, parents before children (commit_walk.h). For each commit
// its tree is compared with its parents' trees by object id, so an unchanged subtree is never
// opened. A (path, blob) of a commit is an *introduction* when no parent has that blob at that
// path: in a merge, only what differs from every parent (a merge resolution) is introduced
// there. An introduced blob that the same commit removed from another path (against its first
// parent) is a *rename*: it is counted as one more occurrence of the blob, not as a new place.
// A copy (the old path keeps the blob) is a new place. A shallow clone's boundary commits have
// no parents here, so everything in their trees is introduced at them.
//
// Output: each distinct blob once, in order of its first introduction, with every place (path,
// commit) it was introduced at; the commits' author, email and date; symbolic links and
// submodule entries (gitlinks) seen, which have no content to scan.
//
// A range with a boundary (--since-commit, A..B, ^X: a walked commit whose parent is not walked)
// also gives *bases*: for each path introduced at or after the first boundary parent is met,
// the file blob each boundary tree met so far has at that path (the version the range started
// from). A secret found in a base was already there before the range: the finding stage drops
// the same secret at the same path in the range (finding/first_seen.h), so a pull request or a
// push that edits a file holding an old secret does not report it again. A path that no
// boundary tree has, added by a commit that also removed files (a move with edits, which
// git's rename detection would pair by content), takes as bases the boundary versions of the
// removed files that may be its origin, by name (history_walk.cc: MoveSources, at most 4 per
// path), or the bases the range already gave such a path (a file moved twice). Boundary trees
// are met in walk order; at most kMaxBoundaries are kept (a pull request has one, or one per
// merge from its base), each costing one path lookup per introduction after it.
//
// Memory: no blob content is read. About 8 bytes per introduction, 48 per distinct blob, one
// copy of each distinct path, about 120 bytes per commit (ids and author fields) and 100 for
// its id in the set of walked commits and its tree's id, about 100 per base (the record, its entry in the set of
// seen (path, blob) and its index by path); for git/git (85k commits, 428k blobs, ~600k
// introductions) about 48 MB. In a range with a boundary, one commit's removed paths are held
// while that commit is walked (a copy of each path, plus two index entries). Trees and commits
// are read through `store` (object_store.h: the pack reader, a tree cache, libgit2 for loose
// objects), each parsed once while the store caches it (parsed_tree.h), and compared
// skipping the entries two versions share (parsed_tree.h: differing_span).
//
// Thread safety: one thread, with the repository it was given. Errors: a commit or tree that
// cannot be read stops the walk (the history cannot be attributed without it).
#pragma once

#include <git2.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <unordered_set>
#include <vector>

#include "scanner/base/status.h"
#include "scanner/source/git/commit_graph.h"
#include "scanner/source/git/object_store.h"

namespace keysweep {

struct HistoryCommit {
  git_oid id;
  std::string author;  // name as the commit has it (raw bytes)
  std::string email;
  std::string date;    // author time in UTC, ISO 8601: 2026-12-02T03:04:05Z
};

struct Introduction {
  uint32_t path;    // index into HistoryWalk::paths
  uint32_t commit;  // index into HistoryWalk::commits
};

struct HistoryBlob {
  git_oid id;
  std::vector<Introduction> places;  // in walk order; the first is where it entered the history
  uint32_t renames = 0;              // times a commit moved it to another path
};

// A path's version before the walked range: the blob a boundary commit's tree has there.
struct BaseBlob {
  git_oid id;
  uint32_t path;    // index into HistoryWalk::paths
  git_oid commit;   // the boundary commit (not walked)
};

constexpr size_t kMaxBoundaries = 16;

struct HistoryWalk {
  std::vector<HistoryCommit> commits;  // in walk order
  std::vector<std::string> paths;      // distinct paths, '/'-separated, in order first seen
  std::vector<HistoryBlob> blobs;      // distinct blobs, in order of first introduction
  std::vector<BaseBlob> bases;         // distinct (path, blob), in order first needed
  // Paths of introduced entries that have no content here, once each: "symlink", "submodule".
  std::vector<std::pair<std::string, std::string>> no_content;  // (path, reason), sorted
};

// Walks `commits` (parents before children); `shallow` holds the hex ids of a shallow clone's
// boundary commits (treated as having no parents). `walked`, when given, counts the commits
// done (for a progress line; relaxed). `after_commit`, when given, is called after each commit
// with the index of the first blob that commit introduced for the first time (the blobs from
// there to out->blobs.size() are new; their places so far are all in that commit) and of the
// first base it added, so the caller can hand them out while the walk goes on. A new blob's
// later places (a copy in a later commit) are appended to it afterwards.
// `graph`, when given, gets every walked commit appended with its walked parents
// (commit_graph.h; a shallow boundary's parents are not edges).
Status walk_history(ObjectStore& store, const std::vector<git_oid>& commits,
                    const std::unordered_set<std::string>& shallow, HistoryWalk* out,
                    std::atomic<uint64_t>* walked = nullptr,
                    const std::function<void(size_t first_new_blob, size_t first_new_base)>& after_commit = nullptr,
                    CommitGraph* graph = nullptr);

}  // namespace keysweep
