// walk_history (see the header). Trees are compared pairwise by entry name, descending only into
// subtrees whose ids differ, with explicit stacks (no recursion over repository data: a tree can
// nest as deep as its paths allow).
#include "scanner/source/git/history_walk.h"

#include <algorithm>
#include <cstring>
#include <ctime>
#include <set>
#include <string_view>
#include <unordered_map>

#include "scanner/source/git/git_objects.h"
#include "scanner/source/git/repository.h"

namespace keysweep {
namespace {


bool is_tree(git_filemode_t mode) { return mode == GIT_FILEMODE_TREE; }

// One entry of a commit's tree that no first-parent entry equals.
struct Changed {
  std::string path;
  git_oid id;
  git_filemode_t mode;
};

Status lookup_tree(git_repository* repo, const git_oid& id, const std::string& where, GitTree* out) {
  return git_check(git_tree_lookup(&out->ptr, repo, &id), "reading tree " + oid_hex(id) + " " + where);
}

// What a commit removed against its first parent: the file blobs no longer at their paths, and
// the paths of files that are gone altogether (deleted, or moved away), as move sources.
struct Removed {
  OidSet blobs;
  std::vector<std::string> gone;  // filled only when `want_gone` (a range with a boundary)
  bool want_gone = false;
  void clear() {
    blobs.clear();
    gone.clear();
  }
  // The path is built only when wanted: a whole history deletes many folders.
  void file(const git_oid& id, const std::string& prefix, const char* name) {
    blobs.insert(id);
    if (want_gone) gone.push_back(prefix + name);
  }
};

// Adds every file blob under tree `id` (at `prefix`, ending in '/') to *removed, as gone.
Status collect_blobs(git_repository* repo, const git_oid& id, const std::string& prefix, const std::string& where,
                     Removed* removed) {
  std::vector<std::pair<git_oid, std::string>> stack{{id, prefix}};
  while (!stack.empty()) {
    const git_oid tid = stack.back().first;
    const std::string at = std::move(stack.back().second);
    stack.pop_back();
    GitTree tree;
    if (Status st = lookup_tree(repo, tid, where, &tree); !st) return st;
    const size_t n = git_tree_entrycount(tree.ptr);
    for (size_t i = 0; i < n; ++i) {
      const git_tree_entry* e = git_tree_entry_byindex(tree.ptr, i);
      const git_filemode_t mode = git_tree_entry_filemode(e);
      if (is_tree(mode)) {
        stack.emplace_back(*git_tree_entry_id(e), at + git_tree_entry_name(e) + "/");
      } else if (mode == GIT_FILEMODE_BLOB || mode == GIT_FILEMODE_BLOB_EXECUTABLE) {
        removed->file(*git_tree_entry_id(e), at, git_tree_entry_name(e));
      }
    }
  }
  return Status::ok();
}

// The entries of tree `id` that `base` (null: none) does not have unchanged, into *changed; the
// file blobs that `base` had at paths where `id` no longer has them, into *removed.
Status diff_trees(git_repository* repo, const git_oid* base, const git_oid& id, const std::string& where,
                  std::vector<Changed>* changed, Removed* removed) {
  struct Frame {
    bool has_base;
    git_oid base;
    git_oid tree;
    std::string prefix;
  };
  std::vector<Frame> stack;
  stack.push_back(Frame{base != nullptr, base ? *base : git_oid{}, id, ""});
  while (!stack.empty()) {
    Frame f = std::move(stack.back());
    stack.pop_back();
    GitTree tree;
    if (Status st = lookup_tree(repo, f.tree, where, &tree); !st) return st;
    GitTree btree;
    if (f.has_base) {
      if (Status st = lookup_tree(repo, f.base, where, &btree); !st) return st;
    }
    const size_t n = git_tree_entrycount(tree.ptr);
    for (size_t i = 0; i < n; ++i) {
      const git_tree_entry* e = git_tree_entry_byindex(tree.ptr, i);
      const char* name = git_tree_entry_name(e);
      const git_filemode_t mode = git_tree_entry_filemode(e);
      const git_tree_entry* b = btree.ptr ? git_tree_entry_byname(btree.ptr, name) : nullptr;
      if (b && git_oid_equal(git_tree_entry_id(b), git_tree_entry_id(e)) && git_tree_entry_filemode(b) == mode) {
        continue;  // unchanged: a subtree is not opened
      }
      const std::string path = f.prefix + name;
      if (b && !is_tree(git_tree_entry_filemode(b)) && is_tree(mode)) {
        removed->file(*git_tree_entry_id(b), f.prefix, name);  // a file replaced by a folder: gone
      } else if (b && !is_tree(git_tree_entry_filemode(b)) && !git_oid_equal(git_tree_entry_id(b), git_tree_entry_id(e))) {
        removed->blobs.insert(*git_tree_entry_id(b));  // edited in place: the path stays
      }
      if (b && is_tree(git_tree_entry_filemode(b)) && !is_tree(mode)) {
        if (Status st = collect_blobs(repo, *git_tree_entry_id(b), path + "/", where, removed); !st) return st;
      }
      if (is_tree(mode)) {
        const bool sub_base = b && is_tree(git_tree_entry_filemode(b));
        stack.push_back(Frame{sub_base, sub_base ? *git_tree_entry_id(b) : git_oid{}, *git_tree_entry_id(e), path + "/"});
      } else if (!b || !git_oid_equal(git_tree_entry_id(b), git_tree_entry_id(e))) {
        // A mode change alone (chmod +x) introduces nothing.
        changed->push_back(Changed{path, *git_tree_entry_id(e), mode});
      }
    }
    if (!btree.ptr) continue;
    const size_t bn = git_tree_entrycount(btree.ptr);
    for (size_t i = 0; i < bn; ++i) {
      const git_tree_entry* b = git_tree_entry_byindex(btree.ptr, i);
      if (git_tree_entry_byname(tree.ptr, git_tree_entry_name(b))) continue;
      const git_filemode_t mode = git_tree_entry_filemode(b);
      if (is_tree(mode)) {
        const std::string folder = f.prefix + git_tree_entry_name(b) + "/";
        if (Status st = collect_blobs(repo, *git_tree_entry_id(b), folder, where, removed); !st) return st;
      } else if (mode == GIT_FILEMODE_BLOB || mode == GIT_FILEMODE_BLOB_EXECUTABLE) {
        removed->file(*git_tree_entry_id(b), f.prefix, git_tree_entry_name(b));
      }
    }
  }
  return Status::ok();
}

// The files a commit removed, as the possible origins of a file it adds elsewhere with edits
// (a move that git's similarity-based rename detection would pair). Blob contents are not read
// here, so a removed file is a candidate by name: the same file name in another folder first,
// then another name in the same folder; at most kMaxMoveSources of them per added path.
class MoveSources {
 public:
  static constexpr size_t kMaxMoveSources = 4;
  explicit MoveSources(const std::vector<std::string>& gone) {
    for (const std::string& path : gone) {
      by_name_[name_of(path)].push_back(&path);
      by_folder_[folder_of(path)].push_back(&path);
    }
  }
  std::vector<const std::string*> candidates(const std::string& added) const {
    std::vector<const std::string*> out;
    auto take = [&out](const Index& index, std::string_view key) {
      auto it = index.find(key);
      if (it == index.end()) return;
      for (const std::string* p : it->second) {
        if (out.size() == kMaxMoveSources) return;
        if (std::find(out.begin(), out.end(), p) == out.end()) out.push_back(p);
      }
    };
    take(by_name_, name_of(added));
    take(by_folder_, folder_of(added));
    return out;
  }

 private:
  static std::string_view name_of(std::string_view path) {
    const size_t slash = path.rfind('/');
    return slash == std::string_view::npos ? path : path.substr(slash + 1);
  }
  static std::string_view folder_of(std::string_view path) {
    const size_t slash = path.rfind('/');
    return slash == std::string_view::npos ? std::string_view() : path.substr(0, slash);
  }
  using Index = std::unordered_map<std::string_view, std::vector<const std::string*>>;
  Index by_name_;    // keys view into the paths of `gone`, which outlives this
  Index by_folder_;
};

std::string iso_date(git_time_t seconds) {
  const std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  if (!gmtime_r(&t, &tm)) return "";
  char buf[32];
  const size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return std::string(buf, n);
}

}  // namespace

Status walk_history(git_repository* repo, const std::vector<git_oid>& commits,
                    const std::unordered_set<std::string>& shallow, HistoryWalk* out,
                    std::atomic<uint64_t>* walked, const std::function<void(size_t, size_t)>& after_commit) {
  std::unordered_map<std::string, uint32_t> path_index;
  std::unordered_map<git_oid, uint32_t, OidHash, OidEq> blob_index;
  std::set<std::pair<std::string, std::string>> no_content;
  std::vector<Changed> changed;
  Removed removed;
  // A parent outside this set is a boundary: the range starts from its tree.
  const OidSet walked_set(commits.begin(), commits.end());
  OidSet boundary_ids;
  std::vector<std::pair<git_oid, GitTree>> boundaries;  // (commit, tree), in the order met
  std::set<std::pair<uint32_t, std::string>> base_seen;  // (path, hex blob id)
  std::unordered_map<uint32_t, std::vector<uint32_t>> bases_of;  // path -> indices into out->bases
  auto push_base = [&](uint32_t path, const git_oid& id, const git_oid& boundary) {
    if (!base_seen.emplace(path, oid_hex(id)).second) return;
    bases_of[path].push_back(static_cast<uint32_t>(out->bases.size()));
    out->bases.push_back(BaseBlob{id, path, boundary});
  };
  for (const git_oid& cid : commits) {
    const std::string hex = oid_hex(cid);
    const std::string where = "in commit " + hex;
    GitCommit commit;
    if (Status st = git_check(git_commit_lookup(&commit.ptr, repo, &cid), "reading commit " + hex); !st) return st;
    const git_signature* author = git_commit_author(commit.ptr);
    HistoryCommit info{cid, author && author->name ? author->name : "", author && author->email ? author->email : "",
                       author ? iso_date(author->when.time) : ""};
    const uint32_t commit_no = static_cast<uint32_t>(out->commits.size());
    out->commits.push_back(std::move(info));

    const unsigned parents = shallow.count(hex) ? 0 : git_commit_parentcount(commit.ptr);
    std::vector<GitTree> parent_trees(parents);
    for (unsigned p = 0; p < parents; ++p) {
      GitCommit parent;
      if (Status st = git_check(git_commit_parent(&parent.ptr, commit.ptr, p), "reading a parent of " + hex); !st) {
        return st;
      }
      if (Status st = git_check(git_commit_tree(&parent_trees[p].ptr, parent.ptr), "reading a parent tree of " + hex);
          !st) {
        return st;
      }
      const git_oid* pid = git_commit_id(parent.ptr);
      if (boundaries.size() < kMaxBoundaries && !walked_set.count(*pid) && boundary_ids.insert(*pid).second) {
        GitTree tree;  // its own reference to the parent tree read above, kept for the whole walk
        if (Status st = git_check(git_tree_dup(&tree.ptr, parent_trees[p].ptr), "reading a parent tree of " + hex);
            !st) {
          return st;
        }
        boundaries.emplace_back(*pid, std::move(tree));
      }
    }
    const size_t first_new_base = out->bases.size();
    changed.clear();
    removed.clear();
    removed.want_gone = !boundaries.empty();
    const size_t first_new = out->blobs.size();
    const git_oid* base = parents > 0 ? git_tree_id(parent_trees[0].ptr) : nullptr;
    if (Status st = diff_trees(repo, base, *git_commit_tree_id(commit.ptr), where, &changed, &removed); !st) return st;
    const MoveSources moved_from(removed.gone);

    // The file blobs the boundary trees have at `lookup`, as bases of path `path` (an index).
    auto add_bases = [&](uint32_t path, const std::string& lookup) {
      bool found = false;
      for (const auto& [bid, btree] : boundaries) {
        git_tree_entry* e = nullptr;
        if (git_tree_entry_bypath(&e, btree.ptr, lookup.c_str()) != 0) continue;
        const git_filemode_t mode = git_tree_entry_filemode(e);
        if (mode == GIT_FILEMODE_BLOB || mode == GIT_FILEMODE_BLOB_EXECUTABLE) {
          found = true;
          push_base(path, *git_tree_entry_id(e), bid);
        }
        git_tree_entry_free(e);
      }
      return found;
    };
    // The bases of `from`, a path the range itself moved a file to earlier, as bases of `path`.
    auto inherit_bases = [&](uint32_t path, const std::string& from) {
      auto known = path_index.find(from);
      if (known == path_index.end()) return;
      auto it = bases_of.find(known->second);
      if (it == bases_of.end()) return;
      const std::vector<uint32_t> from_bases = it->second;  // push_base may grow bases_of
      for (uint32_t b : from_bases) push_base(path, out->bases[b].id, out->bases[b].commit);
    };

    for (Changed& c : changed) {
      // A merge introduces only what no parent has at that path.
      bool in_parent = false;
      for (unsigned p = 1; p < parents && !in_parent; ++p) {
        git_tree_entry* e = nullptr;
        if (git_tree_entry_bypath(&e, parent_trees[p].ptr, c.path.c_str()) == 0) {
          in_parent = git_oid_equal(git_tree_entry_id(e), &c.id) != 0;
          git_tree_entry_free(e);
        }
      }
      if (in_parent) continue;
      if (c.mode == GIT_FILEMODE_LINK || c.mode == GIT_FILEMODE_COMMIT) {
        no_content.emplace(c.path, c.mode == GIT_FILEMODE_LINK ? "symlink" : "submodule");
        continue;
      }
      if (removed.blobs.count(c.id)) {
        // Moved, not copied: the same secret in the same number of places. A blob moved from
        // outside the walked range (--since-commit) was introduced there, not here.
        if (auto known = blob_index.find(c.id); known != blob_index.end()) ++out->blobs[known->second].renames;
        continue;
      }
      auto [it, fresh] = blob_index.try_emplace(c.id, static_cast<uint32_t>(out->blobs.size()));
      if (fresh) out->blobs.push_back(HistoryBlob{c.id, {}, 0});
      HistoryBlob& blob = out->blobs[it->second];
      auto [pit, new_path] = path_index.try_emplace(c.path, static_cast<uint32_t>(out->paths.size()));
      if (new_path) out->paths.push_back(std::move(c.path));
      blob.places.push_back(Introduction{pit->second, commit_no});
      if (boundaries.empty() || add_bases(pit->second, out->paths[pit->second])) continue;
      // New at this path before the range: if the commit moved a file here (and edited it, or
      // it would be a rename above), the moved file's version before the range is this path's.
      // A file moved twice within the range takes the bases of the path it left.
      for (const std::string* from : moved_from.candidates(out->paths[pit->second])) {
        if (!add_bases(pit->second, *from)) inherit_bases(pit->second, *from);
      }
    }
    if (walked) walked->fetch_add(1, std::memory_order_relaxed);
    if (after_commit) after_commit(first_new, first_new_base);
  }
  out->no_content.assign(no_content.begin(), no_content.end());
  return Status::ok();
}

}  // namespace keysweep
