#include "scanner/ruleset/rule_codec.h"

#include <charconv>
#include <cstdint>

namespace keysweep {
namespace {

constexpr std::string_view kMagic = "keysweep-rules/3\n";

class Writer {
 public:
  void str(std::string_view s) {
    out_ += std::to_string(s.size());
    out_ += ':';
    out_ += s;
  }
  void num(uint64_t n) { str(std::to_string(n)); }
  void strs(const std::vector<std::string>& v) {
    num(v.size());
    for (const std::string& s : v) str(s);
  }
  void examples(const std::vector<RuleExample>& v) {
    num(v.size());
    for (const RuleExample& e : v) {
      str(e.text);
      str(e.path);
      str(e.secret);
    }
  }
  void real(const std::optional<double>& d) {
    if (!d) return str("");
    char buf[64];
    auto res = std::to_chars(buf, buf + sizeof buf, *d);
    str(std::string_view(buf, static_cast<size_t>(res.ptr - buf)));
  }
  std::string out_;
};

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  bool str(std::string* s) {
    const size_t colon = in_.find(':', pos_);
    if (colon == std::string_view::npos || colon == pos_ || colon - pos_ > 10) return false;
    size_t len = 0;
    auto [p, ec] = std::from_chars(in_.data() + pos_, in_.data() + colon, len);
    if (ec != std::errc() || p != in_.data() + colon || len > in_.size() - colon - 1) return false;
    s->assign(in_.substr(colon + 1, len));
    pos_ = colon + 1 + len;
    return true;
  }
  template <typename T>
  bool num(T* n) {
    std::string s;
    if (!str(&s) || s.empty()) return false;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *n);
    return ec == std::errc() && p == s.data() + s.size();
  }
  bool strs(std::vector<std::string>* v) {
    size_t n = 0;
    if (!num(&n) || n > remaining()) return false;
    v->resize(n);
    for (std::string& s : *v) {
      if (!str(&s)) return false;
    }
    return true;
  }
  bool examples(std::vector<RuleExample>* v) {
    size_t n = 0;
    if (!num(&n) || n > remaining()) return false;
    v->resize(n);
    for (RuleExample& e : *v) {
      if (!str(&e.text) || !str(&e.path) || !str(&e.secret)) return false;
    }
    return true;
  }
  bool real(std::optional<double>* d) {
    std::string s;
    if (!str(&s)) return false;
    if (s.empty()) {
      d->reset();
      return true;
    }
    double value = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc() || p != s.data() + s.size()) return false;
    *d = value;
    return true;
  }
  size_t pos() const { return pos_; }
  size_t remaining() const { return in_.size() - pos_; }

 private:
  std::string_view in_;
  size_t pos_ = 0;
};

}  // namespace

std::string encode_rules(const std::vector<Rule>& rules) {
  Writer w;
  w.out_ = kMagic;
  w.num(rules.size());
  for (const Rule& r : rules) {
    w.str(r.id);
    w.str(r.description);
    w.str(r.regex);
    w.strs(r.keywords);
    w.str(r.prefilter);
    w.num(static_cast<uint64_t>(r.severity));
    w.real(r.min_randomness);
    w.real(r.min_entropy);
    w.strs(r.checks);
    w.num(r.placeholder_filter ? 1 : 0);
    w.num(r.fallback ? 1 : 0);
    w.strs(r.exclude_paths);
    w.strs(r.paths);
    w.strs(r.weak_password_paths);
    w.examples(r.examples);
    w.examples(r.negative_examples);
    w.str(r.defined_at.file);
    w.num(r.defined_at.line);
    w.num(r.defined_at.column);
  }
  return std::move(w.out_);
}

Result<std::vector<Rule>> decode_rules(std::string_view bytes) {
  if (bytes.substr(0, kMagic.size()) != kMagic) return Status::error("encoded rules: not a version-3 rule encoding");
  Reader r(bytes.substr(kMagic.size()));
  auto bad = [&] {
    return Status::error("encoded rules: damaged at byte " + std::to_string(kMagic.size() + r.pos()));
  };
  size_t n = 0;
  if (!r.num(&n) || n > r.remaining()) return bad();
  std::vector<Rule> rules(n);
  for (Rule& rule : rules) {
    unsigned severity = 0, placeholder = 0, fallback = 0;
    if (!r.str(&rule.id) || !r.str(&rule.description) || !r.str(&rule.regex) || !r.strs(&rule.keywords) ||
        !r.str(&rule.prefilter) ||
        !r.num(&severity) || severity > static_cast<unsigned>(Severity::kCritical) ||
        !r.real(&rule.min_randomness) || !r.real(&rule.min_entropy) || !r.strs(&rule.checks) || !r.num(&placeholder) || placeholder > 1 ||
        !r.num(&fallback) || fallback > 1 || !r.strs(&rule.exclude_paths) ||
        !r.strs(&rule.paths) || !r.strs(&rule.weak_password_paths) || !r.examples(&rule.examples) ||
        !r.examples(&rule.negative_examples) || !r.str(&rule.defined_at.file) || !r.num(&rule.defined_at.line) ||
        !r.num(&rule.defined_at.column)) {
      return bad();
    }
    rule.severity = static_cast<Severity>(severity);
    rule.placeholder_filter = placeholder == 1;
    rule.fallback = fallback == 1;
  }
  if (r.remaining() != 0) return bad();
  return rules;
}

}  // namespace keysweep
