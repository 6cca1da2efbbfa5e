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
// file content. The same blob staged at several paths (a copied file) is one WorkItem with one
// place per path, so it is read and scanned once and reported at each path on the lines that
// path adds. Items come in the order of their first path (the diff's, sorted by path).
// Each WorkItem::load, on a worker thread with that worker's repository handle (git_loader.h),
// reads the staged blob's size from its header, skips it as "too-large" before reading a byte
// of it, reads it, skips it as "binary" before diffing it, and only then diffs it against each
// path's HEAD blob for that path's added lines. Memory: per worker, the staged blob, its copy
// in the chunk and one HEAD blob at a time, each at most --max-file-size (a HEAD blob over the
// limit is not read: every staged line counts as added), plus 4 bytes per added line per
// place; the queue holds no content.
//
// Thread safety: see source.h. Errors: open() fails for a path outside any repository, a bare
// repository, or an index that cannot be read; a blob that cannot be read (a missing or
// damaged object) is a soft error naming its id and path, and the scan goes on (a HEAD blob
// that cannot be read costs only the place at its path).
//
// libgit2's types stay in staged_source.cc: this header does not include git2.h.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "scanner/source/git/repository.h"
#include "scanner/source/source.h"

namespace keysweep {

class StagedSource : public Source {
 public:
  static Result<std::unique_ptr<StagedSource>> open(const std::string& path, const LoadLimits& limits);
  ~StagedSource() override;
  Status enumerate(const std::function<void(WorkItem)>& emit) override;
  // A GitLoader (git_loader.h) on the path open() was given.
  std::unique_ptr<Loader> make_loader() override;
  // The work tree root, ending in '/'.
  const std::string& workdir() const { return workdir_; }

 private:
  struct Diff;  // the index and its diff against HEAD's tree (libgit2 objects)
  StagedSource();
  std::string path_;  // as given to open(), for the workers' own handles
  std::string workdir_;
  std::string rename_error_;  // a soft error from rename detection, reported by enumerate()
  // Declared so that they are freed in this order: the diff and index before the repository.
  std::unique_ptr<Repository> repo_;
  std::unique_ptr<Diff> diff_;
};

}  // namespace keysweep
