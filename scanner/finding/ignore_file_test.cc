#include "scanner/finding/ignore_file.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "tests/e2e/run_command.h"
#include "tests/support/temp_dir.h"

namespace keysweep {
namespace {

constexpr const char* kFpA = "0123456789abcdef0123456789abcdef";
constexpr const char* kFpB = "fedcba9876543210fedcba9876543210";

IgnoreFile parse_ok(const std::string& text, IgnoreSyntax syntax = IgnoreSyntax::kKeysweep) {
  Result<IgnoreFile> r = parse_ignore_file(text, ".keysweepignore", syntax);
  INFO(r.status().message());
  REQUIRE(r);
  return std::move(r).value();
}

std::string error_of(const std::string& text, IgnoreSyntax syntax = IgnoreSyntax::kKeysweep) {
  Result<IgnoreFile> r = parse_ignore_file(text, ".keysweepignore", syntax);
  REQUIRE_FALSE(r);
  return r.status().message();
}

struct GitCase {
  const char* patterns;  // the .gitignore / .keysweepignore text
  const char* path;
  bool ignored;  // what git check-ignore says (checked below)
};

// Each feature of the pattern format, with paths on both sides of it.
const std::vector<GitCase> kGitCases = {
    // basename patterns match at any depth
    {"*.log\n", "a.log", true},
    {"*.log\n", "dir/sub/a.log", true},
    {"*.log\n", "a.log.txt", false},
    {"secret.txt\n", "x/y/secret.txt", true},
    // comments and escapes
    {"# a.log\n", "# a.log", false},
    {"\\#notes\n", "#notes", true},
    {"\\!keep\n", "!keep", true},
    {" a.log\n", "a.log", false},  // leading spaces are part of the pattern
    // trailing spaces: stripped unless escaped
    {"foo   \n", "foo", true},
    {"foo\\ \n", "foo ", true},
    {"foo\\ \n", "foo", false},
    {"foo\\\n", "foo\\", false},  // a lone trailing backslash never matches
    // negation: the last matching pattern wins
    {"*.log\n!keep.log\n", "keep.log", false},
    {"*.log\n!keep.log\n", "other.log", true},
    {"!keep.log\n*.log\n", "keep.log", true},
    // a file cannot be re-included when a parent directory is excluded
    {"build/\n!build/keep.txt\n", "build/keep.txt", true},
    {"build/*\n!build/keep.txt\n", "build/keep.txt", false},
    {"/*\n!/src/\n", "src/a.c", false},
    {"/*\n!/src/\n", "other/a.c", true},
    {"logs/\n!logs/\n", "logs/x", false},
    // anchoring: a leading or middle slash
    {"/foo\n", "foo", true},
    {"/foo\n", "a/foo", false},
    {"a/b\n", "a/b", true},
    {"a/b\n", "x/a/b", false},
    {"a/b\n", "a/b/c", true},
    // a trailing slash: directories only
    {"build/\n", "build/x.o", true},
    {"build/\n", "src/build/deep/x.o", true},
    {"build/\n", "build", false},
    {"doc/frotz/\n", "doc/frotz/a", true},
    {"doc/frotz/\n", "a/doc/frotz/a", false},
    // wildcards never cross '/'
    {"?.c\n", "a.c", true},
    {"?.c\n", "ab.c", false},
    {"x/a?b\n", "x/a/b", false},
    {"x/*.c\n", "x/z.c", true},
    {"x/*.c\n", "x/y/z.c", false},
    {"a*c\n", "abbbc", true},
    {"*\n", "any/thing", true},
    {"\\*\n", "*", true},
    {"\\*\n", "a", false},
    // character classes
    {"[abc].txt\n", "b.txt", true},
    {"[abc].txt\n", "d.txt", false},
    {"[!abc].txt\n", "d.txt", true},
    {"[!abc].txt\n", "a.txt", false},
    {"[^abc].txt\n", "d.txt", true},
    {"[a-c]x\n", "bx", true},
    {"[a-c]x\n", "dx", false},
    {"[]]\n", "]", true},
    {"[a-]\n", "-", true},
    {"[[:digit:]]x\n", "5x", true},
    {"[[:digit:]]x\n", "ax", false},
    {"[[:foo:]]\n", "f", false},  // an unknown class never matches
    {"[[:]x\n", "a/:x", true},    // `[:` without `:]` is a literal `[`
    {"x/[!a]/y\n", "x/a/y", false},
    {"x[!a]y\n", "d/x/y", false},  // not even a negated class matches '/'
    {"foo[\n", "foo[", false},     // an unterminated class never matches
    // `**`
    {"**/foo\n", "foo", true},
    {"**/foo\n", "a/b/foo", true},
    {"**/foo/bar\n", "x/foo/bar", true},
    {"abc/**\n", "abc/x/y", true},
    {"abc/**\n", "abc", false},
    {"a/**/b\n", "a/b", true},
    {"a/**/b\n", "a/x/y/b", true},
    {"a/**/b\n", "a/xb", false},
    {"x/a**b\n", "x/a/b", false},  // not between slashes: a `*`
    {"x/a**b\n", "x/azzb", true},
    {"foo**/bar\n", "foox/y/bar", true},  // git's quirk: `**` right after the literal prefix
    {"x/**/\n", "x/y/z", true},
    {"**/build/\n", "a/build/x", true},
    {"**\n", "a/b", true},
    // case-sensitive
    {"*.LOG\n", "a.log", false},
    // line ends and byte order mark
    {"a.log\r\nb.log\r\n", "b.log", true},
    {"\xEF\xBB\xBF*.log\n", "a.log", true},
    {"x.log", "x.log", true},  // no final newline
};

TEST_CASE("ignore_file: matches paths as git check-ignore does", "[ignore_file]") {
  for (const GitCase& c : kGitCases) {
    INFO("patterns: " << c.patterns << "path: " << c.path);
    IgnoreFile f = parse_ok(c.patterns, IgnoreSyntax::kGitignoreOnly);
    CHECK(f.ignores_path(c.path) == c.ignored);
    CHECK(parse_ok(c.patterns).ignores_path(c.path) == c.ignored);
  }
}

TEST_CASE("ignore_file: the table agrees with a real git check-ignore", "[ignore_file]") {
  if (run_command({"git", "--version"}).exit_code != 0) {
    WARN("git not found: skipped");
    return;
  }
  TempDir tmp;
  REQUIRE(run_command({"git", "init", "-q", tmp.path()}).exit_code == 0);
  for (const GitCase& c : kGitCases) {
    INFO("patterns: " << c.patterns << "path: " << c.path);
    tmp.write(".gitignore", c.patterns);
    tmp.write(c.path, "x\n");  // the path is a file, as in a scan
    // No global excludes file of the machine's user; -q: exit 0 when ignored, 1 when not.
    const CommandResult r =
        run_command({"git", "-c", "core.excludesFile=/dev/null", "-C", tmp.path(), "check-ignore",
                     "--no-index", "-q", "--", c.path});
    INFO(r.err_text);
    REQUIRE((r.exit_code == 0 || r.exit_code == 1));
    CHECK((r.exit_code == 0) == c.ignored);
    // One repository for all cases: remove this case's file (and folders) before the next.
    const std::string path = c.path;
    std::filesystem::remove_all(tmp.path() + "/" + path.substr(0, path.find('/')));
  }
}

TEST_CASE("ignore_file: fingerprint lines", "[ignore_file]") {
  const std::string text = std::string(kFpB) + "\n  " + kFpA + " \t\n" + kFpB + "\r\n*.log\n";
  IgnoreFile f = parse_ok(text);
  CHECK(f.fingerprints() == std::vector<std::string>{kFpA, kFpB});
  CHECK(f.has_fingerprint(kFpA));
  CHECK(f.has_fingerprint(kFpB));
  CHECK_FALSE(f.has_fingerprint("0123456789abcdef0123456789abcdee"));
  CHECK(f.pattern_count() == 1);
  CHECK_FALSE(f.ignores_path(kFpA));  // a fingerprint is not a path pattern
  CHECK(f.ignores_path("a.log"));

  SECTION("not fingerprints: upper case, wrong length, negated") {
    IgnoreFile g = parse_ok("0123456789ABCDEF0123456789ABCDEF\n0123456789abcdef0123456789abcde\n!" +
                            std::string(kFpA) + "\n");
    CHECK(g.fingerprints().empty());
    CHECK(g.pattern_count() == 3);
  }
  SECTION("a file named like a fingerprint: /<hex> or **/<hex>") {
    IgnoreFile g = parse_ok("/" + std::string(kFpA) + "\n**/" + kFpB + "\n");
    CHECK(g.fingerprints().empty());
    CHECK(g.ignores_path(kFpA));
    CHECK_FALSE(g.ignores_path(std::string("x/") + kFpA));
    CHECK(g.ignores_path(std::string("x/y/") + kFpB));
  }
  SECTION(".secretlintignore: every line is a path pattern") {
    IgnoreFile g = parse_ok(text, IgnoreSyntax::kGitignoreOnly);
    CHECK(g.fingerprints().empty());
    CHECK(g.ignores_path(kFpA) == false);  // "  <hex> \t": leading spaces are part of it
    CHECK(g.ignores_path(std::string("dir/") + kFpB));
  }
}

TEST_CASE("ignore_file: comments, blank lines and what never matches", "[ignore_file]") {
  IgnoreFile f = parse_ok("# comment\n\n   \n#*.log\n!\n/\nfoo[\nbar\\\n[[:nope:]]\n");
  CHECK(f.pattern_count() == 2);  // `!` and `/`: empty patterns, kept, match no real path
  CHECK_FALSE(f.ignores_path("a.log"));
  CHECK_FALSE(f.ignores_path("foo["));
  CHECK_FALSE(f.ignores_path("x/bar\\"));
  CHECK_FALSE(parse_ok("").ignores_path("a"));
  CHECK_FALSE(parse_ok("*\n").ignores_path(""));
}

TEST_CASE("ignore_file: a NUL byte ends the line's pattern", "[ignore_file]") {
  IgnoreFile f = parse_ok(std::string("a.log\0junk\nb\n", 13));
  CHECK(f.ignores_path("a.log"));
  CHECK(f.ignores_path("b"));
}

TEST_CASE("ignore_file: odd paths never crash", "[ignore_file]") {
  IgnoreFile f = parse_ok("a/**/\n*.c\n!/x/\n/a/b\n**/q/**\n");
  for (const char* p : {"/", "//", "a/", "/a/b", "a//b/c.c", "q/", "x//y", "a/b/"}) {
    INFO(p);
    CHECK_NOTHROW(f.ignores_path(p));
  }
  CHECK(f.ignores_path("a/b/"));  // a/b is excluded as a directory and as a file
}

TEST_CASE("ignore_file: errors name the file and the line, never the content", "[ignore_file]") {
  SECTION("a line too long") {
    const std::string text = "ok\n# fine\n" + std::string(kMaxIgnoreLineBytes + 1, 'x') + "\n";
    CHECK(error_of(text) == "ignore file '.keysweepignore' line 3: line longer than 65536 bytes");
    // exactly the limit, and its "\r\n", are fine
    CHECK(parse_ok(std::string(kMaxIgnoreLineBytes, 'y') + "\r\n")
              .ignores_path(std::string(kMaxIgnoreLineBytes, 'y')));
  }
  SECTION("too many patterns") {
    std::string text;
    for (size_t i = 0; i < kMaxIgnorePatterns; ++i) text += "p" + std::to_string(i) + "\n";
    IgnoreFile f = parse_ok(text);
    CHECK(f.pattern_count() == kMaxIgnorePatterns);
    CHECK(f.ignores_path("d/p99999"));
    CHECK_FALSE(f.ignores_path("d/p100000"));
    text += "# a comment does not count\n\nlast\n";
    CHECK(error_of(text) == "ignore file '.keysweepignore' line 100003: more than 100000 patterns");
  }
  SECTION("too many fingerprints") {
    std::string text;
    char buf[33];
    for (size_t i = 0; i <= kMaxIgnoreFingerprints; ++i) {
      std::snprintf(buf, sizeof buf, "%032zx", i);
      text += std::string(buf) + "\n";
    }
    CHECK(error_of(text) ==
          "ignore file '.keysweepignore' line 100001: more than 100000 fingerprints");
    // the same lines are path patterns in a .secretlintignore, and too many of those
    CHECK(error_of(text, IgnoreSyntax::kGitignoreOnly) ==
          "ignore file '.keysweepignore' line 100001: more than 100000 patterns");
  }
}

TEST_CASE("ignore_file: matching time is bounded on hostile patterns", "[ignore_file]") {
  // A backtracking matcher takes exponential time on stars against a near miss.
  std::string stars;
  for (int i = 0; i < 2000; ++i) stars += "*a";
  std::string text = stars + "b\n" + "x/" + stars + "/**/" + stars + "b\n**/" + stars + "/\n";
  IgnoreFile f = parse_ok(text);
  const std::string path = "x/" + std::string(200, 'a') + "/" + std::string(200, 'a');
  const auto t0 = std::chrono::steady_clock::now();
  CHECK_FALSE(f.ignores_path(path));
  CHECK_FALSE(f.ignores_path(std::string(400, 'a')));
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0)
          .count();
  CHECK(ms < 2000);  // about 400 x 12,000 state steps; generous for sanitizer builds
  CHECK(f.ignores_path("q/" + std::string(2000, 'a') + "b"));
}

TEST_CASE("ignore_file: safe to share between threads", "[ignore_file]") {
  // Const and stack-only: the same answers from several threads (TSan checks the rest).
  IgnoreFile f = parse_ok("*.log\n!keep.log\nbuild/\n");
  std::vector<std::thread> threads;
  std::atomic<int> wrong{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 1000; ++i) {
        if (!f.ignores_path("a/b.log") || f.ignores_path("a/keep.log") ||
            !f.ignores_path("build/keep.log"))
          ++wrong;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  CHECK(wrong == 0);
}

}  // namespace
}  // namespace keysweep

namespace keysweep {
namespace {

// Random pattern files over a small alphabet (so patterns and paths meet often) against a real
// `git check-ignore --stdin`: the corner cases nobody thought to put in the table.
TEST_CASE("ignore_file: random patterns agree with a real git check-ignore", "[ignore_file]") {
  if (run_command({"git", "--version"}).exit_code != 0) {
    WARN("git not found: skipped");
    return;
  }
  const std::vector<std::string> pieces = {
      "a",    "b",    "a",     "b",    "/",    "/",           "*",   "**",  "?",
      "[ab]", "[!a]", "[a-b]", "\\*",  "\\a",  "[[:alpha:]]", "**/", "[",   "]",
      "-",    " ",    "\\ ",   "[a-]", "[]a]", "[^b]",        "***", "[[:", ":]]"};
  const std::vector<std::string> names = {"a",  "b",   "ab", "ba", "aa", "*",
                                          "bb", "aab", "a ", "[a", "-",  "]"};
  uint64_t state = 0x9e3779b97f4a7c15u;
  auto next = [&](size_t n) {  // xorshift: the same cases on every run
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return static_cast<size_t>(state % n);
  };
  TempDir tmp;
  REQUIRE(run_command({"git", "init", "-q", tmp.path()}).exit_code == 0);
  size_t ignored = 0, kept = 0;
  for (int round = 0; round < 200; ++round) {
    std::string text;
    const size_t lines = 1 + next(5);
    for (size_t l = 0; l < lines; ++l) {
      if (next(4) == 0) text += "!";
      const size_t len = 1 + next(5);
      for (size_t i = 0; i < len; ++i) text += pieces[next(pieces.size())];
      if (next(4) == 0) text += "/";
      text += "\n";
    }
    std::vector<std::string> paths;
    std::string stdin_text;
    for (int i = 0; i < 40; ++i) {
      std::string p = names[next(names.size())];
      const size_t depth = next(4);
      for (size_t d = 0; d < depth; ++d) p += "/" + names[next(names.size())];
      paths.push_back(p);
      stdin_text += p + '\0';
    }
    tmp.write(".gitignore", text);
    const CommandResult r = run_command({"git", "-c", "core.excludesFile=/dev/null", "-C",
                                         tmp.path(), "check-ignore", "--no-index", "--stdin", "-z"},
                                        "", stdin_text);
    REQUIRE((r.exit_code == 0 || r.exit_code == 1));
    std::vector<std::string> git_ignored;
    for (size_t pos = 0; pos < r.out_text.size();) {
      const size_t end = r.out_text.find('\0', pos);
      git_ignored.push_back(r.out_text.substr(pos, end - pos));
      pos = end + 1;
    }
    const IgnoreFile f = parse_ok(text, IgnoreSyntax::kGitignoreOnly);
    for (const std::string& p : paths) {
      INFO("patterns:\n" << text << "path: " << p);
      const bool git = std::find(git_ignored.begin(), git_ignored.end(), p) != git_ignored.end();
      CHECK(f.ignores_path(p) == git);
      ++(git ? ignored : kept);
    }
  }
  CHECK(ignored > 1000);  // both answers are well represented
  CHECK(kept > 1000);
}

}  // namespace
}  // namespace keysweep
