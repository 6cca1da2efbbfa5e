// Purge plan: the expressions file `git filter-repo --replace-text FILE` reads, one line per
// secret, each replaced by ***REMOVED*** in every blob of the rewritten history.
//
// A one-line secret is written `literal:<secret>==>***REMOVED***`: the `literal:` prefix keeps a
// secret that starts with `regex:` or `glob:` literal, and filter-repo splits a line at its last
// `==>`, so a secret holding `==>` is still whole. A secret with a line break (a PEM private key)
// cannot be one literal line: it is written as `regex:` with every byte that is not a letter or
// digit escaped (line breaks as \n and \r, other bytes as \xHH), so it matches exactly itself.
// Lines are in the groups' order (the report's), each secret once.
//
// The file holds raw secrets: the caller writes it through ReportFile (report_file.h: mode
// 0600, atomic). Thread safety: pure function.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "scanner/finding/secret_group.h"

namespace keysweep {

// The expression line for one secret (no trailing newline).
std::string purge_expression(const std::string& secret);

void write_purge_plan(std::ostream& out, const std::vector<SecretGroup>& groups);

}  // namespace keysweep
