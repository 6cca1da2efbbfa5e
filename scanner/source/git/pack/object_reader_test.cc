// The pack reader against libgit2, object by object: a generated repository repacked with deep
// delta chains (OFS_DELTA), a second pack of REF_DELTAs, loose objects, and this project's own
// clone. Every object must come back with libgit2's type, size and bytes, and the objects the
// reader says are "not here" must be exactly loose ones.
#include "scanner/source/git/pack/object_reader.h"

#include <git2.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <set>
#include <sstream>
#include <thread>

#include "scanner/source/git/git_objects.h"
#include "scanner/source/git/repository.h"
#include "tests/e2e/git_test_repo.h"

namespace keysweep {
namespace {

namespace fs = std::filesystem;

ObjectId id_from_hex(const std::string& hex) {
  ObjectId id;
  for (size_t i = 0; i < ObjectId::kRawSize; ++i) {
    id.bytes[i] = static_cast<unsigned char>(std::stoi(hex.substr(2 * i, 2), nullptr, 16));
  }
  return id;
}

std::vector<ObjectId> all_objects(const TestRepo& repo, const std::string& dir) {
  CommandResult r = run_command(
      hermetic(repo.home(), {"git", "cat-file", "--batch-all-objects", "--batch-check=%(objectname)"}), dir);
  REQUIRE(r.exit_code == 0);
  std::vector<ObjectId> ids;
  std::istringstream in(r.out_text);
  for (std::string hex; in >> hex;) ids.push_back(id_from_hex(hex));
  return ids;
}

std::set<std::string> loose_objects(const std::vector<std::string>& object_dirs) {
  std::set<std::string> out;
  for (const std::string& dir : object_dirs) {
    for (const auto& sub : fs::directory_iterator(dir)) {
      const std::string name = sub.path().filename().string();
      if (name.size() != 2 || !sub.is_directory()) continue;
      for (const auto& f : fs::directory_iterator(sub.path())) out.insert(name + f.path().filename().string());
    }
  }
  return out;
}

std::string objects_dir_of(const std::string& path) {
  Result<std::unique_ptr<Repository>> repo = Repository::discover(path);
  REQUIRE(repo.is_ok());
  return (*repo)->common_dir() + "/objects";
}

struct Libgit2Object {
  ObjectType type;
  std::string bytes;
};

Libgit2Object libgit2_read(git_odb* odb, const ObjectId& id) {
  git_oid oid = to_git_oid(id);
  git_odb_object* obj = nullptr;
  REQUIRE(git_odb_read(&obj, odb, &oid) == 0);
  Libgit2Object out{static_cast<ObjectType>(git_odb_object_type(obj)),
                    std::string(static_cast<const char*>(git_odb_object_data(obj)), git_odb_object_size(obj))};
  git_odb_object_free(obj);
  return out;
}

struct Counts {
  size_t objects = 0;
  size_t not_here = 0;
};

// Reads every object of the repository at `path` through both readers and compares them.
Counts compare_with_libgit2(const TestRepo& fixture, const std::string& path, bool exact_loose) {
  Result<std::unique_ptr<Repository>> repo = Repository::discover(path);
  REQUIRE(repo.is_ok());
  GitOdb odb;
  REQUIRE(git_repository_odb(&odb.ptr, (*repo)->get()) == 0);
  Result<std::shared_ptr<const ObjectDatabase>> db = ObjectDatabase::open((*repo)->common_dir() + "/objects");
  REQUIRE(db.is_ok());
  INFO("problems: " << ((*db)->problems().empty() ? "" : (*db)->problems()[0]));
  CHECK((*db)->problems().empty());
  const std::set<std::string> loose = loose_objects((*db)->directories());
  ObjectReader reader(*db);
  Counts counts;
  std::set<std::string> not_here;
  for (const ObjectId& id : all_objects(fixture, path)) {
    ++counts.objects;
    INFO("object " << id.hex());
    Result<std::optional<Object>> mine = reader.read(id, UINT64_MAX);
    REQUIRE(mine.is_ok());
    Result<std::optional<ObjectHeader>> header = reader.read_header(id);
    REQUIRE(header.is_ok());
    REQUIRE(header->has_value() == mine->has_value());
    if (!mine->has_value()) {
      not_here.insert(id.hex());
      continue;
    }
    const Libgit2Object theirs = libgit2_read(odb.ptr, id);
    CHECK(mine->value().type == theirs.type);
    CHECK(header->value().type == theirs.type);
    CHECK(header->value().size == theirs.bytes.size());
    CHECK(mine->value().bytes.size() == theirs.bytes.size());
    CHECK(mine->value().bytes == theirs.bytes);
  }
  counts.not_here = not_here.size();
  if (exact_loose) {
    CHECK(not_here == loose);
  } else {
    CHECK(std::includes(loose.begin(), loose.end(), not_here.begin(), not_here.end()));
  }

  // Pack order, as a history scan would read: every entry of every pack, by location.
  ObjectReader in_order(*db);
  for (uint32_t p = 0; p < (*db)->packs().size(); ++p) {
    for (const PackIndex::Entry& e : (*db)->packs()[p]->index().entries_by_offset()) {
      INFO("object " << e.id.hex() << " at offset " << e.offset);
      Result<std::optional<Object>> mine = in_order.read_at(PackLocation{p, e.offset}, UINT64_MAX);
      REQUIRE(mine.is_ok());
      REQUIRE(mine->has_value());
      CHECK(mine->value().bytes == libgit2_read(odb.ptr, e.id).bytes);
    }
  }
  return counts;
}

// A deterministic text file of 400 lines, version k (k < 400): versions 1..k each changed one
// more line (line 37 j mod 400 for version j), so version k differs from k - 1 in one line and
// a deep repack chains consecutive versions.
std::string text_version(int k) {
  constexpr int kInverse37 = 173;  // 37 * 173 = 6401 = 1 (mod 400)
  std::string out;
  for (int line = 0; line < 400; ++line) {
    const int j = line * kInverse37 % 400;  // the version that changes this line
    const bool changed = j >= 1 && j <= k;
    out += "line " + std::to_string(line) + (changed ? " changed in version " + std::to_string(j) : " original text here") +
           " " + std::string(static_cast<size_t>(line % 23), 'x') + "\n";
  }
  return out;
}

std::string pseudo_random(size_t n, uint64_t seed) {
  std::string out(n, '\0');
  for (size_t i = 0; i < n; ++i) {
    seed = seed * 6364136223846793005ull + 1442695040888963407ull;
    out[i] = static_cast<char>(seed >> 56);
  }
  return out;
}

void data(std::string* s, const std::string& bytes) { *s += "data " + std::to_string(bytes.size()) + "\n" + bytes + "\n"; }

// A git fast-import stream of versions [from, to) of a.txt on refs/heads/main (continuing the
// branch when from > 0), with a binary file, an empty file, a folder of small files and an
// annotated tag at the end.
std::string import_stream(int from, int to, const std::string& tag) {
  std::string s;
  int mark = 1;
  for (int k = from; k < to; ++k) {
    s += "blob\nmark :" + std::to_string(mark) + "\n";
    data(&s, text_version(k));
    s += "commit refs/heads/main\nmark :" + std::to_string(mark + 1) + "\n";
    s += "committer T <t@keysweep.invalid> " + std::to_string(1700000000 + k) + " +0000\n";
    data(&s, "version " + std::to_string(k) + "\n");
    if (k == from && from > 0) s += "from refs/heads/main^0\n";
    s += "M 100644 :" + std::to_string(mark) + " a.txt\n";
    if (k == from || k % 97 == 0) {
      s += "M 100644 inline b.bin\n";
      data(&s, pseudo_random(70000, static_cast<uint64_t>(k)));
    }
    if (k == 0) {
      s += "M 100644 inline empty\n";
      data(&s, "");
      for (int f = 0; f < 40; ++f) {
        s += "M 100644 inline dir/f" + std::to_string(f) + ".txt\n";
        data(&s, "small file " + std::to_string(f) + "\n");
      }
    }
    s += "\n";
    mark += 2;
  }
  s += "tag " + tag + "\nfrom refs/heads/main\ntagger T <t@keysweep.invalid> 1700000000 +0000\n";
  data(&s, "tag " + tag + "\n");
  return s;
}

std::set<std::string> pack_names(const TestRepo& repo) {
  std::set<std::string> out;
  for (const auto& e : fs::directory_iterator(repo.root() + "/.git/objects/pack")) {
    if (e.path().extension() == ".pack") out.insert(e.path().stem().string());
  }
  return out;
}

void run_sh(const TestRepo& repo, const std::string& script, const std::string& input = "") {
  CommandResult r = run_command(hermetic(repo.home(), {"sh", "-c", script}), repo.root(), input);
  INFO(script << ": " << r.err_text);
  REQUIRE(r.exit_code == 0);
}

// The generated repository: pack 1 deep OFS_DELTA chains, pack 2 REF_DELTAs, then loose objects.
void build_fixture(const TestRepo& repo) {
  run_sh(repo, "git fast-import --quiet", import_stream(0, 260, "v1"));
  repo.git({"repack", "-a", "-d", "-f", "-q", "--depth=250", "--window=250"});
  const std::set<std::string> before = pack_names(repo);
  run_sh(repo, "git fast-import --quiet", import_stream(260, 320, "v2"));
  std::set<std::string> imported = pack_names(repo);
  for (const std::string& p : before) imported.erase(p);
  REQUIRE(imported.size() == 1);
  // No --delta-base-offset: pack-objects writes REF_DELTA entries.
  run_sh(repo, "git rev-list --objects v2 --not v1 | git pack-objects -q --no-reuse-delta --window=100 --depth=100 "
               ".git/objects/pack/pack >/dev/null");
  for (const char* ext : {".pack", ".idx"}) fs::remove(repo.root() + "/.git/objects/pack/" + *imported.begin() + ext);
  repo.git({"checkout", "-q", "-f", "main"});
  for (int i = 0; i < 3; ++i) {
    repo.write("a.txt", text_version(390 + i));
    repo.write("loose/" + std::to_string(i), "loose " + std::to_string(i) + "\n");
    repo.commit_all("loose " + std::to_string(i));
  }
}

}  // namespace

TEST_CASE("ObjectReader: every object of a deeply repacked repository equals libgit2's", "[pack][reader]") {
  TestRepo repo;
  build_fixture(repo);
  CommandResult chains = run_command(
      hermetic(repo.home(), {"sh", "-c", "git verify-pack -v .git/objects/pack/*.idx | grep 'chain length = '"}),
      repo.root());
  INFO(chains.out_text);
  int deepest = 0;
  std::istringstream lines(chains.out_text);
  for (std::string line; std::getline(lines, line);) {
    deepest = std::max(deepest, std::atoi(line.c_str() + line.find('=') + 1));
  }
  CHECK(deepest >= 100);  // the repack made deep chains
  const Counts counts = compare_with_libgit2(repo, repo.root(), /*exact_loose=*/true);
  CHECK(counts.objects > 700);
  CHECK(counts.not_here >= 9);  // 3 commits, 3 blobs of loose/, 3 of a.txt, trees
}

TEST_CASE("ObjectReader: this project's own clone equals libgit2 object by object", "[pack][reader]") {
  TestRepo fixture;  // for the hermetic home only
  if (!source_is_checkout(fixture)) return;
  const std::string source = KEYSWEEP_SOURCE_DIR;
  const Counts counts = compare_with_libgit2(fixture, source, /*exact_loose=*/false);
  CHECK(counts.objects > 0);
}

TEST_CASE("ObjectReader: threads share one database, each with its own reader", "[pack][reader]") {
  TestRepo repo;
  build_fixture(repo);
  Result<std::shared_ptr<const ObjectDatabase>> db = ObjectDatabase::open(objects_dir_of(repo.root()));
  REQUIRE(db.is_ok());
  const std::vector<ObjectId> ids = all_objects(repo, repo.root());
  std::vector<std::vector<std::string>> got(2, std::vector<std::string>(ids.size()));
  std::vector<std::thread> threads;
  for (int t = 0; t < 2; ++t) {
    threads.emplace_back([&, t] {
      ObjectReader reader(*db, ObjectReaderOptions{.cache_bytes = t == 0 ? (64u << 20) : (256u << 10)});
      for (size_t k = 0; k < ids.size(); ++k) {
        const size_t i = t == 0 ? k : ids.size() - 1 - k;
        Result<std::optional<Object>> o = reader.read(ids[i], UINT64_MAX);
        got[t][i] = !o ? "error" : o->has_value() ? o->value().bytes : "not here";
      }
    });
  }
  for (std::thread& t : threads) t.join();
  CHECK(got[0] == got[1]);
  CHECK(std::count(got[0].begin(), got[0].end(), "error") == 0);
}

TEST_CASE("ObjectReader: limits on size and chain depth are errors, not allocations", "[pack][reader]") {
  TestRepo repo;
  build_fixture(repo);
  Result<std::shared_ptr<const ObjectDatabase>> db = ObjectDatabase::open(objects_dir_of(repo.root()));
  REQUIRE(db.is_ok());
  // a.txt at v1 (version 259): in pack 1, a delta deep in a chain (or its base).
  const ObjectId a = id_from_hex(repo.git({"rev-parse", "v1:a.txt"}).substr(0, 40));
  ObjectReader reader(*db);
  Result<std::optional<Object>> small = reader.read(a, 1000);
  REQUIRE_FALSE(small.is_ok());
  CHECK(small.status().message().find("over the limit of 1000") != std::string::npos);
  CHECK(small.status().message().rfind("reading object " + a.hex() + ": pack ", 0) == 0);
  Result<std::optional<Object>> exact = reader.read(a, text_version(259).size());
  REQUIRE(exact.is_ok());
  CHECK(exact->value().bytes == text_version(259));

  // Some blob of the first pack sits deeper than 3 in its chain.
  ObjectReader shallow(*db, ObjectReaderOptions{.max_delta_depth = 3});
  size_t too_deep = 0;
  for (int k = 0; k < 260; k += 7) {
    const ObjectId v =
        id_from_hex(repo.git({"rev-parse", "v1~" + std::to_string(259 - k) + ":a.txt"}).substr(0, 40));
    Result<std::optional<Object>> o = shallow.read(v, UINT64_MAX);
    Result<std::optional<ObjectHeader>> h = shallow.read_header(v);
    if (!o.is_ok()) {
      ++too_deep;
      CHECK(o.status().message().find("delta chain deeper than 3") != std::string::npos);
      CHECK_FALSE(h.is_ok());
    } else {
      CHECK(o->value().bytes == text_version(k));
    }
  }
  CHECK(too_deep > 0);
}

TEST_CASE("ObjectDatabase: packs of alternates, relative, absolute and nested, are read", "[pack][reader]") {
  TestRepo base;
  base.write("base.txt", "in the base repository\n");
  base.commit_all("base");
  base.git({"repack", "-a", "-d", "-q"});
  TestRepo middle;
  middle.write("middle.txt", "in the middle repository\n");
  middle.commit_all("middle");
  middle.git({"repack", "-a", "-d", "-q"});
  TestRepo top;
  top.write("top.txt", "in the top repository\n");
  top.commit_all("top");
  top.git({"repack", "-a", "-d", "-q"});
  // top -> middle (relative path), middle -> base (absolute path), base -> top (a cycle).
  const std::string rel = fs::relative(middle.root() + "/.git/objects", top.root() + "/.git/objects").string();
  top.tmp().write("repo/.git/objects/info/alternates", "# a comment\n\n" + rel + "\n" + "/no/such/dir\n");
  middle.tmp().write("repo/.git/objects/info/alternates", "\"" + base.root() + "/.git/objects\"\n");
  base.tmp().write("repo/.git/objects/info/alternates", top.root() + "/.git/objects\n");

  Result<std::shared_ptr<const ObjectDatabase>> db = ObjectDatabase::open(top.root() + "/.git/objects");
  REQUIRE(db.is_ok());
  CHECK((*db)->directories().size() == 3);
  CHECK((*db)->packs().size() == 3);
  REQUIRE((*db)->problems().size() == 1);
  CHECK((*db)->problems()[0] == "object directory /no/such/dir does not exist, skipped");
  ObjectReader reader(*db);
  const std::pair<const TestRepo*, std::string> files[] = {{&base, "base.txt"}, {&middle, "middle.txt"}, {&top, "top.txt"}};
  for (const auto& [repo, file] : files) {
    const ObjectId id = id_from_hex(repo->git({"rev-parse", "HEAD:" + file}).substr(0, 40));
    Result<std::optional<Object>> o = reader.read(id, UINT64_MAX);
    REQUIRE(o.is_ok());
    REQUIRE(o->has_value());
    CHECK(o->value().type == ObjectType::kBlob);
    CHECK(o->value().bytes.find(std::string("in the ")) == 0);
  }
}

}  // namespace keysweep
