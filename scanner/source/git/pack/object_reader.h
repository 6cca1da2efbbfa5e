// ObjectReader: reads git objects out of an ObjectDatabase's packs, for the history hot path
// (issue 8): mapped packs, libdeflate for inflation, deltas resolved through a per-reader
// delta-base cache. Anything it cannot answer (a loose object, a REF_DELTA whose base is in no
// pack) is "not here" (nullopt), and the caller reads it another way (libgit2).
//
// Delta chains are resolved iteratively (a vector of entries walked down to a base, then
// deltas applied back up; no recursion over repository data), with a depth limit
// (max_delta_depth): OFS_DELTA bases always lie earlier in the pack (pack_entry.h), and a
// REF_DELTA cycle runs into the depth limit, so every read ends.
//
// Sizes: read() refuses an object whose declared size exceeds the caller's max_size before
// allocating (for a delta, its result size is read from the delta's first bytes first); a base
// or intermediate object of a chain is bounded by options.max_object_size instead (a small
// object can be a delta of a big one), and a delta's own data by max_delta_size() of its
// result. So a hostile header claiming 2^60 bytes fails without allocating.
//
// read_header() does not inflate a whole object: a non-delta entry's header has type and size;
// for a delta, zlib's streaming inflate produces just the first 20 bytes of the delta (its two
// size varints; libdeflate cannot stop early), and the type is the chain's base's, found by
// walking entry headers only.
//
// Memory: the cache (options.cache_bytes, default 64 MiB; delta_base_cache.h; it holds the
// bases a chain needed and each object read of at most an eighth of it) plus, while a
// chain is resolved, its base, the object being built and one delta (a scratch buffer kept
// between reads up to 8 MiB). So T threads' readers hold at most T x (64 MiB + 8 MiB) between
// reads, plus the objects their callers keep. Thread safety: an ObjectReader is used by one thread (it owns
// the cache and the inflaters); N threads make N readers over one shared ObjectDatabase,
// whose packs are mapped once. Errors: corrupt data gives an error naming the object id (or
// location), the pack and the offset; never a crash.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "scanner/base/status.h"
#include "scanner/source/git/object_id.h"
#include "scanner/source/git/pack/delta_base_cache.h"
#include "scanner/source/git/pack/inflater.h"
#include "scanner/source/git/pack/object_database.h"
#include "scanner/source/git/pack/object_type.h"
#include "scanner/source/git/pack/pack_entry.h"

namespace keysweep {

struct ObjectReaderOptions {
  size_t cache_bytes = 64u << 20;
  // Bound on any object a chain materialises (bases, intermediates), whatever the caller's
  // max_size: a history scan skips blobs over --max-file-size, but their bases still have to
  // be built.
  uint64_t max_object_size = 1ull << 30;
  // git's own default --depth is 50 and aggressive repacks use 250; 10,000 leaves room for
  // any real pack and bounds a hostile one (each level costs one header parse).
  uint32_t max_delta_depth = 10000;
};

struct ObjectHeader {
  ObjectType type = ObjectType::kBlob;
  uint64_t size = 0;
};

struct Object {
  ObjectType type = ObjectType::kBlob;
  std::string bytes;
};
// An object whose bytes may also be held by the reader's delta-base cache (no copy is made).
struct SharedObject {
  ObjectType type = ObjectType::kBlob;
  std::shared_ptr<const std::string> bytes;
};

class ObjectReader {
 public:
  explicit ObjectReader(std::shared_ptr<const ObjectDatabase> db, ObjectReaderOptions options = {});

  // Type and size of `id`; nullopt when no pack holds it (or its REF_DELTA base).
  Result<std::optional<ObjectHeader>> read_header(const ObjectId& id);
  // The object `id`, refused (an error) if its size exceeds max_size; nullopt as read_header.
  Result<std::optional<Object>> read(const ObjectId& id, uint64_t max_size);

  // The same at a known location (pack-order reading: PackIndex::entries_by_offset()).
  // Precondition: loc.pack < db().packs().size().
  Result<std::optional<ObjectHeader>> read_header_at(PackLocation loc);
  Result<std::optional<Object>> read_at(PackLocation loc, uint64_t max_size);
  // As read() and read_at(), sharing the bytes with the delta-base cache when it holds the
  // object (the next version of a tree often is a cached base of the last one; an object of at
  // most an eighth of the cache is kept there once read): read() has to copy them then.
  Result<std::optional<SharedObject>> read_shared(const ObjectId& id, uint64_t max_size);
  Result<std::optional<SharedObject>> read_shared_at(PackLocation loc, uint64_t max_size);

  const ObjectDatabase& db() const { return *db_; }
  const DeltaBaseCache& cache() const { return cache_; }

 private:
  struct Step {
    PackLocation loc;
    EntryHeader header;
    uint64_t end;
  };
  // What resolving one object gave: bytes built for this read, or the cache's.
  struct Resolved {
    ObjectType type;
    std::shared_ptr<std::string> built;
    std::shared_ptr<const std::string> cached;
  };
  Result<std::optional<Resolved>> resolve(PackLocation loc, uint64_t max_size);
  // A freshly built object, kept in the cache as well when it is small (see the .cc).
  Resolved keep(PackLocation loc, ObjectType type, std::shared_ptr<std::string> bytes);
  Result<Step> step_at(PackLocation loc) const;
  // Where the base of delta `s` sits; nullopt when a REF_DELTA base is in no pack.
  Result<std::optional<PackLocation>> base_of(const Step& s) const;
  // Inflates the whole data of `s` into *out, refusing more than `limit` bytes.
  Status inflate_entry(const Step& s, uint64_t limit, std::string* out);
  // The result size of delta `s` from its first inflated bytes.
  Result<uint64_t> delta_result_size(const Step& s);
  Status error_at(PackLocation loc, const std::string& what) const;

  std::shared_ptr<const ObjectDatabase> db_;
  ObjectReaderOptions options_;
  DeltaBaseCache cache_;
  Inflater inflater_;
  std::vector<Step> chain_;  // scratch, kept to reuse its allocation
  std::string delta_;        // scratch: one delta's data
};

}  // namespace keysweep
