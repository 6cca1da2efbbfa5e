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

#include "scanner/base/regular_file.h"

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
  item.load = [fs_path = std::move(fs_path), display = std::move(display), named](Loader*,
                                                                                  const LoadLimits& limits) {
    return load_file(fs_path, display, limits, /*follow_symlinks=*/named);
  };
  return item;
}

WorkItem skipped_item(std::string display, std::string reason, std::string detail, bool named) {
  WorkItem item;
  item.path = display;
  item.named = named;
  item.load = [=](Loader*, const LoadLimits&) {
    LoadResult r;
    r.skipped = Skipped{display, reason, detail};
    return r;
  };
  return item;
}

WorkItem error_item(std::string display, std::string message) {
  WorkItem item;
  item.path = display;
  item.load = [message = std::move(message)](Loader*, const LoadLimits&) {
    LoadResult r;
    r.error = message;
    return r;
  };
  return item;
}

}  // namespace

// Opening never blocks: O_NONBLOCK makes a FIFO (named by the user, or swapped in for a regular
// file after the walk's lstat) open at once, and fstat on the descriptor we got refuses anything
// that is not a regular file before a byte is read. Only the binary probe is read here; the rest
// is read window by window by the ChunkStream, so no buffer is ever sized from st_size.
LoadResult load_file(const std::string& fs_path, const std::string& display, const LoadLimits& limits,
                     bool follow_symlinks) {
  LoadResult out;
  const auto unreadable = [&](const std::string& why) {
    out.error = "reading " + display + ": " + why;
    out.skipped = Skipped{display, "unreadable", why};
    return std::move(out);
  };
  const int fd = ::open(fs_path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY | (follow_symlinks ? 0 : O_NOFOLLOW));
  if (fd < 0) {
    const int err = errno;
    struct stat lst;
    if (err == ELOOP && !follow_symlinks) {
      out.skipped = Skipped{display, "symlink", "symbolic links are not followed"};
      return out;
    }
    // A socket cannot be opened at all (ENXIO): it is not a file to read, not a read error.
    if (err == ENXIO && ::stat(fs_path.c_str(), &lst) == 0 && !S_ISREG(lst.st_mode)) {
      out.skipped = Skipped{display, "not-regular", file_kind_name(lst.st_mode) + ", not a regular file"};
      return out;
    }
    return unreadable(std::strerror(err));
  }
  // Owns fd from here: closes it on every return.
  auto reader = std::make_unique<FdReader>(fd, /*owned=*/true, display);
  struct stat st;
  if (::fstat(fd, &st) != 0) return unreadable(std::strerror(errno));
  if (!S_ISREG(st.st_mode)) {
    out.skipped = Skipped{display, "not-regular", file_kind_name(st.st_mode) + ", not a regular file"};
    return out;
  }
  // Regular files never block; clear O_NONBLOCK anyway so reads behave as documented.
  const int fl = ::fcntl(fd, F_GETFL);
  if (fl >= 0) (void)::fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
  const auto size = static_cast<uint64_t>(st.st_size);
  reader->set_remaining(size);
  if (size > limits.max_file_size) {
    out.skipped = Skipped{display, "too-large",
                          std::to_string(st.st_size) + " bytes, over --max-file-size (" +
                              std::to_string(limits.max_file_size) + ")"};
    return out;
  }
  std::string head(static_cast<size_t>(std::min<uint64_t>(size, limits.binary_probe)), '\0');
  size_t got = 0;
  while (got < head.size()) {
    Result<size_t> n = reader->read(head.data() + got, head.size() - got);
    if (!n) {
      out.error = n.status().message();
      out.skipped = Skipped{display, "unreadable", out.error};
      return out;
    }
    if (*n == 0) break;  // the file shrank while we read it: scan what is there
    got += *n;
  }
  head.resize(got);
  ContentClass content = classify(head, display, limits);
  if (content.skipped) {
    out.skipped = std::move(content.skipped);
    return out;
  }
  out.stream = std::make_unique<ChunkStream>(Provenance{display, "dir", "", ""}, content.encoding, std::move(head),
                                             std::move(reader), window_geometry(limits),
                                             size, /*check_overflow=*/false);
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
