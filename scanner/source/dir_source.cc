// Walking directories without recursion (a deep tree cannot overflow the stack), in sorted
// order, reporting every entry it does not scan.
#include "scanner/source/dir_source.h"

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

namespace keysweep {
namespace fs = std::filesystem;

namespace {

std::string display_prefix(const std::string& arg) {
  std::string p = fs::path(arg).lexically_normal().generic_string();
  while (p.size() > 1 && p.back() == '/') p.pop_back();
  if (p == "." || p.empty()) return "";
  return p + "/";
}

std::string display_file(const std::string& arg) {
  std::string p = fs::path(arg).lexically_normal().generic_string();
  return p;
}

WorkItem file_item(std::string fs_path, std::string display, bool named) {
  WorkItem item;
  item.path = display;
  item.named = named;
  // A path the user named is opened even through a symlink; links met in a walk are not followed.
  item.load = [fs_path = std::move(fs_path), display = std::move(display), named](const LoadLimits& limits) {
    return load_file(fs_path, display, limits, /*follow_symlinks=*/named);
  };
  return item;
}

WorkItem skipped_item(std::string display, std::string reason, std::string detail, bool named) {
  WorkItem item;
  item.path = display;
  item.named = named;
  item.load = [=](const LoadLimits&) {
    LoadResult r;
    r.skipped = Skipped{display, reason, detail};
    return r;
  };
  return item;
}

WorkItem error_item(std::string display, std::string message) {
  WorkItem item;
  item.path = display;
  item.load = [message = std::move(message)](const LoadLimits&) {
    LoadResult r;
    r.error = message;
    return r;
  };
  return item;
}

}  // namespace

LoadResult load_file(const std::string& fs_path, const std::string& display, const LoadLimits& limits,
                     bool follow_symlinks) {
  LoadResult out;
  const int fd = ::open(fs_path.c_str(), O_RDONLY | O_CLOEXEC | (follow_symlinks ? 0 : O_NOFOLLOW));
  if (fd < 0) {
    out.error = "reading " + display + ": " + std::strerror(errno);
    return out;
  }
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    out.error = "reading " + display + ": " + std::strerror(errno);
    ::close(fd);
    return out;
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    out.skipped = Skipped{display, "not-regular", "not a regular file"};
    return out;
  }
  if (static_cast<uint64_t>(st.st_size) > limits.max_file_size) {
    ::close(fd);
    out.skipped = Skipped{display, "too-large",
                          std::to_string(st.st_size) + " bytes, over --max-file-size (" +
                              std::to_string(limits.max_file_size) + ")"};
    return out;
  }
  std::string bytes(static_cast<size_t>(st.st_size), '\0');
  size_t got = 0;
  while (got < bytes.size()) {
    const ssize_t n = ::read(fd, bytes.data() + got, bytes.size() - got);
    if (n == 0) break;  // the file shrank while we read it: scan what is there
    if (n < 0) {
      if (errno == EINTR) continue;
      out.error = "reading " + display + ": " + std::strerror(errno);
      ::close(fd);
      return out;
    }
    got += static_cast<size_t>(n);
  }
  ::close(fd);
  bytes.resize(got);
  if (auto skip = classify_content(bytes, display, limits)) {
    out.skipped = std::move(skip);
    return out;
  }
  out.chunk.emplace(std::move(bytes), Provenance{display, "dir", "", ""});
  return out;
}

Result<std::unique_ptr<DirSource>> DirSource::open(const std::vector<std::string>& paths) {
  if (paths.empty()) return Status::error("no path given: usage: keysweep dir PATH...");
  std::unique_ptr<DirSource> src(new DirSource());
  for (const std::string& p : paths) {
    std::error_code ec;
    const fs::file_status st = fs::status(p, ec);
    if (ec || !fs::exists(st)) {
      return Status::error("path '" + p + "' does not exist or cannot be examined" +
                           (ec ? ": " + ec.message() : std::string()));
    }
    Root root;
    root.fs_path = p;
    root.is_dir = fs::is_directory(st);
    root.prefix = root.is_dir ? (paths.size() == 1 ? "" : display_prefix(p)) : display_file(p);
    src->roots_.push_back(std::move(root));
  }
  return src;
}

// The walk opens each directory itself (open + fdopendir, never following a final symlink) and
// checks that it is still the directory its parent listed (same device and inode): a folder
// swapped for a symlink between the listing and the visit would otherwise lead the walk out of
// the tree. Paths are opened whole, so a path of PATH_MAX bytes or more cannot be opened; it is
// reported as a soft error instead of descending (depth is bounded by PATH_MAX / 2 levels, and
// the explicit stack means no recursion at any depth).
Status DirSource::enumerate(const std::function<void(WorkItem)>& emit) {
  struct Pending {
    std::string fs_path;
    std::string display;  // "" for the root, else ends in '/'
    bool verify = false;  // met in a walk: must still be the listed directory
    dev_t dev = 0;
    ino_t ino = 0;
  };
  const auto label = [](const std::string& display) { return display.empty() ? std::string(".") : display; };
  const auto too_long = [](const std::string& fs_path) { return fs_path.size() >= PATH_MAX; };
  for (const Root& root : roots_) {
    if (!root.is_dir) {
      emit(file_item(root.fs_path, root.prefix, /*named=*/true));
      continue;
    }
    std::vector<Pending> stack;
    stack.push_back(Pending{root.fs_path, root.prefix});
    while (!stack.empty()) {
      Pending dir = std::move(stack.back());
      stack.pop_back();
      const std::string where = label(dir.display);
      if (too_long(dir.fs_path)) {
        emit(error_item(where, "not scanning " + where + ": its path is " + std::to_string(dir.fs_path.size()) +
                                   " bytes, at or over the system limit (PATH_MAX " + std::to_string(PATH_MAX) + ")"));
        continue;
      }
      // The root was named by the user and may be a symlink; anything below may not.
      const int fd = ::open(dir.fs_path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC | (dir.verify ? O_NOFOLLOW : 0));
      if (fd < 0) {
        const int err = errno;
        if (dir.verify && (err == ELOOP || err == ENOTDIR)) {
          emit(skipped_item(where, "changed", "replaced by a symbolic link or a file during the scan; not followed", false));
        } else {
          emit(error_item(where, "reading directory " + where + ": " + std::strerror(err)));
        }
        continue;
      }
      struct stat st;
      if (::fstat(fd, &st) != 0) {
        const int err = errno;
        ::close(fd);
        emit(error_item(where, "reading directory " + where + ": " + std::strerror(err)));
        continue;
      }
      if (dir.verify && (st.st_dev != dir.dev || st.st_ino != dir.ino)) {
        ::close(fd);
        emit(error_item(where, "not scanning " + where + ": it was replaced by another directory during the scan"));
        continue;
      }
      DIR* d = ::fdopendir(fd);
      if (!d) {
        const int err = errno;
        ::close(fd);
        emit(error_item(where, "reading directory " + where + ": " + std::strerror(err)));
        continue;
      }
      std::vector<std::pair<std::string, unsigned char>> entries;  // name, d_type
      while (true) {
        errno = 0;
        const dirent* e = ::readdir(d);
        if (!e) {
          if (errno != 0) emit(error_item(where, "reading directory " + where + ": " + std::strerror(errno)));
          break;
        }
        const std::string_view name = e->d_name;
        if (name == "." || name == "..") continue;
        entries.emplace_back(std::string(name), e->d_type);
      }
      std::sort(entries.begin(), entries.end());
      const std::string base = dir.fs_path.back() == '/' ? dir.fs_path : dir.fs_path + "/";
      std::vector<Pending> subdirs;
      for (const auto& [name, d_type] : entries) {
        const std::string display = dir.display + name;
        unsigned char type = d_type;
        struct stat est;
        // Directories need their identity (checked when visited); unknown types need a look.
        if (type == DT_DIR || type == DT_UNKNOWN) {
          if (::fstatat(::dirfd(d), name.c_str(), &est, AT_SYMLINK_NOFOLLOW) != 0) {
            emit(error_item(display, "examining " + display + ": " + std::strerror(errno)));
            continue;
          }
          type = S_ISDIR(est.st_mode) ? DT_DIR : S_ISLNK(est.st_mode) ? DT_LNK : S_ISREG(est.st_mode) ? DT_REG : DT_CHR;
        }
        if (type == DT_LNK) {
          emit(skipped_item(display, "symlink", "symbolic links are not followed", false));
        } else if (type == DT_DIR) {
          if (name == ".git") continue;  // git's own data; history sources read it properly
          subdirs.push_back(Pending{base + name, display + "/", true, est.st_dev, est.st_ino});
        } else if (type == DT_REG) {
          if (name == ".git") continue;  // a worktree's pointer file
          if (too_long(base + name)) {
            emit(error_item(display, "not scanning " + display + ": its path is " + std::to_string(base.size() + name.size()) +
                                         " bytes, at or over the system limit (PATH_MAX " + std::to_string(PATH_MAX) + ")"));
          } else {
            emit(file_item(base + name, display, false));
          }
        } else {
          emit(skipped_item(display, "not-regular", "not a regular file", false));
        }
      }
      ::closedir(d);
      // Push in reverse so the walk visits sub-directories in sorted order.
      for (auto it = subdirs.rbegin(); it != subdirs.rend(); ++it) stack.push_back(std::move(*it));
    }
  }
  return Status::ok();
}

}  // namespace keysweep
