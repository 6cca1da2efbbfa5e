// The process entry: thread stacks set before any thread starts (base/thread_stack.h), then the
// command line. Memory running out outside the one place that recovers from it (a scan worker
// records the input it could not scan and goes on: scan_runner.cc) ends the run with the
// documented error status instead of an abort; the message is written without allocating.
#include <unistd.h>

#include <new>

#include "scanner/app/cli.h"
#include "scanner/base/thread_stack.h"

int main(int argc, char** argv) {
  keysweep::set_default_thread_stack();
  try {
    return keysweep::run_cli(argc, argv);
  } catch (const std::bad_alloc&) {
    static const char kMessage[] =
        "keysweep: error: out of memory (raise the limit, e.g. ulimit -d, or lower --threads)\n";
    ssize_t ignored = write(STDERR_FILENO, kMessage, sizeof kMessage - 1);
    (void)ignored;
    return 2;
  }
}
