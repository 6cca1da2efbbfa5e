// The JSON report reader (scanner/report/report_reader.h) over arbitrary bytes: never a crash or
// an exception; a refused input gives one line naming the file; an accepted one is written back
// by the JSON reporter to a report that reads back to the same bytes (the merge's round trip),
// and SARIF and text can be written from it.
#include <sstream>
#include <string>
#include <string_view>

#include "scanner/report/json_reporter.h"
#include "scanner/report/report_reader.h"
#include "scanner/report/sarif_reporter.h"
#include "scanner/report/text_reporter.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

std::string write(keysweep::Reporter& reporter, const keysweep::ReadReport& report) {
  keysweep::ReportOptions options;
  options.tool_version = KEYSWEEP_VERSION;
  std::ostringstream out;
  reporter.write(out, {}, report.findings, report.summary, options);
  return out.str();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  keysweep::Result<keysweep::ReadReport> read = keysweep::parse_json_report(text, "report 'fuzz.json'", KEYSWEEP_VERSION);
  if (!read) {
    const std::string message = read.status().message();
    FUZZ_CHECK(message.rfind("report 'fuzz.json': ", 0) == 0);
    FUZZ_CHECK(message.find('\n') == std::string::npos);
    return 0;
  }
  keysweep::JsonReporter json;
  const std::string once = write(json, *read);
  keysweep::Result<keysweep::ReadReport> again = keysweep::parse_json_report(once, "report 'again.json'", KEYSWEEP_VERSION);
  FUZZ_CHECK(again.is_ok());
  FUZZ_CHECK(again->findings.size() == read->findings.size());
  FUZZ_CHECK(write(json, *again) == once);
  keysweep::SarifReporter sarif;
  keysweep::TextReporter plain;
  (void)write(sarif, *read);
  (void)write(plain, *read);
  return 0;
}
