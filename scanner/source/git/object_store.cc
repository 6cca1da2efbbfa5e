// ObjectStore (see the header).
#include "scanner/source/git/object_store.h"

#include "scanner/source/git/git_objects.h"
#include "scanner/source/git/repository.h"

namespace keysweep {
namespace {

constexpr size_t kEntryOverhead = 128;

git_object_t git_type(ObjectType t) {
  switch (t) {
    case ObjectType::kCommit: return GIT_OBJECT_COMMIT;
    case ObjectType::kTree: return GIT_OBJECT_TREE;
    case ObjectType::kBlob: return GIT_OBJECT_BLOB;
    case ObjectType::kTag: return GIT_OBJECT_TAG;
  }
  return GIT_OBJECT_INVALID;
}

}  // namespace

ObjectStore::ObjectStore(git_repository* repo, std::shared_ptr<const ObjectDatabase> db) : repo_(repo) {
  if (db) {
    ObjectReaderOptions options;
    options.cache_bytes = kWalkCacheBytes;
    reader_.emplace(std::move(db), options);
  }
}

Result<std::shared_ptr<const ParsedTree>> ObjectStore::read_tree(const ObjectId& id) {
  if (auto it = trees_.find(id); it != trees_.end()) {
    lru_.splice(lru_.begin(), lru_, it->second);
    return it->second->tree;
  }
  Result<std::shared_ptr<const std::string>> bytes = read_shared(id, ObjectType::kTree);
  if (!bytes) return bytes.status();
  Result<ParsedTree> parsed = ParsedTree::parse(std::move(bytes).value());
  if (!parsed) return parsed.status().with_context("reading tree " + id.hex());
  auto tree = std::make_shared<const ParsedTree>(std::move(parsed).value());
  remember(id, tree);
  return tree;
}

void ObjectStore::remember(const ObjectId& id, std::shared_ptr<const ParsedTree> tree) {
  const size_t charge = tree->memory() + kEntryOverhead;
  if (charge > kTreeCacheBytes / 4) return;
  while (!lru_.empty() && charged_ + charge > kTreeCacheBytes) {
    charged_ -= lru_.back().charge;
    trees_.erase(lru_.back().id);
    lru_.pop_back();
  }
  lru_.push_front(Cached{id, std::move(tree), charge});
  trees_[id] = lru_.begin();
  charged_ += charge;
}

Result<std::string> ObjectStore::read(const ObjectId& id, ObjectType type) {
  Result<std::shared_ptr<const std::string>> shared = read_shared(id, type);
  if (!shared) return shared.status();
  return std::string(**shared);  // commits: a few hundred bytes
}

Result<std::shared_ptr<const std::string>> ObjectStore::read_shared(const ObjectId& id, ObjectType type) {
  const std::string what = std::string(object_type_name(type)) + " " + id.hex();
  std::string reader_error;
  if (reader_) {
    Result<std::optional<SharedObject>> object = reader_->read_shared(id, kMaxWalkedObject);
    if (object && *object) {
      if ((*object)->type != type) {
        return Status::error("reading " + what + ": the object is a " +
                             std::string(object_type_name((*object)->type)));
      }
      return std::move((*object)->bytes);
    }
    if (!object) reader_error = object.status().message();
  }
  ++libgit2_reads_;
  GitOdb odb;
  if (Status st = git_check(git_repository_odb(&odb.ptr, repo_), "opening the object database"); !st) return st;
  git_odb_object* raw = nullptr;
  const git_oid oid = to_git_oid(id);
  Status st = git_check(git_odb_read(&raw, odb.ptr, &oid), "reading " + what);
  if (!st) {
    return reader_error.empty() ? st : Status::error(st.message() + " (the pack reader: " + reader_error + ")");
  }
  auto bytes = std::make_shared<const std::string>(static_cast<const char*>(git_odb_object_data(raw)),
                                                   git_odb_object_size(raw));
  const git_object_t got = git_odb_object_type(raw);
  git_odb_object_free(raw);
  if (got != git_type(type)) {
    return Status::error("reading " + what + ": the object is a " + git_object_type2string(got));
  }
  return bytes;
}

}  // namespace keysweep
