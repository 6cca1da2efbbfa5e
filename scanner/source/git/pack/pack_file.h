// PackFile: one .pack (memory-mapped read-only) with its parsed .idx, checked against each other
// when opened: "PACK" signature, version 2 or 3 (same entry format), an object count equal to
// the index's, every index offset before the 20-byte trailer, and the trailer equal to the pack
// checksum the index records (so a .idx left over from another pack of the same name is caught).
// The pack's own SHA-1 is not recomputed (that reads the whole pack; `git fsck` does it).
//
// entry_end() gives each entry's extent from the index's offset order, so every later read of an
// entry is bounded by it: a corrupt length or stream can never run into the next entry unseen.
//
// Thread safety: immutable; share one PackFile between threads (shared_ptr), each with its own
// ObjectReader. Errors: messages name the .pack or .idx file.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "scanner/base/status.h"
#include "scanner/source/git/pack/mapped_file.h"
#include "scanner/source/git/pack/pack_index.h"

namespace keysweep {

class PackFile {
 public:
  static constexpr uint64_t kTrailerSize = 20;

  // Opens `idx_path` (…/pack-<hash>.idx) and the .pack beside it.
  static Result<std::shared_ptr<const PackFile>> open(const std::string& idx_path);
  // From bytes already mapped (or in memory: tests, fuzzing).
  static Result<std::shared_ptr<const PackFile>> from_files(std::shared_ptr<const MappedFile> idx,
                                                            std::shared_ptr<const MappedFile> pack);

  const PackIndex& index() const { return *index_; }
  const std::string& name() const { return pack_->name(); }
  const unsigned char* data() const { return pack_->data(); }
  // Where entry data may end: the start of the trailing checksum.
  uint64_t data_end() const { return pack_->size() - kTrailerSize; }

  // The end of the entry that starts at `offset` (the next entry's offset, or data_end()).
  // Errors: no entry of the index starts at `offset`.
  Result<uint64_t> entry_end(uint64_t offset) const;

 private:
  PackFile() = default;
  std::shared_ptr<const PackIndex> index_;
  std::shared_ptr<const MappedFile> pack_;
};

}  // namespace keysweep
