#include "scanner/source/git/unreachable_source.h"

#include <git2.h>

#include <algorithm>
#include <optional>

#include "scanner/source/git/git_loader.h"
#include "scanner/source/git/git_objects.h"
#include "scanner/source/git/repository.h"

namespace keysweep {
namespace {

bool id_less(const ObjectId& a, const ObjectId& b) { return a.bytes < b.bytes; }

struct Listing {
  const std::vector<ObjectId>* seen;
  std::vector<ObjectId> candidates;
};

int list_object(const git_oid* id, void* payload) {
  auto* l = static_cast<Listing*>(payload);
  const ObjectId o = to_object_id(*id);
  if (!std::binary_search(l->seen->begin(), l->seen->end(), o, id_less)) l->candidates.push_back(o);
  return 0;
}

}  // namespace

Result<std::unique_ptr<UnreachableSource>> UnreachableSource::open(const std::string& path, std::vector<ObjectId> seen) {
  auto repo = Repository::discover(path);
  if (!repo) return repo.status();
  std::unique_ptr<UnreachableSource> s(new UnreachableSource());
  s->path_ = path;
  std::sort(seen.begin(), seen.end(), id_less);
  s->seen_ = std::move(seen);
  return s;
}

std::unique_ptr<Loader> UnreachableSource::make_loader() { return std::make_unique<GitLoader>(path_); }

Status UnreachableSource::enumerate(const std::function<void(WorkItem)>& emit) {
  auto repo = Repository::discover(path_);
  if (!repo) return repo.status();
  GitOdb odb;
  if (Status st = git_check(git_repository_odb(&odb.ptr, (*repo)->get()), "opening the object database"); !st) {
    return st;
  }
  Listing listing{&seen_, {}};
  if (Status st = git_check(git_odb_foreach(odb.ptr, list_object, &listing), "listing the object database"); !st) {
    return st;
  }
  // A loose object that is also packed is listed twice.
  std::sort(listing.candidates.begin(), listing.candidates.end(), id_less);
  listing.candidates.erase(std::unique(listing.candidates.begin(), listing.candidates.end()), listing.candidates.end());
  for (const ObjectId& id : listing.candidates) {
    const git_oid oid = to_git_oid(id);
    size_t size = 0;
    git_object_t type = GIT_OBJECT_INVALID;
    if (git_odb_read_header(&size, &type, odb.ptr, &oid) != 0 || type != GIT_OBJECT_BLOB) continue;
    ++blobs_;
    WorkItem item;
    item.blob = id.hex();
    item.path = "<unreachable>/" + item.blob;
    item.load = [path = path_, oid, display = item.path](Loader* loader, const LoadLimits& limits) {
      LoadResult out;
      std::optional<GitLoader> own;
      Result<Repository*> r = GitLoader::of(loader, path, &own).repository();
      if (!r) {
        out.error = r.status().message();
        return out;
      }
      GitBlob blob;
      const std::optional<std::string_view> content =
          read_scannable_blob((*r)->get(), oid, display, "unreachable", limits, &blob, &out);
      if (!content) return out;
      Provenance p;
      p.path = display;
      p.source = "unreachable";
      p.blob = oid_hex(oid);
      out.chunk.emplace(std::string(*content), std::move(p));
      return out;
    };
    emit(std::move(item));
  }
  return Status::ok();
}

}  // namespace keysweep
