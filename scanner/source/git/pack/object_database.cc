#include "scanner/source/git/pack/object_database.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <system_error>

#include "scanner/source/git/pack/alternates.h"

namespace keysweep {

namespace {

// True when the repository config beside `objects_dir` says extensions.objectFormat = sha256.
// A light scan of <objects>/../config (the usual layout); a repository whose objects live
// elsewhere is caught by the index layout check instead (pack_index.h).
bool says_sha256(const std::filesystem::path& objects_dir) {
  std::ifstream in(objects_dir.parent_path() / "config", std::ios::binary);
  if (!in) return false;
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::string squeezed;
  for (char c : text) {
    if (c != ' ' && c != '\t') squeezed.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return squeezed.find("objectformat=sha256") != std::string::npos;
}

}  // namespace

Result<std::shared_ptr<const ObjectDatabase>> ObjectDatabase::open(const std::string& objects_dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(objects_dir, ec)) return Status::error("object directory " + objects_dir + " does not exist");
  if (says_sha256(fs::path(objects_dir))) {
    return Status::error("object directory " + objects_dir + ": SHA-256 repositories are not supported");
  }
  ObjectDirectories dirs = resolve_object_directories(objects_dir);
  if (dirs.dirs.empty()) return Status::error("object directory " + objects_dir + " cannot be read");
  std::shared_ptr<ObjectDatabase> db(new ObjectDatabase());
  db->dirs_ = dirs.dirs;
  db->problems_ = std::move(dirs.problems);
  for (const std::string& dir : dirs.dirs) {
    struct Found {
      fs::file_time_type mtime;
      std::string idx;
    };
    std::vector<Found> found;
    for (auto it = fs::directory_iterator(fs::path(dir) / "pack", ec); !ec && it != fs::directory_iterator();
         it.increment(ec)) {
      const fs::path& p = it->path();
      if (p.extension() != ".idx") continue;
      fs::path pack = p;
      pack.replace_extension(".pack");
      std::error_code ec2;
      const fs::file_time_type mtime = fs::last_write_time(pack, ec2);
      if (ec2) continue;  // an index without its pack (git ignores it too)
      found.push_back(Found{mtime, p.string()});
    }
    std::sort(found.begin(), found.end(), [](const Found& a, const Found& b) {
      return a.mtime != b.mtime ? a.mtime > b.mtime : a.idx < b.idx;
    });
    for (const Found& f : found) {
      Result<std::shared_ptr<const PackFile>> pack = PackFile::open(f.idx);
      if (!pack) {
        db->problems_.push_back(pack.status().message());
        continue;
      }
      db->packs_.push_back(std::move(pack.value()));
    }
  }
  return std::shared_ptr<const ObjectDatabase>(std::move(db));
}

std::shared_ptr<const ObjectDatabase> ObjectDatabase::from_packs(std::vector<std::shared_ptr<const PackFile>> packs) {
  std::shared_ptr<ObjectDatabase> db(new ObjectDatabase());
  db->packs_ = std::move(packs);
  return db;
}

std::optional<PackLocation> ObjectDatabase::find(const ObjectId& id, std::optional<uint32_t> preferred) const {
  if (preferred && *preferred < packs_.size()) {
    if (std::optional<uint64_t> off = packs_[*preferred]->index().find(id)) return PackLocation{*preferred, *off};
  }
  for (uint32_t i = 0; i < packs_.size(); ++i) {
    if (preferred && i == *preferred) continue;
    if (std::optional<uint64_t> off = packs_[i]->index().find(id)) return PackLocation{i, *off};
  }
  return std::nullopt;
}

}  // namespace keysweep
