// `keysweep history --cache FILE` (doc/history.md): a re-run reads and scans only the blobs it has
// not seen clean under the same rules, config and limits, and prints the same report. Built on
// real repositories; every comparison is of whole report bytes.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>

#include "scanner/base/hash.h"
#include "tests/e2e/git_test_repo.h"

namespace keysweep {
namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

bool exists(const std::string& path) {
  struct stat st {};
  return ::lstat(path.c_str(), &st) == 0;
}

// The text summary's count of blob reads the cache answered (0 when it says nothing).
uint64_t cache_hits(const std::string& text) {
  const std::string tail = " skipped: known clean from the cache (--cache).\n";
  const size_t at = text.find(tail);
  if (at == std::string::npos) return 0;
  const size_t start = text.rfind('\n', at) + 1;
  return std::stoull(text.substr(start, text.find(' ', start) - start));
}

// path -> mode and bytes, for everything under `root` (the repository is never written).
std::map<std::string, std::string> tree_state(const std::string& root) {
  std::map<std::string, std::string> out;
  namespace fs = std::filesystem;
  for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator(); ++it) {
    struct stat st {};
    REQUIRE(::lstat(it->path().c_str(), &st) == 0);
    std::string value = std::to_string(st.st_mode) + " ";
    if (S_ISREG(st.st_mode)) value += slurp(it->path().string());
    out[it->path().string()] = value;
  }
  return out;
}

// A history with clean files, two secrets, a binary file and a file over --max-file-size (both
// skipped and listed), over three commits; every run below passes kLimit.
const std::vector<std::string> kLimit = {"--max-file-size", "4K"};

struct CacheRepo {
  TestRepo repo;
  std::string cache = repo.tmp().path() + "/history.cache";  // outside the repository
  std::string secret = fake_github_token(501);
  std::string second_secret = fake_hex_key(502);

  CacheRepo() {
    for (int i = 0; i < 12; ++i) repo.write("src/m" + std::to_string(i) + ".py", "VALUE = " + std::to_string(i) + "\n");
    repo.write("README.md", "# demo\n");
    repo.commit_all("root");
    repo.write("config/app.env", "GITHUB_TOKEN = '" + secret + "'\n");
    repo.write("img/logo.png", std::string("\x89PNG\r\n\x1a\n\0\0\0", 11) + "IHDR");
    repo.write("data/big.txt", std::string(5000, 'x') + "\n");
    repo.commit_all("config");
    repo.write("src/m3.py", "VALUE = 33\n");
    repo.write("deploy/key.env", hex_key_line(502) + "\n");
    repo.commit_all("deploy");
  }

  CommandResult history(std::vector<std::string> extra, bool with_cache = true) const {
    std::vector<std::string> args = {"history"};
    args.insert(args.end(), kLimit.begin(), kLimit.end());
    if (with_cache) args.insert(args.end(), {"--cache", cache});
    args.insert(args.end(), extra.begin(), extra.end());
    CommandResult r = repo.keysweep(args);
    REQUIRE(r.exit_code != kTimedOut);
    return r;
  }
  // The distinct blobs of the history (every blob object reachable from HEAD).
  size_t blobs() const {
    const std::string listing = repo.git({"rev-list", "--objects", "--all"});
    size_t n = 0;
    std::istringstream lines(listing);
    for (std::string line; std::getline(lines, line);) {
      const std::string id = line.substr(0, 40);
      if (repo.git({"cat-file", "-t", id}) == "blob\n") ++n;
    }
    return n;
  }
};

}  // namespace

TEST_CASE("history --cache: a second run reads nothing it knows and prints the same bytes", "[e2e][history][cache]") {
  CacheRepo c;
  const size_t blobs = c.blobs();
  const size_t clean = blobs - 4;  // two secrets, the binary file and the one over the limit
  const CommandResult plain_json = c.history({"--format", "json"}, /*with_cache=*/false);
  const CommandResult plain_sarif = c.history({"--format", "sarif"}, /*with_cache=*/false);
  REQUIRE(plain_json.exit_code == 1);

  const CommandResult first = c.history({"--format", "json"});
  INFO(first.err_text);
  CHECK(first.exit_code == 1);
  CHECK(first.err_text.empty());  // a first run: no cache yet, nothing to say
  CHECK(first.out_text == plain_json.out_text);
  REQUIRE(exists(c.cache));
  const std::string written = slurp(c.cache);
  CHECK(written.size() == 25 + 64 + 1 + std::to_string(clean).size() + 1 + 28 * clean + 65);

  const CommandResult second = c.history({"--format", "json"});
  CHECK(second.exit_code == 1);
  CHECK(second.err_text.empty());
  CHECK(second.out_text == plain_json.out_text);
  const CommandResult sarif = c.history({"--format", "sarif"});
  CHECK(sarif.exit_code == 1);
  CHECK(sarif.out_text == plain_sarif.out_text);
  // Nothing new was clean: the file holds the same set, so the same bytes.
  CHECK(slurp(c.cache) == written);

  const CommandResult text = c.history({});
  CHECK(cache_hits(text.out_text) == clean);
  CHECK(text.out_text.find("Skipped 2 files (binary: 1, too-large: 1)") != std::string::npos);
  CHECK(cache_hits(c.history({}, /*with_cache=*/false).out_text) == 0);
}

TEST_CASE("history --cache: a new commit's blobs are the only ones read", "[e2e][history][cache]") {
  CacheRepo c;
  REQUIRE(c.history({}).exit_code == 1);
  const uint64_t before = cache_hits(c.history({}).out_text);
  REQUIRE(before > 0);
  c.repo.write("src/new_a.py", "A = 1\n");
  c.repo.write("src/new_b.py", "B = 2\n");
  c.repo.write("src/leak.py", token_line(503) + "\n");
  c.repo.commit_all("more");
  const CommandResult after = c.history({"--format", "json"});
  CHECK(after.out_text == c.history({"--format", "json"}, /*with_cache=*/false).out_text);
  // The run after the commit knew every old clean blob; it found two more.
  const CommandResult text = c.history({});
  CHECK(cache_hits(text.out_text) == before + 2);
}

TEST_CASE("history --cache: changed rules, config or limits scan everything again", "[e2e][history][cache]") {
  CacheRepo c;
  // A blob clean under the default rules holds a token only a user rule knows.
  const std::string acme = "acme_" + fake_chars(504, 24);
  c.repo.write("src/internal.py", "INTERNAL = '" + acme + "'\n");
  c.repo.commit_all("internal");
  REQUIRE(c.history({}).exit_code == 1);
  const uint64_t warm = cache_hits(c.history({}).out_text);
  REQUIRE(warm == c.blobs() - 4);
  const std::string user_rule = R"(
[[rule]]
id = "acme-internal-token"
description = "ACME internal token"
regex = '''\b(?P<secret>acme_[A-Za-z0-9]{24})\b'''
keywords = ["acme_"]
)";
  const std::string config = c.repo.tmp().write("config.toml", user_rule);

  SECTION("a new rule finds what the cache said was clean") {
    const CommandResult r = c.history({"--config", config, "--format", "json"});
    INFO(r.err_text);
    CHECK(r.err_text.find("keysweep: warning: the history cache '" + c.cache + "' is not used: it was made with "
                          "other rules") != std::string::npos);
    CHECK(r.out_text == c.history({"--config", config, "--format", "json"}, false).out_text);
    CHECK(r.out_text.find("acme-internal-token") != std::string::npos);
    // The rewritten cache is for the new rules: their re-run knows every clean blob again.
    CHECK(cache_hits(c.history({"--config", config}).out_text) == warm - 1);
    // Moving the config file changes no match, and so not the key.
    const std::string moved = c.repo.tmp().write("elsewhere/moved.toml", "\n\n" + user_rule);
    const CommandResult m = c.history({"--config", moved});
    CHECK(m.err_text.empty());
    CHECK(cache_hits(m.out_text) == warm - 1);
  }
  SECTION("the repository's own .keysweep.toml counts as config") {
    c.repo.write(".keysweep.toml", "[allowlist]\nstopwords = [\"dummy\"]\n");
    c.repo.commit_all("config");
    const CommandResult r = c.history({});
    CHECK(r.err_text.find("is not used") != std::string::npos);
    CHECK(cache_hits(r.out_text) == 0);
  }
  SECTION("a disabled rule") {
    const std::string disable = c.repo.tmp().write("disable.toml", "[extend]\ndisabled_rules = [\"generic-password-quoted\"]\n");
    const CommandResult r = c.history({"--config", disable});
    CHECK(r.err_text.find("is not used") != std::string::npos);
    CHECK(cache_hits(r.out_text) == 0);
  }
  SECTION("another --max-file-size") {
    std::vector<std::string> args = {"history", "--max-file-size", "8K", "--cache", c.cache, "--format", "json"};
    const CommandResult r = c.repo.keysweep(args);
    CHECK(r.err_text.find("is not used") != std::string::npos);
    CHECK(r.out_text == c.repo.keysweep({"history", "--max-file-size", "8K", "--format", "json"}).out_text);
    // The file over 4K was skipped before; with 8K it is scanned, and clean.
    args.pop_back();
    args.pop_back();
    CHECK(cache_hits(c.repo.keysweep(args).out_text) == warm + 1);
  }
  SECTION("another window size (the window geometry)") {
    std::vector<std::string> argv = keysweep_argv({"history", "--max-file-size", "4K", "--cache", c.cache});
    argv.insert(argv.begin(), "KEYSWEEP_TEST_WINDOW_SIZE=2048");
    const CommandResult r = run_command(hermetic(c.repo.home(), argv), c.repo.root());
    CHECK(r.err_text.find("is not used") != std::string::npos);
    CHECK(cache_hits(r.out_text) == 0);
  }
  SECTION("a --baseline is not part of the key: it only hides findings") {
    const std::string report = c.repo.tmp().write("baseline.json", c.history({"--format", "json"}).out_text);
    const CommandResult r = c.history({"--baseline", report});
    CHECK(r.err_text.empty());
    CHECK(cache_hits(r.out_text) == warm);
  }
}

TEST_CASE("history --cache: a damaged cache is a warning, a full scan and a rewritten cache", "[e2e][history][cache]") {
  CacheRepo c;
  REQUIRE(c.history({}).exit_code == 1);
  const std::string good = slurp(c.cache);
  const std::string expected = c.history({"--format", "json"}, false).out_text;
  const uint64_t warm = cache_hits(c.history({}).out_text);
  for (const std::string& damaged : {good.substr(0, good.size() / 2), good + "extra", std::string("garbage\n"),
                                     std::string(), good.substr(0, 120) + "\x7f" + good.substr(121)}) {
    { std::ofstream(c.cache, std::ios::binary | std::ios::trunc) << damaged; }
    const CommandResult r = c.history({"--format", "json"});
    INFO(r.err_text);
    CHECK(r.exit_code == 1);
    CHECK(r.err_text.rfind("keysweep: warning: the history cache '" + c.cache + "' is not used: ", 0) == 0);
    CHECK(count_lines(r.err_text) == 1);
    CHECK(r.out_text == expected);
    CHECK(slurp(c.cache) == good);  // rebuilt: the same clean set
    CHECK(cache_hits(c.history({}).out_text) == warm);
  }
}

TEST_CASE("history --cache: the file holds no secret and nothing derived from one", "[e2e][history][cache]") {
  CacheRepo c;
  const CommandResult report = c.history({"--format", "json", "--show-secrets"});
  REQUIRE(report.exit_code == 1);
  REQUIRE(c.history({}).exit_code == 1);
  const std::string file = slurp(c.cache);
  const nlohmann::json j = nlohmann::json::parse(report.out_text);
  REQUIRE(j.at("findings").size() >= 2);
  std::vector<std::string> forbidden;
  for (const nlohmann::json& f : j.at("findings")) {
    const std::string secret = f.at("secret").get<std::string>();
    const std::string blob = f.at("blob").get<std::string>();
    forbidden.push_back(secret);
    forbidden.push_back(secret.substr(0, 8));
    forbidden.push_back(sha256_hex(secret));
    forbidden.push_back(f.at("fingerprint").get<std::string>());
    forbidden.push_back(blob);
    // The blob holding the secret, as the raw 20 bytes a record would hold.
    std::string raw;
    for (size_t i = 0; i < 40; i += 2) raw.push_back(static_cast<char>(std::stoi(blob.substr(i, 2), nullptr, 16)));
    forbidden.push_back(raw);
  }
  forbidden.push_back(c.secret);
  forbidden.push_back(c.second_secret);
  for (const std::string& s : forbidden) {
    INFO(s);
    CHECK(file.find(s) == std::string::npos);
  }
  struct stat st {};
  REQUIRE(::stat(c.cache.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
}

TEST_CASE("history --cache: the repository is left byte for byte as it was", "[e2e][history][cache]") {
  CacheRepo c;
  const auto before = tree_state(c.repo.root());
  REQUIRE(c.history({}).exit_code == 1);
  REQUIRE(c.history({"--format", "sarif", "--threads", "2"}).exit_code == 1);
  CHECK(tree_state(c.repo.root()) == before);
  // No default location: without --cache nothing is written anywhere near the repository.
  const auto home_before = tree_state(c.repo.home());
  REQUIRE(c.history({}, /*with_cache=*/false).exit_code == 1);
  CHECK(tree_state(c.repo.home()) == home_before);
  // A path the user gives is used as given, relative to the current folder.
  const CommandResult r = c.repo.keysweep({"history", "--cache", "../relative.cache"});
  CHECK(r.exit_code == 1);
  CHECK(exists(c.repo.home() + "/relative.cache"));
}

TEST_CASE("history --cache: one thread or two, the same report and the same cache", "[e2e][history][cache]") {
  CacheRepo c;
  const std::string one = c.repo.tmp().path() + "/one.cache";
  const std::string two = c.repo.tmp().path() + "/two.cache";
  const CommandResult a = c.repo.keysweep({"history", "--cache", one, "--threads", "1", "--format", "json"});
  const CommandResult b = c.repo.keysweep({"history", "--cache", two, "--threads", "2", "--format", "json"});
  CHECK(a.exit_code == 1);
  CHECK(a.out_text == b.out_text);
  CHECK(slurp(one) == slurp(two));
  const CommandResult a2 = c.repo.keysweep({"history", "--cache", one, "--threads", "2", "--format", "json"});
  const CommandResult b2 = c.repo.keysweep({"history", "--cache", two, "--threads", "1", "--format", "json"});
  CHECK(a2.out_text == a.out_text);
  CHECK(b2.out_text == a.out_text);
}

TEST_CASE("history --cache: shards may share one cache; their merge is unchanged", "[e2e][history][cache]") {
  CacheRepo c;
  auto shard_round = [&](const std::string& tag) {
    std::vector<std::string> files;
    for (int i = 1; i <= 2; ++i) {
      const std::string out = c.repo.tmp().path() + "/" + tag + "-" + std::to_string(i) + ".json";
      const CommandResult r = c.history({"--shard", std::to_string(i) + "/2", "--format", "json", "-o", out});
      INFO(r.err_text);
      REQUIRE(r.exit_code != 2);
      files.push_back(out);
    }
    std::vector<std::string> args = {"merge"};
    args.insert(args.end(), files.begin(), files.end());
    args.insert(args.end(), {"--format", "json"});
    return c.repo.keysweep(args).out_text;
  };
  const std::string cold = shard_round("cold");
  const std::string warm = shard_round("warm");
  CHECK(warm == cold);
  // The shards together filled the cache an unsharded run then uses in full.
  CHECK(cache_hits(c.history({}).out_text) == c.blobs() - 4);
}

TEST_CASE("history --cache: a range reports the same with a warm cache", "[e2e][history][cache]") {
  CacheRepo c;
  const std::string base = c.repo.git({"rev-parse", "HEAD"}).substr(0, 40);
  // The range edits the file that holds a secret (which must stay unreported) and a clean one.
  c.repo.write("config/app.env", "GITHUB_TOKEN = '" + c.secret + "'\nDEBUG = 1\n");
  c.repo.write("src/m5.py", "VALUE = 55\n");
  c.repo.write("src/fresh.py", token_line(505) + "\n");
  c.repo.commit_all("range");
  REQUIRE(c.history({}).exit_code == 1);  // warm the cache with the whole history
  const std::vector<std::string> range = {"--since-commit", base, "--format", "json"};
  const CommandResult cached = c.history(range);
  const CommandResult plain = c.history(range, false);
  CHECK(cached.out_text == plain.out_text);
  const nlohmann::json j = nlohmann::json::parse(cached.out_text);
  CHECK(where(j) == std::vector<std::string>{"src/fresh.py:1 github-pat-classic"});
}

TEST_CASE("history --cache: a FIFO, a folder or a missing folder is refused before the scan", "[e2e][history][cache]") {
  CacheRepo c;
  const std::string fifo = c.repo.tmp().path() + "/fifo";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  for (const std::string& path : {fifo, c.repo.tmp().path(), c.repo.tmp().path() + "/no/such/folder/cache"}) {
    INFO(path);
    const CommandResult r = c.repo.keysweep({"history", "--cache", path});
    check_one_line_error(r);
    CHECK(r.err_text.find("--cache '" + path + "'") != std::string::npos);
  }
}

TEST_CASE("history --cache: a folder that cannot be written is refused before the scan", "[e2e][history][cache]") {
  CacheRepo c;
  const std::string dir = c.repo.tmp().path() + "/locked";
  std::filesystem::create_directories(dir);
  std::vector<std::string> prefix;
  if (::geteuid() == 0) {
    // Root writes anywhere: run keysweep as nobody, over a repository nobody owns (libgit2
    // refuses a repository owned by another user) and a folder nobody cannot write in.
    if (run_command({"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--", "true"}).exit_code != 0) {
      WARN("skipped: running as root and setpriv cannot drop to nobody");
      return;
    }
    REQUIRE(run_command({"chown", "-R", "65534:65534", c.repo.tmp().path()}).exit_code == 0);
    REQUIRE(::chown(dir.c_str(), 0, 0) == 0);
    prefix = {"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"};
  }
  ::chmod(dir.c_str(), 0555);
  std::vector<std::string> argv = hermetic(c.repo.home(), keysweep_argv({"history", "--cache", dir + "/cache"}));
  argv.insert(argv.begin(), prefix.begin(), prefix.end());
  const CommandResult r = run_command(argv, c.repo.root());
  check_one_line_error(r);
  CHECK(r.err_text == "keysweep: error: --cache '" + dir + "/cache': cannot write in its folder '" + dir +
                          "': Permission denied\n");
  CHECK_FALSE(exists(dir + "/cache"));
}

TEST_CASE("history --cache: a cache that cannot be written at the end: the report, then an error", "[e2e][history][cache]") {
  CacheRepo c;
  // A file-size limit smaller than the cache file (the report goes to a pipe, which it does not
  // limit): the write fails after the scan.
  std::vector<std::string> argv =
      hermetic(c.repo.home(), keysweep_argv({"history", "--max-file-size", "4K", "--cache", c.cache, "--format", "json"}));
  argv.insert(argv.begin(), {"prlimit", "--fsize=200", "--"});
  const CommandResult r = run_command(argv, c.repo.root());
  INFO(r.err_text);
  CHECK(r.exit_code == 2);
  CHECK(r.out_text == c.history({"--format", "json"}, false).out_text);
  CHECK(r.err_text == "keysweep: error: writing --cache '" + c.cache + "' failed: File too large\n");
  CHECK_FALSE(exists(c.cache));
  for (const auto& entry : std::filesystem::directory_iterator(c.repo.tmp().path())) {
    CHECK(entry.path().filename().string().find(".keysweep-") == std::string::npos);  // no temporary file left
  }
}

TEST_CASE("history --cache: a blob a path-limited rule was not run on is not known clean", "[e2e][history][cache]") {
  // A Rails master key is a secret only at config/master.key (rules/72-credential-files.toml,
  // `paths`): elsewhere the rule is not even run (finding/path_gate.h). The blob is then clean
  // at that path, not by its bytes alone, and must not be cached as clean: the same bytes
  // committed later at config/master.key are a leak.
  TestRepo repo;
  const std::string cache = repo.tmp().path() + "/history.cache";
  const std::string key = fake_hex_key(503, 16);
  repo.write("notes/key.txt", key + "\n");
  repo.write("README.md", "# demo\n");
  repo.commit_all("root");
  const std::vector<std::string> args = {"history", "--cache", cache, "--format", "json"};
  const CommandResult first = repo.keysweep(args);
  INFO(first.out_text + first.err_text);
  REQUIRE(first.exit_code == 0);
  repo.write("config/master.key", key + "\n");
  repo.commit_all("master key");
  const CommandResult second = repo.keysweep(args);
  INFO(second.out_text + second.err_text);
  CHECK(second.exit_code == 1);
  CHECK(second.out_text.find("\"rails-master-key\"") != std::string::npos);
  CHECK(second.out_text.find("config/master.key") != std::string::npos);
  CHECK(second.out_text == repo.keysweep({"history", "--format", "json"}).out_text);
}

}  // namespace keysweep
