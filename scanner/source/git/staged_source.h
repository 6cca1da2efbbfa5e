// StagedSource: what the next commit adds. The index is diffed against HEAD's tree (with rename
// detection); each added, modified, renamed or copied file is scanned from its STAGED
// blob (so `git add -p` is judged by what will be committed), and only findings on lines the
// diff adds are reported. Untracked and unstaged content is never read.
//
// Works with an unborn HEAD (everything is added), in linked worktrees and from a subdirectory.
// Unmerged (conflicted) entries are skipped: git refuses to commit them anyway. Staged symbolic
// links and submodules (gitlinks) have no content here to scan; each is listed as skipped
// ("symlink", "submodule") so the user sees what was not looked at.
//
// open() and enumerate() only read the index, HEAD's tree and the list of changed paths; no
// file content. Each WorkItem::load, on a worker thread with its own repository handle (see
// repository_pool.h), reads the staged blob's size from its header, skips it as "too-large"
// before reading a byte of it, reads it, skips it as "binary" before diffing it, and only then
// diffs it against HEAD's blob for the added lines. Memory: per worker, the staged blob, its
// copy in the chunk and HEAD's blob, each at most --max-file-size (a HEAD blob over the limit
// is not read: every staged line counts as added); the queue holds no content.
//
// Thread safety: see source.h. Errors: open() fails for a path outside any repository, a bare
// repository, or an index that cannot be read; a blob that cannot be read (a missing or
// damaged object) is a soft error naming its id and path, and the scan goes on.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "scanner/source/git/git_objects.h"
#include "scanner/source/git/repository.h"
#include "scanner/source/git/repository_pool.h"
#include "scanner/source/source.h"

namespace keysweep {

class StagedSource : public Source {
 public:
  static Result<std::unique_ptr<StagedSource>> open(const std::string& path, const LoadLimits& limits);
  Status enumerate(const std::function<void(WorkItem)>& emit) override;
  // The work tree root, ending in '/'.
  const std::string& workdir() const { return workdir_; }

 private:
  StagedSource() = default;
  std::string workdir_;
  std::shared_ptr<RepositoryPool> pool_;
  std::string rename_error_;  // a soft error from rename detection, reported by enumerate()
  // Declared so that they are freed in this order: the diff and index before the repository.
  std::unique_ptr<Repository> repo_;
  GitIndex index_;
  GitDiff diff_;
};

}  // namespace keysweep
