// HistorySource: every distinct blob of a git history, scanned once, reported where it entered.
//
// The commits are those reachable from the requested revisions (default HEAD; --all: every ref,
// branches, tags, remote-tracking refs, notes and the stash, plus a detached HEAD) and not from
// the excluded ones (`^X`, the left side of `A..B`, the merge base of `A...B`, --since-commit),
// or those of a CommitRange (`keysweep pre-push`: what the push sends that the remote lacks).
// history_walk.h works out, from trees alone, where each blob was introduced: the commit
// (parents before children) whose tree first has it at a path that no parent had it at, a merge
// resolution at the merge, a rename not at all (it counts as one more occurrence). Each distinct
// blob is then one WorkItem with one Place per introduction (path, commit, author, email, date,
// occurrences), so a secret is one finding per place it entered, not one per commit.
//
// enumerate() walks (trees and commits only, on the producer thread) and hands out the new
// blobs in batches (16,384 blobs), each sorted by pack offset, so that consecutive reads share
// delta bases, while scanning overlaps the walk (the bounded queue paces it). A blob that gains
// a place after it was handed out (copied in a later batch) is handed out again after the walk
// for those places only (one more read; copies are few). Each
// WorkItem::load reads its blob on a worker thread through that worker's own HistoryLoader
// (history_loader.h: the pack reader, libgit2 for what it cannot place): size from the object
// header first (over --max-file-size: skipped, never read), then the bytes, then the binary
// probe. Memory: the walk's records (history_walk.h: about 48 MB for git/git), a batch's blob indices (16 bytes each), the queue's
// items (a few places each), per worker one blob and its chunk (each at most --max-file-size)
// and the reader's delta-base cache (history_loader.h: 64 MiB), the packs' indexes (mapped;
// 4 bytes per object of offset order: pack_index.h).
//
// A range with a boundary (--since-commit, A..B) also reads each changed path's version before
// the range (history_walk.h: bases) as a context item (source.h: WorkItem::context), so that a
// secret already there is not reported again (finding/first_seen.h).
//
// Symbolic links and submodules have no content here: each path is listed as skipped once. In
// a shallow clone the boundary commits have no parents (shallow_roots() lists them), so all of
// their files count as introduced there. The scan never writes to the repository.
//
// Thread safety: see source.h. Errors: open() fails for a path outside a repository or a
// revision that does not resolve to a commit; enumerate() fails when a commit or tree cannot be
// read; a blob that cannot be read is a soft error naming its id, path and commit.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "scanner/source/git/commit_graph.h"
#include "scanner/source/git/commit_range.h"
#include "scanner/source/git/history_loader.h"
#include "scanner/source/git/object_id.h"
#include "scanner/source/git/pack/object_database.h"
#include "scanner/source/git/repository.h"
#include "scanner/source/source.h"

namespace keysweep {

struct HistoryRequest {
  std::vector<std::string> revisions;  // as git spells them: main, v1.0..main, A...B, ^old
  bool all = false;                    // every ref (and HEAD)
  std::string since_commit;            // only commits not reachable from this revision
  // Commits as a CommitRange (commit_range.h), as `keysweep pre-push` builds one: the pushed
  // tips, less what the remote-tracking refs (hide_globs) and the remote's old tips
  // (remote_tips, ignored when not local) reach. Joined with what the fields above select.
  // When set, nothing named means nothing to walk, never HEAD: a push that only deletes
  // branches sends no commits.
  std::optional<CommitRange> range;
  // --shard I/N: only the blobs in shard I (1-based) of N, a partition by blob id (the id's
  // first 8 bytes, big-endian, modulo N), so N jobs together scan each blob exactly once. Every
  // shard walks the same commits; symbolic links and submodules are listed by shard 1 only.
  uint32_t shard_index = 1;
  uint32_t shard_count = 1;
  // Each worker's delta-base cache (history_loader.h). An audit reads long delta chains and
  // wants the default; a push reads a few blobs and keeps the hook's memory small.
  size_t cache_bytes = kHistoryCacheBytes;
  // Keep the id of every blob the walk found, in every shard (blob_ids()): 20 bytes a blob
  // (git/git: 8.5 MB), for `keysweep sweep --unreachable`, which scans the blobs no walk found.
  bool keep_blob_ids = false;
  // When set, the walk appends every commit it reads to this graph (commit_graph.h), which the
  // caller owns and which must outlive enumerate(): the sweep's reachability needs no second walk.
  CommitGraph* graph = nullptr;
};

// The shard (1-based, of `count`) that blob `id` belongs to.
uint32_t shard_of(const ObjectId& id, uint32_t count);

class HistorySource : public Source {
 public:
  static Result<std::unique_ptr<HistorySource>> open(const std::string& path, const HistoryRequest& request,
                                                     const LoadLimits& limits);
  Status enumerate(const std::function<void(WorkItem)>& emit) override;
  std::unique_ptr<Loader> make_loader() override;
  // Commits walked of the total, then the number of blobs to scan.
  void set_progress(Progress* progress) override { progress_ = progress; }
  // A whole pack-order batch (enumerate) and then some: the walk hands a batch out at once and
  // goes on walking while the workers read it. With the default 64 per thread the queue filled,
  // the walk waited for room, and the workers ran dry while it walked on to the next batch
  // (git/git, -j2: 1.55 of 2 cores busy). At ~1 KB per item (its places' provenance strings)
  // a batch of 16,384 holds ~16 MB.
  size_t queue_depth(unsigned threads) const override { return pack_order_batch_ + size_t{threads} * 64; }

  const std::string& workdir() const { return workdir_; }
  size_t commits() const { return commits_.size(); }
  // Distinct blobs of this shard the walk found introduced (known once enumerate() has run).
  size_t blobs() const { return blobs_; }
  // In how many places each blob was introduced (renames included), for the blobs with more
  // than one; the others have 1. Known once enumerate() has run. The places a WorkItem carries
  // say 1: this is final only after the walk (finding/first_seen.h: annotate_occurrences).
  const std::unordered_map<std::string, uint32_t>& occurrences() const { return occurrences_; }
  // Object reads (blobs, and the walk's trees and commits) the pack reader could not serve (loose objects, damaged or unopened packs), so
  // libgit2 did them; final once the scan is done. Depends on the pack layout: for the text
  // summary only, never for JSON or SARIF (which must not change when a repository is repacked).
  uint64_t fallback_reads() const { return fallbacks_.reads.load() + walk_libgit2_reads_; }
  // Packs or alternates the reader left out, and why (their objects go through libgit2).
  const std::vector<std::string>& pack_problems() const { return pack_problems_; }
  // Hex ids of walked commits whose parents a shallow clone does not have, in walk order.
  const std::vector<std::string>& shallow_roots() const { return shallow_roots_; }
  // With HistoryRequest::keep_blob_ids: every blob the walk found (any shard), in order of first
  // introduction; known once enumerate() has run. Empty otherwise.
  const std::vector<ObjectId>& blob_ids() const { return blob_ids_; }

 private:
  HistorySource() = default;
  std::string path_;
  std::string workdir_;
  LoadLimits limits_;
  uint32_t shard_index_ = 1;
  uint32_t shard_count_ = 1;
  size_t cache_bytes_ = kHistoryCacheBytes;
  bool keep_blob_ids_ = false;
  CommitGraph* graph_ = nullptr;
  std::vector<ObjectId> blob_ids_;
  size_t pack_order_batch_ = 16384;  // enumerate(): new blobs handed out per pack-order batch
  std::unique_ptr<Repository> repo_;  // the producer's handle
  std::shared_ptr<const ObjectDatabase> objects_;  // null: no pack reader, libgit2 only
  std::vector<std::string> pack_problems_;
  FallbackCounter fallbacks_;
  uint64_t walk_libgit2_reads_ = 0;
  Progress* progress_ = nullptr;
  std::vector<ObjectId> commits_;     // to walk, parents before children
  std::unordered_set<std::string> shallow_;
  std::vector<std::string> shallow_roots_;
  size_t blobs_ = 0;
  std::unordered_map<std::string, uint32_t> occurrences_;  // hex blob id -> places, when > 1
};

}  // namespace keysweep
