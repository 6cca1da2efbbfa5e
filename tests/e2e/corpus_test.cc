// The labelled corpus, end to end: `keysweep dir corpus --format json` must report exactly the
// findings listed in corpus/expected.json, compared as a set of (path, rule_id, line).
//
// Files under corpus/negative/ must give nothing; every finding under a test-data folder must be
// tagged test-fixture. On a mismatch the test prints every missing and every unexpected finding
// (never the secret: the report is redacted by default and we print only path:line rule).
#include <catch2/catch.hpp>

#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <tuple>

#include <nlohmann/json.hpp>

#include "tests/e2e/run_command.h"

namespace keysweep {
namespace {

using Label = std::tuple<std::string, std::string, int>;  // path, rule_id, line

std::string label_str(const Label& l) {
  return std::get<0>(l) + ":" + std::to_string(std::get<2>(l)) + " " + std::get<1>(l);
}

// Report paths are relative to the scanned directory; accept "corpus/..." and "./..." too.
std::string corpus_relative(std::string path) {
  for (const char* prefix : {"./", "corpus/"}) {
    std::string p(prefix);
    if (path.compare(0, p.size(), p) == 0) path.erase(0, p.size());
  }
  return path;
}

// A folder of the path is one of the test-data folders named in the finding policy.
bool is_test_data_path(const std::string& path) {
  static const std::set<std::string> kDirs = {"tests", "t",    "test",     "testdata",
                                              "fixtures", "spec", "__tests__"};
  size_t start = 0;
  for (size_t slash = path.find('/'); slash != std::string::npos; slash = path.find('/', start)) {
    if (kDirs.count(path.substr(start, slash - start))) return true;
    start = slash + 1;
  }
  return false;
}

nlohmann::json read_json_file(const std::string& path) {
  std::ifstream in(path);
  REQUIRE(in.good());
  return nlohmann::json::parse(in);
}

}  // namespace

TEST_CASE("corpus findings match corpus/expected.json", "[e2e]") {
  const std::string source_dir = KEYSWEEP_SOURCE_DIR;
  const nlohmann::json expected_json = read_json_file(source_dir + "/corpus/expected.json");
  REQUIRE(expected_json.is_array());

  std::set<Label> expected;
  Label previous;
  for (const nlohmann::json& e : expected_json) {
    Label l{e.at("path").get<std::string>(), e.at("rule_id").get<std::string>(),
            e.at("line").get<int>()};
    INFO("expected.json entry " << label_str(l));
    // The file is kept sorted by (path, line, rule_id) and free of duplicates so diffs stay
    // readable.
    CHECK(std::get<0>(l).rfind("positive/", 0) == 0);
    if (!expected.empty()) {
      CHECK(std::tie(std::get<0>(previous), std::get<2>(previous), std::get<1>(previous)) <
            std::tie(std::get<0>(l), std::get<2>(l), std::get<1>(l)));
    }
    expected.insert(l);
    previous = l;
  }

  CommandResult run =
      run_command({KEYSWEEP_BINARY, "dir", "corpus", "--format", "json"}, source_dir);
  INFO("stderr: " << run.err_text);
  REQUIRE(run.exit_code == 1);  // 1 = findings
  nlohmann::json report = nlohmann::json::parse(run.out_text, nullptr, /*allow_exceptions=*/false);
  REQUIRE(!report.is_discarded());
  REQUIRE(report.at("keysweep_json_version") == 1);
  CHECK(report.at("summary").at("incomplete") == false);
  CHECK(report.at("summary").at("errors").empty());

  std::set<Label> actual;
  std::ostringstream bad_tags;  // one line per finding whose test-fixture tag is wrong
  for (const nlohmann::json& f : report.at("findings")) {
    Label l{corpus_relative(f.at("path").get<std::string>()), f.at("rule_id").get<std::string>(),
            f.at("line").get<int>()};
    actual.insert(l);
    CHECK(f.at("redacted") == true);
    bool tagged = false;
    for (const nlohmann::json& t : f.at("tags")) tagged = tagged || t == "test-fixture";
    if (tagged != is_test_data_path(std::get<0>(l))) {
      bad_tags << "  " << label_str(l) << (tagged ? " tagged" : " not tagged") << " test-fixture\n";
    }
  }

  INFO("test-fixture tag mismatches:\n" << bad_tags.str());
  CHECK(bad_tags.str().empty());

  // Listed by path, then line, as expected.json is.
  auto by_line = [](const Label& a, const Label& b) {
    return std::tie(std::get<0>(a), std::get<2>(a), std::get<1>(a)) <
           std::tie(std::get<0>(b), std::get<2>(b), std::get<1>(b));
  };
  std::set<Label, decltype(by_line)> missing(by_line), unexpected(by_line);
  for (const Label& l : expected) {
    if (!actual.count(l)) missing.insert(l);
  }
  for (const Label& l : actual) {
    if (!expected.count(l)) unexpected.insert(l);
  }
  std::ostringstream diff;
  diff << missing.size() << " missing (expected, not reported):\n";
  for (const Label& l : missing) diff << "  " << label_str(l) << "\n";
  diff << unexpected.size() << " unexpected (reported, not expected):\n";
  for (const Label& l : unexpected) diff << "  " << label_str(l) << "\n";
  INFO(diff.str());
  CHECK((missing.empty() && unexpected.empty()));
}

}  // namespace keysweep
