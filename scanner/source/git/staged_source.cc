#include "scanner/source/git/staged_source.h"

#include <algorithm>

#include "scanner/source/git/git_objects.h"
#include "scanner/source/git/patch_lines.h"

namespace keysweep {
namespace {

bool scanned_status(git_delta_t status) {
  return status == GIT_DELTA_ADDED || status == GIT_DELTA_MODIFIED || status == GIT_DELTA_RENAMED ||
         status == GIT_DELTA_COPIED || status == GIT_DELTA_TYPECHANGE;
}

}  // namespace

Result<std::unique_ptr<StagedSource>> StagedSource::open(const std::string& path, const LoadLimits& limits) {
  auto repo = Repository::discover(path);
  if (!repo) return repo.status();
  git_repository* r = (*repo)->get();
  if ((*repo)->bare()) {
    return Status::error("'" + path + "' is a bare repository: `keysweep staged` needs a work tree");
  }
  std::unique_ptr<StagedSource> src(new StagedSource());
  src->workdir_ = (*repo)->workdir();
  src->limits_ = limits;

  // The repository was opened just now, so this reads the index from disk (GIT_INDEX_FILE's
  // when set): there is no cached copy to refresh.
  if (Status st = git_check(git_repository_index(&src->index_.ptr, r), "reading the index"); !st) return st;

  GitTree head_tree;  // stays null on an unborn branch: then every staged line is added
  GitReference head;
  const int rc = git_repository_head(&head.ptr, r);
  if (rc != GIT_EUNBORNBRANCH && rc != GIT_ENOTFOUND) {
    if (Status st = git_check(rc, "resolving HEAD"); !st) return st;
    if (Status st = git_check(git_reference_peel(reinterpret_cast<git_object**>(&head_tree.ptr), head.ptr,
                                                 GIT_OBJECT_TREE),
                              "reading HEAD's tree");
        !st) {
      return st;
    }
  }

  git_diff_options opts = GIT_DIFF_OPTIONS_INIT;
  opts.context_lines = 0;
  opts.interhunk_lines = 0;
  // Our own binary test decides what is skipped; libgit2 must give line diffs for every file we
  // might scan, or a file it calls binary but we call text would lose its added lines.
  opts.flags = GIT_DIFF_FORCE_TEXT | GIT_DIFF_INCLUDE_TYPECHANGE;
  if (Status st = git_check(git_diff_tree_to_index(&src->diff_.ptr, r, head_tree.ptr, src->index_.ptr, &opts),
                            "diffing the index against HEAD");
      !st) {
    return st;
  }
  // Renames, as `git diff --cached` shows them by default: moving a file is not adding its
  // lines. Copies are not looked for (git does not by default either, and it costs a similarity
  // pass over every modified file): a copied file is scanned as added, so a secret copied into a
  // new place is reported there.
  git_diff_find_options find = GIT_DIFF_FIND_OPTIONS_INIT;
  find.flags = GIT_DIFF_FIND_RENAMES;
  if (Status st = git_check(git_diff_find_similar(src->diff_.ptr, &find), "detecting renames"); !st) return st;
  src->repo_ = std::move(repo).value();
  return src;
}

// The per-file work (line diff, reading the staged blob) happens here rather than in open(), so
// that the matcher threads scan the first files while later ones are still being read.
Status StagedSource::enumerate(const std::function<void(WorkItem)>& emit) {
  git_repository* r = repo_->get();
  const size_t n = git_diff_num_deltas(diff_.ptr);
  for (size_t i = 0; i < n; ++i) {
    const git_diff_delta* delta = git_diff_get_delta(diff_.ptr, i);
    if (!scanned_status(delta->status)) continue;
    // Submodules and symbolic links have no content of their own to scan.
    if (delta->new_file.mode == GIT_FILEMODE_COMMIT || delta->new_file.mode == GIT_FILEMODE_LINK) continue;
    WorkItem item;
    item.path = delta->new_file.path;
    const std::string blob = oid_hex(delta->new_file.id);
    auto loaded = std::make_shared<LoadResult>();

    GitPatch patch;
    if (Status st = git_check(git_patch_from_diff(&patch.ptr, diff_.ptr, i), "diffing staged " + item.path); !st) {
      loaded->error = st.message();
    } else {
      std::vector<uint32_t> added = patch_added_lines(patch.ptr);
      *loaded = load_blob(r, delta->new_file.id, Provenance{item.path, "staged", "", blob}, "(staged)", limits_);
      if (loaded->chunk) loaded->report_lines = std::move(added);
    }
    item.load = [loaded](const LoadLimits&) { return std::move(*loaded); };
    emit(std::move(item));
  }
  return Status::ok();
}

}  // namespace keysweep
