#include "scanner/source/git/pack/mapped_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace keysweep {

namespace {

struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

}  // namespace

Result<std::shared_ptr<const MappedFile>> MappedFile::open(const std::string& path) {
  Fd f;
  f.fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (f.fd < 0) return Status::error("opening " + path + ": " + std::strerror(errno));
  struct stat st;
  if (::fstat(f.fd, &st) != 0) return Status::error("reading the size of " + path + ": " + std::strerror(errno));
  if (!S_ISREG(st.st_mode)) return Status::error(path + " is not a regular file");
  std::shared_ptr<MappedFile> file(new MappedFile());
  file->name_ = path;
  file->size_ = static_cast<size_t>(st.st_size);
  if (file->size_ == 0) return std::shared_ptr<const MappedFile>(std::move(file));
  void* p = ::mmap(nullptr, file->size_, PROT_READ, MAP_PRIVATE, f.fd, 0);
  if (p == MAP_FAILED) return Status::error("mapping " + path + ": " + std::strerror(errno));
  file->mapping_ = p;
  file->data_ = static_cast<const unsigned char*>(p);
  return std::shared_ptr<const MappedFile>(std::move(file));
}

std::shared_ptr<const MappedFile> MappedFile::from_bytes(std::string name, std::string bytes) {
  std::shared_ptr<MappedFile> file(new MappedFile());
  file->name_ = std::move(name);
  file->owned_ = std::move(bytes);
  file->size_ = file->owned_.size();
  file->data_ = reinterpret_cast<const unsigned char*>(file->owned_.data());
  return file;
}

MappedFile::~MappedFile() {
  if (mapping_) ::munmap(mapping_, size_);
}

}  // namespace keysweep
