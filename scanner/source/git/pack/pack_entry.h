// The header of one pack entry (gitformat-pack "Object entries"): its type and inflated size,
// then for an OFS_DELTA the (negative, relative) offset of its base, for a REF_DELTA its base's
// id; the zlib stream of the entry's data follows.
//
//   type + size:  1TTTSSSS 1SSSSSSS ... 0SSSSSSS   (size: 4 bits, then 7 per byte, little end first)
//   OFS_DELTA:    1XXXXXXX ... 0XXXXXXX            (big end first, each continuation adds 1 << 7k:
//                                                  git's "offset encoding", no redundant forms)
//   REF_DELTA:    20-byte base id
//
// parse_entry_header never reads outside [offset, end) and rejects: a header that runs past
// `end`, a size that overflows 64 bits, types 0 and 5, an OFS_DELTA offset that overflows or
// puts the base before the 12-byte pack header or at/after the entry itself (so OFS_DELTA
// chains strictly move backwards and cannot cycle).
//
// Thread safety: a pure function. Errors: messages name the pack (`name`) and the offset.
#pragma once

#include <cstdint>
#include <string>

#include "scanner/base/status.h"
#include "scanner/source/git/object_id.h"

namespace keysweep {

enum class EntryKind : uint8_t { kCommit = 1, kTree = 2, kBlob = 3, kTag = 4, kOfsDelta = 6, kRefDelta = 7 };

inline bool is_delta(EntryKind k) { return k == EntryKind::kOfsDelta || k == EntryKind::kRefDelta; }

struct EntryHeader {
  EntryKind kind = EntryKind::kBlob;
  uint64_t size = 0;         // inflated size of the entry's data: the object, or the delta
  uint64_t data_offset = 0;  // where the zlib stream starts
  uint64_t base_offset = 0;  // kOfsDelta: the base entry's offset in the same pack
  ObjectId base_id;          // kRefDelta
};

// Parses the header of the entry at `pack[offset]`, which must end before `end` (the next
// entry's offset, or the trailer's). Precondition: offset < end <= the pack's size.
Result<EntryHeader> parse_entry_header(const unsigned char* pack, uint64_t offset, uint64_t end,
                                       const std::string& name);

}  // namespace keysweep
