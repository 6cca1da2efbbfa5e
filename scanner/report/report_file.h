// ReportFile: writes a report to `--output FILE` atomically, readable by its owner only.
//
// A report can hold raw secrets (--show-secrets) and always holds fingerprints, which confirm a
// guessed secret, and the paths where secrets live. So the report is written to a temporary file
// created in the destination's folder with mode 0600 (mkstemp), flushed to disk, and renamed over
// FILE only when every byte was written: a reader never sees a partial report, a failed run
// leaves FILE as it was (absent, or the previous report) and removes the temporary file, and the
// report is never readable by other users, even for a moment. The rename replaces FILE itself:
// when FILE is a symbolic link, the link is replaced, not its target. FILE must be a regular file
// or not exist yet: writing to a FIFO or device would block or bypass the atomic rename, so it is
// refused (leave out --output to write to standard output). The one exception is the null
// device (-o /dev/null): the report is discarded, as the user asked.
//
// Thread safety: one object per report, used by one thread. Errors: open() and commit() return a
// Status naming the file and the OS error; never throws.
#pragma once

#include <memory>
#include <ostream>
#include <string>

#include "scanner/base/status.h"

namespace keysweep {

class ReportFile {
 public:
  // Creates the temporary file beside `path`. `flag` names the file in errors: "--output", or
  // "--cache" when app/history_cache.h writes its cache file the same way.
  static Result<std::unique_ptr<ReportFile>> open(const std::string& path, const std::string& flag = "--output");
  // Removes the temporary file unless commit() succeeded.
  ~ReportFile();
  ReportFile(const ReportFile&) = delete;
  ReportFile& operator=(const ReportFile&) = delete;

  // Where the reporter writes. A write error sticks (the stream goes bad) and commit() fails.
  std::ostream& stream();
  // Flushes, syncs and renames the temporary file to the destination.
  [[nodiscard]] Status commit();

 private:
  class Buffer;
  ReportFile(std::string path, std::string temp_path, int fd, std::string flag);

  std::string path_;
  std::string flag_;
  std::string temp_path_;
  int fd_ = -1;
  std::unique_ptr<Buffer> buffer_;
  std::unique_ptr<std::ostream> stream_;
  bool committed_ = false;
};

}  // namespace keysweep
