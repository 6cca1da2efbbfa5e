// Small helpers shared by the git sources (internal to scanner/source/git/): owning handles for
// libgit2 objects, hex ids, reading a blob's size without its content, the lines one blob adds
// to another, and turning a blob into a LoadResult.
//
// Memory: nothing here holds more than one blob over --max-file-size's worth of bytes at a
// time: sizes are read from the object header (git_odb_read_header inflates only the first
// bytes of a loose object and resolves a packed delta's header, never the content) before any
// content is read, so a 300 MB blob is skipped as too large without being loaded.
//
// Thread safety: as libgit2's objects; use from the thread that holds the repository.
// Errors: Status / LoadResult::error, whose messages name the blob id and the path.
#pragma once

#include <git2.h>

#include <cstdint>
#include <cstring>
#include <unordered_set>
#include <optional>
#include <string_view>
#include <string>
#include <utility>
#include <vector>

#include "scanner/source/git/object_id.h"
#include "scanner/source/source.h"

namespace keysweep {

// Frees its libgit2 object on scope exit.
template <typename T, void (*Free)(T*)>
struct GitOwned {
  T* ptr = nullptr;
  GitOwned() = default;
  GitOwned(const GitOwned&) = delete;
  GitOwned& operator=(const GitOwned&) = delete;
  GitOwned(GitOwned&& other) noexcept : ptr(std::exchange(other.ptr, nullptr)) {}
  GitOwned& operator=(GitOwned&& other) noexcept {
    if (this != &other) {
      if (ptr) Free(ptr);
      ptr = std::exchange(other.ptr, nullptr);
    }
    return *this;
  }
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
using GitOdb = GitOwned<git_odb, git_odb_free>;

std::string oid_hex(const git_oid& oid);
// A commit time (seconds since the epoch) as ISO 8601 in UTC: "2026-12-02T03:04:05Z"; "" when
// it is out of range.
std::string iso_date(int64_t seconds);

// git_oid in unordered containers: an object id is already a uniform hash, so its first bytes
// are one.
struct OidHash {
  size_t operator()(const git_oid& o) const {
    size_t h;
    std::memcpy(&h, o.id, sizeof h);
    return h;
  }
};
struct OidEq {
  bool operator()(const git_oid& a, const git_oid& b) const { return git_oid_equal(&a, &b) != 0; }
};
using OidSet = std::unordered_set<git_oid, OidHash, OidEq>;

// The same id as stored outside libgit2 (object_id.h), and back.
ObjectId to_object_id(const git_oid& oid);
git_oid to_git_oid(const ObjectId& id);

// "reading blob 3f2a…(40 hex) of app/settings.py (staged)": the context of every blob error.
std::string blob_context(const git_oid& id, const std::string& path, const std::string& where);

// The size of blob `id` from its object header, without reading its content. Errors: a
// missing or damaged object, or an object that is not a blob.
Result<uint64_t> blob_size(git_repository* repo, const git_oid& id, const std::string& path,
                           const std::string& where);

// The Skipped entry for a blob of `size` bytes over limits.max_file_size, else nullopt.
std::optional<Skipped> too_large(uint64_t size, const std::string& path, const std::string& where,
                                 const LoadLimits& limits);

// The 1-based lines (sorted) of `new_blob` that a line diff against `old_blob` adds, as
// `git diff` with no context counts them; with a null old_blob, every line. The diff is text
// whatever the content (the caller has already applied its own binary test).
Result<std::vector<uint32_t>> added_lines(const git_blob* old_blob, const git_blob* new_blob,
                                          const std::string& path);

// Reads blob `id` for scanning, cheapest test first: its size from the object header (over
// --max-file-size: skipped, never read), then its bytes, then the binary probe. Returns a view
// of the content, owned by *blob; or nullopt with the skip or soft error in *out.
std::optional<std::string_view> read_scannable_blob(git_repository* repo, const git_oid& id, const std::string& path,
                                                    const std::string& where, const LoadLimits& limits,
                                                    GitBlob* blob, LoadResult* out);

// Reads blob `id` as the chunk `provenance` (whose path names it in messages): its size is
// checked against the limit before its content is read, then the binary test; `where` says
// where it was met ("(staged)", "at 3f2a9c1d8e7b"). A missing or damaged blob is a soft error
// naming the blob id and the path.
LoadResult load_blob(git_repository* repo, const git_oid& id, const Provenance& provenance,
                     const std::string& where, const LoadLimits& limits);

}  // namespace keysweep
