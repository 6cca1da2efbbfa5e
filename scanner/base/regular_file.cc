#include "scanner/base/regular_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace keysweep {

RegularFile& RegularFile::operator=(RegularFile&& o) noexcept {
  if (this != &o) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = o.fd_;
    size_ = o.size_;
    o.fd_ = -1;
  }
  return *this;
}

RegularFile::~RegularFile() {
  if (fd_ >= 0) ::close(fd_);
}

std::string file_kind_name(unsigned mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISLNK(mode)) return "a symbolic link";
  return "not a regular file";
}

Result<RegularFile> open_regular_file(const std::string& path, const std::string& what,
                                      bool follow_symlinks) {
  const std::string label = what + " '" + path + "'";
  const int flags = O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY | (follow_symlinks ? 0 : O_NOFOLLOW);
  const int fd = ::open(path.c_str(), flags);
  if (fd < 0) {
    if (errno == ELOOP && !follow_symlinks) return Status::error("cannot read " + label + ": it is a symbolic link");
    return Status::error("cannot read " + label + ": " + std::strerror(errno));
  }
  RegularFile file(fd, 0);  // closes fd on every early return
  struct stat st;
  if (::fstat(fd, &st) != 0) return Status::error("cannot read " + label + ": " + std::strerror(errno));
  if (!S_ISREG(st.st_mode)) {
    return Status::error("cannot read " + label + ": " + file_kind_name(st.st_mode) + ", not a regular file");
  }
  // Regular files never block; clear O_NONBLOCK anyway so reads behave as documented.
  const int fl = ::fcntl(fd, F_GETFL);
  if (fl >= 0) (void)::fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
  file.set_size(static_cast<uint64_t>(st.st_size));
  return file;
}

Result<std::string> read_regular_file(const std::string& path, const std::string& what,
                                      uint64_t max_bytes, bool follow_symlinks) {
  Result<RegularFile> file = open_regular_file(path, what, follow_symlinks);
  if (!file) return file.status();
  const std::string label = what + " '" + path + "'";
  const std::string limit = "larger than " + std::to_string(max_bytes) + " bytes, the limit for a " + what;
  if (file->size() > max_bytes) return Status::error("cannot read " + label + ": " + limit);
  std::string bytes;
  bytes.reserve(static_cast<size_t>(file->size()));
  char buf[65536];
  while (true) {
    const ssize_t n = ::read(file->fd(), buf, sizeof buf);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status::error("cannot read " + label + ": " + std::strerror(errno));
    }
    if (bytes.size() + static_cast<size_t>(n) > max_bytes) return Status::error("cannot read " + label + ": " + limit);
    bytes.append(buf, static_cast<size_t>(n));
  }
  return bytes;
}

}  // namespace keysweep
