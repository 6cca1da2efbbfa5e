// ProgressLine: one line on stderr, redrawn a few times a second while a long scan runs, so a
// person at a terminal sees it move: "walking commits 1,204/85,113", then "blobs 12,400/428,000,
// 1.3 GB, 210 MB/s, ETA 1:05". Only for a terminal (the caller decides: isatty(2)); CI logs and
// pipes get nothing. The line is erased when the scan ends, so the report starts clean.
//
// Nothing secret is ever in it: counts, sizes and times only.
//
// Thread safety: start() and stop() from one thread; the drawing thread only reads the
// Progress counters. Errors: none (a write to stderr that fails is ignored).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

#include "scanner/base/progress.h"

namespace keysweep {

class ProgressLine {
 public:
  // Draws to file descriptor `fd` every `interval_ms` until stop() (or destruction).
  ProgressLine(const Progress& progress, int fd, unsigned interval_ms = 250);
  ~ProgressLine();
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;
  // Stops drawing and erases the line. Idempotent.
  void stop();

  // The text of one progress line for these counts after `seconds` (no terminal codes).
  static std::string format(uint64_t commits_walked, uint64_t commits_total, uint64_t items_done,
                            uint64_t items_total, uint64_t bytes_done, double seconds);

 private:
  void run();

  const Progress& progress_;
  const int fd_;
  const unsigned interval_ms_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;  // guarded by mu_
  bool drawn_ = false;     // drawing thread only
  std::thread thread_;
};

}  // namespace keysweep
