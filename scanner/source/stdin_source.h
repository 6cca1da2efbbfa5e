// StdinSource: standard input, named by --label, read window by window like a file.
//
// Thread safety: see source.h. The reads happen in load() and in the stream it returns, on a
// worker thread. More than --max-file-size bytes: the first max-file-size bytes are scanned and
// the input is reported as skipped ("too-large"), which makes the run incomplete.
#pragma once

#include <string>

#include "scanner/source/source.h"

namespace keysweep {

class StdinSource : public Source {
 public:
  explicit StdinSource(std::string label) : label_(std::move(label)) {}
  Status enumerate(const std::function<void(WorkItem)>& emit) override;

 private:
  std::string label_;
};

// Reads the binary probe of `fd` and returns a stream over the rest (within the limits), named
// `label`. `fd` is not closed.
LoadResult load_fd(int fd, const std::string& label, const std::string& source, const LoadLimits& limits);

}  // namespace keysweep
