// Source: where chunks come from (a directory walk, standard input; later the git index and
// history).
//
// A source enumerates WorkItems on one thread, cheaply and in a deterministic order; the costly
// part (reading the bytes) happens in WorkItem::load on the worker threads, so I/O runs in
// parallel with matching.
//
// Thread safety: enumerate() is called once, from one thread. Each WorkItem::load may run on any
// thread, once. Errors: enumerate() returns hard errors only (the scan cannot start or go on);
// per-item problems come back from load() as a Skipped entry or a soft error.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "scanner/base/status.h"
#include "scanner/chunk/chunk.h"
#include "scanner/finding/finding.h"

namespace keysweep {

struct LoadLimits {
  uint64_t max_file_size = 10ull << 20;   // larger inputs are skipped as "too-large"
  size_t binary_probe = 8000;             // a NUL byte in these first bytes means "binary" (git's rule)
};

// What loading one item gave: exactly one of chunk, skipped, error.
struct LoadResult {
  std::optional<Chunk> chunk;
  std::optional<Skipped> skipped;
  std::string error;  // a soft error: reported, the scan goes on, the run is incomplete
  // When set, only findings touching one of these 1-based lines (sorted) are reported: the
  // whole chunk is still scanned, so multi-line secrets and nearby context keep working.
  std::optional<std::vector<uint32_t>> report_lines;
};

struct WorkItem {
  std::string path;    // display path (relative, '/'-separated)
  bool named = false;  // the user named this input itself: skipping it makes the run incomplete
  std::function<LoadResult(const LoadLimits&)> load;
};

class Source {
 public:
  virtual ~Source() = default;
  virtual Status enumerate(const std::function<void(WorkItem)>& emit) = 0;
};

// Classifies loaded bytes: a Skipped for binary content, else nullopt. Shared by all sources.
std::optional<Skipped> classify_content(std::string_view bytes, const std::string& path, const LoadLimits& limits);

}  // namespace keysweep
