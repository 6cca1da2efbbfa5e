#include "scanner/source/git/exposure.h"

#include <git2.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <unordered_map>

#include "scanner/source/git/git_objects.h"
#include "scanner/source/git/raw_commit.h"
#include "scanner/source/git/repository.h"

namespace keysweep {

const char* ref_kind_name(RefKind kind) {
  switch (kind) {
    case RefKind::kBranch: return "branch";
    case RefKind::kTag: return "tag";
    case RefKind::kRemote: return "remote";
    case RefKind::kStash: return "stash";
    case RefKind::kNotes: return "notes";
    case RefKind::kHead: return "HEAD";
    case RefKind::kReflog: return "reflog";
    case RefKind::kOther: break;
  }
  return "other";
}

namespace {

RefKind kind_of_ref(const std::string& name) {
  const auto starts = [&](const char* p) { return name.rfind(p, 0) == 0; };
  if (starts("refs/heads/")) return RefKind::kBranch;
  if (starts("refs/tags/")) return RefKind::kTag;
  if (starts("refs/remotes/")) return RefKind::kRemote;
  if (name == "refs/stash") return RefKind::kStash;
  if (starts("refs/notes/")) return RefKind::kNotes;
  if (name == "HEAD") return RefKind::kHead;
  return RefKind::kOther;
}

struct TreeCollector {
  std::unordered_set<std::string>* out;
};

int collect_blob(const char* /*root*/, const git_tree_entry* entry, void* payload) {
  auto* c = static_cast<TreeCollector*>(payload);
  if (git_tree_entry_type(entry) == GIT_OBJECT_BLOB) c->out->insert(oid_hex(*git_tree_entry_id(entry)));
  return 0;
}

}  // namespace

namespace {

int list_object(const git_oid* id, void* payload) {
  static_cast<std::vector<git_oid>*>(payload)->push_back(*id);
  return 0;
}

}  // namespace

Exposure::~Exposure() = default;

Result<std::unique_ptr<Exposure>> Exposure::open(const std::string& path) {
  auto repo = Repository::discover(path);
  if (!repo) return repo.status();
  git_repository* r = (*repo)->get();
  std::unique_ptr<Exposure> e(new Exposure());
  e->path_ = path;

  git_reference_iterator* it = nullptr;
  if (Status st = git_check(git_reference_iterator_new(&it, r), "listing refs"); !st) return st;
  git_reference* ref = nullptr;
  while (git_reference_next(&ref, it) == 0) {
    git_object* peeled = nullptr;
    if (git_reference_peel(&peeled, ref, GIT_OBJECT_COMMIT) == 0) {
      RefTip tip;
      tip.name = git_reference_name(ref);
      tip.kind = kind_of_ref(tip.name);
      tip.commit = oid_hex(*git_object_id(peeled));
      e->refs_.push_back(std::move(tip));
      git_object_free(peeled);
    }
    git_reference_free(ref);
  }
  git_reference_iterator_free(it);
  if (git_repository_head_detached(r) == 1) {
    git_oid head;
    if (git_reference_name_to_id(&head, r, "HEAD") == 0) e->refs_.push_back({"HEAD", RefKind::kHead, oid_hex(head)});
  }
  std::sort(e->refs_.begin(), e->refs_.end(), [](const RefTip& a, const RefTip& b) { return a.name < b.name; });
  // Reflog entries: each old position of a ref (and of HEAD) that its tip no longer is, as
  // "<ref>@{n}" (n as `git reflog` counts, 0 = newest), after the refs; one entry per commit.
  std::vector<RefTip> reflog;
  std::unordered_set<std::string> tip_commits;
  for (const RefTip& t : e->refs_) tip_commits.insert(t.commit);
  std::vector<std::string> logged = {"HEAD"};
  for (const RefTip& t : e->refs_) {
    if (t.kind != RefKind::kHead) logged.push_back(t.name);
  }
  for (const std::string& name : logged) {
    git_reflog* log = nullptr;
    if (git_reflog_read(&log, r, name.c_str()) != 0) continue;
    const size_t n = git_reflog_entrycount(log);
    for (size_t i = 0; i < n; ++i) {
      const git_reflog_entry* entry = git_reflog_entry_byindex(log, i);
      if (!entry) continue;
      const std::string commit = oid_hex(*git_reflog_entry_id_new(entry));
      if (commit.find_first_not_of('0') == std::string::npos || !tip_commits.insert(commit).second) continue;
      git_oid oid = *git_reflog_entry_id_new(entry);
      git_commit* c = nullptr;
      if (git_commit_lookup(&c, r, &oid) != 0) continue;  // pruned by gc
      git_commit_free(c);
      reflog.push_back({name + "@{" + std::to_string(i) + "}", RefKind::kReflog, commit});
    }
    git_reflog_free(log);
  }
  e->refs_.insert(e->refs_.end(), reflog.begin(), reflog.end());

  // HEAD's tree: every blob at any path.
  if (git_repository_head_unborn(r) != 1) {
    git_object* tree = nullptr;
    if (Status st = git_check(git_revparse_single(&tree, r, "HEAD^{tree}"), "reading HEAD's tree"); !st) return st;
    TreeCollector c{&e->head_blobs_};
    const int rc = git_tree_walk(reinterpret_cast<git_tree*>(tree), GIT_TREEWALK_PRE, collect_blob, &c);
    git_object_free(tree);
    if (Status st = git_check(rc, "reading HEAD's tree"); !st) return st;
  }
  if (!(*repo)->bare()) {
    git_index* index = nullptr;
    if (Status st = git_check(git_repository_index(&index, r), "reading the index"); !st) return st;
    const size_t n = git_index_entrycount(index);
    for (size_t i = 0; i < n; ++i) {
      const git_index_entry* entry = git_index_get_byindex(index, i);
      if (entry && (entry->mode & 0170000) == 0100000) e->index_blobs_.insert(oid_hex(entry->id));
    }
    git_index_free(index);
  }
  return e;
}

std::vector<std::vector<size_t>> Exposure::reaching(const CommitGraph& graph, const std::vector<std::string>& commits,
                                                   size_t* unknown) const {
  std::vector<std::vector<size_t>> out(commits.size());
  if (unknown) *unknown = commits.size() > kMaxTargets ? commits.size() - kMaxTargets : 0;
  if (commits.empty() || refs_.empty()) return out;
  // Each ref's tip in the graph (a tip the walks did not read reaches nothing known).
  std::vector<std::optional<uint32_t>> tips(refs_.size());
  for (size_t ref = 0; ref < refs_.size(); ++ref) {
    ObjectId id;
    if (parse_hex_id(refs_[ref].commit, &id)) tips[ref] = graph.find(id);
  }
  // 64 targets a pass: bits[i] says which of them commit i holds in its history (itself or
  // through a parent; parents come first, so one forward pass settles every commit).
  const size_t targets = std::min(commits.size(), kMaxTargets);
  std::vector<uint64_t> bits(graph.size());
  for (size_t base = 0; base < targets; base += 64) {
    const size_t end = std::min(targets, base + 64);
    std::fill(bits.begin(), bits.end(), 0);
    for (size_t t = base; t < end; ++t) {
      ObjectId id;
      if (!parse_hex_id(commits[t], &id)) continue;
      if (auto at = graph.find(id)) bits[*at] |= uint64_t{1} << (t - base);
    }
    for (size_t i = 0; i < graph.size(); ++i) {
      for (uint32_t k = graph.parent_begin[i]; k < graph.parent_begin[i + 1]; ++k) bits[i] |= bits[graph.parents[k]];
    }
    for (size_t ref = 0; ref < refs_.size(); ++ref) {
      if (!tips[ref]) continue;
      const uint64_t b = bits[*tips[ref]];
      for (size_t t = base; t < end; ++t) {
        if (b & (uint64_t{1} << (t - base))) out[t].push_back(ref);
      }
    }
  }
  return out;
}

Result<std::vector<std::string>> Exposure::unreferenced_commits(const CommitGraph& reached) const {
  auto repo = Repository::discover(path_);
  if (!repo) return repo.status();
  git_odb* odb = nullptr;
  if (Status st = git_check(git_repository_odb(&odb, (*repo)->get()), "opening the object database"); !st) return st;
  std::vector<git_oid> all;
  const int rc = git_odb_foreach(odb, list_object, &all);
  std::vector<std::string> out;
  if (rc == 0) {
    for (const git_oid& id : all) {
      if (reached.find(to_object_id(id))) continue;
      size_t size = 0;
      git_object_t type = GIT_OBJECT_INVALID;
      if (git_odb_read_header(&size, &type, odb, &id) == 0 && type == GIT_OBJECT_COMMIT) out.push_back(oid_hex(id));
    }
  }
  git_odb_free(odb);
  if (Status st = git_check(rc, "listing the object database"); !st) return st;
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

Result<std::vector<PathHistory>> Exposure::mainline(const std::vector<PathQuery>& queries) const {
  std::vector<PathHistory> out(queries.size());
  if (queries.empty()) return out;
  auto repo = Repository::discover(path_);
  if (!repo) return repo.status();
  git_repository* r = (*repo)->get();
  if (git_repository_head_unborn(r) == 1) return out;
  std::vector<std::unordered_set<std::string>> blobs(queries.size());
  for (size_t q = 0; q < queries.size(); ++q) blobs[q].insert(queries[q].blobs.begin(), queries[q].blobs.end());

  // Each path's first component (the root tree entry it sits under) and its id in the newer
  // commit: where that entry is unchanged, so is the answer, and no deeper tree is read.
  std::vector<std::string> top(queries.size());
  for (size_t q = 0; q < queries.size(); ++q) top[q] = queries[q].path.substr(0, queries[q].path.find('/'));
  std::vector<git_oid> top_id(queries.size());
  std::vector<bool> top_known(queries.size(), false);
  // A path is done at its introducing commit: no older commit of the line can hold it there
  // (it would have been the introduction), so the walk ends once every path is done.
  std::vector<bool> done(queries.size(), false);
  size_t open = queries.size();

  git_oid id;
  if (Status st = git_check(git_reference_name_to_id(&id, r, "HEAD"), "reading HEAD"); !st) return st;
  std::vector<bool> held(queries.size(), false);  // at the previous (newer) commit
  std::vector<bool> found(queries.size(), false);  // last_commit known
  std::string newer, newer_date;
  git_oid previous_tree{};
  bool have_tree = false;
  for (size_t n = 0; open > 0; ++n) {
    if (n == kMaxMainline) {
      for (size_t q = 0; q < queries.size(); ++q) out[q].truncated = !done[q];
      break;
    }
    GitCommit commit;
    const std::string hex = oid_hex(id);
    if (Status st = git_check(git_commit_lookup(&commit.ptr, r, &id), "reading commit " + hex); !st) {
      if (n > 0) break;  // a shallow clone's boundary: the line ends here
      return st;
    }
    const std::string date = iso_date(git_commit_author(commit.ptr)->when.time);
    const git_oid* tree_id = git_commit_tree_id(commit.ptr);
    // The same root tree as the newer commit: every answer is the same.
    if (!have_tree || !git_oid_equal(tree_id, &previous_tree)) {
      GitTree tree;
      if (Status st = git_check(git_commit_tree(&tree.ptr, commit.ptr), "reading the tree of " + hex); !st) return st;
      for (size_t q = 0; q < queries.size(); ++q) {
        if (done[q]) continue;
        const git_tree_entry* first = git_tree_entry_byname(tree.ptr, top[q].c_str());
        if (!first) {
          held[q] = false;
          top_known[q] = false;
          continue;
        }
        if (top_known[q] && git_oid_equal(git_tree_entry_id(first), &top_id[q])) continue;  // unchanged
        top_id[q] = *git_tree_entry_id(first);
        top_known[q] = true;
        bool has = false;
        if (top[q].size() == queries[q].path.size()) {
          has = git_tree_entry_type(first) == GIT_OBJECT_BLOB && blobs[q].count(oid_hex(top_id[q])) != 0;
        } else {
          git_tree_entry* entry = nullptr;
          if (git_tree_entry_bypath(&entry, tree.ptr, queries[q].path.c_str()) == 0) {
            has = git_tree_entry_type(entry) == GIT_OBJECT_BLOB && blobs[q].count(oid_hex(*git_tree_entry_id(entry))) != 0;
            git_tree_entry_free(entry);
          }
        }
        held[q] = has;
      }
      previous_tree = *tree_id;
      have_tree = true;
    }
    for (size_t q = 0; q < queries.size(); ++q) {
      if (done[q]) continue;
      if (held[q]) {
        ++out[q].commits;
        if (!found[q]) {
          found[q] = true;
          out[q].last_commit = hex;
          out[q].last_date = date;
          out[q].removed_in = newer;
          out[q].removed_date = newer_date;
        }
      }
      if (hex == queries[q].introduced) {
        done[q] = true;
        --open;
      }
    }
    newer = hex;
    newer_date = date;
    if (git_commit_parentcount(commit.ptr) == 0) break;
    id = *git_commit_parent_id(commit.ptr, 0);
  }
  return out;
}

}  // namespace keysweep
