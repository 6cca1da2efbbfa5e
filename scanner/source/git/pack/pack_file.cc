#include "scanner/source/git/pack/pack_file.h"

#include <cstring>

#include "scanner/source/git/pack/big_endian.h"

namespace keysweep {

namespace {

Status bad(const std::string& name, const std::string& what) { return Status::error("pack " + name + ": " + what); }

}  // namespace

Result<std::shared_ptr<const PackFile>> PackFile::open(const std::string& idx_path) {
  constexpr std::string_view kIdx = ".idx";
  if (idx_path.size() <= kIdx.size() || idx_path.compare(idx_path.size() - kIdx.size(), kIdx.size(), kIdx) != 0) {
    return Status::error("pack index " + idx_path + ": the name does not end in .idx");
  }
  Result<std::shared_ptr<const MappedFile>> idx = MappedFile::open(idx_path);
  if (!idx) return idx.status();
  Result<std::shared_ptr<const MappedFile>> pack =
      MappedFile::open(idx_path.substr(0, idx_path.size() - kIdx.size()) + ".pack");
  if (!pack) return pack.status();
  return from_files(std::move(idx.value()), std::move(pack.value()));
}

Result<std::shared_ptr<const PackFile>> PackFile::from_files(std::shared_ptr<const MappedFile> idx,
                                                             std::shared_ptr<const MappedFile> pack) {
  Result<std::shared_ptr<const PackIndex>> index = PackIndex::parse(std::move(idx));
  if (!index) return index.status();
  const std::string& name = pack->name();
  const unsigned char* p = pack->data();
  if (pack->size() < PackIndex::kPackHeaderSize + kTrailerSize) {
    return bad(name, "truncated (" + std::to_string(pack->size()) + " bytes)");
  }
  if (std::memcmp(p, "PACK", 4) != 0) return bad(name, "no PACK signature");
  const uint32_t version = load_be32(p + 4);
  if (version != 2 && version != 3) return bad(name, "version " + std::to_string(version) + " is not supported");
  const uint32_t count = load_be32(p + 8);
  const PackIndex& ix = *index.value();
  if (count != ix.count()) {
    return bad(name, "holds " + std::to_string(count) + " objects, its index " + ix.name() + " lists " +
                         std::to_string(ix.count()));
  }
  const uint64_t data_end = pack->size() - kTrailerSize;
  if (ix.count() > 0 && ix.max_offset() >= data_end) {
    return bad(name, "its index " + ix.name() + " has an object at offset " + std::to_string(ix.max_offset()) +
                         ", past the pack's data (" + std::to_string(data_end) + " bytes)");
  }
  if (std::memcmp(p + data_end, ix.pack_checksum(), kTrailerSize) != 0) {
    return bad(name, "its checksum differs from the one its index " + ix.name() + " records (a stale index?)");
  }
  std::shared_ptr<PackFile> file(new PackFile());
  file->index_ = std::move(index.value());
  file->pack_ = std::move(pack);
  return std::shared_ptr<const PackFile>(std::move(file));
}

Result<uint64_t> PackFile::entry_end(uint64_t offset) const {
  Result<std::optional<uint64_t>> next = index_->next_offset(offset);
  if (!next) return bad(name(), "no object starts at offset " + std::to_string(offset));
  return next->value_or(data_end());
}

}  // namespace keysweep
