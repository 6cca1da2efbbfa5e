#include "scanner/report/report_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <streambuf>
#include <vector>

namespace keysweep {

// A streambuf over a file descriptor, remembering the first write error (errno).
class ReportFile::Buffer : public std::streambuf {
 public:
  explicit Buffer(int fd) : fd_(fd), buf_(64 * 1024) { setp(buf_.data(), buf_.data() + buf_.size()); }
  int error() const { return error_; }

 protected:
  int overflow(int ch) override {
    if (!drain()) return traits_type::eof();
    if (ch != traits_type::eof()) {
      *pptr() = static_cast<char>(ch);
      pbump(1);
    }
    return traits_type::not_eof(ch);
  }
  int sync() override { return drain() ? 0 : -1; }

 private:
  bool drain() {
    const char* p = pbase();
    size_t left = static_cast<size_t>(pptr() - pbase());
    while (left > 0 && error_ == 0) {
      const ssize_t n = ::write(fd_, p, left);
      if (n < 0) {
        if (errno == EINTR) continue;
        error_ = errno;
        break;
      }
      p += n;
      left -= static_cast<size_t>(n);
    }
    setp(buf_.data(), buf_.data() + buf_.size());
    return error_ == 0;
  }

  int fd_;
  std::vector<char> buf_;
  int error_ = 0;
};

ReportFile::ReportFile(std::string path, std::string temp_path, int fd, std::string flag)
    : path_(std::move(path)), flag_(std::move(flag)), temp_path_(std::move(temp_path)), fd_(fd),
      buffer_(std::make_unique<Buffer>(fd)), stream_(std::make_unique<std::ostream>(buffer_.get())) {}

Result<std::unique_ptr<ReportFile>> ReportFile::open(const std::string& path, const std::string& flag) {
  const std::string what = "cannot write " + flag + " '" + path + "': ";
  if (path.empty()) return Status::error(flag + " is empty");
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
    // The null device (-o /dev/null, to time a scan or keep only its exit status) discards
    // the report: there is nothing to make atomic and nothing to block on.
    struct stat null_st {};
    if (S_ISCHR(st.st_mode) && ::stat("/dev/null", &null_st) == 0 && S_ISCHR(null_st.st_mode) &&
        st.st_rdev == null_st.st_rdev) {
      const int fd = ::open("/dev/null", O_WRONLY | O_NONBLOCK | O_CLOEXEC);
      if (fd < 0) return Status::error(what + std::strerror(errno));
      return std::unique_ptr<ReportFile>(new ReportFile(path, "", fd, flag));
    }
    if (flag != "--output") return Status::error(what + "not a regular file");
    return Status::error(what + "not a regular file (leave out --output to write to standard output)");
  }
  const std::filesystem::path p(path);
  const std::string dir = p.parent_path().empty() ? "." : p.parent_path().string();
  std::string temp = dir + "/." + p.filename().string() + ".keysweep-XXXXXX";
  // mkstemp creates the file with mode 0600, O_EXCL: nobody else can read or swap it.
  const int fd = ::mkstemp(temp.data());
  if (fd < 0) return Status::error(what + std::strerror(errno));
  return std::unique_ptr<ReportFile>(new ReportFile(path, temp, fd, flag));
}

ReportFile::~ReportFile() {
  stream_.reset();
  if (fd_ >= 0) ::close(fd_);
  if (!committed_ && !temp_path_.empty()) ::unlink(temp_path_.c_str());
}

std::ostream& ReportFile::stream() { return *stream_; }

Status ReportFile::commit() {
  const std::string what = "writing " + flag_ + " '" + path_ + "' failed: ";
  stream_->flush();
  if (buffer_->error() != 0) return Status::error(what + std::strerror(buffer_->error()));
  if (!*stream_) return Status::error(what + "write error");
  if (temp_path_.empty()) {  // the null device: nothing to sync or rename
    ::close(fd_);
    fd_ = -1;
    committed_ = true;
    return Status::ok();
  }
  if (::fsync(fd_) != 0) return Status::error(what + std::strerror(errno));
  const int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) return Status::error(what + std::strerror(errno));
  if (::rename(temp_path_.c_str(), path_.c_str()) != 0) return Status::error(what + std::strerror(errno));
  committed_ = true;
  return Status::ok();
}

}  // namespace keysweep
