// ObjectStore: the history walk's reads of trees and commits (the producer thread): the pack
// reader first (pack/object_reader.h), libgit2's object database for what it cannot place
// (loose objects, packs it left out), as history_loader.h does for blobs.
//
// Why not libgit2 alone: its tree objects cost an allocation per entry and a parse per
// lookup, and on a generated 4,000-commit history the walk through them took most of the
// audit (bench/history-throughput). Here a tree is parsed once into its raw bytes and an
// index of its entries (parsed_tree.h), and a cache keeps the trees of the last commits, which
// the next commit's comparison reads again as its parent's: each tree is parsed once while it
// stays in the cache.
//
// Memory: the reader's delta-base cache (kWalkCacheBytes) and the tree cache
// (kTreeCacheBytes; an entry is ParsedTree::memory() plus ~128 bytes of bookkeeping, and
// trees over a quarter of it are not kept). Thread safety: one thread (the repository
// handle's). Errors: a missing or damaged object, or one of the wrong type, is an error naming
// its id; so is a tree with a malformed entry anywhere in it.
#pragma once

#include <git2.h>

#include <list>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

#include "scanner/base/status.h"
#include "scanner/source/git/object_id.h"
#include "scanner/source/git/pack/object_reader.h"
#include "scanner/source/git/parsed_tree.h"

namespace keysweep {

inline constexpr size_t kWalkCacheBytes = 32u << 20;
inline constexpr size_t kTreeCacheBytes = 32u << 20;
// The largest tree or commit read (a tree of 100,000 entries is about 4 MB): a hostile header
// claiming more fails without allocating it.
inline constexpr uint64_t kMaxWalkedObject = 256u << 20;

class ObjectStore {
 public:
  // `db` null: every read goes to libgit2. `repo` is borrowed and outlives the store.
  ObjectStore(git_repository* repo, std::shared_ptr<const ObjectDatabase> db);

  // The raw bytes of object `id`, which must be a `type` ("commit": named in errors). Not cached.
  Result<std::string> read(const ObjectId& id, ObjectType type);
  // The same, sharing the bytes with the pack reader's cache when it has them.
  Result<std::shared_ptr<const std::string>> read_shared(const ObjectId& id, ObjectType type);
  // Tree `id`, parsed (cached). It stays valid while the caller holds the pointer.
  Result<std::shared_ptr<const ParsedTree>> read_tree(const ObjectId& id);

  uint64_t libgit2_reads() const { return libgit2_reads_; }

 private:
  void remember(const ObjectId& id, std::shared_ptr<const ParsedTree> tree);

  git_repository* repo_;
  std::optional<ObjectReader> reader_;
  uint64_t libgit2_reads_ = 0;
  struct Cached {
    ObjectId id;
    std::shared_ptr<const ParsedTree> tree;
    size_t charge;
  };
  std::list<Cached> lru_;  // front: most recently used
  std::unordered_map<ObjectId, std::list<Cached>::iterator, ObjectId::Hash> trees_;
  size_t charged_ = 0;
};

}  // namespace keysweep
