// run_measured: runs a program with a deadline and reports its peak memory, for end-to-end tests
// of inputs that could hang the scanner or make it read or allocate without bound.
//
// The child's stdin is `stdin_path` (default /dev/null); stdout and stderr go to temporary files
// read back after it exits, so a child that writes a lot cannot block on a pipe. `env` entries
// ("NAME=value") are added to the child's environment; `address_space_limit` (bytes, 0 = none)
// becomes the child's RLIMIT_AS. If the child has not exited after `deadline_seconds`, it is
// killed with SIGKILL and timed_out is set: a generous deadline that only catches hangs.
// max_rss_kb is the program's own peak resident set (wait4() in a small python3 parent, see the
// .cc), not the test process's size nor the largest child it ever had. Needs python3.
//
// Thread safety: safe to call from several threads. Errors: never throws; exit_code is -1 when
// the program could not be started.
#pragma once

#include <string>
#include <vector>

namespace keysweep {

struct MeasuredRun {
  int exit_code = -1;   // 0-255, or 128 + signal
  bool timed_out = false;
  long max_rss_kb = 0;
  std::string out_text;
  std::string err_text;
};

struct MeasuredOptions {
  std::string stdin_path = "/dev/null";
  std::vector<std::string> env;
  unsigned long long address_space_limit = 0;
  int deadline_seconds = 120;
};

MeasuredRun run_measured(const std::vector<std::string>& argv, const MeasuredOptions& options = {});

}  // namespace keysweep
