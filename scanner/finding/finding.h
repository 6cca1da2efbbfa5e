// Finding: what keysweep reports. A match that survived every check, placed in its file.
//
// Thread safety: plain values.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "scanner/chunk/chunk.h"
#include "scanner/ruleset/rule.h"

namespace keysweep {

struct Finding {
  std::string rule_id;
  std::string description;
  Severity severity = Severity::kHigh;
  Provenance provenance;     // path (relative, '/'), source, commit, blob
  uint32_t line = 0;         // 1-based position of the secret's first byte
  uint32_t column = 0;       // 1-based, bytes
  uint32_t end_line = 0;     // position one past the secret's last byte
  uint32_t end_column = 0;
  uint64_t offset = 0;       // byte offset of the secret's first byte in the input as stored
  std::string secret;        // raw value; reporters redact it unless told otherwise
  std::string line_text;     // the whole first line of the secret, raw (redacted on output)
  std::string fingerprint;   // content fingerprint: see finding/fingerprint.h
  std::vector<std::string> tags;  // e.g. "test-fixture"; sorted, unique
  bool test_fixture = false;      // the path looks like test data (tests/, fixtures/, ...)
};

// Sort order of every report: path, commit, line, column, rule id, secret.
bool finding_less(const Finding& a, const Finding& b);

// A file or input that was not scanned, with why. Never silent: every reporter prints these.
struct Skipped {
  std::string path;
  std::string reason;  // "binary", "too-large", "unreadable", "not-regular"
  std::string detail;  // human message, e.g. the OS error
};

// Everything the scan knows at the end, handed to one reporter.
struct ScanSummary {
  uint64_t files_scanned = 0;
  uint64_t bytes_scanned = 0;
  std::vector<Skipped> skipped;  // sorted by path
  // Errors that make the run incomplete (unreadable files, corrupt objects); sorted.
  std::vector<std::string> errors;
  double seconds = 0;            // wall time; only the text reporter prints it
  bool incomplete() const { return !errors.empty(); }
};

}  // namespace keysweep
