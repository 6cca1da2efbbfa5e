// ObjectDatabase: every pack of a repository's object directory and of its alternates
// (alternates.h), opened once and shared read-only by all the threads' ObjectReaders.
//
// Packs are <dir>/pack/*.idx with a .pack beside them, searched directory by directory in
// alternates order and, within one directory, newest first by modification time (then by
// name), as git orders them: recent objects are found in the first pack looked at. Loose
// objects, multi-pack-index and bitmap files are not read: a loose object is "not here" and the
// caller reads it another way (libgit2). A pack that fails to open (truncated, corrupt, its
// index stale) is left out and its error kept in problems(): its objects are then "not here"
// too, so the caller's fallback reports the damage object by object, as it would without this
// reader. The set is a snapshot: packs written after open() are not seen.
//
// Memory: per pack, its two mappings plus 4 bytes per object (pack_index.h). Thread safety:
// immutable after open(); share via shared_ptr. Errors: open() fails only when `objects_dir`
// itself is unusable or a SHA-256 repository (extensions.objectFormat).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "scanner/base/status.h"
#include "scanner/source/git/object_id.h"
#include "scanner/source/git/pack/pack_file.h"

namespace keysweep {

// Where an entry sits: the pack's number in ObjectDatabase::packs() and its offset there.
struct PackLocation {
  uint32_t pack = 0;
  uint64_t offset = 0;
};

class ObjectDatabase {
 public:
  // `objects_dir`: a repository's objects folder (`git rev-parse --git-path objects`).
  static Result<std::shared_ptr<const ObjectDatabase>> open(const std::string& objects_dir);
  // Over packs already opened, searched in this order (tests, fuzzing).
  static std::shared_ptr<const ObjectDatabase> from_packs(std::vector<std::shared_ptr<const PackFile>> packs);

  const std::vector<std::shared_ptr<const PackFile>>& packs() const { return packs_; }
  // The object directories searched (the repository's own first), and what was skipped.
  const std::vector<std::string>& directories() const { return dirs_; }
  const std::vector<std::string>& problems() const { return problems_; }

  // The first pack holding `id`, trying `preferred` first (a REF_DELTA's own pack); nullopt
  // when no pack has it.
  std::optional<PackLocation> find(const ObjectId& id, std::optional<uint32_t> preferred = std::nullopt) const;

 private:
  ObjectDatabase() = default;
  std::vector<std::shared_ptr<const PackFile>> packs_;
  std::vector<std::string> dirs_;
  std::vector<std::string> problems_;
};

}  // namespace keysweep
