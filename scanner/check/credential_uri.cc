// Credential URIs: one forgiving parser for connection strings, and the check built on it.
//
// The parser is a single left-to-right pass with a few bounded look-backs; it never recurses
// and never allocates, because it runs on every candidate a credential-URI rule produces and
// candidates come from untrusted files. It recognises three shapes, tried in this order:
//   1. "scheme://" URIs. The password is the userinfo's text after its first ':' up to the LAST
//      '@' of the authority (people paste unencoded '@' and ':' into passwords; the host never
//      contains '@'). Without one, key=value parameters after the host are read ('?', '&' and
//      ';' separate them), which covers JDBC query strings and SQL Server's ";password=".
//   2. Oracle's "jdbc:oracle:thin:user/pass@host", which has no "://".
//   3. ADO.NET / ODBC "Key=Value;" strings (Server=...;Password=...;), with quoted values.
//
// The check then decides whether the password is real. A connection string in a README,
// a docker-compose template or a settings.py default is most often a placeholder; the tests for
// that work on the percent-decoded password (p%40ss is judged as p@ss) while the finding keeps
// the raw bytes from the file, so that the reported span is what the user must edit.
#include "scanner/check/credential_uri.h"

#include <string>

#include "scanner/check/made_up.h"
#include "scanner/check/randomness.h"

namespace keysweep {
namespace {

constexpr size_t kNpos = std::string_view::npos;

char to_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alnum(char c) { return is_alpha(c) || is_digit(c); }
bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}
bool is_hex(char c) { return is_digit(c) || (to_lower(c) >= 'a' && to_lower(c) <= 'f'); }
int hex_value(char c) { return is_digit(c) ? c - '0' : to_lower(c) - 'a' + 10; }

// RFC 3986 scheme characters.
bool is_scheme_char(char c) { return is_alnum(c) || c == '+' || c == '-' || c == '.'; }

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (to_lower(a[i]) != to_lower(b[i])) return false;
  }
  return true;
}
bool istarts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}
bool iends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && iequals(s.substr(s.size() - suffix.size()), suffix);
}
// Case-insensitive find; the needles are short literals, so this stays linear in practice.
size_t ifind(std::string_view hay, std::string_view needle) {
  if (needle.size() > hay.size()) return kNpos;
  for (size_t i = 0; i + needle.size() <= hay.size(); ++i) {
    if (iequals(hay.substr(i, needle.size()), needle)) return i;
  }
  return kNpos;
}
bool contains(std::string_view s, std::string_view needle) { return s.find(needle) != kNpos; }

std::string_view trim_spaces(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

// Decodes %XX escapes; a '%' not followed by two hex digits stays as it is ("%s" is a format
// directive, not an escape). '+' is left alone: it means space only in form bodies.
std::string percent_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && is_hex(s[i + 1]) && is_hex(s[i + 2])) {
      out.push_back(static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2])));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

// --- key=value parameters ----------------------------------------------------------------

enum class ParamKey { kOther, kPassword, kUser, kHost };

ParamKey classify_key(std::string_view key) {
  key = trim_spaces(key);
  // The names drivers accept for a password. "secret" is not a driver key but shows up in
  // hand-rolled service URIs (?secret=...), where it is just as sensitive.
  for (std::string_view k : {"password", "passwd", "pwd", "pass", "secret"}) {
    if (iequals(key, k)) return ParamKey::kPassword;
  }
  for (std::string_view k :
       {"user", "username", "user id", "userid", "user name", "uid", "login"}) {
    if (iequals(key, k)) return ParamKey::kUser;
  }
  for (std::string_view k : {"server", "servername", "data source", "host", "hostname", "address",
                             "addr", "network address"}) {
    if (iequals(key, k)) return ParamKey::kHost;
  }
  return ParamKey::kOther;
}

// The first password, user and host found among a run of parameters. Offsets are into the
// text that was scanned.
struct ParamHits {
  bool has_password = false;
  size_t password_begin = 0;
  size_t password_end = 0;
  std::string_view user;
  std::string_view host;
};

// Reads key=value parameters in text[begin, size) separated by any of `separators`. A value may
// be quoted with "..", '..' (ADO.NET) or {..} (ODBC) so that it can hold a separator; a doubled
// closing character inside the quotes is an escaped one. Tokens without '=' (a path, a port) are
// skipped. Each byte is visited once.
void scan_params(std::string_view text, size_t begin, std::string_view separators,
                 ParamHits& hits) {
  const size_t n = text.size();
  auto is_sep = [separators](char c) { return separators.find(c) != kNpos; };
  size_t pos = begin;
  while (pos < n) {
    const size_t key_begin = pos;
    while (pos < n && text[pos] != '=' && !is_sep(text[pos])) ++pos;
    if (pos >= n) break;
    if (is_sep(text[pos])) {
      ++pos;
      continue;
    }
    const std::string_view key = text.substr(key_begin, pos - key_begin);
    ++pos;  // past '='
    while (pos < n && (text[pos] == ' ' || text[pos] == '\t')) ++pos;

    size_t value_begin = pos;
    size_t value_end = kNpos;
    if (pos < n && (text[pos] == '"' || text[pos] == '\'' || text[pos] == '{')) {
      const char close = text[pos] == '{' ? '}' : text[pos];
      size_t p = pos + 1;
      while (p < n) {
        if (text[p] == close) {
          if (p + 1 < n && text[p + 1] == close) {
            p += 2;
            continue;
          }
          break;
        }
        ++p;
      }
      if (p < n) {  // an unterminated quote is read as a plain value below
        value_begin = pos + 1;
        value_end = p;
        pos = p + 1;
        while (pos < n && !is_sep(text[pos])) ++pos;
      }
    }
    if (value_end == kNpos) {
      while (pos < n && !is_sep(text[pos])) ++pos;
      value_end = pos;
      while (value_end > value_begin && is_space(text[value_end - 1])) --value_end;
    }

    const std::string_view value = text.substr(value_begin, value_end - value_begin);
    switch (classify_key(key)) {
      case ParamKey::kPassword:
        if (!hits.has_password && !value.empty()) {
          hits.has_password = true;
          hits.password_begin = value_begin;
          hits.password_end = value_end;
        }
        break;
      case ParamKey::kUser:
        if (hits.user.empty()) hits.user = value;
        break;
      case ParamKey::kHost:
        if (hits.host.empty()) hits.host = value;
        break;
      case ParamKey::kOther:
        break;
    }
  }
}

// --- the three shapes --------------------------------------------------------------------

// Where a host name ends inside an authority (port, path, query, next host, parameters).
bool is_host_end(char c) {
  switch (c) {
    case ':': case '/': case '?': case '#': case ';': case ',': case '\\': case '@':
    case '"': case '\'': case '`': case '<': case '>': case '(': case ')':
      return true;
    default:
      return is_space(c);
  }
}

// Driver prefixes stacked in front of a scheme with ':' (jdbc:postgresql, jdbc:jtds:sqlserver,
// jdbc:tc:mysql for Testcontainers, jdbc:p6spy:mysql for the logging proxy).
bool is_scheme_prefix(std::string_view segment) {
  for (std::string_view p : {"jdbc", "jtds", "tc", "p6spy", "log4jdbc", "odbc"}) {
    if (iequals(segment, p)) return true;
  }
  return false;
}

std::optional<UriCredential> parse_scheme_uri(std::string_view text, size_t sep) {
  const size_t n = text.size();

  size_t scheme_begin = sep;
  while (scheme_begin > 0 && is_scheme_char(text[scheme_begin - 1])) --scheme_begin;
  while (scheme_begin > 0 && text[scheme_begin - 1] == ':') {
    size_t k = scheme_begin - 1;
    while (k > 0 && is_alnum(text[k - 1])) --k;
    if (!is_scheme_prefix(text.substr(k, scheme_begin - 1 - k))) break;
    scheme_begin = k;
  }
  while (scheme_begin < sep && !is_alpha(text[scheme_begin])) ++scheme_begin;
  if (scheme_begin == sep) return std::nullopt;

  UriCredential cred;
  cred.scheme = text.substr(scheme_begin, sep - scheme_begin);

  // The authority ends at the first '/' (a password with '/' would make every path a
  // candidate) or whitespace.
  const size_t authority_begin = sep + 3;
  size_t authority_end = authority_begin;
  while (authority_end < n && text[authority_end] != '/' && !is_space(text[authority_end])) {
    ++authority_end;
  }

  // SQL Server's JDBC driver has no userinfo; an '@' there belongs to a ;user=a@b parameter.
  const bool sqlserver_jdbc =
      istarts_with(cred.scheme, "jdbc:") && iends_with(cred.scheme, "sqlserver");
  size_t at = kNpos;
  if (!sqlserver_jdbc) {
    const std::string_view authority =
        text.substr(authority_begin, authority_end - authority_begin);
    at = authority.rfind('@');
    // redis://host:6379?client=a@b: a '?' followed by key=value before the '@' means the '@'
    // is in a query that needs no '/' before it, not in a password.
    const size_t query = authority.find('?');
    if (at != kNpos && query != kNpos && query < at) {
      const size_t eq = authority.find('=', query);
      if (eq != kNpos && eq < at) at = authority.substr(0, query).rfind('@');
    }
    if (at != kNpos) at += authority_begin;
  }

  bool has_password = false;
  size_t host_begin = authority_begin;
  if (at != kNpos) {
    const std::string_view userinfo = text.substr(authority_begin, at - authority_begin);
    const size_t colon = userinfo.find(':');
    if (colon == kNpos) {
      cred.user = userinfo;
    } else {
      cred.user = userinfo.substr(0, colon);
      cred.password_begin = authority_begin + colon + 1;
      cred.password_end = at;
      has_password = cred.password_end > cred.password_begin;
    }
    host_begin = at + 1;
  }

  size_t host_end = host_begin;
  if (host_begin < n && text[host_begin] == '[') {
    const size_t close = text.find(']', host_begin);
    if (close != kNpos && close < authority_end) {
      cred.host = text.substr(host_begin + 1, close - host_begin - 1);
      host_end = close + 1;
    }
  }
  if (host_end == host_begin) {
    while (host_end < n && !is_host_end(text[host_end])) ++host_end;
    cred.host = text.substr(host_begin, host_end - host_begin);
  }

  if (!has_password) {
    ParamHits hits;
    scan_params(text, host_end, "?&;", hits);
    if (!hits.has_password) return std::nullopt;
    cred.password_begin = hits.password_begin;
    cred.password_end = hits.password_end;
    cred.from_query = true;
    if (cred.user.empty()) cred.user = hits.user;
    if (cred.host.empty()) cred.host = hits.host;  // jdbc:sqlserver://;serverName=h;...
  }
  return cred;
}

// jdbc:oracle:thin:user/pass@host:1521:SID and jdbc:oracle:thin:user/pass@//host:1521/service.
std::optional<UriCredential> parse_oracle(std::string_view text, size_t prefix) {
  const size_t n = text.size();
  size_t p = prefix + std::string_view("jdbc:oracle:").size();
  while (p < n && is_alnum(text[p])) ++p;  // thin, oci, oci8, kprb
  if (p >= n || text[p] != ':') return std::nullopt;
  UriCredential cred;
  cred.scheme = text.substr(prefix, p - prefix);
  const size_t userinfo_begin = p + 1;
  size_t end = userinfo_begin;
  while (end < n && !is_space(text[end])) ++end;
  const size_t at = text.substr(userinfo_begin, end - userinfo_begin).rfind('@');
  if (at == kNpos) return std::nullopt;
  const std::string_view userinfo = text.substr(userinfo_begin, at);
  const size_t slash = userinfo.find('/');
  if (slash == kNpos || slash + 1 >= userinfo.size()) return std::nullopt;
  cred.user = userinfo.substr(0, slash);
  cred.password_begin = userinfo_begin + slash + 1;
  cred.password_end = userinfo_begin + at;
  size_t host_begin = userinfo_begin + at + 1;
  while (host_begin < end && text[host_begin] == '/') ++host_begin;
  size_t host_end = host_begin;
  // A TNS descriptor "(DESCRIPTION=...)" names no single host; leave the host empty.
  while (host_end < end && !is_host_end(text[host_end]) && text[host_end] != '(') ++host_end;
  if (host_end < end && text[host_end] == '(') host_end = host_begin;
  cred.host = text.substr(host_begin, host_end - host_begin);
  return cred;
}

// Server=tcp:host,1433;Database=x;User Id=u;Password=p; (ADO.NET, ODBC, many .NET drivers).
std::optional<UriCredential> parse_key_value(std::string_view text) {
  ParamHits hits;
  scan_params(text, 0, ";", hits);
  if (!hits.has_password) return std::nullopt;
  UriCredential cred;
  cred.password_begin = hits.password_begin;
  cred.password_end = hits.password_end;
  cred.user = trim_spaces(hits.user);
  std::string_view host = trim_spaces(hits.host);
  // "tcp:host,1433", "np:\\host\pipe", "host\INSTANCE": keep the host name only.
  for (std::string_view protocol : {"tcp:", "np:", "lpc:", "admin:"}) {
    if (istarts_with(host, protocol)) host.remove_prefix(protocol.size());
  }
  size_t host_end = 0;
  while (host_end < host.size() && host[host_end] != ',' && host[host_end] != '\\' &&
         host[host_end] != ':') {
    ++host_end;
  }
  cred.host = host.substr(0, host_end);
  cred.from_query = true;
  return cred;
}

// --- judging the password ----------------------------------------------------------------

// Template and environment syntax that stands for a value supplied elsewhere.
bool is_interpolation(std::string_view pw) {
  for (std::string_view marker : {"${", "{{", "$(", "%(", "<%", "#{", "$env:"}) {
    if (ifind(pw, marker) != kNpos) return true;
  }
  if (pw.size() >= 2) {
    const char first = pw.front();
    const char last = pw.back();
    if ((first == '<' && last == '>') || (first == '{' && last == '}') ||
        (first == '[' && last == ']') || (first == '(' && last == ')')) {
      return true;
    }
  }
  // %VAR% (Windows), __VAR__ (release-pipeline token replacement).
  if (pw.size() >= 3 && pw.front() == '%' && pw.back() == '%') return true;
  if (pw.size() >= 5 && pw.substr(0, 2) == "__" && pw.substr(pw.size() - 2) == "__") return true;
  // $VAR, %s / %d / %v: only as the whole password, since '$' and '%' occur in real ones.
  if (pw.size() >= 2 && pw.front() == '$' && (is_alpha(pw[1]) || pw[1] == '_')) {
    bool identifier = true;
    for (char c : pw.substr(1)) identifier = identifier && (is_alnum(c) || c == '_');
    if (identifier) return true;
  }
  if (pw.size() == 2 && pw.front() == '%' && is_alpha(pw[1])) return true;
  return false;
}

// xxxx, ****, ..., or a value elided in the middle ("ab12...ef").
bool is_masked(std::string_view pw) {
  if (contains(pw, "...") || contains(pw, "***") || ifind(pw, "xxxx") != kNpos) return true;
  if (pw.size() < 2) return false;
  for (char c : pw) {
    if (c != 'x' && c != 'X' && c != '*' && c != '.' && c != '-' && c != '_' && c != '#' &&
        c != '?') {
      return false;
    }
  }
  return true;
}

// Words people write where a password goes. Compared after lower-casing and dropping
// everything but letters and digits, so "your_password", "Your-Password" and "<PASSWORD>" agree.
bool is_placeholder_word(std::string_view w) {
  for (std::string_view k :
       {"password", "passwd", "pass", "pwd", "pw", "secret", "changeme", "changeit", "replaceme",
        "example", "sample", "test", "testing", "demo", "dummy", "fake", "placeholder", "redacted",
        "removed", "hidden", "masked", "none", "null", "nil", "empty", "todo", "tbd", "fixme",
        "foo", "bar", "baz", "foobar", "key", "token", "value", "credentials"}) {
    if (w == k) return true;
  }
  return false;
}

// Filler in front of a placeholder word: your_password, my-secret-password, db_pass,
// super_secret, enter_password_here. Stripped repeatedly, longest names first where one is a
// prefix of another (postgresql before postgres). Instructions and possessives ("your", "enter",
// "replace", "my") make the phrase a placeholder wherever it is; a phrase of descriptive words
// only ("testpass", "db_pass", "rabbit-pass") is one that people also set as a real, weak
// password, and is judged like any other value made of words (kDescriptive).
enum class Phrase { kNone, kPlaceholder, kDescriptive };
Phrase placeholder_phrase(std::string_view decoded) {
  std::string norm;
  norm.reserve(decoded.size());
  for (char c : decoded) {
    if (is_alnum(c)) norm.push_back(to_lower(c));
  }
  std::string_view w = norm;
  if (w.empty()) return Phrase::kNone;
  bool instruction = false;
  for (std::string_view suffix : {"goeshere", "here"}) {
    if (w.size() > suffix.size() && w.substr(w.size() - suffix.size()) == suffix) {
      w.remove_suffix(suffix.size());
      instruction = true;
      break;
    }
  }
  static constexpr std::string_view kInstructions[] = {
      "your", "my", "the", "some", "enter", "insert", "put", "replace", "change", "set"};
  static constexpr std::string_view kFiller[] = {
      "your", "my", "the", "some", "enter", "insert", "put", "replace", "change", "set",
      "database", "db", "strong", "secure", "super", "secret", "real", "actual", "new", "old",
      "default", "example", "sample", "test", "dummy", "fake", "user", "admin", "root", "app",
      "service", "redis", "postgresql", "postgres", "mysql", "mongodb", "mongo", "rabbitmq",
      "rabbit", "amqp", "broker", "sql"};
  bool descriptive = false;
  while (true) {
    if (is_placeholder_word(w)) {
      return (instruction || !descriptive) ? Phrase::kPlaceholder : Phrase::kDescriptive;
    }
    bool stripped = false;
    for (std::string_view f : kFiller) {
      if (w.size() > f.size() && w.substr(0, f.size()) == f) {
        w.remove_prefix(f.size());
        stripped = true;
        bool is_instruction = false;
        for (std::string_view i : kInstructions) is_instruction = is_instruction || i == f;
        (is_instruction ? instruction : descriptive) = true;
        break;
      }
    }
    if (!stripped) return Phrase::kNone;
  }
}

// Placeholders wherever they are: templates, masks, placeholder words and instructions.
bool is_placeholder_password(std::string_view raw, const std::string& decoded) {
  return is_interpolation(raw) || is_interpolation(decoded) || is_masked(decoded) ||
         placeholder_phrase(decoded) == Phrase::kPlaceholder;
}

// A {..}-quoted parameter value (ODBC's quoting) is also how format strings spell a slot:
// Password={0}, PWD={dbPassword}, Password={_config["DbPassword"]}. A slot is all digits or
// names the password; a real ODBC-quoted password is neither.
bool is_format_slot(std::string_view inner) {
  bool digits = !inner.empty();
  for (char c : inner) digits = digits && is_digit(c);
  return digits || ifind(inner, "pass") != kNpos || ifind(inner, "pwd") != kNpos ||
         ifind(inner, "secret") != kNpos;
}

// Sample credentials from vendor documentation that are not placeholders by wording, and
// anonymous logins (CVS's ":pserver:anoncvs@host" reads as an empty user with a password).
bool is_example_pair(std::string_view user, std::string_view pw) {
  if (iequals(user, "scott") && iequals(pw, "tiger")) return true;
  return iequals(user, "anonymous") || iequals(user, "anoncvs") || ifind(pw, "pserver") == 0 ||
         iequals(pw, "anonymous") || iequals(pw, "anoncvs");
}

// Hosts reserved for documentation: RFC 2606 and RFC 6761 names, the RFC 5737 IPv4 and
// RFC 3849 IPv6 documentation ranges, and "your-host"-style names that only occur in docs.
bool is_documentation_host(std::string_view raw_host) {
  std::string host = percent_decode(raw_host);
  for (char& c : host) c = to_lower(c);
  while (!host.empty() && host.back() == '.') host.pop_back();
  const std::string_view h = host;
  auto ends_with = [h](std::string_view s) {
    return h.size() >= s.size() && h.substr(h.size() - s.size()) == s;
  };
  for (std::string_view domain : {"example.com", "example.net", "example.org"}) {
    if (h == domain) return true;
    if (h.size() > domain.size() && ends_with(domain) && h[h.size() - domain.size() - 1] == '.') {
      return true;
    }
  }
  for (std::string_view tld : {".example", ".test", ".invalid"}) {
    if (ends_with(tld)) return true;
  }
  if (h == "example" || h == "invalid") return true;
  for (std::string_view range : {"192.0.2.", "198.51.100.", "203.0.113.", "2001:db8:"}) {
    if (h.substr(0, range.size()) == range) return true;
  }
  // A host name with a masked part ("prod-db.cxxxxxx.eu-central-1.rds.amazonaws.com") was
  // scrubbed for a document as surely as one replaced by example.com.
  if (ifind(h, "xxxx") != kNpos || contains(h, "***") || contains(h, "...")) return true;
  return h.substr(0, 4) == "your";
}

// A password spelled like a constant's name, upper-case words joined by '_' ("ADMIN_PW",
// "LONG_RANDOM_PASSWORD", "DB_PASSWORD_HERE"), names the value instead of being one: a
// placeholder wherever it is. Only with made_of_words(): "QX7_KJ2_PLM" is not a name.
bool is_constant_name(std::string_view pw) {
  bool underscore = false;
  for (char c : pw) {
    if (c == '_') underscore = true;
    else if (!(c >= 'A' && c <= 'Z') && !is_digit(c)) return false;
  }
  return underscore;
}

// A random-looking password, as opposed to a short or typed one ("xyz", "123", "p4ssw0rd"): what
// a documentation host must hold to be worth a note.
bool looks_generated(std::string_view pw) {
  return pw.size() >= 10 && randomness_score(pw) >= 0.7;
}

// Hosts that only a developer's own machine or a private network reaches: no host, localhost,
// loopback and private (RFC 1918, link-local, IPv6 ULA) addresses, private-use names, and
// single-label names, which in connection strings
// are compose or Kubernetes service names (db, postgres, redis-master). A password made of words
// there is a development default; at any other host it is a password in use.
bool is_local_host(std::string_view raw_host) {
  std::string host = percent_decode(raw_host);
  for (char& c : host) c = to_lower(c);
  while (!host.empty() && host.back() == '.') host.pop_back();
  const std::string_view h = host;
  if (h.empty() || h == "localhost" || h == "::1" || h == "0.0.0.0" || h == "host.docker.internal") return true;
  // Names for private networks: .localhost (RFC 6761), .local (mDNS), .home.arpa (RFC 8375),
  // .internal (reserved by ICANN for private use in 2024), and the common .localdomain and .lan.
  for (std::string_view tld : {".localhost", ".local", ".localdomain", ".lan", ".home.arpa", ".internal"}) {
    if (h.size() > tld.size() && h.substr(h.size() - tld.size()) == tld) return true;
  }
  for (std::string_view prefix : {"127.", "10.", "192.168.", "169.254.", "fc", "fd", "fe80:"}) {
    if (h.substr(0, prefix.size()) == prefix) {
      // "fc"/"fd" are IPv6 unique-local prefixes only in an address, not in a name (fdic.gov).
      if (prefix.size() == 2 && h.find(':') == kNpos) continue;
      return true;
    }
  }
  if (h.substr(0, 4) == "172.") {  // 172.16.0.0/12
    int second = 0;
    size_t i = 4;
    for (; i < h.size() && is_digit(h[i]) && i < 7; ++i) second = second * 10 + (h[i] - '0');
    if (i < h.size() && h[i] == '.' && second >= 16 && second <= 31) return true;
  }
  return h.find('.') == kNpos && h.find(':') == kNpos;
}

}  // namespace

std::optional<UriCredential> parse_uri_credential(std::string_view text) {
  const size_t sep = text.find("://");
  if (sep != kNpos) return parse_scheme_uri(text, sep);
  const size_t oracle = ifind(text, "jdbc:oracle:");
  if (oracle != kNpos) return parse_oracle(text, oracle);
  return parse_key_value(text);
}

bool credential_uri_check(Candidate& cand) {
  const std::string_view text = cand.secret();
  const std::optional<UriCredential> cred = parse_uri_credential(text);
  if (!cred) return false;
  const std::string_view raw =
      text.substr(cred->password_begin, cred->password_end - cred->password_begin);
  const std::string password = percent_decode(raw);
  if (is_placeholder_password(raw, password)) return false;
  const bool brace_quoted = cred->password_begin > 0 && text[cred->password_begin - 1] == '{' &&
                            cred->password_end < text.size() && text[cred->password_end] == '}';
  if (brace_quoted && is_format_slot(raw)) return false;
  const std::string user = percent_decode(cred->user);
  if (!user.empty() && iequals(user, password)) return false;
  if (is_example_pair(user, password)) return false;
  // A password made of words ("dev_password_123", "home-pass", "testpass") is a development
  // default at a documentation or local host and a weak password in use anywhere else; a
  // random one at a documentation host is most often real with the host name scrubbed.
  const bool made_up = made_of_words(password) || placeholder_phrase(password) == Phrase::kDescriptive;
  if (made_up && is_constant_name(password)) return false;
  if (is_documentation_host(cred->host)) {
    if (made_up || !looks_generated(password)) return false;
    cand.flags |= kFlagDocumentationHost;
  } else if (made_up) {
    if (is_local_host(cred->host)) return false;
    cand.flags |= kFlagWeak;
  }

  const size_t base = cand.secret_begin;
  cand.secret_begin = base + cred->password_begin;
  cand.secret_end = base + cred->password_end;
  return true;
}

}  // namespace keysweep
