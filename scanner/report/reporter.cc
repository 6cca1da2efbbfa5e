#include "scanner/report/reporter.h"

#include "scanner/report/json_reporter.h"
#include "scanner/report/sarif_reporter.h"
#include "scanner/report/text_reporter.h"

namespace keysweep {

std::unique_ptr<Reporter> make_reporter(const std::string& format) {
  if (format == "text") return std::make_unique<TextReporter>();
  if (format == "json") return std::make_unique<JsonReporter>();
  if (format == "sarif") return std::make_unique<SarifReporter>();
  return nullptr;
}

}  // namespace keysweep
