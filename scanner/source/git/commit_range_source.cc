// CommitRangeSource (see the header): the commit walk in open(), one commit's diffs at a time in
// enumerate(), each changed blob read again on a worker by WorkItem::load.
#include "scanner/source/git/commit_range_source.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "scanner/source/git/git_loader.h"
#include "scanner/source/git/commit_walk.h"
#include "scanner/source/git/git_objects.h"
#include "scanner/source/git/patch_lines.h"

namespace keysweep {
namespace {


bool is_file_mode(uint32_t mode) { return mode == GIT_FILEMODE_BLOB || mode == GIT_FILEMODE_BLOB_EXECUTABLE; }

// One changed path of a commit, against one parent.
struct Change {
  git_oid blob;                   // the commit's blob at this path
  std::optional<git_oid> parent;  // the parent's blob it was diffed from; none when added
};

// The changed files with content of `tree` against `parent` (null: the empty tree), by new path.
// Renames are detected as `git log` does by default. Only tree objects are read, except the
// blobs of rename candidates; a rename detection that fails (a missing blob) leaves the files
// unpaired (scanned as added) and its error in *soft_error.
Status changed_files(git_repository* repo, git_tree* parent, git_tree* tree, std::map<std::string, Change>* out,
                     std::string* soft_error) {
  git_diff_options opts = GIT_DIFF_OPTIONS_INIT;
  opts.flags = GIT_DIFF_INCLUDE_TYPECHANGE;
  GitDiff diff;
  if (Status st = git_check(git_diff_tree_to_tree(&diff.ptr, repo, parent, tree, &opts), "diffing trees"); !st) {
    return st;
  }
  git_diff_find_options find = GIT_DIFF_FIND_OPTIONS_INIT;
  find.flags = GIT_DIFF_FIND_RENAMES;
  if (Status st = git_check(git_diff_find_similar(diff.ptr, &find), "detecting renames"); !st) {
    *soft_error = st.message();
  }
  const size_t n = git_diff_num_deltas(diff.ptr);
  for (size_t i = 0; i < n; ++i) {
    const git_diff_delta* d = git_diff_get_delta(diff.ptr, i);
    const bool scanned = d->status == GIT_DELTA_ADDED || d->status == GIT_DELTA_MODIFIED ||
                         d->status == GIT_DELTA_RENAMED || d->status == GIT_DELTA_COPIED ||
                         d->status == GIT_DELTA_TYPECHANGE;
    // Submodules and symbolic links have no content of their own to scan.
    if (!scanned || d->new_file.mode == GIT_FILEMODE_COMMIT || d->new_file.mode == GIT_FILEMODE_LINK) continue;
    Change c{d->new_file.id, std::nullopt};
    if (d->status != GIT_DELTA_ADDED && is_file_mode(d->old_file.mode)) c.parent = d->old_file.id;
    (*out)[d->new_file.path] = c;
  }
  return Status::ok();
}

// The sorted lines in both `a` and `b`; an absent list means "every line".
std::optional<std::vector<uint32_t>> intersect(std::optional<std::vector<uint32_t>> a,
                                               std::optional<std::vector<uint32_t>> b) {
  if (!a) return b;
  if (!b) return a;
  std::vector<uint32_t> both;
  std::set_intersection(a->begin(), a->end(), b->begin(), b->end(), std::back_inserter(both));
  return both;
}

LoadResult soft_error(std::string message) {
  LoadResult out;
  out.error = std::move(message);
  return out;
}

// What a changed blob of a commit is before any path is looked at: a skip or an error (known on
// the producer), empty (no lines, so none added), or read into *out for diffing.
struct Probed {
  std::optional<LoadResult> now;
  bool empty = false;
};

// Reads the blob's size (over the limit: skipped, never read), then the blob, then probes it;
// see the header for the order of the checks. `path` names it in messages.
Probed probe_blob(git_repository* r, const git_oid& blob, const std::string& path, const std::string& where,
                  const LoadLimits& limits, GitBlob* out) {
  Probed probed;
  Result<uint64_t> size = blob_size(r, blob, path, where);
  if (!size) {
    probed.now = soft_error(size.status().message());
    return probed;
  }
  if (auto skip = too_large(*size, path, where, limits)) {
    LoadResult skipped;
    skipped.skipped = std::move(skip);
    probed.now = std::move(skipped);
    return probed;
  }
  if (*size == 0) {
    probed.empty = true;
    return probed;
  }
  if (Status st = git_check(git_blob_lookup(&out->ptr, r, &blob), blob_context(blob, path, where)); !st) {
    probed.now = soft_error(st.message());
    return probed;
  }
  const std::string_view content(static_cast<const char*>(git_blob_rawcontent(out->ptr)),
                                 static_cast<size_t>(git_blob_rawsize(out->ptr)));
  if (auto skip = classify_content(content, path, limits)) {
    LoadResult skipped;
    skipped.skipped = std::move(skip);
    probed.now = std::move(skipped);
  }
  return probed;
}

// The lines `new_blob` (blob id `blob`) adds at `path` against each of its parents' blobs
// there, as git's combined diff counts them: absent for every line, empty for none.
Result<std::optional<std::vector<uint32_t>>> added_at(git_repository* r, const git_blob* new_blob, const git_oid& blob,
                                                      const std::string& path,
                                                      const std::vector<std::optional<git_oid>>& parents,
                                                      const std::string& where, const LoadLimits& limits) {
  std::optional<std::vector<uint32_t>> lines;
  bool first = true;
  for (const std::optional<git_oid>& p : parents) {
    std::optional<std::vector<uint32_t>> against;  // absent: every line is added against p
    if (p) {
      const std::string parent_where = where + " (its parent's copy)";
      Result<uint64_t> parent_size = blob_size(r, *p, path, parent_where);
      if (!parent_size) return parent_size.status();
      // A parent blob over the limit is not read; counting every line as added can only
      // report more.
      if (*parent_size <= limits.max_file_size) {
        GitBlob old_blob;
        if (Status st = git_check(git_blob_lookup(&old_blob.ptr, r, &*p), blob_context(*p, path, parent_where)); !st) {
          return st;
        }
        Result<std::vector<uint32_t>> added = added_lines(old_blob.ptr, new_blob, path);
        if (!added) return added.status().with_context(blob_context(blob, path, where));
        against = std::move(added).value();
      }
    }
    lines = first ? std::move(against) : intersect(std::move(lines), std::move(against));
    first = false;
  }
  return lines;
}

// One path of a commit that holds a changed blob, with the blobs it was diffed from.
struct BlobPath {
  const std::string* path;
  const std::vector<std::optional<git_oid>>* parents;
};

}  // namespace

Result<std::unique_ptr<CommitRangeSource>> CommitRangeSource::open(const std::string& path, const CommitRange& range,
                                                                   const LoadLimits& limits) {
  auto repo = Repository::discover(path);
  if (!repo) return repo.status();
  git_repository* r = (*repo)->get();
  std::unique_ptr<CommitRangeSource> src(new CommitRangeSource());
  src->path_ = path;
  src->workdir_ = (*repo)->workdir();
  src->limits_ = limits;

  auto walk = walk_commits(r, (*repo)->common_dir(), range);
  if (!walk) return walk.status();
  for (const git_oid& id : walk->commits) src->commits_.push_back(to_object_id(id));
  src->shallow_ = std::move(walk->shallow);
  src->shallow_roots_ = std::move(walk->shallow_roots);
  src->repo_ = std::move(repo).value();
  return src;
}

std::unique_ptr<Loader> CommitRangeSource::make_loader() { return std::make_unique<GitLoader>(path_); }

Status CommitRangeSource::enumerate(const std::function<void(WorkItem)>& emit) {
  git_repository* r = repo_->get();
  auto emit_now = [&](const std::string& path, LoadResult result) {
    WorkItem item;
    item.path = path;
    item.load = [result = std::make_shared<LoadResult>(std::move(result))](Loader*, const LoadLimits&) {
      return std::move(*result);
    };
    emit(std::move(item));
  };
  // Blobs an earlier commit added whole: every line already reported (see the header).
  std::unordered_set<ObjectId, ObjectId::Hash> whole;
  for (const ObjectId& commit_id : commits_) {
    const git_oid oid = to_git_oid(commit_id);
    GitCommit commit;
    const std::string hex = commit_id.hex();
    if (Status st = git_check(git_commit_lookup(&commit.ptr, r, &oid), "reading commit " + hex); !st) return st;
    GitTree tree;
    if (Status st = git_check(git_commit_tree(&tree.ptr, commit.ptr), "reading the tree of " + hex); !st) return st;
    const unsigned parents = shallow_.count(hex) ? 0 : git_commit_parentcount(commit.ptr);

    // Per path: the commit's blob and, per parent, the blob it was diffed from. A merge keeps
    // only the paths that changed against every parent.
    std::map<std::string, std::pair<git_oid, std::vector<std::optional<git_oid>>>> files;
    for (unsigned p = 0; p < std::max(1u, parents); ++p) {
      GitCommit parent;
      GitTree ptree;
      if (parents > 0) {
        if (Status st = git_check(git_commit_parent(&parent.ptr, commit.ptr, p), "reading a parent of " + hex); !st) {
          return st;
        }
        if (Status st = git_check(git_commit_tree(&ptree.ptr, parent.ptr), "reading a parent tree of " + hex); !st) {
          return st;
        }
      }
      std::map<std::string, Change> against;
      std::string rename_error;
      if (Status st = changed_files(r, ptree.ptr, tree.ptr, &against, &rename_error); !st) {
        return st.with_context("commit " + hex);
      }
      if (!rename_error.empty()) emit_now(".", soft_error("commit " + hex + ": " + rename_error));
      if (p == 0) {
        for (auto& [file_path, c] : against) files[file_path] = {c.blob, {c.parent}};
        continue;
      }
      for (auto it = files.begin(); it != files.end();) {
        auto other = against.find(it->first);
        if (other == against.end()) {
          it = files.erase(it);
          continue;
        }
        it->second.second.push_back(other->second.parent);
        ++it;
      }
    }

    // The changed blobs in the order of their first path, each with the paths that add to it:
    // a path whose blob equals a parent's there (a pure rename, a mode change) adds nothing.
    std::vector<std::pair<git_oid, std::vector<BlobPath>>> blobs;
    std::unordered_map<ObjectId, size_t, ObjectId::Hash> index_of;
    for (const auto& [file_path, change] : files) {
      const auto& [blob, parent_blobs] = change;
      if (std::any_of(parent_blobs.begin(), parent_blobs.end(),
                      [&blob = blob](const std::optional<git_oid>& p) { return p && git_oid_equal(&*p, &blob); })) {
        continue;
      }
      const ObjectId id = to_object_id(blob);
      if (whole.count(id)) continue;
      auto [at, added] = index_of.emplace(id, blobs.size());
      if (added) blobs.emplace_back(blob, std::vector<BlobPath>{});
      blobs[at->second].second.push_back(BlobPath{&file_path, &parent_blobs});
    }

    const std::string where = "at " + hex.substr(0, 12);
    for (const auto& [blob, paths] : blobs) {
      GitBlob new_blob;
      Probed probed = probe_blob(r, blob, *paths.front().path, where, limits_, &new_blob);
      if (probed.now) {
        // Listed at each path, as a file per path would be; an error is worded per path.
        for (size_t i = 0; i < paths.size(); ++i) {
          LoadResult at_path;
          if (probed.now->skipped) {
            at_path.skipped = *probed.now->skipped;
            at_path.skipped->path = *paths[i].path;
          } else if (i == 0) {
            at_path.error = probed.now->error;
          } else {
            GitBlob again;
            at_path = std::move(*probe_blob(r, blob, *paths[i].path, where, limits_, &again).now);
          }
          emit_now(*paths[i].path, std::move(at_path));
        }
        continue;
      }
      if (probed.empty) continue;  // no lines, so none added
      std::vector<Place> places;
      bool every_line = false;
      for (const BlobPath& bp : paths) {
        auto lines = added_at(r, new_blob.ptr, blob, *bp.path, *bp.parents, where, limits_);
        if (!lines) {
          emit_now(*bp.path, soft_error(lines.status().message()));
          continue;
        }
        if (*lines && (*lines)->empty()) continue;  // nothing added at this path
        every_line = every_line || !*lines;
        places.push_back(Place{Provenance{*bp.path, "history", hex, oid_hex(blob)}, std::move(lines).value()});
      }
      if (places.empty()) continue;
      if (every_line) whole.insert(to_object_id(blob));
      WorkItem item;
      item.path = places.front().provenance.path;
      item.blob = oid_hex(blob);
      // The places carry git's line numbers until the worker has the bytes to map them to
      // Chunk's (patch_lines.h).
      item.load = [path = path_, blob = blob, where, places = std::move(places)](Loader* loader,
                                                                                const LoadLimits& limits) mutable {
        std::optional<GitLoader> own;
        const Provenance& first = places.front().provenance;
        Result<Repository*> repo = GitLoader::of(loader, path, &own).repository();
        if (!repo) return soft_error(repo.status().with_context(blob_context(blob, first.path, where)).message());
        LoadResult out = load_blob((*repo)->get(), blob, first, where, limits);
        if (!out.chunk) return out;
        for (Place& place : places) {
          if (place.report_lines) {
            place.report_lines = git_lines_to_chunk_lines(out.chunk->bytes(), std::move(*place.report_lines));
          }
        }
        out.places = std::move(places);
        return out;
      };
      emit(std::move(item));
    }
  }
  return Status::ok();
}

}  // namespace keysweep
