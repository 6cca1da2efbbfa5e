#include "scanner/app/history_cache.h"

#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "scanner/base/hash.h"
#include "scanner/ruleset/config.h"
#include "tests/support/temp_dir.h"

namespace keysweep {
namespace {

constexpr const char* kRules = R"([[rule]]
id = "test-token"
description = "test token"
regex = '''\b(?P<secret>tok_[a-z0-9]{24})\b'''
keywords = ["tok_"]
examples = ['x']
negative_examples = ['y']

[[rule]]
id = "other-token"
description = "other token"
regex = '''\b(?P<secret>oth_[a-z0-9]{24})\b'''
keywords = ["oth_"]
)";

std::shared_ptr<const RuleSet> build(const std::string& toml, const std::string& file = "test.toml",
                                     const std::function<void(Config*)>& edit = nullptr) {
  auto cfg = parse_config(toml, file);
  REQUIRE(cfg);
  cfg->use_default_rules = false;
  if (edit) edit(&*cfg);
  auto set = RuleSet::build(*cfg, RuleSetOptions{});
  if (!set) FAIL(set.status().message());
  return *set;
}

std::string key_of(const RuleSet& rules, const LoadLimits& limits = {}, const std::string& build_id = "0.1.0 ab") {
  return sha256_hex(scan_key_material(rules, limits, build_id));
}

std::string replaced(std::string s, const std::string& from, const std::string& to) {
  const size_t at = s.find(from);
  REQUIRE(at != std::string::npos);
  return s.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("scan key: the same rules and limits give the same key, wherever the config lives", "[cache]") {
  const std::string base = key_of(*build(kRules));
  CHECK(key_of(*build(kRules)) == base);
  // Rule::defined_at (file, line, column) is left out: moving the config file changes no match.
  CHECK(key_of(*build(kRules, "elsewhere/.keysweep.toml")) == base);
  CHECK(key_of(*build("\n\n" + std::string(kRules))) == base);
  // Allowlisted fingerprints only hide findings (a --baseline adds them): not in the key.
  CHECK(key_of(*build(kRules, "test.toml", [](Config* c) { c->allowlist.fingerprints.push_back("ab12"); })) == base);
  CHECK(history_scan_key(*build(kRules), LoadLimits{}).size() == 64);
}

TEST_CASE("scan key: anything that can change which blobs are clean changes it", "[cache]") {
  const auto rules = build(kRules);
  const std::string base = key_of(*rules);
  SECTION("a rule's regex, keywords, checks, threshold") {
    CHECK(key_of(*build(replaced(kRules, "[a-z0-9]{24}", "[a-z0-9]{20}"))) != base);
    CHECK(key_of(*build(replaced(kRules, "keywords = [\"tok_\"]", "keywords = [\"tok_\", \"tok-\"]"))) != base);
    CHECK(key_of(*build(replaced(kRules, "keywords = [\"oth_\"]", "keywords = [\"oth_\"]\nmin_randomness = 0.5"))) !=
          base);
    CHECK(key_of(*build(replaced(kRules, "keywords = [\"oth_\"]", "keywords = [\"oth_\"]\nplaceholder_filter = false"))) !=
          base);
  }
  SECTION("a rule added, removed or disabled") {
    CHECK(key_of(*build(std::string(kRules) + "\n[[rule]]\nid = \"third\"\ndescription = \"d\"\n"
                                             "regex = '''thr_(?P<secret>[a-z]{30})'''\nkeywords = [\"thr_\"]\n")) !=
          base);
    CHECK(key_of(*build(kRules, "test.toml", [](Config* c) { c->rules.pop_back(); })) != base);
    CHECK(key_of(*build(kRules, "test.toml", [](Config* c) { c->disabled_rules.push_back("test-token"); })) != base);
  }
  SECTION("the allowlist's paths, regexes and stopwords") {
    CHECK(key_of(*build(kRules, "test.toml", [](Config* c) { c->allowlist.paths.push_back("^vendor/"); })) != base);
    CHECK(key_of(*build(kRules, "test.toml", [](Config* c) { c->allowlist.regexes.push_back("^tok_0"); })) != base);
    CHECK(key_of(*build(kRules, "test.toml", [](Config* c) { c->allowlist.stopwords.push_back("dummy"); })) != base);
  }
  SECTION("the load limits") {
    LoadLimits l;
    l.max_file_size += 1;
    CHECK(key_of(*rules, l) != base);
    l = LoadLimits{};
    l.binary_probe += 1;
    CHECK(key_of(*rules, l) != base);
    l = LoadLimits{};
    l.window_size += 1;
    CHECK(key_of(*rules, l) != base);
    l = LoadLimits{};
    l.window_overlap += 1;
    CHECK(key_of(*rules, l) != base);
  }
  SECTION("another keysweep build") {
    CHECK(key_of(*rules, LoadLimits{}, "0.1.0 ac") != base);
    CHECK(key_of(*rules, LoadLimits{}, "0.1.1 ab") != base);
  }
}

TEST_CASE("keysweep_build_identity: the version and this executable's build id", "[cache]") {
  const std::string id = keysweep_build_identity();
  REQUIRE(id.rfind(std::string(KEYSWEEP_VERSION) + " ", 0) == 0);
  const std::string build_id = id.substr(std::string(KEYSWEEP_VERSION).size() + 1);
  CHECK(build_id.size() >= 16);  // GNU ld's default is a 20-byte SHA-1
  CHECK(build_id.find_first_not_of("0123456789abcdef") == std::string::npos);
  CHECK(keysweep_build_identity() == id);
}

TEST_CASE("HistoryCache: open checks the path before any scan; save and open again round-trips", "[cache]") {
  TempDir tmp;
  const std::string key = sha256_hex("k");
  SECTION("a first run, then a re-run") {
    auto first = HistoryCache::open(tmp.path() + "/cache", key);
    REQUIRE(first);
    CHECK(first->warning().empty());
    CHECK(first->known().size() == 0);
    BlobId id{};
    id[0] = 7;
    REQUIRE(first->save({CleanBlob{id, 42}}));
    struct stat st {};
    REQUIRE(::stat((tmp.path() + "/cache").c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    auto second = HistoryCache::open(tmp.path() + "/cache", key);
    REQUIRE(second);
    CHECK(second->warning().empty());
    CHECK(second->known().find(id) == 42u);
    auto other = HistoryCache::open(tmp.path() + "/cache", sha256_hex("other"));
    REQUIRE(other);
    CHECK(other->known().size() == 0);
    CHECK(other->warning().find("other rules") != std::string::npos);
    CHECK(other->warning().find("every blob is scanned") != std::string::npos);
  }
  SECTION("a damaged file is a warning and an empty cache") {
    tmp.write("cache", "keysweep-history-cache 1 " + key + " 3\nshort");
    auto c = HistoryCache::open(tmp.path() + "/cache", key);
    REQUIRE(c);
    CHECK(c->known().size() == 0);
    CHECK(c->warning().find("truncated or extended") != std::string::npos);
  }
  SECTION("not a regular file, or no folder to write in") {
    const std::string fifo = tmp.path() + "/fifo";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    auto f = HistoryCache::open(fifo, key);
    REQUIRE_FALSE(f);
    CHECK(f.status().message() == "--cache '" + fifo +
                                      "': a FIFO, not a regular file (the cache is a file keysweep writes; give a file path)");
    auto d = HistoryCache::open(tmp.path(), key);
    REQUIRE_FALSE(d);
    CHECK(d.status().message().find("a directory, not a regular file") != std::string::npos);
    auto n = HistoryCache::open(tmp.path() + "/no/such/cache", key);
    REQUIRE_FALSE(n);
    CHECK(n.status().message().find("does not exist") != std::string::npos);
    CHECK_FALSE(HistoryCache::open("", key));
  }
}

}  // namespace keysweep
