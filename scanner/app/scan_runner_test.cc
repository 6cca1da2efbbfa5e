#include "scanner/app/scan_runner.h"

#include <catch2/catch.hpp>

#include <cstring>

#include "scanner/ruleset/config.h"
#include "tests/support/fake_secrets.h"

namespace keysweep {
namespace {

// A source of in-memory chunks, as the git sources hand out blobs.
class MemorySource : public Source {
 public:
  explicit MemorySource(std::vector<std::pair<std::string, std::string>> files) : files_(std::move(files)) {}
  Status enumerate(const std::function<void(WorkItem)>& emit) override {
    for (const auto& [path, bytes] : files_) {
      WorkItem item;
      item.path = path;
      item.load = [path = path, bytes = bytes](const LoadLimits& limits) {
        LoadResult r;
        if (auto skip = classify_content(bytes, path, limits)) {
          r.skipped = std::move(skip);
        } else {
          r.chunk.emplace(bytes, Provenance{path, "history", "c0ffee", "b10b"});
        }
        return r;
      };
      emit(std::move(item));
    }
    return Status::ok();
  }

 private:
  std::vector<std::pair<std::string, std::string>> files_;
};

std::shared_ptr<const RuleSet> token_rules() {
  auto cfg = parse_config(R"([[rule]]
id = "test-token"
description = "test token"
regex = '''\b(?P<secret>tok_[a-z0-9]{24})\b'''
keywords = ["tok_"]
examples = ['x']
negative_examples = ['y']
)", "test.toml");
  REQUIRE(cfg);
  cfg->use_default_rules = false;
  auto set = RuleSet::build(*cfg, RuleSetOptions{});
  if (!set) FAIL(set.status().message());
  return *set;
}

// An input made up on the fly: `head`, then `zeros` NUL bytes, then `tail`. No disk, no page cache.
class ZerosReader : public ByteReader {
 public:
  ZerosReader(std::string head, uint64_t zeros, std::string tail)
      : head_(std::move(head)), zeros_(zeros), tail_(std::move(tail)) {}
  Result<size_t> read(char* buf, size_t n) override {
    const uint64_t total = head_.size() + zeros_ + tail_.size();
    size_t k = 0;
    while (k < n && pos_ < total) {
      if (pos_ < head_.size()) {
        buf[k++] = head_[pos_++];
      } else if (pos_ < head_.size() + zeros_) {
        const size_t run = static_cast<size_t>(std::min<uint64_t>(n - k, head_.size() + zeros_ - pos_));
        std::memset(buf + k, 0, run);
        k += run;
        pos_ += run;
      } else {
        buf[k++] = tail_[pos_ - head_.size() - zeros_];
        ++pos_;
      }
    }
    return k;
  }

 private:
  std::string head_;
  uint64_t zeros_;
  std::string tail_;
  uint64_t pos_ = 0;
};

class ZerosSource : public Source {
 public:
  ZerosSource(std::string head, uint64_t zeros, std::string tail)
      : head_(std::move(head)), zeros_(zeros), tail_(std::move(tail)) {}
  Status enumerate(const std::function<void(WorkItem)>& emit) override {
    WorkItem item;
    item.path = "huge.log";
    item.load = [this](const LoadLimits& limits) {
      LoadResult r;
      const uint64_t size = head_.size() + zeros_ + tail_.size();
      r.stream = std::make_unique<ChunkStream>(Provenance{"huge.log", "dir", "", ""}, DetectedEncoding{}, "",
                                               std::make_unique<ZerosReader>(head_, zeros_, tail_),
                                               window_geometry(limits), size, false);
      return r;
    };
    emit(std::move(item));
    return Status::ok();
  }

 private:
  std::string head_;
  uint64_t zeros_;
  std::string tail_;
};

std::string utf16le_bom(const std::string& ascii) {
  std::string out = "\xFF\xFE";
  for (char c : ascii) {
    out.push_back(c);
    out.push_back('\0');
  }
  return out;
}

}  // namespace

TEST_CASE("a UTF-16 blob handed over in memory is decoded like a file", "[scan-runner][utf16]") {
  const std::string secret = "tok_" + fake_chars(5, 24, "abcdefghijklmnopqrstuvwxyz0123456789");
  const std::string text = "a\r\nb\r\nkey = " + secret + "\r\n";
  MemorySource source({{"w.ps1", utf16le_bom(text)}, {"u.txt", text}});
  Result<ScanResult> r = run_scan(source, token_rules(), 2, LoadLimits{});
  REQUIRE(r);
  CHECK(r->summary.skipped.empty());
  REQUIRE(r->findings.size() == 2);
  for (const Finding& f : r->findings) {
    INFO(f.provenance.path);
    CHECK(f.line == 3);
    CHECK(f.column == 7);
    CHECK(f.secret == secret);
  }
}

TEST_CASE("an in-memory blob larger than a window is scanned window by window", "[scan-runner]") {
  const std::string secret = "tok_" + fake_chars(6, 24, "abcdefghijklmnopqrstuvwxyz0123456789");
  std::string text;
  std::vector<uint32_t> lines;
  for (uint32_t line = 1; text.size() < (3u << 20); ++line) {
    if (line % 5000 == 0) {
      text += "k=" + secret + "\n";
      lines.push_back(line);
    } else {
      text += "filler " + std::to_string(line) + "\n";
    }
  }
  MemorySource source({{"big.txt", text}});
  LoadLimits limits;
  limits.window_size = 1u << 20;
  Result<ScanResult> r = run_scan(source, token_rules(), 1, limits);
  REQUIRE(r);
  REQUIRE(r->findings.size() == lines.size());
  for (size_t i = 0; i < lines.size(); ++i) CHECK(r->findings[i].line == lines[i]);
  CHECK(r->summary.bytes_scanned == text.size());
}

TEST_CASE("a secret past the 4 GiB mark is found at its line and column", "[scan-runner][large]") {
  const std::string secret = "tok_" + fake_chars(7, 24, "abcdefghijklmnopqrstuvwxyz0123456789");
  std::string head;
  for (int i = 1; i <= 500; ++i) head += "line " + std::to_string(i) + "\n";
  // Past 2^32 bytes: any 32-bit offset, line index or length on the way would wrap.
  const uint64_t zeros = (4ull << 30) + 4097;
  ZerosSource source(head, zeros, "\nid = " + secret + "\n" + "k = " + secret + "\n");
  Result<ScanResult> r = run_scan(source, token_rules(), 1, LoadLimits{});
  REQUIRE(r);
  CHECK(r->summary.errors.empty());
  CHECK(r->summary.bytes_scanned == head.size() + zeros + 2 * secret.size() + 12);
  REQUIRE(r->findings.size() == 2);
  CHECK(r->findings[0].line == 502);
  CHECK(r->findings[0].column == 6);
  CHECK(r->findings[0].offset == head.size() + zeros + 6);
  CHECK(r->findings[1].line == 503);
  CHECK(r->findings[1].column == 5);
}

}  // namespace keysweep
