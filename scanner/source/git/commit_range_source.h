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
// In a shallow clone the commits listed in <common dir>/shallow are treated as git treats them:
// as having no parents (libgit2 1.5 does not know shallow clones, and its revision walk fails on
// the first missing parent). A pushed commit at that boundary is diffed against the empty tree,
// so all of its files are scanned as added; shallow_roots() lists them so the caller can say so.
//
// Streaming: open() resolves the revisions and lists the commit ids (20 bytes each). enumerate()
// diffs one commit at a time on the producer thread: the tree diff lists the changed paths; for
// each, the new blob's size is read from its header (over --max-file-size: skipped, never read),
// then the blob is read and probed ("binary": skipped, never diffed), then diffed against the
// parent's blob (a parent blob over the limit is not read: every line counts as added). Each
// WorkItem carries only (blob id, commit, and per path the added lines); its load() reads the
// blob again on a worker thread, with that worker's own repository handle (git_loader.h).
// Memory: the producer holds at most two blobs (each <= --max-file-size) at a time, each worker
// one blob and its copy, and each queued item 4 bytes per added line per path.
//
// Blobs scanned once. Within one commit, the same blob at several changed paths (a file copied
// in the commit) is one WorkItem with one place per path, each with that path's added lines.
// Across commits, a blob that some earlier commit of the range added whole (every line reported:
// no parent blob at its path, or one over the size limit) is not emitted again: its every line
// was already reported, at that earlier commit and path. So a file added in commit A and copied
// to another path in a later commit B is reported once, at A. Memory: that set of blob ids costs
// 20 bytes per such blob plus the hash set's overhead (node link, malloc header, bucket: about
// 40 more bytes on 64-bit libstdc++), so some 64 bytes per blob the range adds whole, and it is
// bounded by them; the one part that grows with the push (10,000 files added: about 640 KB).
//
// Thread safety: see source.h. Errors: open() fails for a path outside a repository, a revision
// that does not resolve, or a commit walk that cannot be completed; a blob that cannot be read
// (a missing or damaged object) is a soft error naming its id, path and commit, and the scan
// goes on; enumerate() fails only when a commit or tree cannot be read.
//
// libgit2's types stay in commit_range_source.cc: this header does not include git2.h.
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

class CommitRangeSource : public Source {
 public:
  static Result<std::unique_ptr<CommitRangeSource>> open(const std::string& path, const CommitRange& range,
                                                         const LoadLimits& limits);
  Status enumerate(const std::function<void(WorkItem)>& emit) override;
  // A GitLoader (git_loader.h) on the path open() was given.
  std::unique_ptr<Loader> make_loader() override;
  const std::string& workdir() const { return workdir_; }
  size_t commits() const { return commits_.size(); }
  // Hex ids of the scanned commits whose parents a shallow clone does not have, in scan order.
  const std::vector<std::string>& shallow_roots() const { return shallow_roots_; }

 private:
  CommitRangeSource() = default;
  std::string path_;  // as given to open(), for the workers' own handles
  std::string workdir_;
  LoadLimits limits_;
  std::unique_ptr<Repository> repo_;  // the producer's handle
  std::vector<ObjectId> commits_;     // to scan, parents before children
  std::vector<std::string> shallow_roots_;
  std::unordered_set<std::string> shallow_;  // hex ids from the shallow file
};

}  // namespace keysweep
