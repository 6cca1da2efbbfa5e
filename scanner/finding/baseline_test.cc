#include "scanner/finding/baseline.h"

#include <catch2/catch.hpp>

namespace keysweep {
namespace {

constexpr const char* kFp1 = "0123456789abcdef0123456789abcdef";
constexpr const char* kFp2 = "fedcba9876543210fedcba9876543210";

std::string sarif_with(const std::string& fingerprint_value) {
  return R"({"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "keysweep"}}, "results": [
    {"ruleId": "a", "partialFingerprints": {"keysweep/v1": ")" + std::string(kFp1) + R"("}},
    {"ruleId": "b", "partialFingerprints": {"keysweep/v1": )" + fingerprint_value + R"(}}]}]})";
}

}  // namespace

TEST_CASE("baseline: fingerprints of a JSON report and of a SARIF log", "[baseline]") {
  std::vector<std::string> fps;
  REQUIRE(parse_baseline(R"({"keysweep_json_version": 1, "findings": [{"fingerprint": ")" + std::string(kFp1) +
                             R"("}, {"fingerprint": ")" + kFp2 + R"("}]})",
                         "old.json", &fps));
  CHECK(fps == std::vector<std::string>{kFp1, kFp2});
  fps.clear();
  REQUIRE(parse_baseline(sarif_with("\"" + std::string(kFp2) + "\""), "old.sarif", &fps));
  CHECK(fps == std::vector<std::string>{kFp1, kFp2});
}

TEST_CASE("baseline: a report without findings is an empty baseline", "[baseline]") {
  std::vector<std::string> fps;
  CHECK(parse_baseline(R"({"keysweep_json_version": 1, "findings": []})", "b", &fps));
  CHECK(parse_baseline(R"({"runs": [{"tool": {"driver": {"name": "keysweep"}}, "results": []}]})", "b", &fps));
  CHECK(fps.empty());
}

TEST_CASE("baseline: runs of other tools in a merged SARIF log are skipped", "[baseline]") {
  std::vector<std::string> fps;
  REQUIRE(parse_baseline(R"({"runs": [{"tool": {"driver": {"name": "other"}}, "results": [{"ruleId": "x"}]},
                                      {"tool": {"driver": {"name": "keysweep"}}, "results": [
                                        {"partialFingerprints": {"keysweep/v1": ")" +
                             std::string(kFp1) + R"("}}]}]})",
                         "merged.sarif", &fps));
  CHECK(fps == std::vector<std::string>{kFp1});
}

TEST_CASE("regression: a baseline fingerprint that is a number was accepted silently", "[baseline]") {
  std::vector<std::string> fps{"kept"};
  Status st = parse_baseline(R"({"findings": [{"fingerprint": ")" + std::string(kFp1) +
                                 R"("}, {"fingerprint": 12345}]})",
                             "old.json", &fps);
  REQUIRE_FALSE(st);
  CHECK(st.message() == "baseline 'old.json': findings[1].fingerprint is a number, not a string");
  CHECK(fps == std::vector<std::string>{"kept"});  // nothing appended on error

  st = parse_baseline(sarif_with("7"), "old.sarif", &fps);
  REQUIRE_FALSE(st);
  CHECK(st.message() ==
        "baseline 'old.sarif': runs[0].results[1].partialFingerprints[\"keysweep/v1\"] is a number, not a string");
  for (const char* bad : {"null", "true", "[\"x\"]", "{}"}) {
    INFO(bad);
    st = parse_baseline(sarif_with(bad), "old.sarif", &fps);
    REQUIRE_FALSE(st);
    CHECK(st.message().find("runs[0].results[1].partialFingerprints[\"keysweep/v1\"] is ") != std::string::npos);
  }
}

TEST_CASE("baseline: malformed reports are errors that name the file and the element", "[baseline]") {
  struct Case {
    std::string text;
    std::string message;
  };
  for (const Case& c : std::vector<Case>{
           {"", "baseline 'f' is empty (a baseline is an earlier --format json or sarif report)"},
           {" \n", "baseline 'f' is empty (a baseline is an earlier --format json or sarif report)"},
           {"{", "baseline 'f' is not a keysweep JSON or SARIF report"},
           {"[]", "baseline 'f' is not a keysweep JSON or SARIF report"},
           {R"({"tool": {}})", "baseline 'f' is not a keysweep JSON or SARIF report"},
           {R"({"findings": {}})", "baseline 'f': findings is not an array"},
           {R"({"keysweep_json_version": 2, "findings": []})",
            "baseline 'f': keysweep_json_version 2 is not supported (this keysweep reads 1)"},
           {R"({"findings": [3]})", "baseline 'f': findings[0] is not an object"},
           {R"({"findings": [{"rule_id": "x"}]})", "baseline 'f': findings[0] has no fingerprint"},
           {R"({"findings": [{"fingerprint": "abc"}]})",
            "baseline 'f': findings[0].fingerprint is not a keysweep fingerprint (32 lower-case hex digits)"},
           {R"({"findings": [{"fingerprint": "0123456789ABCDEF0123456789ABCDEF"}]})",
            "baseline 'f': findings[0].fingerprint is not a keysweep fingerprint (32 lower-case hex digits)"},
           {R"({"runs": {}})", "baseline 'f': runs is not an array"},
           {R"({"runs": [1]})", "baseline 'f': runs[0] is not an object"},
           {R"({"runs": [{"tool": {"driver": {"name": "keysweep"}}}]})",
            "baseline 'f': runs[0].results is missing or not an array"},
           {R"({"runs": [{"tool": {"driver": {"name": "keysweep"}}, "results": [{"ruleId": "x"}]}]})",
            "baseline 'f': runs[0].results[0] has no partialFingerprints object"},
           {R"({"runs": [{"tool": {"driver": {"name": "keysweep"}}, "results": [{"partialFingerprints": {}}]}]})",
            "baseline 'f': runs[0].results[0] has no partialFingerprints[\"keysweep/v1\"]"},
       }) {
    INFO(c.text);
    std::vector<std::string> fps;
    Status st = parse_baseline(c.text, "f", &fps);
    REQUIRE_FALSE(st);
    CHECK(st.message() == c.message);
    CHECK(fps.empty());
  }
}

}  // namespace keysweep
