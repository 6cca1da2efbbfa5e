// HistorySource (see the header): revisions to a commit list in open(), the walk and the blobs'
// places in enumerate(), each blob read on a worker by WorkItem::load.
#include "scanner/source/git/history_source.h"

#include <git2.h>

#include <algorithm>
#include <cstdlib>
#include <optional>

#include "scanner/source/git/commit_walk.h"
#include "scanner/source/git/git_objects.h"
#include "scanner/source/git/history_loader.h"
#include "scanner/source/git/history_walk.h"
#include "scanner/source/git/object_store.h"

namespace keysweep {
namespace {

// Every ref's commit and a detached HEAD's, as hex ids. A ref that names no commit (a tag of a
// tree or a blob) is left out, as `git log --all` leaves it out.
Result<std::vector<std::string>> all_ref_tips(git_repository* r) {
  std::vector<std::string> names;
  auto collect = [](const char* name, void* payload) -> int {
    static_cast<std::vector<std::string>*>(payload)->push_back(name);
    return 0;
  };
  if (Status st = git_check(git_reference_foreach_name(r, collect, &names), "listing refs"); !st) return st;
  names.push_back("HEAD");
  std::vector<std::string> tips;
  for (const std::string& name : names) {
    // Unborn HEAD, a broken ref, a tag of a tree: not a commit to walk.
    if (auto id = resolve_commit(r, name)) tips.push_back(oid_hex(*id));
  }
  std::sort(tips.begin(), tips.end());
  tips.erase(std::unique(tips.begin(), tips.end()), tips.end());
  return tips;
}

// One revision argument as git spells it: X, ^X, A..B, A...B (an empty side means HEAD).
Status add_revision(git_repository* r, const std::string& rev, CommitRange* range) {
  if (rev.empty()) return Status::error("an empty revision");
  if (rev[0] == '^') {
    range->exclude.push_back(rev.substr(1));
    return Status::ok();
  }
  const size_t dots = rev.find("..");
  if (dots == std::string::npos) {
    range->include.push_back(rev);
    return Status::ok();
  }
  const bool symmetric = rev.compare(dots, 3, "...") == 0;
  std::string left = rev.substr(0, dots);
  std::string right = rev.substr(dots + (symmetric ? 3 : 2));
  if (left.empty()) left = "HEAD";
  if (right.empty()) right = "HEAD";
  if (!symmetric) {
    range->exclude.push_back(left);
    range->include.push_back(right);
    return Status::ok();
  }
  // A...B: what either side has that the other lacks.
  auto a = resolve_commit(r, left);
  if (!a) return a.status();
  auto b = resolve_commit(r, right);
  if (!b) return b.status();
  range->include.push_back(oid_hex(*a));
  range->include.push_back(oid_hex(*b));
  git_oid base;
  const int rc = git_merge_base(&base, r, &*a, &*b);
  if (rc == 0) {
    range->exclude.push_back(oid_hex(base));
  } else if (rc != GIT_ENOTFOUND) {
    return git_check(rc, "finding the merge base of " + rev);
  }
  return Status::ok();
}

}  // namespace

uint32_t shard_of(const ObjectId& id, uint32_t count) {
  uint64_t v = 0;
  for (size_t i = 0; i < 8; ++i) v = (v << 8) | id.bytes[i];
  return static_cast<uint32_t>(v % std::max<uint32_t>(1, count)) + 1;
}

Result<std::unique_ptr<HistorySource>> HistorySource::open(const std::string& path, const HistoryRequest& request,
                                                           const LoadLimits& limits) {
  auto repo = Repository::discover(path);
  if (!repo) return repo.status();
  git_repository* r = (*repo)->get();
  std::unique_ptr<HistorySource> src(new HistorySource());
  src->path_ = path;
  src->workdir_ = (*repo)->workdir();
  src->limits_ = limits;
  if (request.shard_count == 0 || request.shard_index == 0 || request.shard_index > request.shard_count) {
    return Status::error("--shard must be I/N with 1 <= I <= N (got " + std::to_string(request.shard_index) + "/" +
                         std::to_string(request.shard_count) + ")");
  }
  src->shard_index_ = request.shard_index;
  src->shard_count_ = request.shard_count;
  src->cache_bytes_ = request.cache_bytes;
  src->keep_blob_ids_ = request.keep_blob_ids;
  src->graph_ = request.graph;
  // enumerate() says why 16,384; the variable is for tests only.
  if (const char* v = std::getenv("KEYSWEEP_TEST_PACK_ORDER_BATCH"); v && *v) {
    const unsigned long n = std::strtoul(v, nullptr, 10);
    if (n > 0) src->pack_order_batch_ = n;
  }

  CommitRange range = request.range.value_or(CommitRange{});
  if (request.all) {
    auto tips = all_ref_tips(r);
    if (!tips) return tips.status();
    range.include.insert(range.include.end(), tips->begin(), tips->end());
  }
  for (const std::string& rev : request.revisions) {
    if (Status st = add_revision(r, rev, &range); !st) return st;
  }
  if (!request.all && !request.range && range.include.empty()) {
    // Nothing named: HEAD, unless it has no commit yet (an empty repository has no history).
    if (git_repository_head_unborn(r) != 1) range.include.push_back("HEAD");
  }
  if (!request.since_commit.empty()) range.exclude.push_back(request.since_commit);
  // The pack reader of the hot path, over the repository's own object directory (and its
  // alternates). Trouble opening it only means every read goes through libgit2. (A SHA-256
  // repository never gets here: Repository::discover refuses it.)
  git_buf objects_path = GIT_BUF_INIT;
  if (git_repository_item_path(&objects_path, r, GIT_REPOSITORY_ITEM_OBJECTS) == 0) {
    auto db = ObjectDatabase::open(objects_path.ptr);
    if (db) {
      src->objects_ = std::move(db).value();
      src->pack_problems_ = src->objects_->problems();
    } else {
      src->pack_problems_.push_back(db.status().message());
    }
  }
  git_buf_dispose(&objects_path);
  // The commit walk reads through the same reader (commit_walk.h).
  ObjectStore store(r, src->objects_);
  auto walk = walk_commits(r, (*repo)->common_dir(), range, store);
  if (!walk) return walk.status();
  for (const git_oid& id : walk->commits) src->commits_.push_back(to_object_id(id));
  src->shallow_ = std::move(walk->shallow);
  src->shallow_roots_ = std::move(walk->shallow_roots);
  src->walk_libgit2_reads_ = store.libgit2_reads();
  src->repo_ = std::move(repo).value();
  return src;
}

std::unique_ptr<Loader> HistorySource::make_loader() {
  return std::make_unique<HistoryLoader>(path_, objects_, &fallbacks_, cache_bytes_);
}

Status HistorySource::enumerate(const std::function<void(WorkItem)>& emit) {
  std::vector<git_oid> commits;
  commits.reserve(commits_.size());
  for (const ObjectId& id : commits_) commits.push_back(to_git_oid(id));
  HistoryWalk walk;
  // Per blob of this shard: how many of its places have been handed out (the rest, a copy in a
  // later commit, go out again after the walk). Blobs of other shards: kOtherShard.
  constexpr uint32_t kOtherShard = UINT32_MAX;
  std::vector<uint32_t> handed_out;
  blobs_ = 0;
  // One WorkItem per blob and batch of places. Everything the load needs is copied into it, so
  // the walk can go on appending while workers load.
  auto emit_blob = [&](const git_oid& blob_id, std::vector<Place> places, bool context) {
    WorkItem item;
    item.path = places.front().provenance.path;
    item.blob = oid_hex(blob_id);
    item.context = context;
    item.load = [id = blob_id, places = std::move(places), path = path_](Loader* loader,
                                                                         const LoadLimits& limits) mutable {
      const Provenance& first = places.front().provenance;
      const std::string where = "at " + first.commit.substr(0, 12);
      // A caller without a worker loader (tests) reads through libgit2 alone.
      std::optional<HistoryLoader> own;
      HistoryLoader& reader = loader ? static_cast<HistoryLoader&>(*loader) : own.emplace(path, nullptr, nullptr, 0);
      LoadResult out = reader.load_blob(to_object_id(id), first, where, limits);
      out.places = std::move(places);
      return out;
    };
    emit(std::move(item));
  };
  auto hand_out = [&](uint32_t b, size_t from_place) {
    const HistoryBlob& blob = walk.blobs[b];
    std::vector<Place> places;
    for (size_t i = from_place; i < blob.places.size(); ++i) {
      const Introduction& in = blob.places[i];
      const HistoryCommit& c = walk.commits[in.commit];
      // occurrences is final only once the walk is done: annotate_occurrences() sets it then.
      places.push_back(Place{Provenance{walk.paths[in.path], "history", oid_hex(c.id), oid_hex(blob.id), c.author,
                                        c.email, c.date, 1, in.commit + 1},
                             std::nullopt});
    }
    handed_out[b] = static_cast<uint32_t>(blob.places.size());
    emit_blob(blob.id, std::move(places), false);
  };
  // A changed path's version before the range (history_walk.h: bases), scanned for context in
  // every shard: each shard must know which secrets were already there.
  auto hand_out_base = [&](const BaseBlob& base) {
    Provenance at{walk.paths[base.path], "history", oid_hex(base.commit), oid_hex(base.id)};
    at.before_range = true;
    std::vector<Place> places;
    places.push_back(Place{std::move(at), std::nullopt});
    emit_blob(base.id, std::move(places), true);
  };
  // New blobs go out in batches of pack_order_batch, each sorted by where its blobs lie in the
  // packs: git writes a delta chain's objects together (the newest version whole, the older
  // ones as deltas after it), so in pack order consecutive reads share bases and each worker's
  // delta-base cache holds one chain at a time, while in walk order (oldest first) every
  // file's chain is open at once and the caches evict each other's bases. Scanning still runs
  // beside the walk (the queue's bound paces it); a blob copied within its batch goes out
  // once with both places. Blobs no pack holds (loose) go last in their batch, by walk order.
  // 16,384: on git/git (165k blobs, -j1) batches of 4,096 gave 538k inflations and delta
  // applications for 425k objects read, 16,384 gave 472k, 65,536 466k but scanning starts
  // later. KEYSWEEP_TEST_PACK_ORDER_BATCH overrides it, for tests only (a copy found after its
  // blob went out is read again: tests use batches of 1 to reach that path).
  const size_t pack_order_batch = pack_order_batch_;
  std::vector<std::pair<std::pair<uint64_t, uint64_t>, uint32_t>> pending;  // ((pack, offset), blob)
  auto flush = [&] {
    std::sort(pending.begin(), pending.end());
    for (const auto& [where, b] : pending) hand_out(b, 0);
    pending.clear();
  };
  auto after_commit = [&](size_t first_new, size_t first_new_base) {
    for (size_t b = first_new_base; b < walk.bases.size(); ++b) hand_out_base(walk.bases[b]);
    for (size_t b = first_new; b < walk.blobs.size(); ++b) {
      const ObjectId id = to_object_id(walk.blobs[b].id);
      const bool mine = shard_count_ == 1 || shard_of(id, shard_count_) == shard_index_;
      handed_out.push_back(mine ? 0 : kOtherShard);
      if (!mine) continue;
      ++blobs_;
      if (progress_) progress_->add(progress_->items_total);
      std::optional<PackLocation> at = objects_ ? objects_->find(id) : std::nullopt;
      pending.push_back({at ? std::pair<uint64_t, uint64_t>(at->pack, at->offset)
                            : std::pair<uint64_t, uint64_t>(UINT64_MAX, b),
                         static_cast<uint32_t>(b)});
    }
    if (pending.size() >= pack_order_batch) flush();
  };
  if (progress_) progress_->commits_total = commits.size();
  ObjectStore store(repo_->get(), objects_);
  const Status walked = walk_history(store, commits, shallow_, &walk,
                                     progress_ ? &progress_->commits_walked : nullptr, after_commit, graph_);
  walk_libgit2_reads_ += store.libgit2_reads();
  if (!walked) return walked;
  flush();
  // Places a blob gained after it was handed out (copied to a new path in a later commit): the
  // blob is scanned again for those places only. Copies are few; each costs one more read.
  occurrences_.clear();
  if (keep_blob_ids_) {
    blob_ids_.clear();
    blob_ids_.reserve(walk.blobs.size());
    for (const HistoryBlob& blob : walk.blobs) blob_ids_.push_back(to_object_id(blob.id));
  }
  for (uint32_t b = 0; b < walk.blobs.size(); ++b) {
    const HistoryBlob& blob = walk.blobs[b];
    if (handed_out[b] == kOtherShard) continue;
    if (handed_out[b] < blob.places.size()) {
      if (progress_) progress_->add(progress_->items_total);
      hand_out(b, handed_out[b]);
    }
    const uint32_t occurrences = static_cast<uint32_t>(blob.places.size()) + blob.renames;
    if (occurrences > 1) occurrences_.emplace(oid_hex(blob.id), occurrences);
  }
  for (const auto& [path, reason] : walk.no_content) {
    if (shard_index_ != 1) break;
    WorkItem item;
    item.path = path;
    item.load = [skipped = Skipped{path, reason,
                                   reason == "submodule" ? "a submodule entry: its own repository is not scanned"
                                                         : "a symbolic link: its target path is not scanned"}](
                    Loader*, const LoadLimits&) {
      LoadResult out;
      out.skipped = skipped;
      return out;
    };
    emit(std::move(item));
  }
  return Status::ok();
}

}  // namespace keysweep
