// install-hook and uninstall-hook. The rules that keep a user's own hook safe:
//   - a hook is ours only if it is a regular file with the marker line; anything else (another
//     tool's script, a symlink, even a dangling one) is foreign;
//   - a foreign hook is never overwritten: without --force we stop, with --force it is renamed to
//     <hook>.keysweep-backup, and a backup that is already there and differs is never replaced;
//   - files change by rename only: the new hook is written to a temporary file beside it and
//     renamed over, so git never runs a half-written hook, and a failure midway is undone.
// The installed hook finds the backup by its name beside itself at run time, so the same script
// serves with and without one, and uninstall-hook only has to rename the backup back.
#include "scanner/app/hook_command.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "scanner/app/hook_scripts.h"
#include "scanner/base/status.h"
#include "scanner/source/git/repository.h"

namespace keysweep {
namespace {

namespace fs = std::filesystem;

constexpr int kExitOk = 0;
constexpr int kExitError = 2;
constexpr const char* kBackupSuffix = ".keysweep-backup";

int fail(const std::string& message) {
  std::cerr << "keysweep: error: " << message << "\n";
  return kExitError;
}

struct HookPaths {
  std::string hook;    // <hooks dir>/<name>
  std::string backup;  // <hooks dir>/<name>.keysweep-backup
};

Result<HookPaths> locate(const std::string& repo_path, const std::string& hook) {
  if (hook_script_template(hook).empty()) {
    return Status::error("unknown hook '" + hook + "' (choose pre-commit or pre-push)");
  }
  Result<std::unique_ptr<Repository>> repo = Repository::discover(repo_path);
  if (!repo) return repo.status();
  Result<std::string> dir = (*repo)->hooks_dir();
  if (!dir) return dir.status();
  const std::string path = (fs::path(*dir) / hook).string();
  return HookPaths{path, path + kBackupSuffix};
}

Result<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::error("cannot read " + path + ": " + std::strerror(errno));
  std::stringstream buf;
  buf << in.rdbuf();
  if (in.bad()) return Status::error("cannot read " + path);
  return buf.str();
}

enum class Existing { kNone, kOurs, kForeign };

// Looks at the path itself, not through a symlink.
Result<Existing> classify(const std::string& path) {
  std::error_code ec;
  const fs::file_status st = fs::symlink_status(path, ec);
  if (ec && st.type() != fs::file_type::not_found) {
    return Status::error("cannot inspect " + path + ": " + ec.message());
  }
  if (st.type() == fs::file_type::not_found) return Existing::kNone;
  if (st.type() != fs::file_type::regular) return Existing::kForeign;
  Result<std::string> text = read_file(path);
  if (!text) return text.status();
  return is_keysweep_hook(*text) ? Existing::kOurs : Existing::kForeign;
}

bool exists_here(const std::string& path) {
  std::error_code ec;
  return fs::symlink_status(path, ec).type() != fs::file_type::not_found;
}

// Both regular files with the same bytes.
bool same_file_content(const std::string& a, const std::string& b) {
  std::error_code ec;
  if (fs::symlink_status(a, ec).type() != fs::file_type::regular) return false;
  if (fs::symlink_status(b, ec).type() != fs::file_type::regular) return false;
  Result<std::string> ta = read_file(a);
  Result<std::string> tb = read_file(b);
  return ta && tb && *ta == *tb;
}

// The running binary, so the hook runs this keysweep even when it is not on git's PATH.
Result<std::string> self_path() {
  std::string buf(4096, '\0');
  const ssize_t n = readlink("/proc/self/exe", buf.data(), buf.size());
  if (n <= 0 || static_cast<size_t>(n) >= buf.size()) {
    return Status::error(std::string("cannot find the keysweep binary (/proc/self/exe): ") +
                         std::strerror(errno));
  }
  buf.resize(static_cast<size_t>(n));
  return buf;
}

// Writes `content` with mode 0755 to a new temporary file beside `target`; returns its path.
Result<std::string> write_beside(const std::string& target, const std::string& content) {
  std::string tmp = target + ".keysweep-XXXXXX";
  const int fd = mkstemp(tmp.data());
  if (fd < 0) return Status::error("cannot create a file beside " + target + ": " + std::strerror(errno));
  size_t done = 0;
  while (done < content.size()) {
    const ssize_t n = write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += static_cast<size_t>(n);
  }
  const int saved = errno;
  const bool ok = done == content.size() && fchmod(fd, 0755) == 0 && fsync(fd) == 0;
  if (close(fd) != 0 || !ok) {
    unlink(tmp.c_str());
    return Status::error("cannot write " + tmp + ": " + std::strerror(ok ? errno : saved));
  }
  return tmp;
}

Status rename_file(const std::string& from, const std::string& to) {
  if (std::rename(from.c_str(), to.c_str()) != 0) {
    return Status::error("cannot rename " + from + " to " + to + ": " + std::strerror(errno));
  }
  return Status::ok();
}

}  // namespace

int run_install_hook(const std::string& repo_path, const std::string& hook, bool force) {
  Result<HookPaths> paths = locate(repo_path, hook);
  if (!paths) return fail(paths.status().message());
  Result<std::string> self = self_path();
  if (!self) return fail(self.status().message());
  Result<std::string> script = render_hook_script(hook, *self);
  if (!script) return fail(script.status().message());

  const fs::path dir = fs::path(paths->hook).parent_path();
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return fail("cannot create the hooks folder " + dir.string() + ": " + ec.message());

  Result<Existing> existing = classify(paths->hook);
  if (!existing) return fail(existing.status().message());
  const bool foreign = *existing == Existing::kForeign;
  if (foreign && !force) {
    return fail("a " + hook + " hook that keysweep did not install already exists at " + paths->hook +
                "; left it alone. Re-run with --force to keep it as " + paths->backup +
                " and have keysweep's hook run it first");
  }
  if (foreign && exists_here(paths->backup) && !same_file_content(paths->hook, paths->backup)) {
    return fail("cannot keep the existing hook " + paths->hook + ": a different " + paths->backup +
                " already exists; move one of them away and re-run");
  }

  Result<std::string> tmp = write_beside(paths->hook, *script);
  if (!tmp) return fail(tmp.status().message());
  if (foreign) {
    if (Status st = rename_file(paths->hook, paths->backup); !st) {
      unlink(tmp->c_str());
      return fail(st.message());
    }
  }
  if (Status st = rename_file(*tmp, paths->hook); !st) {
    unlink(tmp->c_str());
    // Put the user's hook back where it was.
    if (foreign) (void)rename_file(paths->backup, paths->hook);
    return fail(st.message());
  }

  std::cout << "keysweep: " << (*existing == Existing::kOurs ? "updated" : "installed") << " the "
            << hook << " hook at " << paths->hook;
  if (foreign) {
    std::cout << "; the previous hook is now " << paths->backup << " and runs first";
  } else if (exists_here(paths->backup)) {
    std::cout << "; it runs " << paths->backup << " first";
  }
  std::cout << "\n";
  return kExitOk;
}

int run_uninstall_hook(const std::string& repo_path, const std::string& hook) {
  Result<HookPaths> paths = locate(repo_path, hook);
  if (!paths) return fail(paths.status().message());
  Result<Existing> existing = classify(paths->hook);
  if (!existing) return fail(existing.status().message());
  const bool has_backup = exists_here(paths->backup);

  switch (*existing) {
    case Existing::kNone:
      std::cout << "keysweep: no " << hook << " hook at " << paths->hook << ", nothing to remove";
      if (has_backup) std::cout << " (" << paths->backup << " is still there; rename it to restore it)";
      std::cout << "\n";
      return kExitOk;
    case Existing::kForeign:
      return fail("the " + hook + " hook at " + paths->hook + " was not installed by keysweep; left it alone");
    case Existing::kOurs:
      break;
  }
  if (has_backup) {
    // One rename replaces our hook with the user's: there is no moment without a hook.
    if (Status st = rename_file(paths->backup, paths->hook); !st) return fail(st.message());
    std::cout << "keysweep: removed the " << hook << " hook at " << paths->hook
              << " and restored the previous hook from " << paths->backup << "\n";
    return kExitOk;
  }
  if (unlink(paths->hook.c_str()) != 0) {
    return fail("cannot remove " + paths->hook + ": " + std::strerror(errno));
  }
  std::cout << "keysweep: removed the " << hook << " hook at " << paths->hook << "\n";
  return kExitOk;
}

}  // namespace keysweep
