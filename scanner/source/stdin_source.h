// StdinSource: standard input as one chunk, named by --label.
//
// Thread safety: see source.h. The read happens in load(), on a worker thread.
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

// Reads all of `fd` (within the limits) as a chunk named `label`.
LoadResult load_fd(int fd, const std::string& label, const std::string& source, const LoadLimits& limits);

}  // namespace keysweep
