#include "scanner/source/git/git_objects.h"

#include "scanner/source/git/repository.h"

namespace keysweep {

std::string oid_hex(const git_oid& oid) {
  char buf[GIT_OID_HEXSZ + 1];
  git_oid_tostr(buf, sizeof buf, &oid);
  return buf;
}

LoadResult load_blob(git_repository* repo, const git_oid& id, const Provenance& provenance,
                     const std::string& where, const LoadLimits& limits) {
  LoadResult out;
  const std::string& path = provenance.path;
  GitBlob blob;
  if (Status st = git_check(git_blob_lookup(&blob.ptr, repo, &id), "reading " + path + " " + where); !st) {
    out.error = st.message();
    return out;
  }
  const auto size = static_cast<uint64_t>(git_blob_rawsize(blob.ptr));
  if (size > limits.max_file_size) {
    out.skipped = Skipped{path, "too-large",
                          std::to_string(size) + " bytes " + where + ", over --max-file-size (" +
                              std::to_string(limits.max_file_size) + ")"};
    return out;
  }
  std::string bytes(static_cast<const char*>(git_blob_rawcontent(blob.ptr)), static_cast<size_t>(size));
  if (auto skip = classify_content(bytes, path, limits)) {
    out.skipped = std::move(skip);
    return out;
  }
  out.chunk.emplace(std::move(bytes), provenance);
  return out;
}

}  // namespace keysweep
