// run_measured: fork/exec with output to unlinked temporary files, waited on with WNOHANG polls
// so the deadline can be enforced without threads or signals in the test process.
//
// Peak memory: a forked child's ru_maxrss starts from its parent's resident set (fork copies the
// address space and its high-water mark, and exec keeps the maximum), so measuring the program
// as our own child would report the test process's size. Instead the child execs a few lines of
// python3 (a test dependency) that fork the program from a small process and report that
// grandchild's wait4() usage. The child leads its own process group, so a timeout kills both.
#include "tests/e2e/run_measured.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <thread>

namespace keysweep {
namespace {

// argv[1]: file for the peak RSS in KiB; argv[2...]: the program. Exits as the program did.
constexpr const char* kMeasure = R"(import os, sys
pid = os.fork()
if pid == 0:
    try:
        os.execvp(sys.argv[2], sys.argv[2:])
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], 'w') as f:
    f.write(str(usage.ru_maxrss))
code = os.waitstatus_to_exitcode(status)
sys.exit(code if code >= 0 else 128 - code)
)";

int temp_file() {
  const char* base = std::getenv("TMPDIR");
  std::string tmpl = std::string(base && *base ? base : "/tmp") + "/keysweep-run-XXXXXX";
  const int fd = mkstemp(tmpl.data());
  if (fd >= 0) unlink(tmpl.c_str());
  return fd;
}

std::string read_all(int fd) {
  std::string s;
  if (fd < 0) return s;
  lseek(fd, 0, SEEK_SET);
  char buf[65536];
  ssize_t n;
  while ((n = read(fd, buf, sizeof buf)) > 0) s.append(buf, static_cast<size_t>(n));
  return s;
}

}  // namespace

MeasuredRun run_measured(const std::vector<std::string>& argv, const MeasuredOptions& options) {
  MeasuredRun r;
  const int out_fd = temp_file();
  const int err_fd = temp_file();
  if (out_fd < 0 || err_fd < 0 || argv.empty()) {
    if (out_fd >= 0) close(out_fd);
    if (err_fd >= 0) close(err_fd);
    r.err_text = "run_measured: cannot start";
    return r;
  }
  const char* base = std::getenv("TMPDIR");
  std::string rss_path = std::string(base && *base ? base : "/tmp") + "/keysweep-rss-XXXXXX";
  const int rss_fd = mkstemp(rss_path.data());
  if (rss_fd >= 0) close(rss_fd);
  std::vector<std::string> full = {"python3", "-c", kMeasure, rss_path};
  full.insert(full.end(), argv.begin(), argv.end());
  std::vector<char*> args;
  for (const std::string& a : full) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  // The environment is built before fork: after it only async-signal-safe calls are made.
  std::vector<std::string> env_strings = options.env;
  for (char** e = environ; *e; ++e) env_strings.emplace_back(*e);  // first occurrence wins
  std::vector<char*> envp;
  for (std::string& e : env_strings) envp.push_back(e.data());
  envp.push_back(nullptr);
  const pid_t pid = fork();
  if (pid == 0) {
    setpgid(0, 0);
    const int in_fd = open(options.stdin_path.c_str(), O_RDONLY);
    if (in_fd < 0) _exit(126);
    dup2(in_fd, 0);
    dup2(out_fd, 1);
    dup2(err_fd, 2);
    if (options.address_space_limit) {
      rlimit lim{options.address_space_limit, options.address_space_limit};
      setrlimit(RLIMIT_AS, &lim);
    }
    execvpe(args[0], args.data(), envp.data());
    _exit(127);
  }
  if (pid < 0) {
    close(out_fd);
    close(err_fd);
    r.err_text = "run_measured: fork failed";
    return r;
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(options.deadline_seconds);
  int status = 0;
  while (true) {
    const pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    if (std::chrono::steady_clock::now() > deadline && !r.timed_out) {
      r.timed_out = true;
      kill(-pid, SIGKILL);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  const int rf = open(rss_path.c_str(), O_RDONLY | O_CLOEXEC);
  const std::string rss_text = read_all(rf);
  if (rf >= 0) close(rf);
  unlink(rss_path.c_str());
  r.max_rss_kb = std::atol(rss_text.c_str());
  r.out_text = read_all(out_fd);
  r.err_text = read_all(err_fd);
  close(out_fd);
  close(err_fd);
  return r;
}

}  // namespace keysweep
