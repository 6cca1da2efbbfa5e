#include "scanner/source/git/staged_source.h"

#include <algorithm>
#include <unordered_map>

#include "scanner/source/git/git_loader.h"
#include "scanner/source/git/git_objects.h"
#include "scanner/source/git/patch_lines.h"

namespace keysweep {

struct StagedSource::Diff {
  GitIndex index;
  GitDiff diff;  // declared after the index: freed before it
};

StagedSource::StagedSource() : diff_(std::make_unique<Diff>()) {}
StagedSource::~StagedSource() = default;

std::unique_ptr<Loader> StagedSource::make_loader() { return std::make_unique<GitLoader>(path_); }

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
  src->path_ = path;
  src->workdir_ = (*repo)->workdir();

  // The repository was opened just now, so this reads the index from disk (GIT_INDEX_FILE's
  // when set): there is no cached copy to refresh.
  if (Status st = git_check(git_repository_index(&src->diff_->index.ptr, r), "reading the index"); !st) {
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
  Diff& d = *src->diff_;
  if (Status st = git_check(git_diff_tree_to_index(&d.diff.ptr, r, head_tree.ptr, d.index.ptr, &opts),
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
  if (Status st = git_check(git_diff_find_similar(d.diff.ptr, &find), "detecting renames among staged files");
      !st) {
    src->rename_error_ = st.message();
  }
  src->repo_ = std::move(repo).value();
  return src;
}

namespace {

// One path a staged blob is held at, and HEAD's blob there when it is diffed against one.
struct StagedPlace {
  Provenance provenance;
  std::optional<git_oid> head;  // none: the path is added, every line counts
};

// The lines `blob` adds at `path` against HEAD's blob `head_id`: nullopt for every line (HEAD's
// blob over the limit is not read, which can only report more, never less).
Result<std::optional<std::vector<uint32_t>>> added_at(git_repository* r, const git_blob* blob,
                                                      std::string_view content, const git_oid& id,
                                                      const git_oid& head_id, const std::string& path,
                                                      const LoadLimits& limits) {
  const std::string head_where = "(in HEAD)";
  Result<uint64_t> head_size = blob_size(r, head_id, path, head_where);
  if (!head_size) return head_size.status();
  if (*head_size > limits.max_file_size) return std::optional<std::vector<uint32_t>>();
  GitBlob head;
  if (Status st = git_check(git_blob_lookup(&head.ptr, r, &head_id), blob_context(head_id, path, head_where)); !st) {
    return st;
  }
  Result<std::vector<uint32_t>> added = added_lines(head.ptr, blob, path);
  if (!added) return added.status().with_context(blob_context(id, path, "(staged)"));
  return std::optional<std::vector<uint32_t>>(git_lines_to_chunk_lines(content, std::move(added).value()));
}

// One staged blob, loaded on a worker: see staged_source.h for the order of the checks. A place
// whose HEAD blob cannot be read is left out, with its error; the blob is still scanned at the
// others.
LoadResult load_staged(GitLoader& loader, const git_oid& id, const std::vector<StagedPlace>& places,
                       const LoadLimits& limits) {
  LoadResult out;
  const std::string& path = places.front().provenance.path;  // names the blob in its messages
  const std::string where = "(staged)";
  Result<Repository*> repo = loader.repository();
  if (!repo) {
    out.error = repo.status().with_context(blob_context(id, path, where)).message();
    return out;
  }
  git_repository* r = (*repo)->get();
  GitBlob blob;
  const std::optional<std::string_view> scannable = read_scannable_blob(r, id, path, where, limits, &blob, &out);
  if (!scannable) {
    // A skip is listed at every path, as a file per path would be; an error names the blob once.
    if (out.skipped) {
      for (const StagedPlace& p : places) out.places.push_back(Place{p.provenance, std::nullopt});
    }
    return out;
  }
  const std::string_view content = *scannable;
  std::string errors;
  for (const StagedPlace& p : places) {
    Place place{p.provenance, std::nullopt};
    if (p.head) {
      auto lines = added_at(r, blob.ptr, content, id, *p.head, p.provenance.path, limits);
      if (!lines) {
        errors += (errors.empty() ? "" : "; ") + lines.status().message();
        continue;
      }
      place.report_lines = std::move(lines).value();
    }
    out.places.push_back(std::move(place));
  }
  out.error = std::move(errors);
  if (out.places.empty()) return out;  // no place to report at: nothing to scan
  out.chunk.emplace(std::string(content), out.places.front().provenance);
  return out;
}

}  // namespace

Status StagedSource::enumerate(const std::function<void(WorkItem)>& emit) {
  if (!rename_error_.empty()) {
    WorkItem item;
    item.path = ".";
    item.load = [error = rename_error_](Loader*, const LoadLimits&) {
      LoadResult out;
      out.error = error;
      return out;
    };
    emit(std::move(item));
  }
  // One entry per item, in the order of its first path: a skip (no content), or a staged blob
  // with every path that holds it.
  struct Entry {
    std::string path;
    std::optional<Skipped> skip;
    git_oid id{};
    std::vector<StagedPlace> places;
  };
  std::vector<Entry> entries;
  std::unordered_map<ObjectId, size_t, ObjectId::Hash> entry_of;  // blob id -> index in entries
  const size_t n = git_diff_num_deltas(diff_->diff.ptr);
  for (size_t i = 0; i < n; ++i) {
    const git_diff_delta* delta = git_diff_get_delta(diff_->diff.ptr, i);
    if (!scanned_status(delta->status)) continue;
    const std::string path = delta->new_file.path;
    if (std::optional<Skipped> skip = no_content(*delta)) {
      entries.push_back(Entry{path, std::move(skip), {}, {}});
      continue;
    }
    std::optional<git_oid> head_id;
    if (delta->status != GIT_DELTA_ADDED && is_file_mode(delta->old_file.mode)) head_id = delta->old_file.id;
    StagedPlace place{Provenance{path, "staged", "", oid_hex(delta->new_file.id)}, head_id};
    auto [at, added] = entry_of.emplace(to_object_id(delta->new_file.id), entries.size());
    if (added) entries.push_back(Entry{path, std::nullopt, delta->new_file.id, {}});
    entries[at->second].places.push_back(std::move(place));
  }
  for (Entry& e : entries) {
    WorkItem item;
    item.path = e.path;
    if (e.skip) {
      item.load = [skip = std::move(*e.skip)](Loader*, const LoadLimits&) {
        LoadResult out;
        out.skipped = skip;
        return out;
      };
      emit(std::move(item));
      continue;
    }
    item.blob = oid_hex(e.id);
    item.load = [path = path_, id = e.id, places = std::move(e.places)](Loader* loader, const LoadLimits& limits) {
      std::optional<GitLoader> own;
      return load_staged(GitLoader::of(loader, path, &own), id, places, limits);
    };
    emit(std::move(item));
  }
  return Status::ok();
}

}  // namespace keysweep
