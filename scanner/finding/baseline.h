// Baseline: the fingerprints of an earlier keysweep report, whose findings are not reported
// again (--baseline FILE), so a team can adopt keysweep without fixing every old finding first.
//
// A baseline is a keysweep JSON report (doc/output.md, "JSON") or a SARIF log written by
// keysweep. parse_baseline() is strict, because a baseline that is read wrongly hides nothing
// (every old finding comes back) or, worse, is believed to hide what it does not:
//   - JSON: the top level is an object with a "findings" array; "keysweep_json_version", when
//     present, must be 1; every element of "findings" must be an object whose "fingerprint" is
//     a string of 32 lower-case hex digits (what keysweep writes).
//   - SARIF: the top level is an object with a "runs" array. Runs of other tools (a merged log)
//     are skipped; in each keysweep run (tool.driver.name "keysweep"), "results" must be an
//     array and every result must carry partialFingerprints["keysweep/v1"] as above.
//   - A report with no findings ("findings": [] or runs without results) is a valid, empty
//     baseline. An empty file, or anything that is not such a report, is an error.
// The rules are documented for users in doc/output.md ("Baselines").
//
// Thread safety: a pure function. Errors: a Status naming `label` (the file) and the position
// of the first bad element in JSON-path form, e.g.
//   baseline 'old.json': findings[3].fingerprint is a number, not a string
// Memory: the parsed document (nlohmann::json) is held while reading, a few times the text's
// size; the caller bounds the text (scanner/app/cli.cc reads at most 512 MiB).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "scanner/base/status.h"

namespace keysweep {

// Parses the report `text` and appends the fingerprints it holds to `*fingerprints`, in file
// order. On error, `*fingerprints` is left as it was.
Status parse_baseline(std::string_view text, const std::string& label, std::vector<std::string>* fingerprints);

}  // namespace keysweep
