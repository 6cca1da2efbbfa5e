// The command line: CLI11 flags -> validated options -> the passes of a run.
//
// Exit status: 0 no findings, 1 findings, 2 error (bad flags, bad config or rules, a missing
// path, or an incomplete scan). Every error is one line on stderr that says what to do.
#pragma once

namespace keysweep {

int run_cli(int argc, char** argv);

}  // namespace keysweep
