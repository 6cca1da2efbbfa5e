// run_command: runs a program and captures what it writes, for end-to-end tests.
//
// The child is started with fork/execvp (no shell, so arguments need no quoting), its stdin is
// fed from `stdin_text` and then closed, and stdout and stderr are read concurrently with poll()
// so a child that fills one pipe while we wait on the other cannot deadlock.
//
// Thread safety: safe to call from several threads; each call owns its pipes and child. The
// first call sets SIGPIPE to ignored in the calling process and leaves it so.
// Errors: never throws. If the program cannot be started, exit_code is kStartFailed and
// err_text says why.
#pragma once

#include <string>
#include <vector>

namespace keysweep {

struct CommandResult {
  // The child's exit status (0-255); 128 + N when it was killed by signal N; kStartFailed when
  // fork/exec failed.
  int exit_code = 0;
  std::string out_text;  // everything written to stdout
  std::string err_text;  // everything written to stderr
  static constexpr int kStartFailed = -1;
};

// Runs argv[0] (looked up in PATH when it has no '/') with arguments argv[1..] in directory
// `cwd` (empty = the current directory) and waits for it to exit.
// Precondition: argv is not empty.
CommandResult run_command(const std::vector<std::string>& argv, const std::string& cwd = "",
                          const std::string& stdin_text = "");

}  // namespace keysweep
