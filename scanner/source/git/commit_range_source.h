// CommitRangeSource: the lines a set of commits adds, for `keysweep pre-push` (and, until the
// history engine lands, any "what do these commits introduce" question).
//
// The commits are those reachable from `include` and not from `exclude` or from any ref matching
// `hide_globs` (e.g. "refs/remotes/origin/*": what the remote already has). Each commit is diffed
// against its parent (the empty tree for a root commit); a merge counts a line as added only when
// it is added against every parent (git's combined diff), so lines a merge brings in from a
// branch are reported once, at the commit that wrote them. Each changed file is scanned whole
// from the commit's blob and findings are limited to the added lines.
//
// Thread safety: see source.h; all libgit2 work happens in open(), on one thread.
// Errors: open() fails for a path outside a repository or a revision that does not resolve.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "scanner/source/source.h"

namespace keysweep {

struct CommitRange {
  std::vector<std::string> include;     // revisions (hex ids or names) whose history is scanned
  std::vector<std::string> exclude;     // revisions whose history is not
  std::vector<std::string> hide_globs;  // ref globs whose history is not
  // Like `exclude`, but ids that may not exist locally (a force push overwrites commits we never
  // fetched): hidden when present, ignored otherwise.
  std::vector<std::string> remote_tips;
};

class CommitRangeSource : public Source {
 public:
  static Result<std::unique_ptr<CommitRangeSource>> open(const std::string& path, const CommitRange& range,
                                                         const LoadLimits& limits);
  Status enumerate(const std::function<void(WorkItem)>& emit) override;
  const std::string& workdir() const { return workdir_; }
  size_t commits() const { return commits_; }

 private:
  std::string workdir_;
  size_t commits_ = 0;
  std::vector<std::pair<std::string, std::shared_ptr<LoadResult>>> items_;
};

}  // namespace keysweep
