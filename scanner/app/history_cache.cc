// The scan key and the cache file's life in one run: open (checks, read) before the scan, save
// (the old clean set joined with what this run found clean) after it. See the header.
#include "scanner/app/history_cache.h"

#include <elf.h>
#include <link.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "scanner/base/hash.h"
#include "scanner/base/regular_file.h"
#include "scanner/report/report_file.h"
#include "scanner/ruleset/rule_codec.h"

namespace keysweep {
namespace {

// One named, length-prefixed field of the key material, so no two different inputs give the
// same bytes.
void field(std::string* out, std::string_view name, std::string_view value) {
  *out += name;
  *out += ' ';
  *out += std::to_string(value.size());
  *out += ':';
  *out += value;
  *out += '\n';
}

void fields(std::string* out, std::string_view name, const std::vector<std::string>& values) {
  field(out, name, std::to_string(values.size()));
  for (const std::string& v : values) field(out, name, v);
}

// The GNU build id note of the main executable (the first object dl_iterate_phdr reports).
int find_build_id(struct dl_phdr_info* info, size_t, void* data) {
  std::string* out = static_cast<std::string*>(data);
  for (int i = 0; i < info->dlpi_phnum; ++i) {
    const ElfW(Phdr)& ph = info->dlpi_phdr[i];
    if (ph.p_type != PT_NOTE) continue;
    const char* p = reinterpret_cast<const char*>(info->dlpi_addr + ph.p_vaddr);
    const char* end = p + ph.p_memsz;
    while (p + sizeof(ElfW(Nhdr)) <= end) {
      const auto* note = reinterpret_cast<const ElfW(Nhdr)*>(p);
      const char* name = p + sizeof(ElfW(Nhdr));
      const char* desc = name + ((note->n_namesz + 3) & ~3u);
      const char* next = desc + ((note->n_descsz + 3) & ~3u);
      if (next > end) break;
      if (note->n_type == NT_GNU_BUILD_ID && note->n_namesz == 4 && std::memcmp(name, "GNU", 4) == 0) {
        static constexpr char kHex[] = "0123456789abcdef";
        for (uint32_t k = 0; k < note->n_descsz; ++k) {
          const unsigned char c = static_cast<unsigned char>(desc[k]);
          out->push_back(kHex[c >> 4]);
          out->push_back(kHex[c & 15]);
        }
        return 1;
      }
      p = next;
    }
  }
  return 1;  // only the main executable counts
}

}  // namespace

std::string keysweep_build_identity() {
  std::string build_id;
  dl_iterate_phdr(find_build_id, &build_id);
  return std::string(KEYSWEEP_VERSION) + " " + build_id;
}

std::string scan_key_material(const RuleSet& rules, const LoadLimits& limits, std::string_view build) {
  std::string out = "keysweep-scan-key 1\n";
  field(&out, "build", build);
  field(&out, "max_file_size", std::to_string(limits.max_file_size));
  field(&out, "binary_probe", std::to_string(limits.binary_probe));
  field(&out, "window_size", std::to_string(limits.window_size));
  field(&out, "window_overlap", std::to_string(limits.window_overlap));
  std::vector<Rule> enabled;
  enabled.reserve(rules.rules().size());
  for (const CompiledRule& c : rules.rules()) {
    enabled.push_back(c.rule);
    enabled.back().defined_at = SourcePos{};
  }
  field(&out, "rules", encode_rules(enabled));
  fields(&out, "allow_paths", rules.allowlist().paths);
  fields(&out, "allow_regexes", rules.allowlist().regexes);
  fields(&out, "allow_stopwords", rules.allowlist().stopwords);
  return out;
}

std::string history_scan_key(const RuleSet& rules, const LoadLimits& limits) {
  return sha256_hex(scan_key_material(rules, limits, keysweep_build_identity()));
}

Result<HistoryCache> HistoryCache::open(const std::string& path, std::string key) {
  const std::string label = "--cache '" + path + "'";
  if (path.empty()) return Status::error("--cache is empty");
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
    return Status::error(label + ": " + file_kind_name(st.st_mode) +
                         ", not a regular file (the cache is a file keysweep writes; give a file path)");
  }
  // The file is replaced at the end of the run: its folder must take a new file. Checked now,
  // so that a long scan does not end in an error it could have said at once.
  const std::filesystem::path p(path);
  const std::string dir = p.parent_path().empty() ? "." : p.parent_path().string();
  struct stat dst {};
  if (::stat(dir.c_str(), &dst) != 0 || !S_ISDIR(dst.st_mode)) {
    return Status::error(label + ": its folder '" + dir + "' does not exist");
  }
  if (::access(dir.c_str(), W_OK | X_OK) != 0) {
    return Status::error(label + ": cannot write in its folder '" + dir + "': " + std::strerror(errno));
  }
  Result<CacheRead> read = read_clean_blob_cache(path, key);
  if (!read) return read.status();
  HistoryCache cache;
  cache.path_ = path;
  cache.key_ = std::move(key);
  cache.read_ = std::move(read).value();
  if (cache.read_.state == CacheState::kStale || cache.read_.state == CacheState::kDamaged) {
    cache.warning_ = "the history cache '" + path + "' is not used: " + cache.read_.problem +
                     "; every blob is scanned and the cache rewritten";
  }
  return cache;
}

Result<CacheWritten> HistoryCache::save(std::vector<CleanBlob> fresh) const {
  auto file = ReportFile::open(path_, "--cache");
  if (!file) return file.status();
  const CacheWritten written = write_clean_blob_cache((*file)->stream(), key_, read_.cache, std::move(fresh));
  if (Status st = (*file)->commit(); !st) return st;
  return written;
}

}  // namespace keysweep
