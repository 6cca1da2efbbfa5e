// HistoryLoader: one history worker's way to the objects: the pack reader of the hot path
// (pack/object_reader.h) first, libgit2 (git_loader.h) for whatever the reader cannot place.
//
// Why two paths: libgit2 1.5 inflates about 3.3x slower per core than git (issue 8's
// measurements on git/git), so a full audit through it alone cannot come near `git cat-file
// --batch`. The reader handles packed objects (every pack of the repository and its
// alternates, both delta kinds); loose objects, objects of packs the reader left out (damaged,
// or newer than the scan's start), and anything it fails on go through libgit2, which also
// knows GIT_ALTERNATE_OBJECT_DIRECTORIES. A blob the reader fails on (corrupt data) is tried
// through libgit2 before it is reported: git may hold a good copy elsewhere (a loose object, a
// second pack). Each such read is counted (FallbackCounter), so a summary can say how much of
// the run missed the fast path.
//
// A blob is read cheapest test first: its header (type and size; for a delta only the first
// bytes are inflated), over --max-file-size: skipped, never inflated; then the bytes, moved
// into the chunk (never copied); then the binary probe.
//
// Memory: per worker, the reader's delta-base cache (kHistoryCacheBytes by default) and scratch
// (object_reader.h: at most 8 MiB kept between reads), one blob (at most --max-file-size),
// and the libgit2 handle once a fallback opened it. Two workers: about 2 x 72 MiB beyond the
// blobs themselves.
//
// Thread safety: a HistoryLoader is used by one worker thread; the ObjectDatabase it reads is
// shared read-only, and the counter is atomic. Errors: a blob neither path can read is a soft
// error naming the blob id, its path and commit, with the reader's complaint when it had one.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "scanner/source/git/git_loader.h"
#include "scanner/source/git/object_id.h"
#include "scanner/source/git/pack/object_reader.h"
#include "scanner/source/source.h"

namespace keysweep {

// The delta-base cache of each worker's reader: git's own core.deltaBaseCacheLimit default
// is 96 MiB per process; two workers at 64 MiB each stay in that range together.
inline constexpr size_t kHistoryCacheBytes = 64u << 20;
// A push's: a hook reads a few blobs, and its memory stays near the libgit2 path's.
inline constexpr size_t kPushCacheBytes = 8u << 20;

// Reads that went to libgit2, shared by all the workers of one scan.
struct FallbackCounter {
  std::atomic<uint64_t> reads{0};
};

class HistoryLoader : public GitLoader {
 public:
  // `db` null: the reader is not used (every read goes to libgit2).
  // `cache_bytes`: the reader's delta-base cache (kHistoryCacheBytes for an audit).
  HistoryLoader(std::string path, std::shared_ptr<const ObjectDatabase> db, FallbackCounter* fallbacks,
                size_t cache_bytes)
      : GitLoader(std::move(path)), db_(std::move(db)), fallbacks_(fallbacks), cache_bytes_(cache_bytes) {}

  // Blob `id` for scanning as `provenance` (its path and commit name it in messages; `where`
  // says "at 3f2a9c1d8e7b"). The result has the chunk, or the skip, or the soft error.
  LoadResult load_blob(const ObjectId& id, const Provenance& provenance, const std::string& where,
                       const LoadLimits& limits);

 private:
  // nullopt: the reader does not have it (or failed: *reader_error says how); read libgit2.
  std::optional<LoadResult> try_reader(const ObjectId& id, const Provenance& provenance, const std::string& where,
                                       const LoadLimits& limits, std::string* reader_error);

  std::shared_ptr<const ObjectDatabase> db_;
  std::optional<ObjectReader> reader_;  // made on first use, on the worker's thread
  FallbackCounter* fallbacks_;
  size_t cache_bytes_;
};

}  // namespace keysweep
