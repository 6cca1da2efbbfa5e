// Opening and reading a file that must be a regular file (config files, baselines, rule files,
// report files read back), without ever blocking on something that is not one.
//
// open_regular_file() opens with O_NONBLOCK (a FIFO or a device opens at once instead of waiting
// for a writer), then fstat()s the descriptor it got, so a path swapped for a FIFO between a
// caller's lstat and this open is still refused. O_NOFOLLOW is added when follow_symlinks is
// false. The descriptor is switched back to blocking reads once it is known to be regular.
//
// read_regular_file() reads at most max_bytes: the size is checked from fstat before any byte is
// read and again while reading (a file that grows past the limit is an error, never a larger
// allocation). Memory: at most max_bytes + 64 KiB.
//
// Thread safety: free functions, no shared state. Errors: a Status whose message names `what`
// and the path ("cannot read config file 'x': not a regular file (a FIFO)").
#pragma once

#include <cstdint>
#include <string>

#include "scanner/base/status.h"

namespace keysweep {

// A descriptor of a regular file, closed on destruction. size is fstat's st_size at open.
class RegularFile {
 public:
  RegularFile() = default;
  RegularFile(int fd, uint64_t size) : fd_(fd), size_(size) {}
  RegularFile(RegularFile&& o) noexcept : fd_(o.fd_), size_(o.size_) { o.fd_ = -1; }
  RegularFile& operator=(RegularFile&& o) noexcept;
  RegularFile(const RegularFile&) = delete;
  RegularFile& operator=(const RegularFile&) = delete;
  ~RegularFile();

  int fd() const { return fd_; }
  uint64_t size() const { return size_; }
  void set_size(uint64_t size) { size_ = size; }

 private:
  int fd_ = -1;
  uint64_t size_ = 0;
};

// "a FIFO", "a directory", "a character device", ... for a st_mode that is not regular.
std::string file_kind_name(unsigned mode);

// Opens `path` for reading; refuses anything that is not a regular file. `what` names the file
// in the error ("config file", "baseline").
Result<RegularFile> open_regular_file(const std::string& path, const std::string& what,
                                      bool follow_symlinks = true);

// Reads the whole regular file at `path`, refusing one larger than max_bytes.
Result<std::string> read_regular_file(const std::string& path, const std::string& what,
                                      uint64_t max_bytes, bool follow_symlinks = true);

}  // namespace keysweep
