// run_command: fork/exec with three pipes, drained with poll().
//
// A fourth pipe, close-on-exec, tells the parent whether exec succeeded: the child writes its
// errno there only when execvp fails, so an empty read means the program is running.
#include "tests/e2e/run_command.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <mutex>

namespace keysweep {
namespace {

struct Pipe {
  int read_fd = -1;
  int write_fd = -1;
};

bool make_pipe(Pipe& p) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return false;
  p.read_fd = fds[0];
  p.write_fd = fds[1];
  return true;
}

void close_fd(int& fd) {
  if (fd >= 0) close(fd);
  fd = -1;
}

void close_pipe(Pipe& p) {
  close_fd(p.read_fd);
  close_fd(p.write_fd);
}

CommandResult start_failed(const std::string& what, int err) {
  CommandResult r;
  r.exit_code = CommandResult::kStartFailed;
  r.err_text = what + ": " + std::strerror(err);
  return r;
}

}  // namespace

CommandResult run_command(const std::vector<std::string>& argv, const std::string& cwd,
                          const std::string& stdin_text) {
  Pipe in, out, err, exec_status;
  if (!make_pipe(in) || !make_pipe(out) || !make_pipe(err) || !make_pipe(exec_status)) {
    int e = errno;
    close_pipe(in), close_pipe(out), close_pipe(err), close_pipe(exec_status);
    return start_failed("pipe", e);
  }

  std::vector<char*> args;
  args.reserve(argv.size() + 1);
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);

  pid_t pid = fork();
  if (pid < 0) {
    int e = errno;
    close_pipe(in), close_pipe(out), close_pipe(err), close_pipe(exec_status);
    return start_failed("fork", e);
  }
  if (pid == 0) {
    // Child: only async-signal-safe calls from here on.
    dup2(in.read_fd, STDIN_FILENO);
    dup2(out.write_fd, STDOUT_FILENO);
    dup2(err.write_fd, STDERR_FILENO);
    int e = 0;
    if (!cwd.empty() && chdir(cwd.c_str()) != 0) {
      e = errno;
    } else {
      execvp(args[0], args.data());
      e = errno;
    }
    ssize_t ignored = write(exec_status.write_fd, &e, sizeof e);
    (void)ignored;
    _exit(127);
  }

  close_fd(in.read_fd);
  close_fd(out.write_fd);
  close_fd(err.write_fd);
  close_fd(exec_status.write_fd);

  int child_errno = 0;
  ssize_t got = read(exec_status.read_fd, &child_errno, sizeof child_errno);
  close_fd(exec_status.read_fd);
  if (got == static_cast<ssize_t>(sizeof child_errno)) {
    close_pipe(in), close_pipe(out), close_pipe(err);
    int status = 0;
    waitpid(pid, &status, 0);
    return start_failed((cwd.empty() ? "" : "chdir " + cwd + " / ") + "exec " + argv[0],
                        child_errno);
  }

  // A child that exits without reading its stdin must not kill us with SIGPIPE. Ignored for
  // good (not restored) so concurrent calls cannot undo each other's setting.
  static std::once_flag ignore_sigpipe;
  std::call_once(ignore_sigpipe, [] { signal(SIGPIPE, SIG_IGN); });

  CommandResult result;
  size_t stdin_written = 0;
  if (stdin_text.empty()) {
    close_fd(in.write_fd);
  } else {
    // POLLOUT only promises room for PIPE_BUF bytes; a blocking write of more could stall while
    // the child waits for us to drain its stdout.
    fcntl(in.write_fd, F_SETFL, fcntl(in.write_fd, F_GETFL) | O_NONBLOCK);
  }
  char buf[65536];
  while (out.read_fd >= 0 || err.read_fd >= 0 || in.write_fd >= 0) {
    pollfd fds[3];
    int n = 0;
    int out_i = -1, err_i = -1, in_i = -1;
    if (out.read_fd >= 0) out_i = n, fds[n++] = {out.read_fd, POLLIN, 0};
    if (err.read_fd >= 0) err_i = n, fds[n++] = {err.read_fd, POLLIN, 0};
    if (in.write_fd >= 0) in_i = n, fds[n++] = {in.write_fd, POLLOUT, 0};
    if (poll(fds, n, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    auto drain = [&](int i, int& fd, std::string& sink) {
      if (i < 0 || fds[i].revents == 0) return;
      ssize_t r = read(fd, buf, sizeof buf);
      if (r > 0) {
        sink.append(buf, static_cast<size_t>(r));
      } else if (r == 0 || errno != EINTR) {
        close_fd(fd);
      }
    };
    drain(out_i, out.read_fd, result.out_text);
    drain(err_i, err.read_fd, result.err_text);
    if (in_i >= 0 && fds[in_i].revents != 0) {
      ssize_t w = write(in.write_fd, stdin_text.data() + stdin_written,
                        stdin_text.size() - stdin_written);
      if (w > 0) stdin_written += static_cast<size_t>(w);
      bool retry = w < 0 && (errno == EINTR || errno == EAGAIN);
      if ((w < 0 && !retry) || stdin_written == stdin_text.size()) close_fd(in.write_fd);
    }
  }
  close_pipe(in), close_pipe(out), close_pipe(err);

  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status)) {
    result.exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    result.exit_code = 128 + WTERMSIG(status);
  }
  return result;
}

}  // namespace keysweep
