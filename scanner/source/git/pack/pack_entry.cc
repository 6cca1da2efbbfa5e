#include "scanner/source/git/pack/pack_entry.h"

#include <cstring>

namespace keysweep {

namespace {

Status bad(const std::string& name, uint64_t offset, const std::string& what) {
  return Status::error("pack " + name + ": object at offset " + std::to_string(offset) + ": " + what);
}

}  // namespace

Result<EntryHeader> parse_entry_header(const unsigned char* pack, uint64_t offset, uint64_t end,
                                       const std::string& name) {
  EntryHeader h;
  uint64_t at = offset;
  if (at >= end) return bad(name, offset, "no room for an entry header");
  unsigned char c = pack[at++];
  const unsigned type = (c >> 4) & 7;
  uint64_t size = c & 15;
  unsigned shift = 4;
  while (c & 0x80) {
    if (at >= end) return bad(name, offset, "entry header runs past the end of the entry");
    c = pack[at++];
    const uint64_t bits = c & 0x7f;
    // shift <= 60 here would be enough for any size git writes; past 63 bits the size overflows.
    if (shift > 63 || (shift > 57 && (bits >> (64 - shift)) != 0)) {
      return bad(name, offset, "entry size does not fit 64 bits");
    }
    size |= bits << shift;
    shift += 7;
  }
  if (type == 0 || type == 5) return bad(name, offset, "invalid object type " + std::to_string(type));
  h.kind = static_cast<EntryKind>(type);
  h.size = size;
  if (h.kind == EntryKind::kOfsDelta) {
    if (at >= end) return bad(name, offset, "OFS_DELTA base offset runs past the end of the entry");
    c = pack[at++];
    uint64_t rel = c & 0x7f;
    while (c & 0x80) {
      if (at >= end) return bad(name, offset, "OFS_DELTA base offset runs past the end of the entry");
      if (rel >> 56) return bad(name, offset, "OFS_DELTA base offset overflows");
      c = pack[at++];
      rel = ((rel + 1) << 7) | (c & 0x7f);
    }
    if (rel == 0 || offset < 12 || rel > offset - 12) {
      return bad(name, offset, "OFS_DELTA base offset " + std::to_string(rel) + " points " +
                                   (rel == 0 ? "at the entry itself" : "before the start of the pack"));
    }
    h.base_offset = offset - rel;
  } else if (h.kind == EntryKind::kRefDelta) {
    if (end - at < ObjectId::kRawSize) return bad(name, offset, "REF_DELTA base id runs past the end of the entry");
    std::memcpy(h.base_id.bytes.data(), pack + at, ObjectId::kRawSize);
    at += ObjectId::kRawSize;
  }
  if (at >= end) return bad(name, offset, "no room for the entry's data");
  h.data_offset = at;
  return h;
}

}  // namespace keysweep
