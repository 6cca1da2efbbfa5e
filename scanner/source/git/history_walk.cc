// walk_history (see the header). Trees are compared pairwise by entry name, descending only into
// subtrees whose ids differ, with explicit stacks (no recursion over repository data: a tree can
// nest as deep as its paths allow).
#include "scanner/source/git/history_walk.h"

#include <cstring>
#include <ctime>
#include <set>
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

// Adds every file blob under tree `id` to *blobs.
Status collect_blobs(git_repository* repo, const git_oid& id, const std::string& where, OidSet* blobs) {
  std::vector<git_oid> stack{id};
  while (!stack.empty()) {
    const git_oid tid = stack.back();
    stack.pop_back();
    GitTree tree;
    if (Status st = lookup_tree(repo, tid, where, &tree); !st) return st;
    const size_t n = git_tree_entrycount(tree.ptr);
    for (size_t i = 0; i < n; ++i) {
      const git_tree_entry* e = git_tree_entry_byindex(tree.ptr, i);
      const git_filemode_t mode = git_tree_entry_filemode(e);
      if (is_tree(mode)) {
        stack.push_back(*git_tree_entry_id(e));
      } else if (mode == GIT_FILEMODE_BLOB || mode == GIT_FILEMODE_BLOB_EXECUTABLE) {
        blobs->insert(*git_tree_entry_id(e));
      }
    }
  }
  return Status::ok();
}

// The entries of tree `id` that `base` (null: none) does not have unchanged, into *changed; the
// file blobs that `base` had at paths where `id` no longer has them, into *removed.
Status diff_trees(git_repository* repo, const git_oid* base, const git_oid& id, const std::string& where,
                  std::vector<Changed>* changed, OidSet* removed) {
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
      if (b && !is_tree(git_tree_entry_filemode(b)) && (is_tree(mode) || !git_oid_equal(git_tree_entry_id(b), git_tree_entry_id(e)))) {
        removed->insert(*git_tree_entry_id(b));
      }
      if (b && is_tree(git_tree_entry_filemode(b)) && !is_tree(mode)) {
        if (Status st = collect_blobs(repo, *git_tree_entry_id(b), where, removed); !st) return st;
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
        if (Status st = collect_blobs(repo, *git_tree_entry_id(b), where, removed); !st) return st;
      } else if (mode == GIT_FILEMODE_BLOB || mode == GIT_FILEMODE_BLOB_EXECUTABLE) {
        removed->insert(*git_tree_entry_id(b));
      }
    }
  }
  return Status::ok();
}

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
  OidSet removed;
  // A parent outside this set is a boundary: the range starts from its tree.
  const OidSet walked_set(commits.begin(), commits.end());
  OidSet boundary_ids;
  std::vector<std::pair<git_oid, GitTree>> boundaries;  // (commit, tree), in the order met
  std::set<std::pair<uint32_t, std::string>> base_seen;  // (path, hex blob id)
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
    const size_t first_new = out->blobs.size();
    const git_oid* base = parents > 0 ? git_tree_id(parent_trees[0].ptr) : nullptr;
    if (Status st = diff_trees(repo, base, *git_commit_tree_id(commit.ptr), where, &changed, &removed); !st) return st;

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
      if (removed.count(c.id)) {
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
      for (const auto& [bid, btree] : boundaries) {
        git_tree_entry* e = nullptr;
        if (git_tree_entry_bypath(&e, btree.ptr, out->paths[pit->second].c_str()) != 0) continue;
        const git_filemode_t mode = git_tree_entry_filemode(e);
        if ((mode == GIT_FILEMODE_BLOB || mode == GIT_FILEMODE_BLOB_EXECUTABLE) &&
            base_seen.emplace(pit->second, oid_hex(*git_tree_entry_id(e))).second) {
          out->bases.push_back(BaseBlob{*git_tree_entry_id(e), pit->second, bid});
        }
        git_tree_entry_free(e);
      }
    }
    if (walked) walked->fetch_add(1, std::memory_order_relaxed);
    if (after_commit) after_commit(first_new, first_new_base);
  }
  out->no_content.assign(no_content.begin(), no_content.end());
  return Status::ok();
}

}  // namespace keysweep
