#include "scanner/source/git/git_objects.h"

#include <algorithm>
#include <cstring>
#include <ctime>

#include "scanner/source/git/patch_lines.h"
#include "scanner/source/git/repository.h"

namespace keysweep {

std::string iso_date(int64_t seconds) {
  const std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  if (!gmtime_r(&t, &tm)) return "";
  char buf[32];
  const size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return std::string(buf, n);
}

std::string oid_hex(const git_oid& oid) {
  char buf[GIT_OID_HEXSZ + 1];
  git_oid_tostr(buf, sizeof buf, &oid);
  return buf;
}

static_assert(sizeof(git_oid{}.id) == ObjectId::kRawSize, "libgit2's object ids are not 20 bytes");

ObjectId to_object_id(const git_oid& oid) {
  ObjectId id;
  std::memcpy(id.bytes.data(), oid.id, ObjectId::kRawSize);
  return id;
}

git_oid to_git_oid(const ObjectId& id) {
  git_oid oid;
  std::memcpy(oid.id, id.bytes.data(), ObjectId::kRawSize);
  return oid;
}

std::string blob_context(const git_oid& id, const std::string& path, const std::string& where) {
  return "reading blob " + oid_hex(id) + " of " + path + " " + where;
}

Result<uint64_t> blob_size(git_repository* repo, const git_oid& id, const std::string& path,
                           const std::string& where) {
  GitOdb odb;
  if (Status st = git_check(git_repository_odb(&odb.ptr, repo), "opening the object database"); !st) return st;
  size_t size = 0;
  git_object_t type = GIT_OBJECT_INVALID;
  if (Status st = git_check(git_odb_read_header(&size, &type, odb.ptr, &id), blob_context(id, path, where)); !st) {
    return st;
  }
  if (type != GIT_OBJECT_BLOB) {
    return Status::error(blob_context(id, path, where) + ": the object is a " + git_object_type2string(type) +
                         ", not a blob");
  }
  return static_cast<uint64_t>(size);
}

std::optional<Skipped> too_large(uint64_t size, const std::string& path, const std::string& where,
                                 const LoadLimits& limits) {
  if (size <= limits.max_file_size) return std::nullopt;
  return Skipped{path, "too-large",
                 std::to_string(size) + " bytes " + where + ", over --max-file-size (" +
                     std::to_string(limits.max_file_size) + ")"};
}

Result<std::vector<uint32_t>> added_lines(const git_blob* old_blob, const git_blob* new_blob,
                                          const std::string& path) {
  git_diff_options opts = GIT_DIFF_OPTIONS_INIT;
  opts.context_lines = 0;
  opts.interhunk_lines = 0;
  opts.flags = GIT_DIFF_FORCE_TEXT;
  GitPatch patch;
  // Buffers, not blobs: for blobs libgit2 looks up the diff driver of the path in the
  // repository's attribute files (every .gitattributes up the tree and info/attributes, each
  // path component resolved with realpath: 36 failing readlink calls and 2 stats per blob on a
  // pre-commit run), even with no path given. A driver cannot matter here: the diff is forced
  // to text and only its added line numbers are used. Buffers have no repository, so no lookup.
  const auto bytes = [](const git_blob* b) {
    return b ? static_cast<const char*>(git_blob_rawcontent(b)) : nullptr;
  };
  const auto size = [](const git_blob* b) { return b ? static_cast<size_t>(git_blob_rawsize(b)) : size_t{0}; };
  if (Status st = git_check(git_patch_from_buffers(&patch.ptr, bytes(old_blob), size(old_blob), nullptr,
                                                   bytes(new_blob), size(new_blob), nullptr, &opts),
                            "diffing " + path);
      !st) {
    return st;
  }
  return patch_added_lines(patch.ptr);
}

std::optional<std::string_view> read_scannable_blob(git_repository* repo, const git_oid& id, const std::string& path,
                                                    const std::string& where, const LoadLimits& limits,
                                                    GitBlob* blob, LoadResult* out) {
  Result<uint64_t> size = blob_size(repo, id, path, where);
  if (!size) {
    out->error = size.status().message();
    return std::nullopt;
  }
  if (auto skip = too_large(*size, path, where, limits)) {
    out->skipped = std::move(skip);
    return std::nullopt;
  }
  if (Status st = git_check(git_blob_lookup(&blob->ptr, repo, &id), blob_context(id, path, where)); !st) {
    out->error = st.message();
    return std::nullopt;
  }
  const std::string_view content(static_cast<const char*>(git_blob_rawcontent(blob->ptr)),
                                 static_cast<size_t>(git_blob_rawsize(blob->ptr)));
  if (auto skip = classify_content(content, path, limits)) {
    out->skipped = std::move(skip);
    return std::nullopt;
  }
  return content;
}

LoadResult load_blob(git_repository* repo, const git_oid& id, const Provenance& provenance,
                     const std::string& where, const LoadLimits& limits) {
  LoadResult out;
  GitBlob blob;
  const std::optional<std::string_view> content =
      read_scannable_blob(repo, id, provenance.path, where, limits, &blob, &out);
  if (!content) return out;
  out.chunk.emplace(std::string(*content), provenance);
  return out;
}

}  // namespace keysweep
