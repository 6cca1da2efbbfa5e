// MappedFile: the bytes of one file, memory-mapped read-only (or, for tests and fuzzing, held in
// memory), for the pack reader: .idx and .pack files are read in place, never copied.
//
// The mapping is PROT_READ and MAP_PRIVATE: nothing here can write to a repository's files. The
// pages are the page cache's, so N readers sharing one MappedFile (shared_ptr) cost one mapping.
// A file truncated by another process while mapped makes reads past its new end fault (SIGBUS),
// as it does for git itself; git never truncates a pack in place (it writes new ones and
// renames), and a pack deleted while mapped stays readable until unmapped.
//
// Thread safety: immutable after construction; share freely. Errors: open() names the file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "scanner/base/status.h"

namespace keysweep {

class MappedFile {
 public:
  // Maps `path` whole. An empty file is valid (zero bytes, no mapping).
  static Result<std::shared_ptr<const MappedFile>> open(const std::string& path);
  // The same interface over bytes held in memory; `name` stands for the path in messages.
  static std::shared_ptr<const MappedFile> from_bytes(std::string name, std::string bytes);

  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile();

  const unsigned char* data() const { return data_; }
  size_t size() const { return size_; }
  // The path (or name) given at construction, for messages.
  const std::string& name() const { return name_; }

 private:
  MappedFile() = default;
  std::string name_;
  const unsigned char* data_ = nullptr;
  size_t size_ = 0;
  void* mapping_ = nullptr;  // non-null: munmap(mapping_, size_) on destruction
  std::string owned_;        // from_bytes
};

}  // namespace keysweep
