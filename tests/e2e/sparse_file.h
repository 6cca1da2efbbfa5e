// Sparse test files: a text head, a hole of NUL bytes that costs no disk, an optional text tail.
#pragma once

#include <fcntl.h>
#include <unistd.h>

#include <stdexcept>
#include <string>

namespace keysweep {

// Writes `head`, extends the file with a hole to `size` bytes, then appends `tail`.
inline void write_sparse_file(const std::string& path, const std::string& head, off_t size,
                              const std::string& tail = "") {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw std::runtime_error("cannot create " + path);
  bool ok = ::write(fd, head.data(), head.size()) == static_cast<ssize_t>(head.size()) && ::ftruncate(fd, size) == 0 &&
            ::lseek(fd, 0, SEEK_END) == size &&
            ::write(fd, tail.data(), tail.size()) == static_cast<ssize_t>(tail.size());
  ::close(fd);
  if (!ok) throw std::runtime_error("cannot write " + path);
}

}  // namespace keysweep
