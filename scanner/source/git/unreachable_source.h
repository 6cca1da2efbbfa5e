// UnreachableSource: the blobs of the object database that no walked commit holds (`keysweep
// sweep --unreachable`): a blob added to the index and then reset, or one whose commits a
// history rewrite dropped and `git gc` has not yet pruned. Dangling commits themselves are
// walked by a HistorySource (the sweep asks source/git/exposure.h which commits no ref
// reaches); this source takes what is left, blob by blob.
//
// enumerate() lists every object of the object database (git_odb_foreach: loose objects and
// every pack, alternates included), leaves out the ids in `seen` (the blobs the history walks
// found, sorted), reads the header of each other object to keep the blobs, and emits them in
// id order, each at the path "<unreachable>/<id>" with source "unreachable" (no commit). A load
// reads the size from the header first (over --max-file-size: skipped, never read), then the
// bytes and the binary probe (git_objects.h: read_scannable_blob).
//
// Cost: one header read per object not in `seen` (trees, commits, tags and the unreachable
// blobs): on git/git about 400,000 (a few seconds). Memory: the ids of the unseen blobs (20
// bytes each) before they are emitted; per worker one blob (at most --max-file-size).
// Thread safety: see source.h. Errors: open() fails outside a repository; enumerate() fails
// when the object database cannot be listed; an unreadable blob is a soft error.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "scanner/source/git/object_id.h"
#include "scanner/source/source.h"

namespace keysweep {

class UnreachableSource : public Source {
 public:
  // `seen`: blob ids to leave out, sorted ascending (ObjectId's operator<).
  static Result<std::unique_ptr<UnreachableSource>> open(const std::string& path, std::vector<ObjectId> seen);
  Status enumerate(const std::function<void(WorkItem)>& emit) override;
  std::unique_ptr<Loader> make_loader() override;
  // Blobs emitted (known once enumerate() has run).
  size_t blobs() const { return blobs_; }

 private:
  UnreachableSource() = default;
  std::string path_;
  std::vector<ObjectId> seen_;
  size_t blobs_ = 0;
};

}  // namespace keysweep
