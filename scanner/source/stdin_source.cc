#include "scanner/source/stdin_source.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace keysweep {

LoadResult load_fd(int fd, const std::string& label, const std::string& source, const LoadLimits& limits) {
  LoadResult out;
  std::string bytes;
  char buf[65536];
  while (true) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      out.error = "reading " + label + ": " + std::strerror(errno);
      return out;
    }
    bytes.append(buf, static_cast<size_t>(n));
    if (bytes.size() > limits.max_file_size) {
      out.skipped = Skipped{label, "too-large",
                            "larger than --max-file-size (" + std::to_string(limits.max_file_size) + " bytes)"};
      return out;
    }
  }
  if (auto skip = classify_content(bytes, label, limits)) {
    out.skipped = std::move(skip);
    return out;
  }
  out.chunk.emplace(std::move(bytes), Provenance{label, source, "", ""});
  return out;
}

Status StdinSource::enumerate(const std::function<void(WorkItem)>& emit) {
  WorkItem item;
  item.path = label_;
  item.named = true;
  const std::string label = label_;
  item.load = [label](const LoadLimits& limits) { return load_fd(STDIN_FILENO, label, "stdin", limits); };
  emit(std::move(item));
  return Status::ok();
}

}  // namespace keysweep
