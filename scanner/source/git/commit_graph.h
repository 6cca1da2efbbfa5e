// CommitGraph: the commits a history walk read, parents before children, with each commit's
// walked parents as indices (for `keysweep sweep`: which refs reach which commits, worked out
// from the walk the scan already did instead of a second one: source/git/exposure.h).
//
// A parent the walk did not read (a range's boundary, a shallow clone's missing parent) is not
// an edge. Several walks may append to one graph (the sweep's walk of every ref, then of the
// commits no ref reaches): a later walk's commit whose parent an earlier walk read gets that
// edge, since parents are always added first.
//
// Memory: per commit its id (20 bytes), an index entry (about 40) and 4 bytes per parent: for
// git/git (85k commits) about 6 MB. Thread safety: a plain value; one writer.
#pragma once

#include <cstdint>
#include <optional>
#include <unordered_map>
#include <vector>

#include "scanner/source/git/object_id.h"

namespace keysweep {

struct CommitGraph {
  std::vector<ObjectId> ids;              // in the order added
  std::vector<uint32_t> parent_begin{0};  // parents of i: parents[parent_begin[i] .. parent_begin[i + 1])
  std::vector<uint32_t> parents;
  std::unordered_map<ObjectId, uint32_t, ObjectId::Hash> index;

  size_t size() const { return ids.size(); }
  std::optional<uint32_t> find(const ObjectId& id) const {
    auto it = index.find(id);
    if (it == index.end()) return std::nullopt;
    return it->second;
  }
  // Adds `id` (once: a commit already there is left as it is) with those of `parent_ids` the
  // graph already holds as its parents.
  void add(const ObjectId& id, const std::vector<ObjectId>& parent_ids) {
    if (index.count(id)) return;
    for (const ObjectId& p : parent_ids) {
      if (auto at = find(p)) parents.push_back(*at);
    }
    index.emplace(id, static_cast<uint32_t>(ids.size()));
    ids.push_back(id);
    parent_begin.push_back(static_cast<uint32_t>(parents.size()));
  }
};

}  // namespace keysweep
