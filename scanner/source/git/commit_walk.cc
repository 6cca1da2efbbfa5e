// walk_commits (see the header): a date-ordered walk over the pack reader for a whole history,
// libgit2's revision walk for a range, a walk of our own for a shallow clone.
#include "scanner/source/git/commit_walk.h"

#include <cstring>
#include <filesystem>
#include <queue>
#include <unordered_map>

#include "scanner/base/regular_file.h"
#include "scanner/source/git/git_objects.h"
#include "scanner/source/git/object_store.h"
#include "scanner/source/git/raw_commit.h"
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

// The commits reachable from `tips` in a complete repository with nothing hidden (a whole
// audit: HEAD, --all), parents before children, read through `store` (the pack reader).
//
// Why not libgit2's walk here: on git/git (85k commits) it took about 0.9 s, all of it before
// the first blob can be scanned (the history walk needs the order first), with one core idle.
// This one inflates with libdeflate and parses only the header lines it needs.
//
// Order: Kahn's algorithm over the graph, the oldest ready commit first (author time, then id),
// so where two branches introduced the same blob independently the older one counts as first,
// and the order depends on the commits alone: not on the order of the refs, the pack layout or
// a library's walk. Memory: per commit its id in a map (~60 bytes), 20 bytes per parent, 16
// for the time and offsets, 4 per child link: ~10 MB for git/git.
Result<std::vector<git_oid>> walk_whole(ObjectStore& store, const std::vector<git_oid>& tips) {
  std::unordered_map<ObjectId, uint32_t, ObjectId::Hash> index;
  std::vector<ObjectId> ids;
  std::vector<int64_t> times;
  std::vector<uint32_t> parent_start;  // node i's parents: parent_ids[parent_start[i] .. parent_start[i+1])
  std::vector<ObjectId> parent_ids;
  std::vector<ObjectId> stack;
  for (const git_oid& tip : tips) stack.push_back(to_object_id(tip));
  // Nodes are numbered in discovery order (it depends on the refs' order; the output does not).
  while (!stack.empty()) {
    const ObjectId id = stack.back();
    stack.pop_back();
    if (!index.emplace(id, static_cast<uint32_t>(ids.size())).second) continue;
    Result<std::string> raw = store.read(id, ObjectType::kCommit);
    if (!raw) return raw.status().with_context("walking the commits");
    Result<CommitFields> fields = parse_commit(*raw);
    if (!fields) return fields.status().with_context("walking the commits: commit " + id.hex());
    ids.push_back(id);
    times.push_back(fields->time);
    parent_start.push_back(static_cast<uint32_t>(parent_ids.size()));
    for (const ObjectId& p : fields->parents) {
      parent_ids.push_back(p);
      stack.push_back(p);
    }
  }
  const size_t n = ids.size();
  parent_start.push_back(static_cast<uint32_t>(parent_ids.size()));
  // Children as one flat array (counting sort by parent), and each commit's count of parent
  // links not yet emitted (a parent listed twice counts twice, and is released twice).
  std::vector<uint32_t> waiting(n);
  std::vector<uint32_t> child_start(n + 1, 0);
  std::vector<uint32_t> parent_node(parent_ids.size());
  for (size_t c = 0; c < n; ++c) {
    waiting[c] = parent_start[c + 1] - parent_start[c];
    for (uint32_t e = parent_start[c]; e < parent_start[c + 1]; ++e) {
      parent_node[e] = index.at(parent_ids[e]);  // every parent was discovered above
      ++child_start[parent_node[e] + 1];
    }
  }
  for (size_t i = 0; i < n; ++i) child_start[i + 1] += child_start[i];
  std::vector<uint32_t> children(parent_ids.size());
  std::vector<uint32_t> fill(child_start.begin(), child_start.end() - 1);
  for (size_t c = 0; c < n; ++c) {
    for (uint32_t e = parent_start[c]; e < parent_start[c + 1]; ++e) children[fill[parent_node[e]]++] = static_cast<uint32_t>(c);
  }
  auto later = [&](uint32_t a, uint32_t b) {  // the heap's top is the oldest, then the lowest id
    if (times[a] != times[b]) return times[a] > times[b];
    return ids[b].bytes < ids[a].bytes;
  };
  std::priority_queue<uint32_t, std::vector<uint32_t>, decltype(later)> ready(later);
  for (uint32_t i = 0; i < n; ++i) {
    if (waiting[i] == 0) ready.push(i);
  }
  std::vector<git_oid> out;
  out.reserve(n);
  while (!ready.empty()) {
    const uint32_t c = ready.top();
    ready.pop();
    out.push_back(to_git_oid(ids[c]));
    for (uint32_t e = child_start[c]; e < child_start[c + 1]; ++e) {
      if (--waiting[children[e]] == 0) ready.push(children[e]);
    }
  }
  // Only a cycle leaves commits behind, which object ids rule out; damaged data is refused.
  if (out.size() != n) return Status::error("walking the commits: the commit graph has a cycle");
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

Result<CommitWalk> walk_commits(git_repository* r, const std::string& common_dir, const CommitRange& range,
                                ObjectStore& store) {
  CommitWalk out;
  auto shallow = read_shallow(common_dir);
  if (!shallow) return shallow.status();
  out.shallow = std::move(shallow).value();
  auto ends = walk_ends(r, range);
  if (!ends) return ends.status();
  if (!range.include.empty()) {
    const bool hides = !ends->hide.empty() || !range.hide_globs.empty();
    auto commits = !out.shallow.empty() ? walk_shallow(r, *ends, out.shallow)
                   : hides              ? walk_complete(r, range, *ends)
                                        : walk_whole(store, ends->include);
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
