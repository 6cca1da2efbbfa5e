// Small helpers shared by the git sources (internal to scanner/source/git/): owning handles for
// libgit2 objects, hex ids, and turning a blob into a LoadResult.
//
// Thread safety: as libgit2's objects; use from the thread that owns the repository.
#pragma once

#include <git2.h>

#include <string>

#include "scanner/source/source.h"

namespace keysweep {

// Frees its libgit2 object on scope exit.
template <typename T, void (*Free)(T*)>
struct GitOwned {
  T* ptr = nullptr;
  GitOwned() = default;
  GitOwned(const GitOwned&) = delete;
  GitOwned& operator=(const GitOwned&) = delete;
  ~GitOwned() {
    if (ptr) Free(ptr);
  }
};
using GitIndex = GitOwned<git_index, git_index_free>;
using GitReference = GitOwned<git_reference, git_reference_free>;
using GitTree = GitOwned<git_tree, git_tree_free>;
using GitDiff = GitOwned<git_diff, git_diff_free>;
using GitPatch = GitOwned<git_patch, git_patch_free>;
using GitBlob = GitOwned<git_blob, git_blob_free>;
using GitCommit = GitOwned<git_commit, git_commit_free>;
using GitRevwalk = GitOwned<git_revwalk, git_revwalk_free>;
using GitObject = GitOwned<git_object, git_object_free>;

std::string oid_hex(const git_oid& oid);

// Reads blob `id` as the chunk `provenance` (whose path names it in messages), applying the size
// limit and the binary test; `where` says where it was met ("staged", "at 3f2a9c1d8e7b").
LoadResult load_blob(git_repository* repo, const git_oid& id, const Provenance& provenance,
                     const std::string& where, const LoadLimits& limits);

}  // namespace keysweep
