// DirSource: every regular file under the given paths, skipping `.git` folders.
//
// Paths in findings: with one directory argument, relative to it ("config/app.env"); otherwise
// the argument as typed joined with the relative path ("./a/config/app.env" -> "a/config/app.env").
// Symbolic links are not followed (a link into the tree is scanned at its target's own path; a
// link out of it is not the tree's content) and are counted as skipped. .gitignore is not honoured:
// ignored files such as .env are exactly where secrets hide.
//
// Device files and FIFOs met in a walk are skipped unopened. A folder swapped for a symlink between
// its listing and its visit is skipped ("changed"), one swapped for another folder is a soft
// error: the walk never leaves the tree. A path of PATH_MAX bytes or more is a soft error (its
// contents are not scanned).
//
// Thread safety: see source.h. Errors: open() fails for a path that does not exist or cannot be
// examined; an unreadable sub-directory or file is a soft error.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "scanner/source/source.h"

namespace keysweep {

class DirSource : public Source {
 public:
  static Result<std::unique_ptr<DirSource>> open(const std::vector<std::string>& paths);
  Status enumerate(const std::function<void(WorkItem)>& emit) override;

 private:
  struct Root {
    std::string fs_path;   // as given
    std::string prefix;    // display prefix ("" or "a/b/")
    bool is_dir = false;
  };
  std::vector<Root> roots_;
};

// Opens a file without ever blocking (O_NONBLOCK, and O_NOFOLLOW unless follow_symlinks), refuses
// anything fstat does not call regular ("not-regular", or "symlink"), applies the size limit,
// reads the binary probe and returns a stream over the rest. Permission and I/O errors give
// both an error and a Skipped "unreadable". `display` names the file in messages.
LoadResult load_file(const std::string& fs_path, const std::string& display, const LoadLimits& limits,
                     bool follow_symlinks);

}  // namespace keysweep
