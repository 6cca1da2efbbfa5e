// CleanBlobCache: the git blobs known to hold no match under one scan key, read from and written
// to the file of `keysweep history --cache FILE` (doc/history.md), so that a re-run reads and
// scans only the blobs it has not seen clean before.
//
// What is recorded: only a blob id and the number of bytes its scan counted (so that a cache hit
// adds the same files_scanned and bytes_scanned as a scan: JSON and SARIF stay byte-identical).
// Only blobs that were scanned in full with no match at all are recorded; a blob with a match
// is never recorded, and is read and scanned again on every run. So the file holds no secret
// and nothing derived from one: ids of blobs without secrets, which anyone with the repository
// can list (`git rev-list --objects`), and their sizes.
//
// The scan key (app/history_cache.h) is a 64-hex-digit digest of everything that decides which
// blobs are clean (keysweep's build, the rules and config, the load limits). A file made under
// another key is not used at all: being clean under other rules says nothing.
//
// File format, version 1:
//   "keysweep-history-cache 1 KEY COUNT\n"      KEY: 64 lower-case hex digits; COUNT: decimal,
//                                                no leading zero, at most kMaxBlobs
//   COUNT records of kRecordSize = 28 bytes      20-byte blob id, then the byte count as 8 bytes
//                                                big-endian; ids strictly increasing (sorted,
//                                                no duplicates), so a lookup is a binary search
//   64 lower-case hex digits and "\n"            SHA-256 of every byte before them
// The header tells the exact file size, so a truncated or extended file is refused from fstat
// before its records are read; the digest catches a damaged one.
//
// Limits and memory: at most kMaxBlobs = 2^25 (33,554,432) records, 2^25 x 28 = 939,524,096
// bytes (about 940 MB, 896 MiB) of records; a loaded cache holds its file in memory (records plus
// at most kMaxHeaderBytes + 65 bytes). That is well above the largest public histories (the
// Linux kernel's about 10 million distinct blobs would be 280 MB). A file whose header says more
// is refused unread. Writing streams the records (nothing is built in memory beyond the new
// records the caller hands in, 32 bytes each).
//
// Thread safety: a CleanBlobCache is immutable once built; find() may be called from any number
// of threads at once. Errors: a missing file is kMissing; a file made under another key or
// format version is kStale; anything malformed is kDamaged with a one-line reason; none of them
// is an error (the caller scans everything and writes a new file). read_clean_blob_cache()
// fails (a Status) only for a path that is not a regular file or cannot be opened: the user's
// mistake, which they must fix.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "scanner/base/status.h"

namespace keysweep {

// A git (SHA-1) object id, 20 raw bytes.
using BlobId = std::array<unsigned char, 20>;
// 40 hex digits (either case) -> the raw id; nullopt for anything else.
std::optional<BlobId> parse_blob_id(std::string_view hex);

struct CleanBlob {
  BlobId id{};
  uint64_t bytes = 0;  // what a scan of the blob counts in ScanSummary::bytes_scanned
};

class CleanBlobCache {
 public:
  static constexpr uint64_t kMaxBlobs = 1ull << 25;
  static constexpr size_t kRecordSize = 28;
  // "keysweep-history-cache 1 " (25) + KEY (64) + " " + COUNT (at most 8 digits) + "\n" = 99.
  static constexpr size_t kMaxHeaderBytes = 128;
  static constexpr size_t kTrailerBytes = 65;

  CleanBlobCache() = default;  // knows no blob

  // The byte count recorded for `id` when it is known clean, else nullopt. O(log n).
  std::optional<uint64_t> find(const BlobId& id) const;
  uint64_t size() const { return count_; }
  // Record i (0 <= i < size()), in id order.
  CleanBlob record(uint64_t i) const;

 private:
  friend struct CacheParser;
  std::string file_;        // the whole file, validated
  size_t records_at_ = 0;   // offset of the first record in file_
  uint64_t count_ = 0;
};

enum class CacheState {
  kLoaded,   // the file's records, made under this key
  kMissing,  // no file yet (a first run)
  kStale,    // made under another key or by another format version: not used
  kDamaged,  // truncated, extended, edited, not a cache file: not used
};

struct CacheRead {
  CleanBlobCache cache;  // empty unless state is kLoaded
  CacheState state = CacheState::kMissing;
  std::string problem;   // kStale and kDamaged: why, one line ("its digest does not match")
};

// The file's bytes checked against `key` (64 lower-case hex digits).
CacheRead parse_clean_blob_cache(std::string bytes, std::string_view key);

// Reads the cache at `path` (symbolic links followed; a FIFO or device is never opened for a
// blocking read: base/regular_file.h). Reads the header first and refuses a file whose size
// differs from what the header says, or whose COUNT is over kMaxBlobs, before reading on.
Result<CacheRead> read_clean_blob_cache(const std::string& path, std::string_view key);

struct CacheWritten {
  uint64_t blobs = 0;    // records written
  uint64_t dropped = 0;  // left out over kMaxBlobs (the highest ids): scanned again next time
};

// Writes a version-1 file for `key` holding the union of `old` and `fresh` (any order, duplicates
// allowed). Over `max_blobs` (at most kMaxBlobs; lower only in tests), the lowest ids are kept:
// any subset of clean blobs is a valid cache. Write errors stick in `out` (the caller checks
// it); `key` must be 64 lower-case hex digits.
CacheWritten write_clean_blob_cache(std::ostream& out, std::string_view key, const CleanBlobCache& old,
                                    std::vector<CleanBlob> fresh,
                                    uint64_t max_blobs = CleanBlobCache::kMaxBlobs);

}  // namespace keysweep
