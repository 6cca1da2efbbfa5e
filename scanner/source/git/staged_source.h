// StagedSource: what the next commit adds. The index is diffed against HEAD's tree (with rename
// detection); each added, modified, renamed or copied file is scanned from its STAGED
// blob (so `git add -p` is judged by what will be committed), and only findings on lines the
// diff adds are reported. Untracked and unstaged content is never read.
//
// Works with an unborn HEAD (everything is added), in linked worktrees and from a subdirectory.
// Unmerged (conflicted) entries are skipped: git refuses to commit them anyway.
//
// Thread safety: see source.h. All libgit2 work happens in open() and enumerate(), on one
// thread; the items carry their bytes. Errors: open() fails for a path outside any
// repository, a bare repository, or an index that cannot be read.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "scanner/source/git/git_objects.h"
#include "scanner/source/git/repository.h"
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
  LoadLimits limits_;
  // Declared so that they are freed in this order: the diff and index before the repository.
  std::unique_ptr<Repository> repo_;
  GitIndex index_;
  GitDiff diff_;
};

}  // namespace keysweep
