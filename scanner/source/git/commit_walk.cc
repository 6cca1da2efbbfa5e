// walk_commits (see the header): libgit2's revision walk for a complete repository, a walk of
// our own for a shallow clone.
#include "scanner/source/git/commit_walk.h"

#include <cstring>
#include <filesystem>

#include "scanner/base/regular_file.h"
#include "scanner/source/git/git_objects.h"
#include "scanner/source/git/repository.h"

namespace keysweep {
namespace {



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
    auto oid = resolve_commit(r, rev);
    if (!oid) return oid.status();
    ends.include.push_back(*oid);
  }
  for (const std::string& rev : range.exclude) {
    auto oid = resolve_commit(r, rev);
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
      if (auto oid = resolve_commit(r, name)) ends.hide.push_back(*oid);
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

}  // namespace

Result<git_oid> resolve_commit(git_repository* repo, const std::string& rev) {
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

Result<CommitWalk> walk_commits(git_repository* r, const std::string& common_dir, const CommitRange& range) {
  CommitWalk out;
  auto shallow = read_shallow(common_dir);
  if (!shallow) return shallow.status();
  out.shallow = std::move(shallow).value();
  auto ends = walk_ends(r, range);
  if (!ends) return ends.status();
  if (!range.include.empty()) {
    auto commits = out.shallow.empty() ? walk_complete(r, range, *ends) : walk_shallow(r, *ends, out.shallow);
    if (!commits) return commits.status();
    out.commits = std::move(commits).value();
  }
  for (const git_oid& id : out.commits) {
    const std::string hex = oid_hex(id);
    if (!out.shallow.count(hex)) continue;
    GitCommit commit;
    if (git_commit_lookup(&commit.ptr, r, &id) == 0 && git_commit_parentcount(commit.ptr) > 0) {
      out.shallow_roots.push_back(hex);
    }
  }
  return out;
}

}  // namespace keysweep
