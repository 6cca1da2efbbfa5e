// The cache file (see the header for its format): a text header that says the exact size, the
// sorted records, a SHA-256 trailer. Reading checks the cheap things first (header, size from
// fstat) so that a wrong file is never read whole; parsing then checks the digest and the order
// on which the binary search depends.
#include "scanner/cache/clean_blob_cache.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>

#include "scanner/base/hash.h"
#include "scanner/base/regular_file.h"

namespace keysweep {
namespace {

constexpr std::string_view kMagic = "keysweep-history-cache";
constexpr std::string_view kVersion = "1";

bool is_key(std::string_view s) {
  return s.size() == 64 && s.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// What the first line says, or why it cannot be used.
struct Header {
  size_t length = 0;  // bytes of the line, '\n' included
  uint64_t count = 0;
  CacheState state = CacheState::kLoaded;
  std::string problem;
  // The exact size of the file this header opens.
  uint64_t file_size() const { return length + count * CleanBlobCache::kRecordSize + CleanBlobCache::kTrailerBytes; }
};

// `prefix`: the file's first bytes (at least kMaxHeaderBytes of them when the file has that many).
Header parse_header(std::string_view prefix, std::string_view key) {
  Header h;
  auto damaged = [&](std::string why) {
    h.state = CacheState::kDamaged;
    h.problem = std::move(why);
    return h;
  };
  const size_t nl = prefix.substr(0, CleanBlobCache::kMaxHeaderBytes).find('\n');
  const std::string_view magic_space = prefix.substr(0, kMagic.size() + 1);
  if (magic_space != std::string(kMagic) + " ") return damaged("not a keysweep history cache");
  if (nl == std::string_view::npos) return damaged("its first line is cut off or too long");
  h.length = nl + 1;
  const std::string_view line = prefix.substr(kMagic.size() + 1, nl - kMagic.size() - 1);
  std::vector<std::string_view> fields;
  for (size_t at = 0; at <= line.size();) {
    const size_t sp = std::min(line.find(' ', at), line.size());
    fields.push_back(line.substr(at, sp - at));
    at = sp + 1;
  }
  const std::string_view version = fields[0];
  if (version != kVersion && !version.empty() && version.size() <= 8 &&
      version.find_first_not_of("0123456789") == std::string_view::npos) {
    h.state = CacheState::kStale;
    h.problem = "it was written in cache format version " + std::string(version) + ", this keysweep reads version 1";
    return h;
  }
  if (version != kVersion || fields.size() != 3 || !is_key(fields[1])) return damaged("its first line is not 'keysweep-history-cache 1 KEY COUNT'");
  const std::string_view count = fields[2];
  if (count.empty() || count.size() > 8 || (count.size() > 1 && count[0] == '0') ||
      count.find_first_not_of("0123456789") != std::string_view::npos) {
    return damaged("its record count is not a number of at most 8 digits");
  }
  std::from_chars(count.data(), count.data() + count.size(), h.count);
  if (h.count > CleanBlobCache::kMaxBlobs) {
    return damaged("it says " + std::string(count) + " records, more than the limit of " +
                   std::to_string(CleanBlobCache::kMaxBlobs));
  }
  if (fields[1] != key) {
    h.state = CacheState::kStale;
    h.problem = "it was made with other rules, config, limits or another keysweep build";
  }
  return h;
}

void put_record(std::string* out, const CleanBlob& b) {
  out->append(reinterpret_cast<const char*>(b.id.data()), b.id.size());
  for (int shift = 56; shift >= 0; shift -= 8) out->push_back(static_cast<char>((b.bytes >> shift) & 0xff));
}

}  // namespace

std::optional<BlobId> parse_blob_id(std::string_view hex) {
  BlobId id{};
  if (hex.size() != 2 * id.size()) return std::nullopt;
  for (size_t i = 0; i < id.size(); ++i) {
    const int hi = hex_digit(hex[2 * i]);
    const int lo = hex_digit(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    id[i] = static_cast<unsigned char>(hi << 4 | lo);
  }
  return id;
}

// Builds a CleanBlobCache from a file's bytes (the header's friend).
struct CacheParser {
  static CacheRead parse(std::string bytes, std::string_view key) {
    CacheRead out;
    auto refuse = [&](CacheState state, std::string why) {
      out.state = state;
      out.problem = std::move(why);
      return std::move(out);
    };
    const Header h = parse_header(bytes, key);
    if (h.state != CacheState::kLoaded) return refuse(h.state, h.problem);
    if (bytes.size() != h.file_size()) {
      return refuse(CacheState::kDamaged, "it is " + std::to_string(bytes.size()) + " bytes, its header says " +
                                              std::to_string(h.file_size()) + " (truncated or extended)");
    }
    const size_t body = bytes.size() - CleanBlobCache::kTrailerBytes;
    const std::string_view trailer = std::string_view(bytes).substr(body);
    if (trailer.back() != '\n' || trailer.substr(0, 64) != sha256_hex(std::string_view(bytes).substr(0, body))) {
      return refuse(CacheState::kDamaged, "its SHA-256 digest does not match its contents (damaged or edited)");
    }
    const unsigned char* rec = reinterpret_cast<const unsigned char*>(bytes.data()) + h.length;
    for (uint64_t i = 1; i < h.count; ++i) {
      const unsigned char* prev = rec + (i - 1) * CleanBlobCache::kRecordSize;
      if (std::memcmp(prev, prev + CleanBlobCache::kRecordSize, sizeof(BlobId)) >= 0) {
        return refuse(CacheState::kDamaged, "its records are not in strictly increasing id order (record " +
                                                std::to_string(i + 1) + ")");
      }
    }
    out.state = CacheState::kLoaded;
    out.cache.file_ = std::move(bytes);
    out.cache.records_at_ = h.length;
    out.cache.count_ = h.count;
    return out;
  }
};

CleanBlob CleanBlobCache::record(uint64_t i) const {
  CleanBlob b;
  const unsigned char* rec = reinterpret_cast<const unsigned char*>(file_.data()) + records_at_ + i * kRecordSize;
  std::memcpy(b.id.data(), rec, b.id.size());
  for (size_t k = 0; k < 8; ++k) b.bytes = b.bytes << 8 | rec[b.id.size() + k];
  return b;
}

std::optional<uint64_t> CleanBlobCache::find(const BlobId& id) const {
  uint64_t lo = 0, hi = count_;
  const unsigned char* base = reinterpret_cast<const unsigned char*>(file_.data()) + records_at_;
  while (lo < hi) {
    const uint64_t mid = lo + (hi - lo) / 2;
    const int c = std::memcmp(base + mid * kRecordSize, id.data(), id.size());
    if (c == 0) return record(mid).bytes;
    if (c < 0) lo = mid + 1;
    else hi = mid;
  }
  return std::nullopt;
}

CacheRead parse_clean_blob_cache(std::string bytes, std::string_view key) {
  return CacheParser::parse(std::move(bytes), key);
}

Result<CacheRead> read_clean_blob_cache(const std::string& path, std::string_view key) {
  const std::string label = "cannot read the history cache '" + path + "'";
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 && errno == ENOENT) return CacheRead{};  // a first run
  Result<RegularFile> file = open_regular_file(path, "history cache");
  if (!file) return file.status();
  // Reads into `buf` from `*at` up to `want` bytes; false on a read error (errno).
  auto read_up_to = [&](std::string* buf, size_t want) {
    while (buf->size() < want) {
      char chunk[65536];
      const ssize_t n = ::read(file->fd(), chunk, std::min(sizeof chunk, want - buf->size()));
      if (n == 0) return true;
      if (n < 0) {
        if (errno == EINTR) continue;
        return false;
      }
      buf->append(chunk, static_cast<size_t>(n));
    }
    return true;
  };
  CacheRead out;
  std::string bytes;
  if (!read_up_to(&bytes, CleanBlobCache::kMaxHeaderBytes)) return Status::error(label + ": " + std::strerror(errno));
  const Header h = parse_header(bytes, key);
  if (h.state != CacheState::kLoaded) {
    out.state = h.state;
    out.problem = h.problem;
    return out;
  }
  // Refused from its size alone, before a byte more is read or allocated.
  if (file->size() != h.file_size()) {
    out.state = CacheState::kDamaged;
    out.problem = "it is " + std::to_string(file->size()) + " bytes, its header says " +
                  std::to_string(h.file_size()) + " (truncated or extended)";
    return out;
  }
  bytes.reserve(static_cast<size_t>(h.file_size()) + 1);
  // One byte past the expected end: a file that grew while being read is refused by parse().
  if (!read_up_to(&bytes, static_cast<size_t>(h.file_size()) + 1)) {
    return Status::error(label + ": " + std::strerror(errno));
  }
  return CacheParser::parse(std::move(bytes), key);
}

CacheWritten write_clean_blob_cache(std::ostream& out, std::string_view key, const CleanBlobCache& old,
                                    std::vector<CleanBlob> fresh, uint64_t max_blobs) {
  auto by_id = [](const CleanBlob& a, const CleanBlob& b) { return a.id < b.id; };
  std::sort(fresh.begin(), fresh.end(), by_id);
  fresh.erase(std::unique(fresh.begin(), fresh.end(), [](const CleanBlob& a, const CleanBlob& b) { return a.id == b.id; }),
              fresh.end());
  // Two passes over the same merge: the first counts (the header says the count), the second
  // writes. `emit` returns false once the limit is reached.
  auto merge = [&](auto&& emit) {
    uint64_t i = 0;
    size_t j = 0;
    while (i < old.size() || j < fresh.size()) {
      CleanBlob next;
      if (j == fresh.size()) {
        next = old.record(i++);
      } else if (i == old.size()) {
        next = fresh[j++];
      } else {
        const CleanBlob o = old.record(i);
        if (o.id < fresh[j].id) {
          next = o;
          ++i;
        } else {
          if (o.id == fresh[j].id) ++i;  // the same blob: one record
          next = fresh[j++];
        }
      }
      if (!emit(next)) return;
    }
  };
  uint64_t total = 0;
  merge([&](const CleanBlob&) { return ++total, true; });
  CacheWritten written;
  written.blobs = std::min({total, max_blobs, CleanBlobCache::kMaxBlobs});
  written.dropped = total - written.blobs;

  Sha256 digest;
  std::string buf = std::string(kMagic) + " " + std::string(kVersion) + " " + std::string(key) + " " +
                    std::to_string(written.blobs) + "\n";
  auto flush = [&] {
    digest.update(buf);
    out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
    buf.clear();
  };
  uint64_t left = written.blobs;
  merge([&](const CleanBlob& b) {
    if (left == 0) return false;
    --left;
    put_record(&buf, b);
    if (buf.size() >= (64u << 10)) flush();
    return true;
  });
  flush();
  buf = digest.hex() + "\n";
  out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
  return written;
}

}  // namespace keysweep
