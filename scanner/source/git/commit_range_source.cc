#include "scanner/source/git/commit_range_source.h"

#include <algorithm>
#include <map>

#include "scanner/source/git/git_objects.h"
#include "scanner/source/git/repository.h"

namespace keysweep {
namespace {

struct FileChange {
  git_oid blob;
  std::vector<uint32_t> added;  // sorted
};

// Added lines per new path, diffing `parent` (may be null: the empty tree) against `tree`.
Status added_lines(git_repository* repo, git_tree* parent, git_tree* tree,
                   std::map<std::string, FileChange>* out) {
  git_diff_options opts = GIT_DIFF_OPTIONS_INIT;
  opts.context_lines = 0;
  opts.interhunk_lines = 0;
  opts.flags = GIT_DIFF_FORCE_TEXT | GIT_DIFF_INCLUDE_TYPECHANGE;
  GitDiff diff;
  if (Status st = git_check(git_diff_tree_to_tree(&diff.ptr, repo, parent, tree, &opts), "diffing trees"); !st) {
    return st;
  }
  git_diff_find_options find = GIT_DIFF_FIND_OPTIONS_INIT;
  find.flags = GIT_DIFF_FIND_RENAMES;
  if (Status st = git_check(git_diff_find_similar(diff.ptr, &find), "detecting renames"); !st) return st;
  struct Payload {
    std::map<std::string, FileChange>* out;
  } payload{out};
  auto file_cb = [](const git_diff_delta* d, float, void* p) -> int {
    auto* pl = static_cast<Payload*>(p);
    const bool scanned = d->status == GIT_DELTA_ADDED || d->status == GIT_DELTA_MODIFIED ||
                         d->status == GIT_DELTA_RENAMED || d->status == GIT_DELTA_COPIED ||
                         d->status == GIT_DELTA_TYPECHANGE;
    if (scanned && d->new_file.mode != GIT_FILEMODE_COMMIT && d->new_file.mode != GIT_FILEMODE_LINK) {
      FileChange& fc = (*pl->out)[d->new_file.path];
      fc.blob = d->new_file.id;
    }
    return 0;
  };
  auto line_cb = [](const git_diff_delta* d, const git_diff_hunk*, const git_diff_line* l, void* p) -> int {
    auto* pl = static_cast<Payload*>(p);
    if (l->origin != GIT_DIFF_LINE_ADDITION || l->new_lineno <= 0) return 0;
    auto it = pl->out->find(d->new_file.path);
    if (it != pl->out->end()) it->second.added.push_back(static_cast<uint32_t>(l->new_lineno));
    return 0;
  };
  if (Status st = git_check(git_diff_foreach(diff.ptr, file_cb, nullptr, nullptr, line_cb, &payload), "walking a diff");
      !st) {
    return st;
  }
  for (auto& [path, fc] : *out) std::sort(fc.added.begin(), fc.added.end());
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

}  // namespace

Result<std::unique_ptr<CommitRangeSource>> CommitRangeSource::open(const std::string& path, const CommitRange& range,
                                                                   const LoadLimits& limits) {
  auto repo = Repository::discover(path);
  if (!repo) return repo.status();
  git_repository* r = (*repo)->get();
  std::unique_ptr<CommitRangeSource> src(new CommitRangeSource());
  src->workdir_ = (*repo)->workdir();

  GitRevwalk walk;
  if (Status st = git_check(git_revwalk_new(&walk.ptr, r), "starting a revision walk"); !st) return st;
  git_revwalk_sorting(walk.ptr, GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE);
  for (const std::string& rev : range.include) {
    auto oid = resolve(r, rev);
    if (!oid) return oid.status();
    if (Status st = git_check(git_revwalk_push(walk.ptr, &*oid), "walking from " + rev); !st) return st;
  }
  for (const std::string& rev : range.exclude) {
    auto oid = resolve(r, rev);
    if (!oid) return oid.status();
    if (Status st = git_check(git_revwalk_hide(walk.ptr, &*oid), "hiding " + rev); !st) return st;
  }
  for (const std::string& rev : range.remote_tips) {
    git_oid tip;
    if (git_oid_fromstr(&tip, rev.c_str()) == 0) {
      GitObject obj;
      if (git_object_lookup(&obj.ptr, r, &tip, GIT_OBJECT_COMMIT) == 0) git_revwalk_hide(walk.ptr, &tip);
    }
  }
  for (const std::string& glob : range.hide_globs) {
    const int rc = git_revwalk_hide_glob(walk.ptr, glob.c_str());
    if (rc < 0 && rc != GIT_ENOTFOUND) {
      if (Status st = git_check(rc, "hiding " + glob); !st) return st;
    }
  }
  if (range.include.empty()) return src;

  git_oid oid;
  int rc;
  while ((rc = git_revwalk_next(&oid, walk.ptr)) == 0) {
    GitCommit commit;
    const std::string hex = oid_hex(oid);
    if (Status st = git_check(git_commit_lookup(&commit.ptr, r, &oid), "reading commit " + hex); !st) return st;
    GitTree tree;
    if (Status st = git_check(git_commit_tree(&tree.ptr, commit.ptr), "reading the tree of " + hex); !st) return st;
    ++src->commits_;
    std::map<std::string, FileChange> changes;
    const unsigned parents = git_commit_parentcount(commit.ptr);
    if (parents == 0) {
      if (Status st = added_lines(r, nullptr, tree.ptr, &changes); !st) return st.with_context("commit " + hex);
    }
    for (unsigned p = 0; p < parents; ++p) {
      GitCommit parent;
      GitTree ptree;
      if (Status st = git_check(git_commit_parent(&parent.ptr, commit.ptr, p), "reading a parent of " + hex); !st) {
        return st;
      }
      if (Status st = git_check(git_commit_tree(&ptree.ptr, parent.ptr), "reading a parent tree of " + hex); !st) {
        return st;
      }
      std::map<std::string, FileChange> against;
      if (Status st = added_lines(r, ptree.ptr, tree.ptr, &against); !st) return st.with_context("commit " + hex);
      if (p == 0) {
        changes = std::move(against);
        continue;
      }
      // A merge: keep only lines added against every parent.
      for (auto it = changes.begin(); it != changes.end();) {
        auto other = against.find(it->first);
        if (other == against.end()) {
          it = changes.erase(it);
          continue;
        }
        std::vector<uint32_t> both;
        std::set_intersection(it->second.added.begin(), it->second.added.end(), other->second.added.begin(),
                              other->second.added.end(), std::back_inserter(both));
        it->second.added = std::move(both);
        ++it;
      }
    }
    for (auto& [file_path, fc] : changes) {
      if (fc.added.empty()) continue;
      const std::string blob_hex = oid_hex(fc.blob);
      auto loaded = std::make_shared<LoadResult>(load_blob(r, fc.blob, Provenance{file_path, "history", hex, blob_hex},
                                                           "at " + hex.substr(0, 12), limits));
      if (loaded->chunk) loaded->report_lines = std::move(fc.added);
      src->items_.emplace_back(file_path, loaded);
    }
  }
  if (rc != GIT_ITEROVER) {
    if (Status st = git_check(rc, "walking the commits"); !st) return st;
  }
  return src;
}

Status CommitRangeSource::enumerate(const std::function<void(WorkItem)>& emit) {
  for (auto& [path, loaded] : items_) {
    WorkItem item;
    item.path = path;
    item.load = [loaded = loaded](const LoadLimits&) { return std::move(*loaded); };
    emit(std::move(item));
  }
  items_.clear();
  return Status::ok();
}

}  // namespace keysweep
