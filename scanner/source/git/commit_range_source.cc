// CommitRangeSource (see the header): the commit walk in open(), one commit's diffs at a time in
// enumerate(), each changed blob read again on a worker by WorkItem::load.
#include "scanner/source/git/commit_range_source.h"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <map>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "scanner/base/regular_file.h"
#include "scanner/source/git/git_loader.h"
#include "scanner/source/git/git_objects.h"
#include "scanner/source/git/patch_lines.h"

namespace keysweep {
namespace {

struct OidHash {
  size_t operator()(const git_oid& o) const {
    size_t h;
    std::memcpy(&h, o.id, sizeof h);  // an object id is already a uniform hash
    return h;
  }
};
struct OidEq {
  bool operator()(const git_oid& a, const git_oid& b) const { return git_oid_equal(&a, &b) != 0; }
};
using OidSet = std::unordered_set<git_oid, OidHash, OidEq>;

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

Result<git_oid> resolve(git_repository* repo, const std::string& rev) {
  GitObject obj;
  if (Status st = git_check(git_revparse_single(&obj.ptr, repo, rev.c_str()), "resolving '" + rev + "'"); !st) {
    return st;
  }
  GitObject commit;
  if (Status st = git_check(git_object_peel(&commit.ptr, obj.ptr, GIT_OBJECT_COMMIT), "'" + rev + "' is not a commit");
      !st) {
    return st;
  }
  return *git_object_id(commit.ptr);
}

// The commit ids of a shallow clone's boundary (git's <common dir>/shallow), empty when the
// repository is complete.
Result<std::unordered_set<std::string>> read_shallow(const std::string& common_dir) {
  std::unordered_set<std::string> ids;
  const std::string path = common_dir + "shallow";
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return ids;
  // One 41-byte line per boundary commit; 64 MiB is over a million of them.
  Result<std::string> text = read_regular_file(path, "the shallow-clone list", 64ull << 20);
  if (!text) return text.status();
  size_t start = 0;
  while (start < text->size()) {
    size_t end = text->find('\n', start);
    if (end == std::string::npos) end = text->size();
    std::string line = text->substr(start, end - start);
    if (!line.empty()) ids.insert(line);
    start = end + 1;
  }
  return ids;
}

// The ids a revision walk starts from or hides, resolved in `repo`.
struct WalkEnds {
  std::vector<git_oid> include;
  std::vector<git_oid> hide;
};

Result<WalkEnds> walk_ends(git_repository* r, const CommitRange& range) {
  WalkEnds ends;
  for (const std::string& rev : range.include) {
    auto oid = resolve(r, rev);
    if (!oid) return oid.status();
    ends.include.push_back(*oid);
  }
  for (const std::string& rev : range.exclude) {
    auto oid = resolve(r, rev);
    if (!oid) return oid.status();
    ends.hide.push_back(*oid);
  }
  for (const std::string& rev : range.remote_tips) {
    git_oid tip;
    if (git_oid_fromstr(&tip, rev.c_str()) == 0) {
      GitObject obj;
      if (git_object_lookup(&obj.ptr, r, &tip, GIT_OBJECT_COMMIT) == 0) ends.hide.push_back(tip);
    }
  }
  for (const std::string& glob : range.hide_globs) {
    std::vector<std::string> names;
    auto collect = [](const char* name, void* payload) -> int {
      static_cast<std::vector<std::string>*>(payload)->push_back(name);
      return 0;
    };
    const int rc = git_reference_foreach_glob(r, glob.c_str(), collect, &names);
    if (rc < 0 && rc != GIT_ENOTFOUND) {
      if (Status st = git_check(rc, "hiding " + glob); !st) return st;
    }
    for (const std::string& name : names) {
      // As git_revwalk_hide_glob: a ref that does not name a commit (a tag of a tree) is ignored.
      if (auto oid = resolve(r, name)) ends.hide.push_back(*oid);
    }
  }
  return ends;
}

// The commits to scan in a complete repository, parents before children: libgit2's walk.
Result<std::vector<git_oid>> walk_complete(git_repository* r, const CommitRange& range, const WalkEnds& ends) {
  GitRevwalk walk;
  if (Status st = git_check(git_revwalk_new(&walk.ptr, r), "starting a revision walk"); !st) return st;
  git_revwalk_sorting(walk.ptr, GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE);
  for (const git_oid& id : ends.include) {
    if (Status st = git_check(git_revwalk_push(walk.ptr, &id), "walking from " + oid_hex(id)); !st) return st;
  }
  for (const git_oid& id : ends.hide) {
    if (Status st = git_check(git_revwalk_hide(walk.ptr, &id), "hiding " + oid_hex(id)); !st) return st;
  }
  // Refs are hidden by libgit2's own glob so that refs it cannot peel behave exactly as before.
  for (const std::string& glob : range.hide_globs) {
    const int rc = git_revwalk_hide_glob(walk.ptr, glob.c_str());
    if (rc < 0 && rc != GIT_ENOTFOUND) {
      if (Status st = git_check(rc, "hiding " + glob); !st) return st;
    }
  }
  std::vector<git_oid> out;
  git_oid oid;
  int rc;
  while ((rc = git_revwalk_next(&oid, walk.ptr)) == 0) out.push_back(oid);
  if (rc != GIT_ITEROVER) {
    if (Status st = git_check(rc, "walking the commits"); !st) return st;
  }
  return out;
}

// A commit's parents as a shallow clone sees them: none for a boundary commit.
Result<std::vector<git_oid>> shallow_parents(git_repository* r, const git_oid& id,
                                             const std::unordered_set<std::string>& shallow) {
  std::vector<git_oid> parents;
  if (shallow.count(oid_hex(id))) return parents;
  GitCommit commit;
  if (Status st = git_check(git_commit_lookup(&commit.ptr, r, &id), "reading commit " + oid_hex(id)); !st) return st;
  for (unsigned p = 0; p < git_commit_parentcount(commit.ptr); ++p) parents.push_back(*git_commit_parent_id(commit.ptr, p));
  return parents;
}

// The commits to scan in a shallow clone, parents before children. libgit2 1.5 cannot walk
// past the boundary, so this walks by hand: everything reachable from the hidden ends is
// marked first, then a depth-first walk from the included ends lists the rest in post-order.
// Both walks use explicit stacks (no recursion over repository data) and visit each commit
// once; a shallow clone is small by construction, so marking all it has hidden is cheap.
Result<std::vector<git_oid>> walk_shallow(git_repository* r, const WalkEnds& ends,
                                          const std::unordered_set<std::string>& shallow) {
  OidSet hidden;
  std::vector<git_oid> stack = ends.hide;
  while (!stack.empty()) {
    const git_oid id = stack.back();
    stack.pop_back();
    if (!hidden.insert(id).second) continue;
    auto parents = shallow_parents(r, id, shallow);
    if (!parents) return parents.status();
    stack.insert(stack.end(), parents->begin(), parents->end());
  }
  struct Frame {
    git_oid id;
    std::vector<git_oid> parents;
    size_t next = 0;
  };
  std::vector<git_oid> out;
  OidSet seen;
  for (const git_oid& tip : ends.include) {
    if (hidden.count(tip) || !seen.insert(tip).second) continue;
    std::vector<Frame> frames;
    auto parents = shallow_parents(r, tip, shallow);
    if (!parents) return parents.status();
    frames.push_back({tip, std::move(parents).value()});
    while (!frames.empty()) {
      Frame& top = frames.back();
      if (top.next < top.parents.size()) {
        const git_oid p = top.parents[top.next++];
        if (hidden.count(p) || !seen.insert(p).second) continue;
        auto pp = shallow_parents(r, p, shallow);
        if (!pp) return pp.status();
        frames.push_back({p, std::move(pp).value()});  // `top` is not used after this
        continue;
      }
      out.push_back(top.id);
      frames.pop_back();
    }
  }
  return out;
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

  auto shallow = read_shallow((*repo)->common_dir());
  if (!shallow) return shallow.status();
  src->shallow_ = std::move(shallow).value();
  auto ends = walk_ends(r, range);
  if (!ends) return ends.status();
  if (!range.include.empty()) {
    auto commits = src->shallow_.empty() ? walk_complete(r, range, *ends) : walk_shallow(r, *ends, src->shallow_);
    if (!commits) return commits.status();
    for (const git_oid& id : *commits) src->commits_.push_back(to_object_id(id));
  }
  for (const ObjectId& commit_id : src->commits_) {
    const std::string hex = commit_id.hex();
    if (!src->shallow_.count(hex)) continue;
    const git_oid id = to_git_oid(commit_id);
    GitCommit commit;
    if (git_commit_lookup(&commit.ptr, r, &id) == 0 && git_commit_parentcount(commit.ptr) > 0) {
      src->shallow_roots_.push_back(hex);
    }
  }
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
                      [&](const std::optional<git_oid>& p) { return p && git_oid_equal(&*p, &blob); })) {
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
        std::optional<GitLoader> own;  // without a worker's loader, a handle of its own
        if (!loader) own.emplace(path);
        GitLoader& git = loader ? static_cast<GitLoader&>(*loader) : *own;
        const Provenance& first = places.front().provenance;
        Result<Repository*> repo = git.repository();
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
