// Text output. Everything from a scanned file or commit (paths, lines, secrets, error messages
// naming files, author names and emails) goes through printable() before it reaches the
// terminal: a file name, line or author holding ESC sequences, C1 controls or bidi overrides
// would otherwise be able to rewrite what the user sees, including hiding a finding.
#include "scanner/report/text_reporter.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <iterator>
#include <map>
#include <string_view>

#include "scanner/report/line_view.h"

namespace keysweep {

namespace {

constexpr const char* kReset = "\x1b[0m";
constexpr const char* kPathColor = "\x1b[1;35m";
constexpr const char* kPositionColor = "\x1b[32m";
constexpr const char* kBold = "\x1b[1m";
constexpr const char* kSecretColor = "\x1b[1;31m";
constexpr const char* kIncompleteColor = "\x1b[1;31m";
constexpr const char* kEllipsis = "...";

const char* severity_color(Severity s) {
  switch (s) {
    case Severity::kCritical: return "\x1b[1;31m";
    case Severity::kHigh: return "\x1b[31m";
    case Severity::kMedium: return "\x1b[33m";
    case Severity::kLow: return "\x1b[36m";
  }
  return "";
}

class Painter {
 public:
  explicit Painter(bool color) : color_(color) {}
  std::string operator()(const char* code, std::string_view text) const {
    if (!color_) return std::string(text);
    return std::string(code) + std::string(text) + kReset;
  }

 private:
  bool color_;
};

void append_hex_byte(std::string& out, unsigned char c) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += "\\x";
  out += kHex[c >> 4];
  out += kHex[c & 0xF];
}

bool is_format_control(uint32_t cp) {
  return (cp >= 0x80 && cp <= 0x9F) ||      // C1 controls (0x9B is CSI on some terminals)
         (cp >= 0x202A && cp <= 0x202E) ||  // bidi embeddings and overrides
         (cp >= 0x2066 && cp <= 0x2069) ||  // bidi isolates
         cp == 0x200E || cp == 0x200F || cp == 0x061C;  // directional marks
}

// Decodes one UTF-8 sequence at s[i]; returns its length, or 0 if it is not valid UTF-8.
size_t decode_utf8(std::string_view s, size_t i, uint32_t& cp) {
  const unsigned char c = static_cast<unsigned char>(s[i]);
  size_t len = 0;
  uint32_t min = 0;
  if (c >= 0xC2 && c <= 0xDF) { len = 2; cp = c & 0x1F; min = 0x80; }
  else if (c >= 0xE0 && c <= 0xEF) { len = 3; cp = c & 0x0F; min = 0x800; }
  else if (c >= 0xF0 && c <= 0xF4) { len = 4; cp = c & 0x07; min = 0x10000; }
  else return 0;
  if (i + len > s.size()) return 0;
  for (size_t k = 1; k < len; ++k) {
    const unsigned char cc = static_cast<unsigned char>(s[i + k]);
    if ((cc & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (cc & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

// `text` made safe for a terminal: tabs become spaces, other control characters, invalid UTF-8
// and bidi/C1 format characters become visible escapes.
std::string printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\t') {
      out += ' ';
      ++i;
    } else if (c < 0x20 || c == 0x7F) {
      append_hex_byte(out, c);
      ++i;
    } else if (c < 0x80) {
      out += static_cast<char>(c);
      ++i;
    } else {
      uint32_t cp = 0;
      const size_t len = decode_utf8(text, i, cp);
      if (len == 0) {
        append_hex_byte(out, c);
        ++i;
      } else if (is_format_control(cp)) {
        char buf[16];
        std::snprintf(buf, sizeof buf, "\\u{%04" PRIX32 "}", cp);
        out += buf;
        i += len;
      } else {
        out.append(text.substr(i, len));
        i += len;
      }
    }
  }
  return out;
}

bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// The last `keep` bytes of `text`, not starting inside a UTF-8 sequence.
std::string_view tail_bytes(std::string_view text, size_t keep) {
  if (text.size() <= keep) return text;
  size_t start = text.size() - keep;
  while (start < text.size() && is_continuation(text[start])) ++start;
  return text.substr(start);
}

// The first `keep` bytes of `text`, not ending inside a UTF-8 sequence.
std::string_view head_bytes(std::string_view text, size_t keep) {
  if (text.size() <= keep) return text;
  size_t end = keep;
  while (end > 0 && is_continuation(text[end])) --end;
  return text.substr(0, end);
}

std::string_view trim_left(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  return text;
}

// The line around the secret, at most about kExcerptWidth bytes plus the secret itself.
std::string excerpt(const Finding& f, const ReportOptions& options, const Painter& paint) {
  const LineView view = view_line(f, options.show_secrets);
  const size_t width = TextReporter::kExcerptWidth;
  if (!view.located) {
    const std::string_view line = trim_left(view.before);
    const std::string_view head = head_bytes(line, width);
    return printable(head) + (head.size() < line.size() ? kEllipsis : "");
  }
  // f.line_text may already be a window that starts after the line does.
  const bool cut_by_matcher = view.starts_mid_line;
  const std::string_view before = cut_by_matcher ? view.before : trim_left(view.before);
  const std::string_view after = view.after;
  const size_t room = width > view.secret.size() ? width - view.secret.size() : 0;
  // Split the room evenly; a side that needs less gives the rest to the other.
  size_t left = std::min(before.size(), room / 2);
  const size_t right = std::min(after.size(), room - left);
  left = std::min(before.size(), room - right);
  const std::string_view shown_before = tail_bytes(before, left);
  const std::string_view shown_after = head_bytes(after, right);
  std::string out;
  if (cut_by_matcher || shown_before.size() < before.size()) out += kEllipsis;
  out += printable(shown_before);
  out += paint(kSecretColor, printable(view.secret));
  out += printable(shown_after);
  if (shown_after.size() < after.size()) out += kEllipsis;
  return out;
}

std::string plural(uint64_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

void write_finding(std::ostream& out, const Finding& f, const ReportOptions& options,
                   const Painter& paint) {
  const std::string position = std::to_string(f.line) + ":" + std::to_string(f.column);
  out << "  " << paint(kPositionColor, position) << "  " << paint(kBold, printable(f.rule_id))
      << "  " << paint(severity_color(f.severity), severity_name(f.severity)) << "  "
      << printable(f.description) << '\n';
  out << "      secret: "
      << paint(kSecretColor, printable(shown_secret(f, options.show_secrets))) << '\n';
  if (!f.line_text.empty()) out << "      line:   " << excerpt(f, options, paint) << '\n';
  const Provenance& p = f.provenance;
  if (!p.commit.empty()) out << "      commit: " << printable(p.commit) << '\n';
  // Author and email are whatever the committer typed: printable() like everything else.
  const std::string author = printable(shown_identity(f, p.author, options.show_secrets));
  const std::string email = printable(shown_identity(f, p.email, options.show_secrets));
  if (!author.empty() || !email.empty()) {
    out << "      author: " << author;
    if (!email.empty()) out << (author.empty() ? "<" : " <") << email << '>';
    out << '\n';
  }
  if (!p.date.empty()) out << "      date:   " << printable(p.date) << '\n';
  if (p.occurrences > 1) {
    out << "      also in " << plural(p.occurrences - 1, "other place", "other places")
        << " (the same blob)\n";
  }
  if (!f.confidence.empty()) out << "      confidence: " << printable(f.confidence) << '\n';
  if (!f.aws_account_id.empty()) out << "      account: " << printable(f.aws_account_id) << " (AWS account id)\n";
  if (!f.tags.empty()) {
    std::string tags;
    for (const std::string& tag : f.tags) tags += (tags.empty() ? "" : ", ") + printable(tag);
    out << "      tags:   " << tags << '\n';
  }
}

void write_summary(std::ostream& out, const std::vector<Finding>& findings,
                   const ScanSummary& summary, const Painter& paint) {
  if (findings.empty()) {
    out << "No findings.\n";
  } else {
    uint64_t files = 0;
    for (size_t i = 0; i < findings.size(); ++i) {
      if (i == 0 || findings[i].provenance.path != findings[i - 1].provenance.path) ++files;
    }
    out << plural(findings.size(), "finding", "findings") << " in "
        << plural(files, "file", "files") << ".\n";
  }
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%.2f", summary.seconds);
  if (summary.commits > 0) {
    out << "Scanned " << plural(summary.commits, "commit", "commits") << ", "
        << plural(summary.blobs, "blob", "blobs");
  } else {
    out << "Scanned " << plural(summary.files_scanned, "file", "files");
  }
  out << " (" << TextReporter::human_bytes(summary.bytes_scanned) << ") in " << seconds << " s.\n";
  if (summary.cache_hits > 0) {
    // Reads, like files_scanned: a blob handed out again for a later copy's path counts again.
    out << summary.cache_hits << " of " << plural(summary.files_scanned, "blob read", "blob reads")
        << " skipped: known clean from the cache (--cache).\n";
  }
  if (summary.libgit2_reads > 0) {
    out << "Read " << plural(summary.libgit2_reads, "object", "objects")
        << " through libgit2 (loose objects or packs the pack reader left out).\n";
  }

  if (!summary.skipped.empty()) {
    std::map<std::string, uint64_t> per_reason;
    for (const Skipped& s : summary.skipped) ++per_reason[s.reason];
    std::string reasons;
    for (const auto& [reason, count] : per_reason) {
      reasons += (reasons.empty() ? "" : ", ") + printable(reason) + ": " + std::to_string(count);
    }
    out << "Skipped " << plural(summary.skipped.size(), "file", "files") << " (" << reasons
        << "):\n";
    for (const Skipped& s : summary.skipped) {
      out << "  " << printable(s.path) << "  " << printable(s.reason);
      if (!s.detail.empty()) out << ": " << printable(s.detail);
      out << '\n';
    }
  }

  if (!summary.capped.empty()) {
    uint64_t total = 0;
    for (const Capped& c : summary.capped) total += c.count;
    out << "Capped: " << plural(total, "more finding", "more findings") << " not shown (at most "
        << summary.max_findings_per_file
        << " per rule per file; --max-findings-per-file 0 shows all):\n";
    for (const Capped& c : summary.capped) {
      out << "  " << printable(c.path);
      if (!c.commit.empty()) out << " (commit " << printable(c.commit) << ")";
      out << "  " << printable(c.rule_id) << ": " << c.count << " more\n";
    }
  }

  if (summary.suppressed.total() > 0) {
    std::string kinds;
    for (size_t i = 0; i < kSuppressionKinds; ++i) {
      const uint64_t n = summary.suppressed.by_kind[i];
      if (n == 0) continue;
      if (!kinds.empty()) kinds += ", ";
      kinds += std::string(suppression_name(static_cast<Suppression>(i))) + " " + std::to_string(n);
    }
    std::replace(kinds.begin(), kinds.end(), '_', ' ');
    out << "Suppressed: " << plural(summary.suppressed.total(), "finding", "findings") << " (" << kinds << ").\n";
  }
  if (summary.baseline_entries > 0) {
    out << "Baseline: " << plural(summary.baseline_entries, "entry", "entries");
    if (summary.baseline_stale && *summary.baseline_stale > 0) {
      out << ", " << *summary.baseline_stale << " of them matched nothing (keysweep baseline prune drops them)";
    }
    out << ".\n";
  }

  if (summary.incomplete()) {
    const std::string head = "INCOMPLETE: " + plural(summary.errors.size(), "error", "errors");
    out << paint(kIncompleteColor, head)
        << " (some input was not scanned; secrets there were not looked for):\n";
    for (const std::string& error : summary.errors) out << "  " << printable(error) << '\n';
  }
}

}  // namespace

std::string TextReporter::human_bytes(uint64_t bytes) {
  if (bytes < 1024) return std::to_string(bytes) + " B";
  static constexpr const char* kUnits[] = {"KiB", "MiB", "GiB", "TiB", "PiB"};
  double value = static_cast<double>(bytes) / 1024;
  size_t unit = 0;
  while (value >= 1024 && unit + 1 < std::size(kUnits)) {
    value /= 1024;
    ++unit;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f %s", value, kUnits[unit]);
  return buf;
}

void TextReporter::write(std::ostream& out, const std::vector<Rule>& rules,
                         const std::vector<Finding>& findings, const ScanSummary& summary,
                         const ReportOptions& options) {
  const Painter paint(options.color);
  for (size_t i = 0; i < findings.size(); ++i) {
    const Finding& f = findings[i];
    if (i == 0 || f.provenance.path != findings[i - 1].provenance.path) {
      if (i != 0) out << '\n';
      out << paint(kPathColor, printable(f.provenance.path)) << '\n';
    }
    write_finding(out, f, options, paint);
  }
  if (!findings.empty()) out << '\n';
  write_summary(out, findings, summary, paint);
  if (!findings.empty() && !options.advice.empty()) out << '\n' << options.advice;
}

}  // namespace keysweep
