// Progress: counters a long scan updates and a progress line reads (app/progress_line.h).
//
// Plain relaxed atomics: a source's producer and the workers add to them, one reader samples
// them a few times a second. The counts are for people watching a terminal; nothing in a
// report depends on them, so no ordering between the counters is promised.
//
// Thread safety: every member may be used from any thread.
#pragma once

#include <atomic>
#include <cstdint>

namespace keysweep {

struct Progress {
  std::atomic<uint64_t> commits_walked{0};  // history: commits whose trees were compared
  std::atomic<uint64_t> commits_total{0};   // history: commits to walk (0 = not a history scan)
  std::atomic<uint64_t> items_total{0};     // items the source will hand out, once known (0 = unknown)
  std::atomic<uint64_t> items_done{0};      // items loaded and scanned, or skipped
  std::atomic<uint64_t> bytes_done{0};      // bytes of content scanned

  void add(std::atomic<uint64_t>& counter, uint64_t n = 1) { counter.fetch_add(n, std::memory_order_relaxed); }
  static uint64_t get(const std::atomic<uint64_t>& counter) { return counter.load(std::memory_order_relaxed); }
};

}  // namespace keysweep
