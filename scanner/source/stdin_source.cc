#include "scanner/source/stdin_source.h"

#include <unistd.h>

#include <algorithm>

namespace keysweep {

// Only the binary probe is read here; the ChunkStream reads the rest window by window, so
// standard input is never buffered whole, and stops reading one byte past --max-file-size.
LoadResult load_fd(int fd, const std::string& label, const std::string& source, const LoadLimits& limits) {
  LoadResult out;
  auto reader = std::make_unique<FdReader>(fd, /*owned=*/false, label);
  // One byte more than the limit when the limit is below the probe: enough to know it is over.
  const uint64_t probe = std::min<uint64_t>(limits.binary_probe, limits.max_file_size + 1);
  std::string head(static_cast<size_t>(probe), '\0');
  size_t got = 0;
  while (got < head.size()) {
    Result<size_t> n = reader->read(head.data() + got, head.size() - got);
    if (!n) {
      out.error = n.status().message();
      out.skipped = Skipped{label, "unreadable", out.error};
      return out;
    }
    if (*n == 0) break;
    got += *n;
  }
  head.resize(got);
  if (got > limits.max_file_size) {
    out.skipped = Skipped{label, "too-large",
                          "larger than --max-file-size (" + std::to_string(limits.max_file_size) + " bytes)"};
    return out;
  }
  ContentClass content = classify(head, label, limits);
  if (content.skipped) {
    out.skipped = std::move(content.skipped);
    return out;
  }
  out.stream = std::make_unique<ChunkStream>(Provenance{label, source, "", ""}, content.encoding, std::move(head),
                                             std::move(reader), window_geometry(limits), limits.max_file_size,
                                             /*check_overflow=*/true);
  return out;
}

Status StdinSource::enumerate(const std::function<void(WorkItem)>& emit) {
  WorkItem item;
  item.path = label_;
  item.named = true;
  const std::string label = label_;
  item.load = [label](Loader*, const LoadLimits& limits) { return load_fd(STDIN_FILENO, label, "stdin", limits); };
  emit(std::move(item));
  return Status::ok();
}

}  // namespace keysweep
