// HistorySource: every distinct blob of a git history, scanned once, reported where it entered.
//
// The commits are those reachable from the requested revisions (default HEAD; --all: every ref,
// branches, tags, remote-tracking refs, notes and the stash, plus a detached HEAD) and not from
// the excluded ones (`^X`, the left side of `A..B`, the merge base of `A...B`, --since-commit).
// history_walk.h works out, from trees alone, where each blob was introduced: the commit
// (parents before children) whose tree first has it at a path that no parent had it at, a merge
// resolution at the merge, a rename not at all (it counts as one more occurrence). Each distinct
// blob is then one WorkItem with one Place per introduction (path, commit, author, email, date,
// occurrences), so a secret is one finding per place it entered, not one per commit.
//
// enumerate() walks first (trees and commits only, on the producer thread), then emits the blobs
// in order of first introduction; each WorkItem::load reads its blob on a worker thread through
// that worker's own repository handle (git_loader.h): size from the object header first (over
// --max-file-size: skipped, never read), then the bytes, then the binary probe. The walk does
// not yet overlap with scanning, and objects are read through libgit2 (the pack reader of the
// hot path comes next). Memory: the walk's records (history_walk.h: about 40 MB for git/git),
// plus per worker one blob and its chunk (each at most --max-file-size).
//
// Symbolic links and submodules have no content here: each path is listed as skipped once. In
// a shallow clone the boundary commits have no parents (shallow_roots() lists them), so all of
// their files count as introduced there. The scan never writes to the repository.
//
// Thread safety: see source.h. Errors: open() fails for a path outside a repository or a
// revision that does not resolve to a commit; enumerate() fails when a commit or tree cannot be
// read; a blob that cannot be read is a soft error naming its id, path and commit.
#pragma once

#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include "scanner/source/git/commit_range.h"
#include "scanner/source/git/object_id.h"
#include "scanner/source/git/repository.h"
#include "scanner/source/source.h"

namespace keysweep {

struct HistoryRequest {
  std::vector<std::string> revisions;  // as git spells them: main, v1.0..main, A...B, ^old
  bool all = false;                    // every ref (and HEAD)
  std::string since_commit;            // only commits not reachable from this revision
};

class HistorySource : public Source {
 public:
  static Result<std::unique_ptr<HistorySource>> open(const std::string& path, const HistoryRequest& request,
                                                     const LoadLimits& limits);
  Status enumerate(const std::function<void(WorkItem)>& emit) override;
  std::unique_ptr<Loader> make_loader() override;

  const std::string& workdir() const { return workdir_; }
  size_t commits() const { return commits_.size(); }
  // Distinct blobs the walk found introduced (known once enumerate() has run).
  size_t blobs() const { return blobs_; }
  // Hex ids of walked commits whose parents a shallow clone does not have, in walk order.
  const std::vector<std::string>& shallow_roots() const { return shallow_roots_; }

 private:
  HistorySource() = default;
  std::string path_;
  std::string workdir_;
  LoadLimits limits_;
  std::unique_ptr<Repository> repo_;  // the producer's handle
  std::vector<ObjectId> commits_;     // to walk, parents before children
  std::unordered_set<std::string> shallow_;
  std::vector<std::string> shallow_roots_;
  size_t blobs_ = 0;
};

}  // namespace keysweep
