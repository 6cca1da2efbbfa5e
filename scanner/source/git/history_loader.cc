// HistoryLoader (see the header): the pack reader first, libgit2 for the rest.
#include "scanner/source/git/history_loader.h"

#include "scanner/source/git/git_objects.h"

namespace keysweep {

std::optional<LoadResult> HistoryLoader::try_reader(const ObjectId& id, const Provenance& provenance,
                                                    const std::string& where, const LoadLimits& limits,
                                                    std::string* reader_error) {
  if (!db_) return std::nullopt;
  if (!reader_) {
    ObjectReaderOptions options;
    options.cache_bytes = cache_bytes_;
    reader_.emplace(db_, options);
  }
  Result<std::optional<ObjectHeader>> header = reader_->read_header(id);
  if (!header) {
    *reader_error = header.status().message();
    return std::nullopt;
  }
  if (!*header) return std::nullopt;  // loose, or in no pack the reader opened
  LoadResult out;
  const git_oid oid = to_git_oid(id);
  if ((*header)->type != ObjectType::kBlob) {
    out.error = blob_context(oid, provenance.path, where) + ": the object is a " +
                std::string(object_type_name((*header)->type)) + ", not a blob";
    return out;
  }
  if (auto skip = too_large((*header)->size, provenance.path, where, limits)) {
    out.skipped = std::move(skip);
    return out;
  }
  Result<std::optional<Object>> object = reader_->read(id, limits.max_file_size);
  if (!object || !*object) {
    // The header was readable and the body is not: damaged data (or a pack replaced under
    // us). libgit2 gets its chance.
    *reader_error = object ? "the pack reader lost the object" : object.status().message();
    return std::nullopt;
  }
  std::string bytes = std::move((*object)->bytes);
  if (auto skip = classify_content(bytes, provenance.path, limits)) {
    out.skipped = std::move(skip);
    return out;
  }
  out.chunk.emplace(std::move(bytes), provenance);
  return out;
}

LoadResult HistoryLoader::load_blob(const ObjectId& id, const Provenance& provenance, const std::string& where,
                                    const LoadLimits& limits) {
  std::string reader_error;
  if (std::optional<LoadResult> fast = try_reader(id, provenance, where, limits, &reader_error)) {
    return std::move(*fast);
  }
  if (fallbacks_) fallbacks_->reads.fetch_add(1, std::memory_order_relaxed);
  const git_oid oid = to_git_oid(id);
  Result<Repository*> repo = repository();
  LoadResult out;
  if (!repo) {
    out.error = repo.status().with_context(blob_context(oid, provenance.path, where)).message();
  } else {
    out = keysweep::load_blob((*repo)->get(), oid, provenance, where, limits);
  }
  if (!out.error.empty() && !reader_error.empty()) out.error += " (the pack reader: " + reader_error + ")";
  return out;
}

}  // namespace keysweep
