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

bool is_file_mode(uint32_t mode) { return mode == GIT_FILEMODE_BLOB || mode == GIT_FILEMODE_BLOB_EXECUTABLE; }

// Why a staged entry has no content of its own to scan, or nullopt when it has.
std::optional<Skipped> no_content(const git_diff_delta& delta) {
  const std::string path = delta.new_file.path;
  if (delta.new_file.mode == GIT_FILEMODE_COMMIT) {
    return Skipped{path, "submodule",
                   "a submodule at commit " + oid_hex(delta.new_file.id).substr(0, 12) +
                       ": its files live in its own repository; run keysweep there"};
  }
  if (delta.new_file.mode == GIT_FILEMODE_LINK) {
    return Skipped{path, "symlink", "a symbolic link: git stores only the path it points to"};
  }
  return std::nullopt;
}

}  // namespace

// `limits` is not needed here: every check happens in WorkItem::load, with the limits the scan
// passes it.
Result<std::unique_ptr<StagedSource>> StagedSource::open(const std::string& path, const LoadLimits& /*limits*/) {
  auto repo = Repository::discover(path);
  if (!repo) return repo.status();
  git_repository* r = (*repo)->get();
  if ((*repo)->bare()) {
    return Status::error("'" + path + "' is a bare repository: `keysweep staged` needs a work tree");
  }
  std::unique_ptr<StagedSource> src(new StagedSource());
  src->workdir_ = (*repo)->workdir();
  src->pool_ = RepositoryPool::create(path);

  // The repository was opened just now, so this reads the index from disk (GIT_INDEX_FILE's
  // when set): there is no cached copy to refresh.
  if (Status st = git_check(git_repository_index(&src->index_.ptr, r), "reading the index"); !st) {
    return Status::error(st.message() +
                         " (if `git status` cannot read it either, `git read-tree HEAD` rebuilds it from HEAD, "
                         "losing what was staged)");
  }

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
  // It reads the blobs of rename candidates: one that cannot be read (a missing object) costs
  // the rename pairing, not the scan. Each file is then scanned as added, and the run reports
  // the error, so it is marked incomplete.
  if (Status st = git_check(git_diff_find_similar(src->diff_.ptr, &find), "detecting renames among staged files");
      !st) {
    src->rename_error_ = st.message();
  }
  src->repo_ = std::move(repo).value();
  return src;
}

namespace {

// One staged file, loaded on a worker: see staged_source.h for the order of the checks.
LoadResult load_staged(RepositoryPool& pool, const git_oid& id, const std::optional<git_oid>& head_id,
                       const Provenance& provenance, const LoadLimits& limits) {
  LoadResult out;
  const std::string& path = provenance.path;
  const std::string where = "(staged)";
  auto lease = pool.acquire();
  if (!lease) {
    out.error = lease.status().with_context(blob_context(id, path, where)).message();
    return out;
  }
  git_repository* r = lease->repo().get();
  GitBlob blob;
  const std::optional<std::string_view> scannable = read_scannable_blob(r, id, path, where, limits, &blob, &out);
  if (!scannable) return out;
  const std::string_view content = *scannable;
  if (head_id) {
    const std::string head_where = "(in HEAD)";
    Result<uint64_t> head_size = blob_size(r, *head_id, path, head_where);
    if (!head_size) {
      out.error = head_size.status().message();
      return out;
    }
    // HEAD's blob over the limit is not read (that is the limit's promise); every staged line
    // then counts as added, which can only report more, never less.
    if (*head_size <= limits.max_file_size) {
      GitBlob head;
      if (Status st = git_check(git_blob_lookup(&head.ptr, r, &*head_id), blob_context(*head_id, path, head_where));
          !st) {
        out.error = st.message();
        return out;
      }
      Result<std::vector<uint32_t>> added = added_lines(head.ptr, blob.ptr, path);
      if (!added) {
        out.error = added.status().with_context(blob_context(id, path, where)).message();
        return out;
      }
      out.report_lines = git_lines_to_chunk_lines(content, std::move(added).value());
    }
  }
  out.chunk.emplace(std::string(content), provenance);
  return out;
}

}  // namespace

Status StagedSource::enumerate(const std::function<void(WorkItem)>& emit) {
  if (!rename_error_.empty()) {
    WorkItem item;
    item.path = ".";
    item.load = [error = rename_error_](const LoadLimits&) {
      LoadResult out;
      out.error = error;
      return out;
    };
    emit(std::move(item));
  }
  const size_t n = git_diff_num_deltas(diff_.ptr);
  for (size_t i = 0; i < n; ++i) {
    const git_diff_delta* delta = git_diff_get_delta(diff_.ptr, i);
    if (!scanned_status(delta->status)) continue;
    WorkItem item;
    item.path = delta->new_file.path;
    if (std::optional<Skipped> skip = no_content(*delta)) {
      item.load = [skip = std::move(*skip)](const LoadLimits&) {
        LoadResult out;
        out.skipped = skip;
        return out;
      };
      emit(std::move(item));
      continue;
    }
    std::optional<git_oid> head_id;
    if (delta->status != GIT_DELTA_ADDED && is_file_mode(delta->old_file.mode)) head_id = delta->old_file.id;
    Provenance provenance{item.path, "staged", "", oid_hex(delta->new_file.id)};
    item.load = [pool = pool_, id = delta->new_file.id, head_id, provenance = std::move(provenance)](
                    const LoadLimits& limits) { return load_staged(*pool, id, head_id, provenance, limits); };
    emit(std::move(item));
  }
  return Status::ok();
}

}  // namespace keysweep
