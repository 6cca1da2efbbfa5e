// raw_tree.h and raw_commit.h against libgit2, object by object: every tree and commit of a
// generated repository with awkward names and modes, and of this project's own clone, must
// parse to exactly the entries (name, normalized mode, id, order) and the fields (tree,
// parents, author, email, time) that libgit2 reads from it. Plus the hostile cases.
#include <git2.h>

#include <catch2/catch.hpp>

#include <sstream>

#include "scanner/source/git/git_objects.h"
#include "scanner/source/git/raw_commit.h"
#include "scanner/source/git/raw_tree.h"
#include "scanner/source/git/repository.h"
#include "tests/e2e/git_test_repo.h"

namespace keysweep {
namespace {

struct Compared {
  size_t trees = 0;
  size_t commits = 0;
};

// Every tree and commit in the repository at `dir`, parsed both ways.
Compared compare_all(const TestRepo& fixture, const std::string& dir) {
  CommandResult list = run_command(
      hermetic(fixture.home(), {"git", "cat-file", "--batch-all-objects", "--batch-check=%(objectname) %(objecttype)"}),
      dir);
  REQUIRE(list.exit_code == 0);
  Result<std::unique_ptr<Repository>> repo = Repository::discover(dir);
  REQUIRE(repo.is_ok());
  git_repository* r = (*repo)->get();
  GitOdb odb;
  REQUIRE(git_repository_odb(&odb.ptr, r) == 0);
  Compared n;
  std::istringstream in(list.out_text);
  for (std::string hex, type; in >> hex >> type;) {
    if (type != "tree" && type != "commit") continue;
    ObjectId id;
    REQUIRE(parse_hex_id(hex, &id));
    const git_oid oid = to_git_oid(id);
    git_odb_object* raw = nullptr;
    REQUIRE(git_odb_read(&raw, odb.ptr, &oid) == 0);
    const std::string bytes(static_cast<const char*>(git_odb_object_data(raw)), git_odb_object_size(raw));
    git_odb_object_free(raw);
    INFO(type << " " << hex);
    if (type == "tree") {
      ++n.trees;
      GitTree tree;
      REQUIRE(git_tree_lookup(&tree.ptr, r, &oid) == 0);
      TreeCursor cursor(bytes);
      TreeEntry e;
      const TreeEntry* prev = nullptr;
      TreeEntry prev_copy;
      for (size_t i = 0; i < git_tree_entrycount(tree.ptr); ++i) {
        const git_tree_entry* g = git_tree_entry_byindex(tree.ptr, i);
        Result<bool> more = cursor.next(&e);
        REQUIRE(more.is_ok());
        REQUIRE(*more);
        CHECK(e.name == git_tree_entry_name(g));
        CHECK(e.mode == static_cast<uint32_t>(git_tree_entry_filemode(g)));
        CHECK(e.object_id() == to_object_id(*git_tree_entry_id(g)));
        if (prev) CHECK(tree_entry_compare(*prev, e) < 0);  // git wrote them in this order
        prev_copy = e;
        prev = &prev_copy;
      }
      Result<bool> end = cursor.next(&e);
      REQUIRE(end.is_ok());
      CHECK_FALSE(*end);
    } else {
      ++n.commits;
      GitCommit commit;
      REQUIRE(git_commit_lookup(&commit.ptr, r, &oid) == 0);
      Result<CommitFields> f = parse_commit(bytes);
      REQUIRE(f.is_ok());
      CHECK(f->tree == to_object_id(*git_commit_tree_id(commit.ptr)));
      REQUIRE(f->parents.size() == git_commit_parentcount(commit.ptr));
      for (unsigned p = 0; p < git_commit_parentcount(commit.ptr); ++p) {
        CHECK(f->parents[p] == to_object_id(*git_commit_parent_id(commit.ptr, p)));
      }
      const git_signature* a = git_commit_author(commit.ptr);
      CHECK(f->author == a->name);
      CHECK(f->email == a->email);
      CHECK(f->time == a->when.time);
    }
  }
  return n;
}

}  // namespace

TEST_CASE("raw trees and commits: a generated repository parses as libgit2 reads it", "[git][raw-objects]") {
  TestRepo repo;
  // Names that sort differently as files and as folders, an executable, a symlink, a
  // submodule entry, a merge, odd author bytes.
  repo.write("a.txt", "1\n");
  repo.write("a/b.txt", "2\n");
  repo.write("a0", "3\n");
  repo.write("a-b/c", "4\n");
  repo.write("run.sh", "#!/bin/sh\n");
  repo.git({"add", "-A"});
  repo.git({"update-index", "--chmod=+x", "run.sh"});
  repo.git({"update-index", "--add", "--cacheinfo", "160000,1111111111111111111111111111111111111111,sub"});
  repo.git({"-c", "user.name=  Zoë <odd> Name ", "-c", "user.email=z@x.invalid", "commit", "-q", "-m", "one"});
  repo.git({"checkout", "-q", "-b", "side"});
  repo.write("side.txt", "s\n");
  repo.commit_all("side");
  repo.git({"checkout", "-q", "main"});
  repo.write("main.txt", "m\n");
  repo.commit_all("main");
  repo.git({"merge", "-q", "--no-edit", "side"});
  const Compared n = compare_all(repo, repo.root());
  CHECK(n.commits == 4);
  CHECK(n.trees >= 5);
}

TEST_CASE("raw trees and commits: this project's own clone parses as libgit2 reads it", "[git][raw-objects]") {
  TestRepo fixture;  // for the hermetic home only
  if (!source_is_checkout(fixture)) return;
  const std::string source = KEYSWEEP_SOURCE_DIR;
  const Compared n = compare_all(fixture, source);
  CHECK(n.commits > 0);
  CHECK(n.trees > 0);
}

TEST_CASE("raw trees: malformed entries are errors at their offset, never reads past the end", "[git][raw-objects]") {
  const std::string id(20, '\x11');
  std::string good("100644 f\0", 9);
  good.append(id);
  struct Case {
    std::string bytes;
    const char* what;
  };
  const std::vector<Case> cases = {
      {std::string("100644 f\0", 9) + id.substr(0, 19), "a truncated object id"},
      {std::string("100644 f"), "a name without its end"},
      {std::string("100644 \0", 8) + id, "an empty name"},
      {std::string("10064x f\0", 9) + id, "a malformed mode"},
      {std::string(" f\0", 3) + id, "a malformed mode"},
      {std::string("100644", 6), "a malformed mode"},
      {std::string("123456701 f\0", 12) + id, "a malformed mode"},
  };
  for (const Case& c : cases) {
    INFO(c.what);
    std::string bytes;
    bytes.reserve(good.size() + c.bytes.size());
    bytes.append(good).append(c.bytes);
    TreeCursor cursor(bytes);
    TreeEntry e;
    Result<bool> first = cursor.next(&e);
    REQUIRE(first.is_ok());
    CHECK(*first);
    Result<bool> second = cursor.next(&e);
    REQUIRE_FALSE(second.is_ok());
    CHECK(second.status().message() == std::string("tree entry at offset 29: ") + c.what);
    CHECK_FALSE(cursor.next(&e).is_ok());  // it stays at the bad entry
  }
  // Old repositories' group-writable files read as plain files.
  const std::string old = std::string("100664 f\0", 9) + id;
  TreeCursor cursor(old);
  TreeEntry e;
  Result<bool> one = cursor.next(&e);
  REQUIRE(one.is_ok());
  REQUIRE(*one);
  CHECK(e.mode == kModeBlob);
}

TEST_CASE("raw commits: a missing tree or a bad parent is an error; a bad author only leaves it empty",
          "[git][raw-objects]") {
  const std::string tree = "tree " + std::string(40, 'a') + "\n";
  CHECK_FALSE(parse_commit("").is_ok());
  CHECK_FALSE(parse_commit("parent " + std::string(40, 'a') + "\n").is_ok());
  CHECK_FALSE(parse_commit("tree 1234\n").is_ok());
  CHECK_FALSE(parse_commit(tree + "parent xyz\n").is_ok());
  Result<CommitFields> bad_author = parse_commit(tree + "author nobody\n\nmessage");
  REQUIRE(bad_author.is_ok());
  CHECK(bad_author->author.empty());
  CHECK_FALSE(bad_author->has_author);
  CHECK(bad_author->time == 0);
  Result<CommitFields> ok = parse_commit(tree + "parent " + std::string(40, 'b') + "\nauthor A B <a@b> 1700000000 +0100\n" +
                                         "committer C <c@d> 1 +0000\nmergetag object x\n parent " +
                                         std::string(40, 'c') + "\n\nparent " + std::string(40, 'd') + "\n");
  REQUIRE(ok.is_ok());
  CHECK(ok->parents.size() == 1);  // neither the continuation line nor the message counts
  CHECK(ok->author == "A B");
  CHECK(ok->email == "a@b");
  CHECK(ok->time == 1700000000);
  CHECK(ok->has_author);
}

}  // namespace keysweep
