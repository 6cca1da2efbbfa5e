#include "scanner/app/scan_runner.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <cstring>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

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
      item.load = [path = path, bytes = bytes](Loader*, const LoadLimits& limits) {
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
    item.load = [this](Loader*, const LoadLimits& limits) {
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

// A loader that knows which thread made it.
class ThreadLoader : public Loader {
 public:
  explicit ThreadLoader(int number) : number_(number), made_on_(std::this_thread::get_id()) {}
  int number() const { return number_; }
  std::thread::id made_on() const { return made_on_; }

 private:
  int number_;
  std::thread::id made_on_;
};

// Counts make_loader() calls and records, for each load, the loader it was given and the thread
// it ran on (checked after the scan: Catch2's assertions are not thread-safe).
class LoaderCountingSource : public Source {
 public:
  struct Load {
    const Loader* loader;
    int number;                 // the ThreadLoader's, -1 when the loader was not one
    std::thread::id made_on;    // the thread that made the loader
    std::thread::id loaded_on;  // the thread that ran the load
  };
  explicit LoaderCountingSource(int items) : items_(items) {}
  std::unique_ptr<Loader> make_loader() override { return std::make_unique<ThreadLoader>(made_++); }
  Status enumerate(const std::function<void(WorkItem)>& emit) override {
    for (int i = 0; i < items_; ++i) {
      WorkItem item;
      item.path = "f" + std::to_string(i) + ".txt";
      item.load = [this, path = item.path](Loader* loader, const LoadLimits&) {
        const auto* tl = dynamic_cast<const ThreadLoader*>(loader);
        {
          std::lock_guard<std::mutex> lock(mu_);
          loads_.push_back(Load{loader, tl ? tl->number() : -1, tl ? tl->made_on() : std::thread::id(),
                                std::this_thread::get_id()});
        }
        // Long enough that both workers take items.
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
        LoadResult r;
        r.chunk.emplace("nothing here\n", Provenance{path, "dir", "", ""});
        return r;
      };
      emit(std::move(item));
    }
    return Status::ok();
  }
  int made() const { return made_; }
  std::vector<Load> loads() const {
    std::lock_guard<std::mutex> lock(mu_);
    return loads_;
  }

 private:
  int items_;
  std::atomic<int> made_{0};
  mutable std::mutex mu_;
  std::vector<Load> loads_;
};

// One in-memory blob with the places given.
class PlacedSource : public Source {
 public:
  PlacedSource(std::string bytes, std::vector<Place> places) : bytes_(std::move(bytes)), places_(std::move(places)) {}
  Status enumerate(const std::function<void(WorkItem)>& emit) override {
    WorkItem item;
    item.path = places_.front().provenance.path;
    item.blob = "b10b";
    item.load = [this](Loader*, const LoadLimits&) {
      LoadResult r;
      r.chunk.emplace(bytes_, places_.front().provenance);
      r.places = places_;
      return r;
    };
    emit(std::move(item));
    return Status::ok();
  }

 private:
  std::string bytes_;
  std::vector<Place> places_;
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

TEST_CASE("each worker makes its own loader on its own thread and passes it to its loads", "[scan-runner][loader]") {
  LoaderCountingSource source(40);
  Result<ScanResult> r = run_scan(source, token_rules(), 2, LoadLimits{});
  REQUIRE(r);
  CHECK(source.made() == 2);  // once per worker, whether or not it gets an item
  const std::vector<LoaderCountingSource::Load> loads = source.loads();
  REQUIRE(loads.size() == 40);
  std::map<std::thread::id, const Loader*> loader_of_thread;
  std::set<int> numbers;
  for (const LoaderCountingSource::Load& l : loads) {
    REQUIRE(l.loader != nullptr);
    CHECK(l.number >= 0);
    CHECK(l.made_on == l.loaded_on);  // made on the thread that uses it
    auto [at, added] = loader_of_thread.emplace(l.loaded_on, l.loader);
    CHECK(at->second == l.loader);  // one loader per thread, for all of its loads
    numbers.insert(l.number);
  }
  CHECK(loader_of_thread.size() == numbers.size());
  CHECK(r->summary.files_scanned == 40);
}

TEST_CASE("a source without loaders passes null to its loads", "[scan-runner][loader]") {
  std::atomic<int> loads{0};
  std::atomic<int> with_loader{0};
  class NullLoaderSource : public Source {
   public:
    NullLoaderSource(std::atomic<int>* loads, std::atomic<int>* with_loader)
        : loads_(loads), with_loader_(with_loader) {}
    Status enumerate(const std::function<void(WorkItem)>& emit) override {
      for (int i = 0; i < 4; ++i) {
        WorkItem item;
        item.path = "f" + std::to_string(i);
        item.load = [this](Loader* loader, const LoadLimits&) {
          ++*loads_;
          if (loader) ++*with_loader_;
          LoadResult r;
          r.chunk.emplace("x\n", Provenance{"f", "dir", "", ""});
          return r;
        };
        emit(std::move(item));
      }
      return Status::ok();
    }

   private:
    std::atomic<int>* loads_;
    std::atomic<int>* with_loader_;
  } source(&loads, &with_loader);
  Result<ScanResult> r = run_scan(source, token_rules(), 2, LoadLimits{});
  REQUIRE(r);
  CHECK(loads == 4);
  CHECK(with_loader == 0);
}

TEST_CASE("a chunk with several places is scanned once and its findings placed at each", "[scan-runner][places]") {
  const std::string a = "tok_" + fake_chars(8, 24, "abcdefghijklmnopqrstuvwxyz0123456789");
  const std::string b = "tok_" + fake_chars(9, 24, "abcdefghijklmnopqrstuvwxyz0123456789");
  const std::string text = "x = " + a + "\ny = " + b + "\nz = " + a + "\n";
  std::vector<Place> places;
  places.push_back(Place{Provenance{"all.txt", "history", "c1", "b10b"}, std::nullopt});
  places.push_back(Place{Provenance{"second.txt", "history", "c1", "b10b"}, std::vector<uint32_t>{2}});
  places.push_back(Place{Provenance{"none.txt", "history", "c1", "b10b"}, std::vector<uint32_t>{}});
  PlacedSource source(text, places);

  SECTION("each place reports its own lines, under its own provenance") {
    Result<ScanResult> r = run_scan(source, token_rules(), 1, LoadLimits{});
    REQUIRE(r);
    std::vector<std::string> got;
    for (const Finding& f : r->findings) got.push_back(f.provenance.path + ":" + std::to_string(f.line));
    CHECK(got == std::vector<std::string>{"all.txt:1", "all.txt:2", "all.txt:3", "second.txt:2"});
    CHECK(r->summary.files_scanned == 1);
    CHECK(r->summary.bytes_scanned == text.size());
    CHECK(r->summary.capped.empty());
  }
  SECTION("the per-file cap applies per place") {
    Result<ScanResult> r = run_scan(source, token_rules(), 1, LoadLimits{}, 1);
    REQUIRE(r);
    std::vector<std::string> got;
    for (const Finding& f : r->findings) got.push_back(f.provenance.path + ":" + std::to_string(f.line));
    CHECK(got == std::vector<std::string>{"all.txt:1", "second.txt:2"});
    REQUIRE(r->summary.capped.size() == 1);
    CHECK(r->summary.capped[0].path == "all.txt");
  }
}

TEST_CASE("a path skipped for the same reason in several items is listed once", "[scan-runner]") {
  // Three versions of one binary file (a history's blobs) and one text file.
  const std::string binary = std::string("PNG\0", 4);
  MemorySource source({{"logo.png", binary + "a"}, {"logo.png", binary + "b"}, {"a.txt", "text\n"},
                       {"logo.png", binary + "c"}});
  auto result = run_scan(source, token_rules(), 2, LoadLimits{});
  REQUIRE(result);
  REQUIRE(result->summary.skipped.size() == 1);
  CHECK(result->summary.skipped[0].path == "logo.png");
  CHECK(result->summary.skipped[0].reason == "binary");
  CHECK(result->summary.files_scanned == 1);
}

}  // namespace keysweep

namespace keysweep {
namespace {

// Git-like items: each has a blob id, a path and bytes; loads are counted (atomically: workers
// run them), and an item may be a context item.
class BlobSource : public Source {
 public:
  struct Blob {
    std::string path;
    std::string bytes;
    bool context = false;
  };
  explicit BlobSource(std::vector<Blob> blobs) : blobs_(std::move(blobs)) {}
  Status enumerate(const std::function<void(WorkItem)>& emit) override {
    for (size_t i = 0; i < blobs_.size(); ++i) {
      WorkItem item;
      item.path = blobs_[i].path;
      item.blob = id_hex(i);
      item.context = blobs_[i].context;
      item.load = [this, i](Loader*, const LoadLimits& limits) {
        loads_.fetch_add(1);
        const Blob& b = blobs_[i];
        Provenance at{b.path, "history", "c0ffee", id_hex(i)};
        at.before_range = b.context;
        LoadResult r;
        if (auto skip = classify_content(b.bytes, b.path, limits)) {
          r.skipped = std::move(skip);
        } else {
          r.chunk.emplace(b.bytes, at);
        }
        r.places.push_back(Place{at, std::nullopt});
        return r;
      };
      emit(std::move(item));
    }
    return Status::ok();
  }
  static std::string id_hex(size_t i) {
    std::string hex = std::to_string(i);
    return std::string(40 - hex.size(), 'a') + hex;
  }
  int loads() const { return loads_.load(); }

 private:
  std::vector<Blob> blobs_;
  std::atomic<int> loads_{0};
};

std::shared_ptr<const RuleSet> token_rules_allowing(const std::string& path_regex) {
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
  cfg->allowlist.paths.push_back(path_regex);
  auto set = RuleSet::build(*cfg, RuleSetOptions{});
  if (!set) FAIL(set.status().message());
  return *set;
}

std::set<std::string> ids_of(const std::vector<CleanBlob>& blobs) {
  std::set<std::string> out;
  for (const CleanBlob& b : blobs) {
    std::string hex;
    for (unsigned char c : b.id) hex += "0123456789abcdef"[c >> 4], hex += "0123456789abcdef"[c & 15];
    out.insert(hex);
  }
  return out;
}

}  // namespace

TEST_CASE("run_scan: blobs known clean are not loaded, and the summary is the same", "[scan][cache]") {
  const std::string token = "tok_" + std::string(24, 'q');
  const std::vector<BlobSource::Blob> blobs = {
      {"a.txt", "nothing here\n"},                         // 0 clean
      {"b.txt", "key = " + token + "\n"},                  // 1 a match: never clean
      {"c.bin", std::string("PK\0\0", 4) + "bytes"},       // 2 binary: skipped, not clean
      {"vendor/d.txt", "key = " + token + "\n"},           // 3 allowlisted path: not matched, not clean
      {"vendor/e.txt", "nothing either\n"},                // 4 allowlisted path: not matched, not clean
      {"f.txt", ""},                                       // 5 empty: clean
      {"old/g.txt", "an old version\n", true},             // 6 context, clean
      {"old/h.txt", "old = " + token + "\n", true},        // 7 context with a match
  };
  const auto rules = token_rules_allowing("^vendor/");
  BlobSource first(blobs);
  const CleanBlobCache empty;
  Result<ScanResult> r1 = run_scan(first, rules, 2, LoadLimits{}, kDefaultMaxFindingsPerFile, nullptr, &empty);
  REQUIRE(r1);
  CHECK(first.loads() == 8);
  CHECK(r1->summary.cache_hits == 0);
  CHECK(ids_of(r1->newly_clean) ==
        std::set<std::string>{BlobSource::id_hex(0), BlobSource::id_hex(5), BlobSource::id_hex(6)});
  for (const CleanBlob& b : r1->newly_clean) {
    if (ids_of({b}) == std::set<std::string>{BlobSource::id_hex(0)}) CHECK(b.bytes == blobs[0].bytes.size());
  }

  // Without a cache nothing is collected.
  BlobSource plain(blobs);
  Result<ScanResult> r0 = run_scan(plain, rules, 2, LoadLimits{});
  REQUIRE(r0);
  CHECK(r0->newly_clean.empty());

  std::ostringstream file;
  const std::string key(64, 'b');
  write_clean_blob_cache(file, key, CleanBlobCache(), r1->newly_clean);
  CacheRead known = parse_clean_blob_cache(file.str(), key);
  REQUIRE(known.state == CacheState::kLoaded);
  BlobSource second(blobs);
  Result<ScanResult> r2 = run_scan(second, rules, 2, LoadLimits{}, kDefaultMaxFindingsPerFile, nullptr, &known.cache);
  REQUIRE(r2);
  CHECK(second.loads() == 5);
  CHECK(r2->summary.cache_hits == 2);  // the context item is not counted, as it is not scanned
  CHECK(r2->newly_clean.empty());
  CHECK(r2->summary.files_scanned == r1->summary.files_scanned);
  CHECK(r2->summary.bytes_scanned == r1->summary.bytes_scanned);
  CHECK(r2->summary.skipped.size() == r1->summary.skipped.size());
  REQUIRE(r2->findings.size() == r1->findings.size());
  for (size_t i = 0; i < r1->findings.size(); ++i) CHECK(r2->findings[i].fingerprint == r1->findings[i].fingerprint);
  CHECK(r2->findings.size() == r0->findings.size());
}

}  // namespace keysweep
