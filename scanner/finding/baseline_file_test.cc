#include "scanner/finding/baseline_file.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

namespace keysweep {
namespace {

constexpr const char* kFpA = "0123456789abcdef0123456789abcdef";
constexpr const char* kFpB = "4444444444444444aaaaaaaaaaaaaaaa";
constexpr const char* kFpC = "fedcba9876543210fedcba9876543210";
constexpr const char* kSaltHex = "000102030405060708090a0b0c0d0e0f";
constexpr const char* kHeader =
    R"({"keysweep_baseline":1,"salt":"000102030405060708090a0b0c0d0e0f","kdf":{"alg":"argon2id13","opslimit":3,"memlimit":1048576},"entries":[)";

BaselineFile sample() {
  BaselineFile f;
  f.salt = *parse_salt_hex(kSaltHex);
  add_to_baseline(&f, kFpC, "postgres-uri", "deploy/.env");
  add_to_baseline(&f, kFpA, "github-token", "app/settings.py");
  add_to_baseline(&f, kFpC, "generic-password", "docker-compose.yml");
  return f;
}

std::string with_lines(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& l : lines) out += l + "\n";
  return out;
}

std::string entry(const std::string& fp, const std::string& rest = R"("rules":["r"],"paths":["p"])") {
  return R"({"fp":")" + fp + R"(",)" + rest + "},";
}

// The error of parsing `text`, which must fail.
std::string error_of(const std::string& text) {
  Result<BaselineFile> r = parse_baseline_file(text, ".keysweep-baseline.json");
  REQUIRE_FALSE(r);
  return r.status().message();
}

}  // namespace

TEST_CASE("baseline_file: the layout, one record per line", "[baseline_file]") {
  CHECK(format_baseline_file(sample()) ==
        with_lines({kHeader,
                    R"({"fp":"0123456789abcdef0123456789abcdef","rules":["github-token"],"paths":["app/settings.py"]},)",
                    R"({"fp":"fedcba9876543210fedcba9876543210","rules":["generic-password","postgres-uri"],"paths":["deploy/.env","docker-compose.yml"]},)",
                    R"({"end":true}]})"}));
  BaselineFile empty;
  empty.salt = *parse_salt_hex(kSaltHex);
  CHECK(format_baseline_file(empty) == with_lines({kHeader, R"({"end":true}]})"}));
  Result<BaselineFile> back = parse_baseline_file(format_baseline_file(empty), "b.json");
  REQUIRE(back);
  CHECK(back->entries.empty());
}

TEST_CASE("baseline_file: format(parse(format(x))) is byte-identical", "[baseline_file]") {
  BaselineFile f = sample();
  // Hostile hints: bad UTF-8, control characters, long paths, too many of everything.
  add_to_baseline(&f, kFpB, "Bad Rule!", std::string("a\xff\xfe/\x01\n\"x\".txt"));
  add_to_baseline(&f, kFpB, std::string(kMaxRuleIdBytes + 1, 'r'), std::string(1000, 'p'));
  std::string across_cut(kMaxPathBytes - 1, 'q');
  across_cut.append("\xc3\xa9");  // an e-acute that the cut must not split
  add_to_baseline(&f, kFpB, "ok-rule", across_cut);
  for (int i = 0; i < 20; ++i) add_to_baseline(&f, kFpB, "rule-" + std::to_string(i), "p/" + std::to_string(i));
  const std::string once = format_baseline_file(f);
  Result<BaselineFile> parsed = parse_baseline_file(once, "b.json");
  INFO(parsed.status().message());
  REQUIRE(parsed);
  CHECK(format_baseline_file(*parsed) == once);
  const BaselineEntry* b = find_in_baseline(*parsed, kFpB);
  REQUIRE(b != nullptr);
  CHECK(b->rules.size() == kMaxRules);
  CHECK(b->paths.size() == kMaxPaths);
  for (const std::string& p : b->paths) CHECK(p.size() <= kMaxPathBytes);
  // The writer never emits a raw newline inside a record.
  size_t lines = 0;
  for (char c : once) lines += c == '\n';
  CHECK(lines == 2 + parsed->entries.size());
  CHECK(find_in_baseline(*parsed, kFpA) != nullptr);
  CHECK(find_in_baseline(*parsed, "00000000000000000000000000000000") == nullptr);
}

TEST_CASE("baseline_file: a union merge's result is accepted (out of order, repeated, CRLF)",
          "[baseline_file]") {
  const std::string text =
      with_lines({kHeader, entry(kFpC, R"("rules":["b"],"paths":["y"])"), entry(kFpA), kHeader,
                  entry(kFpC, R"("rules":["a"],"paths":["x","y"])"), R"({"end":true}]})"});
  Result<BaselineFile> r = parse_baseline_file(text, "b.json");
  INFO(r.status().message());
  REQUIRE(r);
  REQUIRE(r->entries.size() == 2);
  CHECK(r->entries[0].fp == kFpA);
  CHECK(r->entries[1] == BaselineEntry{kFpC, {"a", "b"}, {"x", "y"}});
  std::string crlf;
  for (char c : format_baseline_file(*r)) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  Result<BaselineFile> r2 = parse_baseline_file(crlf, "b.json");
  REQUIRE(r2);
  CHECK(*r2 == *r);
}

TEST_CASE("baseline_file: errors name the file and the line", "[baseline_file]") {
  const std::string end = R"({"end":true}]})";
  const std::string name = "baseline '.keysweep-baseline.json'";
  CHECK(error_of("") == name + " is empty (create one with `keysweep baseline create`)");
  // Never quotes the value: a user may have pasted a secret into the file.
  const std::string bad_fp = error_of(with_lines({kHeader, entry(kFpA), entry("hunter2hunter2"), end}));
  CHECK(bad_fp == name + " line 3: fp is not 32 lower-case hex digits");
  CHECK(error_of(with_lines({kHeader, entry("0123456789ABCDEF0123456789ABCDEF"), end})) ==
        name + " line 2: fp is not 32 lower-case hex digits");
  CHECK(error_of(with_lines({entry(kFpA), end})).rfind(name + " line 1: not a keysweep baseline header", 0) == 0);
  CHECK(error_of(R"({"keysweep_json_version": 1, "findings": []})").rfind(name + " line 1: not a keysweep", 0) == 0);
  CHECK(error_of(with_lines({kHeader, entry(kFpA)})) ==
        name + " ends at line 2 without its closing line {\"end\":true}]} (cut short?)");
  CHECK(error_of(with_lines({kHeader, end, entry(kFpA)})) ==
        name + " line 3: text after the closing line {\"end\":true}]}");
  CHECK(error_of(with_lines({kHeader, entry(kFpA).substr(0, entry(kFpA).size() - 1), end})) ==
        name + " line 2: an entry line must end with a comma (the last line is {\"end\":true}]})");
  CHECK(error_of(with_lines({kHeader, "", entry(kFpA), end})) ==
        name + " line 2: an empty line (keysweep writes one record per line)");
  CHECK(error_of(with_lines({kHeader, "{\"fp\": ,", end})) == name + " line 2: not valid JSON");
  CHECK(error_of(with_lines({kHeader, "[1],", end})) == name + " line 2: an entry is an array, not an object");
  CHECK(error_of(with_lines({kHeader, entry(kFpA, R"("rules":["r"])"), end})) ==
        name + " line 2: the entry has no \"paths\"");
  CHECK(error_of(with_lines({kHeader, entry(kFpA, R"("rules":[],"paths":[],"line":3)"), end})) ==
        name + " line 2: the entry has an unknown key (expected only the keys keysweep writes)");
  CHECK(error_of(with_lines({kHeader, entry(kFpA, R"("rules":["Bad"],"paths":[])"), end})) ==
        name + " line 2: rules[0] is not a rule id (1 to 128 of a-z, 0-9, '-', '_', '.')");
  CHECK(error_of(with_lines({kHeader, entry(kFpA, R"("rules":[],"paths":[""])"), end})) ==
        name + " line 2: paths[0] is not 1 to 256 bytes long");
  CHECK(error_of(with_lines({kHeader, entry(kFpA, R"("rules":"r","paths":[])"), end})) ==
        name + " line 2: rules is a string, not an array");
  CHECK(error_of(with_lines({kHeader, entry(kFpA, R"("rules":[1],"paths":[])"), end})) ==
        name + " line 2: rules[0] is a number, not a string");
  CHECK(error_of(with_lines({kHeader, entry(kFpA, R"("rules":["a","b","c","d","e","f","g","h","i"],"paths":[])"),
                             end})) == name + " line 2: rules has 9 items (at most 8)");
  CHECK(error_of(with_lines({kHeader, std::string(kMaxLineBytes + 1, ' '), end})) ==
        name + " line 2: longer than 16384 bytes");

  auto header_with = [](const std::string& from, const std::string& to) {
    std::string h = kHeader;
    h.replace(h.find(from), from.size(), to);
    return h;
  };
  CHECK(error_of(with_lines({header_with("\"keysweep_baseline\":1", "\"keysweep_baseline\":2"), end})) ==
        name + " line 1: baseline format version 2 is not supported (this keysweep reads 1)");
  CHECK(error_of(with_lines({header_with("\"keysweep_baseline\":1", "\"keysweep_baseline\":\"hunter2\""), end})) ==
        name + " line 1: keysweep_baseline is not a version number");
  CHECK(error_of(with_lines({kHeader, R"({"end": true}]})"})) ==
        name + " line 2: the closing line must be exactly {\"end\":true}]}");
  CHECK(error_of(with_lines({header_with("0f\"", "0F\""), end})) ==
        name + " line 1: salt is not 32 lower-case hex digits");
  CHECK(error_of(with_lines({header_with("argon2id13", "argon2i13"), end})) ==
        name + " line 1: kdf alg is not \"argon2id13\"");
  CHECK(error_of(with_lines({header_with("\"opslimit\":3", "\"opslimit\":-3"), end})) ==
        name + " line 1: kdf opslimit is not a whole number >= 0");
  CHECK(error_of(with_lines({header_with("1048576", "1073741824"), end})) ==
        name + " line 1: kdf memlimit 1073741824 is not a multiple of 1024 in 8192..67108864");
  CHECK(error_of(with_lines({header_with("\"entries\":[", "\"entries\":[]}"), end})) ==
        name + " line 1: the header must end with \"entries\":[ (entries start on the next line)");
  CHECK(error_of(with_lines({header_with("\"entries\":[", "\"entries\":[" + entry(kFpA)), end})) ==
        name + " line 1: the header must end with \"entries\":[ (entries start on the next line)");
  CHECK(error_of(with_lines({header_with("\"salt\"", "\"pepper\""), end})) ==
        name + " line 1: the header has no \"salt\"");

  // Two baselines created separately, then union-merged: two different headers.
  const std::string two = error_of(with_lines({kHeader, header_with("0f\"", "ff\""), entry(kFpA), end}));
  CHECK(two.rfind(name + " line 2: a second header with other salt than line 1's", 0) == 0);
  CHECK(two.find("`keysweep baseline create`") != std::string::npos);
  const std::string two_kdf =
      error_of(with_lines({kHeader, entry(kFpA), header_with("\"opslimit\":3", "\"opslimit\":4"), end}));
  CHECK(two_kdf.rfind(name + " line 3: a second header with other kdf parameters than line 1's", 0) == 0);
  // The same header twice, even spelt with blanks, is harmless.
  Result<BaselineFile> same =
      parse_baseline_file(with_lines({kHeader, header_with("\"salt\":", "\"salt\": "), entry(kFpA), kHeader, end}), "b");
  CHECK(same);
}

TEST_CASE("baseline_file: merging two baselines", "[baseline_file]") {
  BaselineFile a = sample();
  BaselineFile b;
  b.salt = a.salt;
  add_to_baseline(&b, kFpB, "aws-key", "infra/main.tf");
  add_to_baseline(&b, kFpA, "generic-api-key", "app/settings.py");
  Result<BaselineFile> ab = merge_baselines(a, b);
  Result<BaselineFile> ba = merge_baselines(b, a);
  REQUIRE(ab);
  REQUIRE(ba);
  CHECK(format_baseline_file(*ab) == format_baseline_file(*ba));
  REQUIRE(ab->entries.size() == 3);
  CHECK(ab->entries[0] == BaselineEntry{kFpA, {"generic-api-key", "github-token"}, {"app/settings.py"}});
  CHECK(ab->entries[1].fp == kFpB);

  BaselineFile other = b;
  other.salt[0] ^= 1;
  Result<BaselineFile> bad = merge_baselines(a, other);
  REQUIRE_FALSE(bad);
  CHECK(bad.status().message() ==
        "the baselines were created with different salts, so their entries cannot be compared; run `keysweep "
        "baseline create` again to make one baseline");
  other = b;
  other.kdf.opslimit = 4;
  CHECK_FALSE(merge_baselines(a, other));
}

TEST_CASE("baseline_file: telling a baseline file from a report", "[baseline_file]") {
  CHECK(baseline_kind(format_baseline_file(sample())) == BaselineKind::kFile);
  CHECK(baseline_kind("\n  { \"keysweep_baseline\": 1, \"salt\": \"00\"") == BaselineKind::kFile);
  CHECK(baseline_kind(R"({"keysweep_json_version": 1, "findings": []})") == BaselineKind::kReport);
  CHECK(baseline_kind(R"({"version": "2.1.0", "runs": []})") == BaselineKind::kReport);
  CHECK(baseline_kind(R"({"findings": [], "keysweep_baseline": 1})") == BaselineKind::kReport);
  CHECK(baseline_kind("") == BaselineKind::kReport);
  CHECK(baseline_kind("{") == BaselineKind::kReport);
}

}  // namespace keysweep
