// Reading, writing and placing the user-rule cache; see rule_cache.h.
#include "scanner/ruleset/rule_cache.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "scanner/base/regular_file.h"

namespace keysweep {
namespace fs = std::filesystem;
namespace {

// A compiled group of user rules is a few MB at most (Vectorscan's limit on a pattern is 16,000
// characters, the rule limits in rule_limits.h bound their number); anything larger is not ours.
constexpr uint64_t kMaxCachedGroupBytes = 256ull << 20;

// Symlinks and ".." resolved as far as the path exists; absolute and normalised either way.
fs::path resolved(const std::string& p) {
  std::error_code ec;
  fs::path abs = fs::absolute(p, ec);
  if (ec) abs = fs::path(p);
  fs::path out = fs::weakly_canonical(abs, ec);
  if (ec) out = abs.lexically_normal();
  // "a/b/" and "a/b" name the same folder; keep the comparison component-wise.
  if (!out.empty() && !out.has_filename()) out = out.parent_path();
  return out;
}

// True when `dir` or one of its ancestors holds a `.git` entry (a work tree or a linked
// worktree's pointer file) or is itself a git dir: a dotfiles repository holding $HOME. Such a
// tree may be scanned by a later command (or is the one the user is in), so no cache goes there
// whatever the current command scans.
bool inside_git_tree(const std::string& dir) {
  std::error_code ec;
  for (fs::path p = resolved(dir); !p.empty(); p = p.parent_path()) {
    if (fs::exists(p / ".git", ec)) return true;
    if (p.filename() == ".git" || (fs::exists(p / "HEAD", ec) && fs::is_directory(p / "objects", ec))) return true;
    if (p == p.parent_path()) break;
  }
  return false;
}

}  // namespace

bool path_is_within(const std::string& path, const std::string& root) {
  const fs::path p = resolved(path);
  const fs::path r = resolved(root);
  auto pi = p.begin();
  for (auto ri = r.begin(); ri != r.end(); ++ri, ++pi) {
    if (pi == p.end() || *pi != *ri) return false;
  }
  return true;
}

std::string cache_dir_outside(const std::string& dir, const std::vector<std::string>& scanned_roots) {
  if (dir.empty()) return "";
  for (const std::string& root : scanned_roots) {
    if (!root.empty() && path_is_within(dir, root)) return "";
  }
  if (inside_git_tree(dir)) return "";
  return dir;
}

std::shared_ptr<const PrefilterGroup> read_cached_group(const std::string& dir, const std::string& key,
                                                       const std::vector<const Rule*>& rules) {
  if (dir.empty()) return nullptr;
  // Never a blocking open (a FIFO planted at the cache path): read_regular_file refuses it.
  Result<std::string> bytes = read_regular_file(dir + "/" + key + ".hsdb", "rule cache", kMaxCachedGroupBytes);
  if (!bytes) return nullptr;
  auto group = PrefilterGroup::deserialize(*bytes, rules);
  return group ? group.value() : nullptr;
}

void write_cached_group(const std::string& dir, const std::string& key, const PrefilterGroup& group) {
  if (dir.empty()) return;
  auto bytes = group.serialize();
  if (!bytes) return;
  std::error_code ec;
  fs::create_directories(dir, ec);
  const std::string path = dir + "/" + key + ".hsdb";
  const std::string tmp = path + ".tmp" + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return;
    out.write(bytes->data(), static_cast<std::streamsize>(bytes->size()));
    if (!out) return;
  }
  fs::rename(tmp, path, ec);
  if (ec) fs::remove(tmp, ec);
}

}  // namespace keysweep
