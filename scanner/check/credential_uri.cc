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

}  // namespace

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

namespace {

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

// Go's go-sql-driver/mysql address "tcp(host:port)", "tcp6([::1]:3306)", "unix(/run/my.sock)"
// starting at text[pos]: returns the host (the socket path for unix) and sets *end past ')'.
// nullopt when text[pos] does not start one.
std::optional<std::string_view> go_mysql_address(std::string_view text, size_t pos, size_t* end) {
  size_t p = pos;
  while (p < text.size() && is_alnum(text[p])) ++p;
  const std::string_view protocol = text.substr(pos, p - pos);
  bool known = false;
  for (std::string_view k : {"tcp", "tcp4", "tcp6", "udp", "udp6", "unix"}) {
    known = known || iequals(protocol, k);
  }
  if (!known || p >= text.size() || text[p] != '(') return std::nullopt;
  const size_t close = text.find(')', p + 1);
  if (close == kNpos) return std::nullopt;
  std::string_view address = text.substr(p + 1, close - p - 1);
  *end = close + 1;
  if (iequals(protocol, "unix")) return address;
  if (!address.empty() && address.front() == '[') {
    const size_t bracket = address.find(']');
    return bracket == kNpos ? address : address.substr(1, bracket - 1);
  }
  return address.substr(0, address.find(':'));
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
    // postgresql://u:p@h1:5432,u:p@h2/db (several hosts, each with its userinfo): an '@' then a
    // ',' before the last '@' is a host list, and the first '@' ends the first userinfo.
    const size_t first_at = authority.find('@');
    if (at != kNpos && first_at < at) {
      const size_t comma = authority.find(',', first_at);
      if (comma != kNpos && comma < at) at = first_at;
    }
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
  // mysql://user:pw@tcp(host:3306)/db: Go's DSN behind a scheme; the host is in the parens.
  size_t address_end = 0;
  if (host_end < n && text[host_end] == '(') {
    if (std::optional<std::string_view> address =
            go_mysql_address(text, host_begin, &address_end)) {
      cred.host = *address;
      host_end = address_end;
    }
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

// user:password@tcp(host:port)/db?params. As the driver does, the LAST '@' before the address
// ends the userinfo and the FIRST ':' in it starts the password, so a password may hold '@'
// and ':'.
std::optional<UriCredential> parse_go_mysql(std::string_view text) {
  size_t at = text.size();
  while (true) {
    at = at == 0 ? kNpos : text.rfind('@', at - 1);
    if (at == kNpos) return std::nullopt;
    size_t end = 0;
    const std::optional<std::string_view> host = go_mysql_address(text, at + 1, &end);
    if (!host) continue;
    size_t begin = at;
    while (begin > 0 && !is_space(text[begin - 1]) && text[begin - 1] != '"' &&
           text[begin - 1] != '\'' && text[begin - 1] != '`') {
      --begin;
    }
    const std::string_view userinfo = text.substr(begin, at - begin);
    const size_t colon = userinfo.find(':');
    if (colon == kNpos || colon + 1 == userinfo.size()) return std::nullopt;
    UriCredential cred;
    cred.user = userinfo.substr(0, colon);
    cred.password_begin = begin + colon + 1;
    cred.password_end = at;
    cred.host = *host;
    return cred;
  }
}

// libpq keyword/value strings: "host=db port=5432 user=app password='a b\'c' dbname=x".
// Pairs are separated by whitespace, '=' may have spaces around it, a value is a bare word or
// '...' with \' and \\ escapes. A multi-host "host=a,b" names its first host.
std::optional<UriCredential> parse_libpq(std::string_view text) {
  const size_t n = text.size();
  UriCredential cred;
  cred.encoding = PasswordEncoding::kBackslash;
  cred.from_query = true;
  bool has_password = false;
  size_t pos = 0;
  while (pos < n) {
    while (pos < n && is_space(text[pos])) ++pos;
    const size_t key_begin = pos;
    while (pos < n && (is_alnum(text[pos]) || text[pos] == '_')) ++pos;
    const std::string_view key = text.substr(key_begin, pos - key_begin);
    while (pos < n && (text[pos] == ' ' || text[pos] == '\t')) ++pos;
    if (key.empty() || pos >= n || text[pos] != '=') {
      while (pos < n && !is_space(text[pos])) ++pos;  // not a pair: skip the word
      continue;
    }
    ++pos;
    while (pos < n && (text[pos] == ' ' || text[pos] == '\t')) ++pos;
    size_t value_begin = pos;
    size_t value_end = pos;
    if (pos < n && text[pos] == '\'') {
      size_t p = pos + 1;
      while (p < n && text[p] != '\'') p += (text[p] == '\\' && p + 1 < n) ? 2 : 1;
      if (p >= n) return std::nullopt;  // unterminated: not a string we can read
      value_begin = pos + 1;
      value_end = p;
      pos = p + 1;
    } else {
      while (pos < n && !is_space(text[pos])) ++pos;
      value_end = pos;
    }
    const std::string_view value = text.substr(value_begin, value_end - value_begin);
    if (iequals(key, "password")) {
      if (!has_password && !value.empty()) {
        has_password = true;
        cred.password_begin = value_begin;
        cred.password_end = value_end;
      }
    } else if (iequals(key, "user")) {
      if (cred.user.empty()) cred.user = value;
    } else if (iequals(key, "host") || iequals(key, "hostaddr")) {
      if (cred.host.empty()) cred.host = value.substr(0, value.find(','));
    }
  }
  if (!has_password) return std::nullopt;
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
        "example", "sample", "dummy", "fake", "placeholder", "redacted", "removed", "hidden",
        "masked", "none", "null", "nil", "empty", "todo", "tbd", "fixme", "key", "token", "value",
        "credentials"}) {
    if (w == k) return true;
  }
  return false;
}

// Words that are real passwords, but the ones a developer types for a throwaway database:
// used against a remote host they are still a leak; anywhere else they are a dev default.
bool is_dev_word(std::string_view w) {
  for (std::string_view k : {"test", "testing", "demo", "dev", "foo", "bar", "baz", "foobar",
                             "qwerty", "letmein", "guest"}) {
    if (w == k) return true;
  }
  return false;
}

// Filler in front of a placeholder word, in two kinds. Slot filler names the slot or asks for
// a value (your_password, db_pass, enter_password_here, super_secret): the value is the slot's
// label. Dev filler makes a throwaway value of it (testpass, dev_password, default-pw). Service
// names (postgres, redis, admin, ...) alone are the dev defaults of their images. Stripped
// repeatedly, longest names first where one is a prefix of another (postgresql before postgres).
constexpr std::string_view kSlotFiller[] = {
    "your", "my", "the", "some", "enter", "insert", "put", "replace", "change", "set",
    "database", "db", "strong", "secure", "super", "secret", "real", "actual", "new", "old",
    "example", "sample", "dummy", "fake", "user", "admin", "root", "app", "service", "redis",
    "postgresql", "postgres", "mysql", "mongodb", "mongo", "rabbitmq", "rabbit", "amqp",
    "broker", "sql"};
constexpr std::string_view kDevFiller[] = {"testing", "test", "development", "dev", "local",
                                           "default", "demo"};
constexpr std::string_view kServiceWords[] = {
    "admin", "root", "user", "app", "db", "database", "sql", "service", "redis", "postgresql",
    "postgres", "mysql", "mariadb", "mongodb", "mongo", "rabbitmq", "rabbit", "amqp", "broker",
    "oracle", "sa"};

bool strip_prefix_from(std::string_view& w, const std::string_view* begin,
                       const std::string_view* end) {
  for (const std::string_view* f = begin; f != end; ++f) {
    if (w.size() > f->size() && w.substr(0, f->size()) == *f) {
      w.remove_prefix(f->size());
      return true;
    }
  }
  return false;
}

PasswordKind classify_phrase(std::string_view decoded) {
  std::string norm;
  norm.reserve(decoded.size());
  for (char c : decoded) {
    if (is_alnum(c)) norm.push_back(to_lower(c));
  }
  std::string_view w = norm;
  if (w.empty()) return PasswordKind::kPlausible;
  for (std::string_view suffix : {"goeshere", "here"}) {
    if (w.size() > suffix.size() && w.substr(w.size() - suffix.size()) == suffix) {
      w.remove_suffix(suffix.size());
      break;
    }
  }
  bool dev = false;
  while (true) {
    if (is_placeholder_word(w)) return dev ? PasswordKind::kWeak : PasswordKind::kPlaceholder;
    if (is_dev_word(w)) return PasswordKind::kWeak;
    for (std::string_view s : kServiceWords) {
      if (w == s) return PasswordKind::kWeak;
    }
    if (strip_prefix_from(w, std::begin(kSlotFiller), std::end(kSlotFiller))) continue;
    if (strip_prefix_from(w, std::begin(kDevFiller), std::end(kDevFiller))) {
      dev = true;
      continue;
    }
    return PasswordKind::kPlausible;
  }
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
// `h` is decoded, lower-case, without a trailing dot.
bool is_documentation_host(std::string_view h) {
  for (std::string_view domain : {"example.com", "example.net", "example.org"}) {
    if (h == domain) return true;
    if (h.size() > domain.size() && h.ends_with(domain) && h[h.size() - domain.size() - 1] == '.') {
      return true;
    }
  }
  for (std::string_view tld : {".example", ".test", ".invalid"}) {
    if (h.ends_with(tld)) return true;
  }
  if (h == "example" || h == "invalid") return true;
  for (std::string_view range : {"192.0.2.", "198.51.100.", "203.0.113.", "2001:db8:"}) {
    if (h.starts_with(range)) return true;
  }
  // A host name with a masked part ("prod-db.cxxxxxx.eu-central-1.rds.amazonaws.com") was
  // scrubbed for a document as surely as one replaced by example.com.
  if (h.find("xxxx") != kNpos) return true;
  return h.starts_with("your");
}

// A password spelled like a constant's name, upper-case words joined by '_' ("ADMIN_PW",
// "LONG_RANDOM_PASSWORD", "DB_PASSWORD_HERE"), names the value instead of being one. Asked
// only of a value made of words: "QX7_KJ2_PLM" is not a name.
bool is_constant_name(std::string_view pw) {
  bool underscore = false;
  for (char c : pw) {
    if (c == '_') underscore = true;
    else if (!(c >= 'A' && c <= 'Z') && !is_digit(c)) return false;
  }
  return underscore;
}

// A random-looking password, as opposed to a short or typed one ("xyz", "123", "p4ssw0rd"):
// what a documentation host must hold to be worth a note.
bool looks_generated(std::string_view pw) { return pw.size() >= 10 && randomness_score(pw) >= 0.7; }

// Reads a dotted-quad IPv4 address into octets; false when `h` is not one.
bool parse_ipv4(std::string_view h, int octets[4]) {
  int count = 0;
  size_t i = 0;
  while (count < 4) {
    if (i >= h.size() || !is_digit(h[i])) return false;
    int v = 0;
    size_t digits = 0;
    while (i < h.size() && is_digit(h[i]) && digits < 4) v = v * 10 + (h[i++] - '0'), ++digits;
    if (v > 255) return false;
    octets[count++] = v;
    if (count < 4) {
      if (i >= h.size() || h[i] != '.') return false;
      ++i;
    }
  }
  return i == h.size();
}

bool is_local_host(std::string_view h) {
  if (h == "localhost" || h.ends_with(".localhost") || h == "localhost.localdomain" ||
      h == "ip6-localhost" || h == "ip6-loopback" || h == "host.docker.internal" ||
      h == "host.containers.internal" || h == "::1" || h == "0:0:0:0:0:0:0:1" || h == "::") {
    return true;
  }
  int o[4];
  return parse_ipv4(h, o) && (o[0] == 127 || (o[0] == 0 && o[1] == 0 && o[2] == 0 && o[3] == 0));
}

bool is_private_host(std::string_view h) {
  int o[4];
  if (parse_ipv4(h, o)) {
    return o[0] == 10 || (o[0] == 172 && o[1] >= 16 && o[1] <= 31) ||
           (o[0] == 192 && o[1] == 168) || (o[0] == 169 && o[1] == 254) ||
           (o[0] == 100 && o[1] >= 64 && o[1] <= 127);  // carrier-grade NAT, also Tailscale
  }
  if (h.find(':') != kNpos) {  // IPv6: unique-local fc00::/7, link-local fe80::/10
    return h.starts_with("fc") || h.starts_with("fd") || h.starts_with("fe8") ||
           h.starts_with("fe9") || h.starts_with("fea") || h.starts_with("feb");
  }
  for (std::string_view suffix : {".internal", ".local", ".lan", ".localdomain", ".home.arpa",
                                  ".intranet", ".corp", ".svc", ".consul", ".private"}) {
    if (h.ends_with(suffix)) return true;
  }
  return false;
}

}  // namespace

HostKind classify_host(std::string_view raw_host) {
  std::string host = percent_decode(trim_spaces(raw_host));
  for (char& c : host) c = to_lower(c);
  while (!host.empty() && host.back() == '.') host.pop_back();
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  const std::string_view h = host;
  if (h.empty()) return HostKind::kUnknown;
  if (h.front() == '/' || h.front() == '@') return HostKind::kLocal;  // a socket path
  for (char c : h) {
    if (!is_alnum(c) && c != '.' && c != '-' && c != '_' && c != ':') return HostKind::kUnknown;
  }
  if (is_documentation_host(h)) return HostKind::kDocumentation;
  if (is_local_host(h)) return HostKind::kLocal;
  if (is_private_host(h)) return HostKind::kPrivate;
  if (h.find('.') == kNpos && h.find(':') == kNpos) return HostKind::kServiceName;
  return HostKind::kRemote;
}

PasswordKind classify_password(std::string_view raw, std::string_view decoded) {
  if (decoded.empty() || is_interpolation(raw) || is_interpolation(decoded) ||
      is_masked(decoded)) {
    return PasswordKind::kPlaceholder;
  }
  return classify_phrase(decoded);
}

std::optional<uint8_t> credential_verdict(std::string_view user, std::string_view raw_password,
                                          std::string_view password, std::string_view host) {
  PasswordKind kind = classify_password(raw_password, password);
  if (kind == PasswordKind::kPlaceholder) return std::nullopt;
  if (is_example_pair(user, password)) return std::nullopt;
  // A value made of words (check/made_up.h) is a person's phrase: "dev_password_123",
  // "home-pass", "hunter22". Spelled as a constant's name it names the slot instead.
  if (kind == PasswordKind::kPlausible && made_of_words(password)) {
    if (is_constant_name(password)) return std::nullopt;
    kind = PasswordKind::kWeak;
  }
  if (!user.empty() && iequals(user, password)) kind = PasswordKind::kWeak;
  switch (classify_host(host)) {
    case HostKind::kDocumentation:
      // People scrub the host name and leave the real password: a random-looking one is a note.
      if (kind == PasswordKind::kWeak || !looks_generated(password)) return std::nullopt;
      return uint8_t{kFlagDocumentationHost};
    case HostKind::kRemote:
      return uint8_t(kind == PasswordKind::kWeak ? kFlagWeak : 0);
    default:  // local, private, a service name, unknown: a weak value is a development default
      if (kind == PasswordKind::kWeak) return std::nullopt;
      return uint8_t{0};
  }
}

namespace {

// libpq's quoted values escape a quote or a backslash with a backslash.
std::string backslash_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size()) ++i;
    out.push_back(s[i]);
  }
  return out;
}

std::string decode_password(std::string_view raw, PasswordEncoding encoding) {
  return encoding == PasswordEncoding::kBackslash ? backslash_decode(raw) : percent_decode(raw);
}

}  // namespace

std::optional<UriCredential> parse_uri_credential(std::string_view text) {
  const size_t sep = text.find("://");
  if (sep != kNpos) return parse_scheme_uri(text, sep);
  const size_t oracle = ifind(text, "jdbc:oracle:");
  if (oracle != kNpos) return parse_oracle(text, oracle);
  if (std::optional<UriCredential> go = parse_go_mysql(text)) return go;
  if (text.find(';') == kNpos) return parse_libpq(text);
  return parse_key_value(text);
}

bool credential_uri_check(Candidate& cand) {
  const std::string_view text = cand.secret();
  const std::optional<UriCredential> cred = parse_uri_credential(text);
  if (!cred) return false;
  const std::string_view raw =
      text.substr(cred->password_begin, cred->password_end - cred->password_begin);
  const bool brace_quoted = cred->password_begin > 0 && text[cred->password_begin - 1] == '{' &&
                            cred->password_end < text.size() && text[cred->password_end] == '}';
  if (brace_quoted && is_format_slot(raw)) return false;
  const std::string password = decode_password(raw, cred->encoding);
  const std::string user = percent_decode(cred->user);
  const std::optional<uint8_t> verdict = credential_verdict(user, raw, password, cred->host);
  if (!verdict) return false;
  cand.flags |= *verdict;

  const size_t base = cand.secret_begin;
  cand.secret_begin = base + cred->password_begin;
  cand.secret_end = base + cred->password_end;
  return true;
}

namespace {

// The string literal given as host= / host: / "host": in a call's arguments, or empty.
std::string_view host_argument(std::string_view match) {
  size_t from = 0;
  while (true) {
    const size_t k = ifind(match.substr(from), "host");
    if (k == kNpos) return {};
    const size_t start = from + k;
    size_t p = start + 4;
    from = p;
    if (start > 0 && (is_alnum(match[start - 1]) || match[start - 1] == '_')) continue;
    if (p < match.size() && (match[p] == '"' || match[p] == '\'')) ++p;
    while (p < match.size() && (match[p] == ' ' || match[p] == '\t')) ++p;
    if (p >= match.size() || (match[p] != '=' && match[p] != ':')) continue;
    ++p;
    while (p < match.size() && (match[p] == ' ' || match[p] == '\t')) ++p;
    if (p >= match.size() || (match[p] != '"' && match[p] != '\'')) continue;
    const size_t close = match.find(match[p], p + 1);
    if (close == kNpos) return {};
    return match.substr(p + 1, close - p - 1);
  }
}

}  // namespace

bool password_literal_check(Candidate& cand) {
  const std::string_view raw = cand.secret();
  const std::string password = backslash_decode(raw);
  const std::string_view match = cand.match();
  const std::optional<uint8_t> verdict = credential_verdict("", raw, password, host_argument(match));
  if (!verdict) return false;
  // The same literal elsewhere in the match is the user name (or the database) passed again.
  const size_t own = cand.secret_begin - cand.match_begin;
  for (size_t i = 0; i + raw.size() + 2 <= match.size(); ++i) {
    if (i + 1 == own) continue;
    const char q = match[i];
    if ((q == '"' || q == '\'') && match.substr(i + 1, raw.size()) == raw &&
        match[i + 1 + raw.size()] == q) {
      return false;
    }
  }
  cand.flags |= *verdict;
  return true;
}

}  // namespace keysweep
