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
#include "scanner/source/git/parsed_tree.h"
#include "scanner/source/git/raw_commit.h"
#include "scanner/source/git/raw_tree.h"

namespace keysweep {
namespace {

// One entry of a commit's tree that no first-parent entry equals.
struct Changed {
  std::string path;
  ObjectId id;
  uint32_t mode;
};

Result<std::shared_ptr<const ParsedTree>> read_tree(ObjectStore& store, const ObjectId& id, const std::string& where) {
  Result<std::shared_ptr<const ParsedTree>> tree = store.read_tree(id);
  if (!tree) return tree.status().with_context(where);
  return tree;
}

git_oid git_id(const ObjectId& id) { return to_git_oid(id); }

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
  void file(const ObjectId& id, const std::string& prefix, std::string_view name) {
    blobs.insert(git_id(id));
    if (want_gone) gone.push_back(prefix + std::string(name));
  }
};

// Adds every file blob under tree `id` (at `prefix`, ending in '/') to *removed, as gone.
Status collect_blobs(ObjectStore& store, const ObjectId& id, const std::string& prefix, const std::string& where,
                     Removed* removed) {
  std::vector<std::pair<ObjectId, std::string>> stack{{id, prefix}};
  while (!stack.empty()) {
    const ObjectId tid = stack.back().first;
    const std::string at = std::move(stack.back().second);
    stack.pop_back();
    auto tree = read_tree(store, tid, where);
    if (!tree) return tree.status();
    const ParsedTree& t = **tree;
    for (size_t i = 0; i < t.size(); ++i) {
      const TreeEntry e = t.entry(i);
      if (e.is_tree()) {
        stack.emplace_back(e.object_id(), at + std::string(e.name) + "/");
      } else if (e.is_file()) {
        removed->file(e.object_id(), at, e.name);
      }
    }
  }
  return Status::ok();
}

// The entries of tree `id` that `base` (null: none) does not have unchanged, into *changed; the
// file blobs that `base` had at paths where `id` no longer has them, into *removed. Both trees
// are sorted (raw_tree.h: tree_entry_compare), so one merge pass over the two compares them,
// after skipping the entries both share at their start and end (parsed_tree.h:
// differing_span); a subtree whose id is unchanged is never opened.
Status diff_trees(ObjectStore& store, const ObjectId* base, const ObjectId& id, const std::string& where,
                  std::vector<Changed>* changed, Removed* removed) {
  struct Frame {
    bool has_base;
    ObjectId base;
    ObjectId tree;
    std::string prefix;
  };
  static const ParsedTree kEmpty;
  std::vector<Frame> stack;
  stack.push_back(Frame{base != nullptr, base ? *base : ObjectId{}, id, ""});
  while (!stack.empty()) {
    Frame f = std::move(stack.back());
    stack.pop_back();
    auto tree = read_tree(store, f.tree, where);
    if (!tree) return tree.status();
    std::shared_ptr<const ParsedTree> btree;
    if (f.has_base) {
      auto b = read_tree(store, f.base, where);
      if (!b) return b.status();
      btree = std::move(b).value();
    }
    const ParsedTree& ta = **tree;
    const ParsedTree& tb = btree ? *btree : kEmpty;
    const TreeSpan span = differing_span(ta, tb);
    size_t ia = span.a_begin, ib = span.b_begin;
    while (ia < span.a_end || ib < span.b_end) {
      const bool has_a = ia < span.a_end, has_b = ib < span.b_end;
      const TreeEntry a = has_a ? ta.entry(ia) : TreeEntry{};
      const TreeEntry b = has_b ? tb.entry(ib) : TreeEntry{};
      const int order = !has_a ? 1 : !has_b ? -1 : tree_entry_compare(a, b);
      if (order == 0) {
        // The same name and kind on both sides.
        if (a.mode != b.mode || std::memcmp(a.id, b.id, ObjectId::kRawSize) != 0) {
          const std::string path = f.prefix + std::string(a.name);
          if (a.is_tree()) {
            stack.push_back(Frame{true, b.object_id(), a.object_id(), path + "/"});
          } else if (std::memcmp(a.id, b.id, ObjectId::kRawSize) != 0) {
            // Edited in place: the path stays. A mode change alone (chmod +x) introduces nothing.
            removed->blobs.insert(git_id(b.object_id()));
            changed->push_back(Changed{path, a.object_id(), a.mode});
          }
        }
        ++ia;
        ++ib;
      } else if (order < 0) {
        // Only in the new tree (a file that replaced a folder of the same name included).
        const std::string path = f.prefix + std::string(a.name);
        if (a.is_tree()) {
          stack.push_back(Frame{false, ObjectId{}, a.object_id(), path + "/"});
        } else {
          changed->push_back(Changed{path, a.object_id(), a.mode});
        }
        ++ia;
      } else {
        // Only in the base: what it held there is gone from that path (a file replaced by a
        // folder of the same name included).
        if (b.is_tree()) {
          const std::string folder = f.prefix + std::string(b.name) + "/";
          if (Status st = collect_blobs(store, b.object_id(), folder, where, removed); !st) return st;
        } else if (b.is_file()) {
          removed->file(b.object_id(), f.prefix, b.name);
        }
        ++ib;
      }
    }
  }
  return Status::ok();
}

// The entry at '/'-separated `path` under tree `root`: *found false when there is none.
Status lookup_path(ObjectStore& store, const ObjectId& root, const std::string& path, const std::string& where,
                   ObjectId* id, uint32_t* mode, bool* found) {
  *found = false;
  ObjectId tree_id = root;
  size_t pos = 0;
  for (;;) {
    const size_t slash = path.find('/', pos);
    const std::string_view name = std::string_view(path).substr(pos, slash == std::string::npos ? std::string::npos : slash - pos);
    auto tree = read_tree(store, tree_id, where);
    if (!tree) return tree.status();
    TreeEntry e;
    bool here = false;
    // A name can be both a file and a folder in one (broken) tree; scan for the kind wanted.
    const ParsedTree& t = **tree;
    for (size_t i = 0; i < t.size() && !here; ++i) {
      e = t.entry(i);
      here = e.name == name && (slash == std::string::npos || e.is_tree());
    }
    if (!here) return Status::ok();
    if (slash == std::string::npos) {
      *id = e.object_id();
      *mode = e.mode;
      *found = true;
      return Status::ok();
    }
    tree_id = e.object_id();
    pos = slash + 1;
  }
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

}  // namespace

Status walk_history(ObjectStore& store, const std::vector<git_oid>& commits,
                    const std::unordered_set<std::string>& shallow, HistoryWalk* out,
                    std::atomic<uint64_t>* walked, const std::function<void(size_t, size_t)>& after_commit,
                    CommitGraph* graph) {
  std::unordered_map<std::string, uint32_t> path_index;
  std::unordered_map<git_oid, uint32_t, OidHash, OidEq> blob_index;
  std::set<std::pair<std::string, std::string>> no_content;
  std::vector<Changed> changed;
  Removed removed;
  // A parent outside this set is a boundary: the range starts from its tree.
  const OidSet walked_set(commits.begin(), commits.end());
  OidSet boundary_ids;
  std::vector<std::pair<git_oid, ObjectId>> boundaries;  // (commit, its tree), in the order met
  std::set<std::pair<uint32_t, std::string>> base_seen;  // (path, hex blob id)
  std::unordered_map<uint32_t, std::vector<uint32_t>> bases_of;  // path -> indices into out->bases
  auto push_base = [&](uint32_t path, const git_oid& id, const git_oid& boundary) {
    if (!base_seen.emplace(path, oid_hex(id)).second) return;
    bases_of[path].push_back(static_cast<uint32_t>(out->bases.size()));
    out->bases.push_back(BaseBlob{id, path, boundary});
  };
  // The tree of each commit walked so far: its children (walked after it) need not read it again.
  std::unordered_map<git_oid, ObjectId, OidHash, OidEq> tree_of;
  tree_of.reserve(commits.size());
  std::vector<ObjectId> parent_trees;
  for (const git_oid& cid : commits) {
    const std::string hex = oid_hex(cid);
    const std::string where = "in commit " + hex;
    auto read_commit = [&](const git_oid& id) -> Result<CommitFields> {
      auto bytes = store.read(to_object_id(id), ObjectType::kCommit);
      if (!bytes) return bytes.status();
      Result<CommitFields> fields = parse_commit(*bytes);
      if (!fields) return Status::error("reading commit " + oid_hex(id) + ": " + fields.status().message());
      return fields;
    };
    Result<CommitFields> commit = read_commit(cid);
    if (!commit) return commit.status();
    tree_of.emplace(cid, commit->tree);
    HistoryCommit info{cid, commit->author, commit->email, commit->has_author ? iso_date(commit->time) : ""};
    const uint32_t commit_no = static_cast<uint32_t>(out->commits.size());
    out->commits.push_back(std::move(info));

    const size_t parents = shallow.count(hex) ? 0 : commit->parents.size();
    if (graph) {
      static const std::vector<ObjectId> kNoParents;
      graph->add(to_object_id(cid), parents ? commit->parents : kNoParents);
    }
    parent_trees.assign(parents, ObjectId{});
    for (size_t p = 0; p < parents; ++p) {
      const git_oid pid = to_git_oid(commit->parents[p]);
      if (auto known = tree_of.find(pid); known != tree_of.end()) {
        parent_trees[p] = known->second;
        continue;
      }
      Result<CommitFields> parent = read_commit(pid);
      if (!parent) return parent.status().with_context("reading a parent of " + hex);
      parent_trees[p] = parent->tree;
      if (boundaries.size() < kMaxBoundaries && !walked_set.count(pid) && boundary_ids.insert(pid).second) {
        boundaries.emplace_back(pid, parent->tree);
      }
    }
    const size_t first_new_base = out->bases.size();
    changed.clear();
    removed.clear();
    removed.want_gone = !boundaries.empty();
    const size_t first_new = out->blobs.size();
    const ObjectId* base = parents > 0 ? &parent_trees[0] : nullptr;
    if (Status st = diff_trees(store, base, commit->tree, where, &changed, &removed); !st) return st;
    const MoveSources moved_from(removed.gone);

    // The file blobs the boundary trees have at `lookup`, as bases of path `path` (an index).
    auto add_bases = [&](uint32_t path, const std::string& lookup, bool* found) -> Status {
      *found = false;
      for (const auto& [bid, btree] : boundaries) {
        ObjectId id;
        uint32_t mode = 0;
        bool here = false;
        if (Status st = lookup_path(store, btree, lookup, where, &id, &mode, &here); !st) return st;
        if (here && (mode == kModeBlob || mode == kModeExecutable)) {
          *found = true;
          push_base(path, to_git_oid(id), bid);
        }
      }
      return Status::ok();
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
      for (size_t p = 1; p < parents && !in_parent; ++p) {
        ObjectId id;
        uint32_t mode = 0;
        bool found = false;
        if (Status st = lookup_path(store, parent_trees[p], c.path, where, &id, &mode, &found); !st) return st;
        in_parent = found && id == c.id;
      }
      if (in_parent) continue;
      if (c.mode == kModeLink || c.mode == kModeGitlink) {
        no_content.emplace(c.path, c.mode == kModeLink ? "symlink" : "submodule");
        continue;
      }
      const git_oid cgid = to_git_oid(c.id);
      if (removed.blobs.count(cgid)) {
        // Moved, not copied: the same secret in the same number of places. A blob moved from
        // outside the walked range (--since-commit) was introduced there, not here.
        if (auto known = blob_index.find(cgid); known != blob_index.end()) ++out->blobs[known->second].renames;
        continue;
      }
      auto [it, fresh] = blob_index.try_emplace(cgid, static_cast<uint32_t>(out->blobs.size()));
      if (fresh) out->blobs.push_back(HistoryBlob{cgid, {}, 0});
      HistoryBlob& blob = out->blobs[it->second];
      auto [pit, new_path] = path_index.try_emplace(c.path, static_cast<uint32_t>(out->paths.size()));
      if (new_path) out->paths.push_back(std::move(c.path));
      blob.places.push_back(Introduction{pit->second, commit_no});
      if (boundaries.empty()) continue;
      bool found = false;
      if (Status st = add_bases(pit->second, out->paths[pit->second], &found); !st) return st;
      if (found) continue;
      // New at this path before the range: if the commit moved a file here (and edited it, or
      // it would be a rename above), the moved file's version before the range is this path's.
      // A file moved twice within the range takes the bases of the path it left.
      for (const std::string* from : moved_from.candidates(out->paths[pit->second])) {
        if (Status st = add_bases(pit->second, *from, &found); !st) return st;
        if (!found) inherit_bases(pit->second, *from);
      }
    }
    if (walked) walked->fetch_add(1, std::memory_order_relaxed);
    if (after_commit) after_commit(first_new, first_new_base);
  }
  out->no_content.assign(no_content.begin(), no_content.end());
  return Status::ok();
}

}  // namespace keysweep
